# Run by the app_train_resume test (tests/apps.cmake): mytorch-train --resume continues a 3-epoch run
# to 4 epochs in another folder. Checks what resuming does, not what it echoes: the resumed run's
# metrics.csv holds epochs 1–4, its first three rows are the original run's (the history came along),
# and the JSON reports 4 epochs. -D train=<mytorch-train> run=<the original run's folder>
set(resumed ${run}-resumed)
file(REMOVE_RECURSE ${resumed})
execute_process(COMMAND ${train} --resume ${run}/model.npz --epochs 4 --out ${resumed} --quiet --json
                RESULT_VARIABLE rc OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
if(NOT rc EQUAL 0 OR NOT stdout MATCHES "\"epochs\":4")
  message(FATAL_ERROR "resume exited with ${rc}:\n${stdout}\n${stderr}")
endif()
file(STRINGS ${run}/metrics.csv original)
file(STRINGS ${resumed}/metrics.csv continued)
list(LENGTH continued rows)
if(NOT rows EQUAL 5)
  message(FATAL_ERROR "the resumed metrics.csv has ${rows} lines, expected a header and epochs 1-4:\n${continued}")
endif()
foreach(i 1 2 3)
  list(GET original ${i} a)
  list(GET continued ${i} b)
  string(REGEX REPLACE ",[^,]*$" "" a "${a}")  # all but the seconds column
  string(REGEX REPLACE ",[^,]*$" "" b "${b}")
  if(NOT a STREQUAL b)
    message(FATAL_ERROR "epoch ${i} of the resumed metrics.csv (${b}) is not the original run's (${a})")
  endif()
endforeach()
list(GET continued 4 last)
if(NOT last MATCHES "^4,")
  message(FATAL_ERROR "the resumed run's last row is not epoch 4: ${last}")
endif()
