# The installed-package check: install mytorch to a temporary prefix under the build tree, then
# configure, build and run examples/custom-layer against it with find_package(mytorch CONFIG) — its
# own layer through gradcheck and training, and the public API (docs/api.md) of BatchNorm1d, Dropout,
# Adam and AdamW against PyTorch's numbers. Fails if any step fails.
set(MYTORCH_EXAMPLE_WORK ${CMAKE_CURRENT_BINARY_DIR}/custom-layer)
add_test(NAME example_custom_layer_from_install
  COMMAND ${CMAKE_COMMAND}
    -DMYTORCH_BUILD=${PROJECT_BINARY_DIR} -DPREFIX=${MYTORCH_EXAMPLE_WORK}/prefix
    -DSOURCE=${PROJECT_SOURCE_DIR}/examples/custom-layer -DBUILD=${MYTORCH_EXAMPLE_WORK}/build
    -DGENERATOR=${CMAKE_GENERATOR} -DCXX=${CMAKE_CXX_COMPILER}
    -DGOLDEN=${CMAKE_CURRENT_SOURCE_DIR}/golden/layers.json
    -P ${CMAKE_CURRENT_SOURCE_DIR}/examples/run.cmake)
set_tests_properties(example_custom_layer_from_install PROPERTIES TIMEOUT 900 LABELS slow)
