# Run by the doctest_names_fit_ctest test (tests/CMakeLists.txt). ctest runs each doctest case on its
# own, by name: a ';' in a name splits it into two ctest entries whose filters match no case, so both
# would pass with nothing run. This fails on such a name. -D tests=<mytorch_tests>
execute_process(COMMAND ${tests} --list-test-cases --no-version OUTPUT_VARIABLE listing RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${tests} --list-test-cases exited with ${rc}")
endif()
string(REPLACE ";" "<SEMICOLON>" listing "${listing}")
string(REPLACE "\n" ";" lines "${listing}")
foreach(line ${lines})
  if(line MATCHES "<SEMICOLON>")
    string(REPLACE "<SEMICOLON>" ";" line "${line}")
    message(SEND_ERROR "test case name with ';' (ctest would split it and run nothing): ${line}")
  endif()
endforeach()
