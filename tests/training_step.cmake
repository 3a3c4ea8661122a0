# examples/training-step, the README's "A training step, in full": the program learns the spiral
# (exit 0 only if its loss fell, and over 90 % training accuracy), and the README's code block is
# exactly the program's [training-step] region, so the snippet in the README always compiles.
add_test(NAME readme_training_step_snippet
  COMMAND ${CMAKE_COMMAND} -DREADME=${PROJECT_SOURCE_DIR}/README.md
          -DSOURCE=${PROJECT_SOURCE_DIR}/examples/training-step/main.cpp
          -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/check_readme_snippet.cmake)

if(NOT TARGET mytorch-training-step)
  return()
endif()
add_test(NAME example_training_step
  COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:mytorch-training-step>
          -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/check_training_step.cmake)
