# cmake -P script run by the consumer_add_subdirectory test: configure, build and run tests/consumer.
# -D SOURCE, BUILD, GENERATOR, CXX, ROOT.
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "consumer: ${what} failed (${status})")
  endif()
endfunction()

run(configure ${CMAKE_COMMAND} -S ${SOURCE} -B ${BUILD} -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX} -DMYTORCH_ROOT=${ROOT})
run(build ${CMAKE_COMMAND} --build ${BUILD} --parallel 2)
run(run ${BUILD}/consumer)
