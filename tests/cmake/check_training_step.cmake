# cmake -DPROGRAM=…/mytorch-training-step -P check_training_step.cmake
# Runs examples/training-step; fails unless it exits 0 (its loss fell) and prints a training
# accuracy above 0.9.
execute_process(COMMAND ${PROGRAM} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "mytorch-training-step exited with ${status}: its loss did not fall")
endif()
if(NOT out MATCHES "training accuracy ([0-9.]+)")
  message(FATAL_ERROR "mytorch-training-step printed no 'training accuracy'")
endif()
if(NOT CMAKE_MATCH_1 GREATER 0.9)
  message(FATAL_ERROR "training accuracy ${CMAKE_MATCH_1} is not above 0.9")
endif()
