# mytorch-playground: the server as a process (no browser needed), and the page end to end in a real
# browser (Debian's chromium + chromium-driver + python3-selenium; the test set-up installs them,
# scripts/setup with --tests; without them the browser test reports itself skipped).
# The unit tests of its request handling are in the doctest suite (test_playground_*.cpp).
if(NOT TARGET mytorch-playground OR NOT EXISTS /usr/bin/python3)
  return()
endif()
add_test(NAME playground_server
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/playground/server_test.py $<TARGET_FILE:mytorch-playground>)
set_tests_properties(playground_server PROPERTIES TIMEOUT 120)

add_test(NAME playground_browser
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/playground/browser_test.py
          --playground $<TARGET_FILE:mytorch-playground> --softmax $<TARGET_FILE:mytorch-softmax>
          --eval $<TARGET_FILE:mytorch-eval> --out ${CMAKE_CURRENT_BINARY_DIR}/playground-browser)
# Run alone: the default spiral must reach 95 % within a minute, and the page stay responsive, on
# the 2 cores of this machine; other tests beside it would measure them instead.
set_tests_properties(playground_browser PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 RUN_SERIAL TRUE)
