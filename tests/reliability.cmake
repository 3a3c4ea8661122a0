# Reliability tests that run whole processes.

# kill -9 at random moments while a process saves checkpoints in a loop: the file at the target
# path must load whole after every kill (see tests/kill_during_save.sh).
add_executable(checkpoint_writer ${CMAKE_CURRENT_SOURCE_DIR}/checkpoint_writer.cpp)
target_link_libraries(checkpoint_writer PRIVATE mytorch::mytorch mytorch_warnings)
add_test(NAME checkpoint_survives_kill_during_save
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/kill_during_save.sh $<TARGET_FILE:checkpoint_writer>
                 ${CMAKE_CURRENT_BINARY_DIR}/kill_during_save 60)
set_tests_properties(checkpoint_survives_kill_during_save PROPERTIES TIMEOUT 120)

# What a curious student tries next: resume with contradicting flags, folders in use or holding a
# run, moved CSV files, absurd sizes, degenerate data, signals while loading or plotting, a closed or
# full stdout, --json errors (tests/app_reliability.sh).
if(MYTORCH_BUILD_APPS)
  add_test(NAME app_reliability
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/app_reliability.sh $<TARGET_FILE_DIR:mytorch-train>
            ${CMAKE_CURRENT_BINARY_DIR}/app-test-reliability)
  set_tests_properties(app_reliability PROPERTIES TIMEOUT 120)
endif()
