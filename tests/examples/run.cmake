# cmake -P script run by the example_custom_layer_from_install test (tests/examples.cmake).
# -D MYTORCH_BUILD, PREFIX, SOURCE, BUILD, GENERATOR, CXX, GOLDEN.
set(RUN_NAME "custom-layer example")
include(${CMAKE_CURRENT_LIST_DIR}/../cmake/run_step.cmake)

file(REMOVE_RECURSE ${PREFIX} ${BUILD})  # a fresh prefix: nothing stale can satisfy find_package
run(install ${CMAKE_COMMAND} --install ${MYTORCH_BUILD} --prefix ${PREFIX})
run(configure ${CMAKE_COMMAND} -S ${SOURCE} -B ${BUILD} -G ${GENERATOR}
    -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${PREFIX} -DCMAKE_BUILD_TYPE=Release)
run(build ${CMAKE_COMMAND} --build ${BUILD} --parallel 2)
run(custom_layer ${BUILD}/custom_layer)
run(contract_check ${BUILD}/contract_check ${GOLDEN})
