# Reliability tests that run whole processes.

# kill -9 at random moments while a process saves checkpoints in a loop: the file at the target
# path must load whole after every kill (see tests/kill_during_save.sh).
add_executable(checkpoint_writer ${CMAKE_CURRENT_SOURCE_DIR}/checkpoint_writer.cpp)
target_link_libraries(checkpoint_writer PRIVATE mytorch::mytorch mytorch_warnings)
add_test(NAME checkpoint_survives_kill_during_save
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/kill_during_save.sh $<TARGET_FILE:checkpoint_writer>
                 ${CMAKE_CURRENT_BINARY_DIR}/kill_during_save 60)
set_tests_properties(checkpoint_survives_kill_during_save PROPERTIES TIMEOUT 120)
