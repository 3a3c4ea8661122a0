# Run by the app_train_cnn test (tests/apps.cmake): mytorch-train --model cnn learns the digits far
# above chance (1/10) in 3 epochs, and mytorch-eval rebuilds the CNN from the checkpoint alone and
# gives exactly the run's test accuracy. -D train=<mytorch-train> eval=<mytorch-eval> run=<a folder>
file(REMOVE_RECURSE ${run})
execute_process(COMMAND ${train} --dataset digits --model cnn --epochs 3 --out ${run} --no-plots --quiet --json
                RESULT_VARIABLE rc OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mytorch-train --model cnn exited with ${rc}:\n${stdout}\n${stderr}")
endif()
string(JSON trained GET "${stdout}" test_accuracy)
if(trained LESS 0.6)
  message(FATAL_ERROR "3 epochs of the CNN reached only ${trained} test accuracy on the digits:\n${stdout}")
endif()

execute_process(COMMAND ${eval} --model ${run}/model.npz --json
                RESULT_VARIABLE rc OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mytorch-eval of the CNN exited with ${rc}:\n${stdout}\n${stderr}")
endif()
string(JSON evaluated GET "${stdout}" test_accuracy)
if(NOT evaluated STREQUAL trained)
  message(FATAL_ERROR "mytorch-eval gives the CNN ${evaluated} test accuracy, the run ended with ${trained}")
endif()
