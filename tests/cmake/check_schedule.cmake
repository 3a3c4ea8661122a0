# Run by the app_train_cosine_schedule test (tests/apps.cmake): the same 2-epoch run with a constant
# and with a cosine learning rate. Epoch 1 trains with the same rate in both and epoch 2 with half of
# it under cosine, so the final training losses must differ — the schedule was applied, not just
# accepted. -D train=<mytorch-train> out=<folder>
foreach(schedule constant cosine)
  execute_process(COMMAND ${train} --lr-schedule ${schedule} --epochs 2 --hidden 8 --no-plots
                          --out ${out}-${schedule} --force --quiet --json
                  RESULT_VARIABLE rc OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
  if(NOT rc EQUAL 0 OR NOT stdout MATCHES "\"train_loss\":([0-9.e+-]+)")
    message(FATAL_ERROR "--lr-schedule ${schedule} exited with ${rc}:\n${stdout}\n${stderr}")
  endif()
  set(loss_${schedule} ${CMAKE_MATCH_1})
endforeach()
if(loss_constant STREQUAL loss_cosine)
  message(FATAL_ERROR "the cosine schedule changed nothing: train loss ${loss_cosine} in both runs")
endif()
