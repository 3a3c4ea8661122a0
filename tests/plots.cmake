# mytorch-train's plots end to end: real PNGs when gnuplot is installed (skipped otherwise), for an
# MLP on 2-D data and for a CNN on images, and with gnuplot hidden from PATH the data, the scripts and
# a single hint line.
if(NOT MYTORCH_BUILD_APPS)
  return()
endif()

add_test(NAME app_train_plots
  COMMAND ${CMAKE_COMMAND} -Dtrain=$<TARGET_FILE:mytorch-train> -Dout=${CMAKE_CURRENT_BINARY_DIR}/app-test-plots
          -Dmode=with_gnuplot -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/check_plots.cmake)
set_tests_properties(app_train_plots PROPERTIES SKIP_REGULAR_EXPRESSION "SKIPPED:")

add_test(NAME app_train_plots_cnn
  COMMAND ${CMAKE_COMMAND} -Dtrain=$<TARGET_FILE:mytorch-train> -Dout=${CMAKE_CURRENT_BINARY_DIR}/app-test-plots-cnn
          -Dmode=cnn -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/check_plots.cmake)
set_tests_properties(app_train_plots_cnn PROPERTIES SKIP_REGULAR_EXPRESSION "SKIPPED:")

add_test(NAME app_train_plots_without_gnuplot
  COMMAND ${CMAKE_COMMAND} -Dtrain=$<TARGET_FILE:mytorch-train> -Dout=${CMAKE_CURRENT_BINARY_DIR}/app-test-no-gnuplot
          -Dmode=without_gnuplot -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/check_plots.cmake)
