# Included by the cmake -P scripts of tests/consumer and tests/examples.
# run(<what> <command>…) runs the command; a non-zero exit ends the script with
# "<RUN_NAME>: <what> failed (<status>)", so the ctest entry fails and says which step.
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${RUN_NAME}: ${what} failed (${status})")
  endif()
endfunction()
