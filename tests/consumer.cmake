# The outside-program check: tests/consumer is a separate CMake project that uses mytorch through
# add_subdirectory + mytorch::mytorch, written only against the public API (docs/api.md). This test
# configures, builds and runs it (its own build tree, the same generator and compiler, no build
# type so it compiles quickly) and fails if any step fails or its numbers differ from PyTorch's.
set(MYTORCH_CONSUMER_BUILD ${CMAKE_CURRENT_BINARY_DIR}/consumer)
add_test(NAME consumer_add_subdirectory
  COMMAND ${CMAKE_COMMAND}
    -DSOURCE=${CMAKE_CURRENT_SOURCE_DIR}/consumer -DBUILD=${MYTORCH_CONSUMER_BUILD}
    -DGENERATOR=${CMAKE_GENERATOR} -DCXX=${CMAKE_CXX_COMPILER} -DROOT=${PROJECT_SOURCE_DIR}
    -P ${CMAKE_CURRENT_SOURCE_DIR}/consumer/run.cmake)
set_tests_properties(consumer_add_subdirectory PROPERTIES TIMEOUT 900 LABELS slow)
