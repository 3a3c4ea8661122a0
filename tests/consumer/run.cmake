# cmake -P script run by the consumer_add_subdirectory test: configure, build and run tests/consumer.
# -D SOURCE, BUILD, GENERATOR, CXX, ROOT.
set(RUN_NAME "consumer")
include(${CMAKE_CURRENT_LIST_DIR}/../cmake/run_step.cmake)

run(configure ${CMAKE_COMMAND} -S ${SOURCE} -B ${BUILD} -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX} -DMYTORCH_ROOT=${ROOT})
run(build ${CMAKE_COMMAND} --build ${BUILD} --parallel 2)
run(run ${BUILD}/consumer)
