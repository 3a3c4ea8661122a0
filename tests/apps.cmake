# End-to-end runs of the programs in apps/ (a few epochs each), and numpy reading a checkpoint.
if(NOT MYTORCH_BUILD_APPS)
  return()
endif()
set(app_run ${CMAKE_CURRENT_BINARY_DIR}/app-test-run)

add_test(NAME app_train_spiral
  COMMAND mytorch-train --epochs 3 --hidden 32,16 --out ${app_run} --force --json)
# 3 epochs already learn the spiral far above chance (1/3).
set_tests_properties(app_train_spiral PROPERTIES
  FIXTURES_SETUP trained_model
  PASS_REGULAR_EXPRESSION "\"test_accuracy\":0\\.[6-9]")

add_test(NAME app_train_digits
  COMMAND mytorch-train --dataset digits --epochs 2 --out ${CMAKE_CURRENT_BINARY_DIR}/app-test-digits --force --quiet --json)
# Chance is 1/10 on the digits; two epochs reach well above 60 %.
set_tests_properties(app_train_digits PROPERTIES PASS_REGULAR_EXPRESSION "\"dataset\":\"digits\".*\"test_accuracy\":0\\.[6-9]")

# --threads sets the BLAS threads, and the result says how many ran.
add_test(NAME app_train_threads
  COMMAND mytorch-train --epochs 1 --hidden 4 --threads 2 --out ${CMAKE_CURRENT_BINARY_DIR}/app-test-threads --force
          --quiet --no-plots --json)
set_tests_properties(app_train_threads PROPERTIES PASS_REGULAR_EXPRESSION "\"threads\":2,")

add_test(NAME app_train_resume
  COMMAND ${CMAKE_COMMAND} -Dtrain=$<TARGET_FILE:mytorch-train> -Drun=${app_run}
          -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/check_resume.cmake)
set_tests_properties(app_train_resume PROPERTIES FIXTURES_REQUIRED trained_model)

# Hidden blocks Linear → BatchNorm1d → ReLU → Dropout, AdamW with weight decay; mytorch-eval rebuilds
# the same model (running statistics included); both reach at least 90% on moons after 3 epochs.
set(app_bn_run ${CMAKE_CURRENT_BINARY_DIR}/app-test-batchnorm)
add_test(NAME app_train_batchnorm_dropout
  COMMAND mytorch-train --dataset moons --epochs 3 --batchnorm --dropout 0.2 --optimizer adamw
          --weight-decay 0.01 --out ${app_bn_run} --force --no-plots --json)
set_tests_properties(app_train_batchnorm_dropout PROPERTIES
  FIXTURES_SETUP batchnorm_model PASS_REGULAR_EXPRESSION "moons.*model.*relu batchnorm dropout 0.2.*\"test_accuracy\":0\\.9")
add_test(NAME app_eval_batchnorm_dropout COMMAND mytorch-eval --model ${app_bn_run}/model.npz --json)
set_tests_properties(app_eval_batchnorm_dropout PROPERTIES
  FIXTURES_REQUIRED batchnorm_model PASS_REGULAR_EXPRESSION "\"test_accuracy\":0\\.9")

# A CNN on the digits: trained, evaluated again from its checkpoint (the same test accuracy), and
# resumed from 3 to 4 epochs with its history (check_resume.cmake, as for the MLP above).
set(app_cnn_run ${CMAKE_CURRENT_BINARY_DIR}/app-test-cnn)
add_test(NAME app_train_cnn
  COMMAND ${CMAKE_COMMAND} -Dtrain=$<TARGET_FILE:mytorch-train> -Deval=$<TARGET_FILE:mytorch-eval> -Drun=${app_cnn_run}
          -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/check_cnn.cmake)
set_tests_properties(app_train_cnn PROPERTIES FIXTURES_SETUP cnn_model)
add_test(NAME app_train_resume_cnn
  COMMAND ${CMAKE_COMMAND} -Dtrain=$<TARGET_FILE:mytorch-train> -Drun=${app_cnn_run}
          -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/check_resume.cmake)
set_tests_properties(app_train_resume_cnn PROPERTIES FIXTURES_REQUIRED cnn_model)

# Bad flags, unwritable folders, divergence and bad checkpoints: one line, the right exit code.
add_test(NAME app_errors
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/app_errors.sh $<TARGET_FILE_DIR:mytorch-train>
          ${CMAKE_CURRENT_BINARY_DIR}/app-test-errors)

# Ctrl-C and SIGTERM save a checkpoint that --resume continues to the uninterrupted result.
foreach(signal INT TERM)
  add_test(NAME app_interrupt_${signal}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/app_interrupt.sh $<TARGET_FILE_DIR:mytorch-train>
            ${CMAKE_CURRENT_BINARY_DIR}/app-test-interrupt-${signal} ${signal})
endforeach()

add_test(NAME app_eval COMMAND mytorch-eval --model ${app_run}/model.npz)
set_tests_properties(app_eval PROPERTIES
  FIXTURES_REQUIRED trained_model PASS_REGULAR_EXPRESSION "confusion matrix.*precision")

add_test(NAME app_eval_json COMMAND mytorch-eval --model ${app_run}/model.npz --json)
set_tests_properties(app_eval_json PROPERTIES
  FIXTURES_REQUIRED trained_model PASS_REGULAR_EXPRESSION "\"confusion_matrix\"")

add_test(NAME app_softmax COMMAND mytorch-softmax)
set_tests_properties(app_softmax PROPERTIES
  PASS_REGULAR_EXPRESSION "J\\(1\\)_22 = 0.1824.*J\\(1\\)_22 = 0.1848")

add_test(NAME app_softmax_own_numbers COMMAND mytorch-softmax --z "0,0;1,-1" --dlda "1,0;0,1")
# softmax(1, −1) = (0.8808, 0.1192), J(2)_12 = −0.8808 · 0.1192 = −0.1050, and dLdZ_2 = (0, 1) · J(2).
set_tests_properties(app_softmax_own_numbers PROPERTIES
  PASS_REGULAR_EXPRESSION "0\\.8808, +0\\.1192.*J\\(2\\) =[^-]*0\\.1050, +-0\\.1050.*dLdZ.*-0\\.1050, +0\\.1050")


# numpy.load must open the checkpoint (skipped when /usr/bin/python3 has no numpy).
if(EXISTS /usr/bin/python3)
  add_test(NAME npz_numpy COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/check_npz.py ${app_run}/model.npz)
  set_tests_properties(npz_numpy PROPERTIES FIXTURES_REQUIRED trained_model SKIP_RETURN_CODE 77)
endif()

add_test(NAME app_train_cosine_schedule
  COMMAND ${CMAKE_COMMAND} -Dtrain=$<TARGET_FILE:mytorch-train> -Dout=${CMAKE_CURRENT_BINARY_DIR}/app-test-schedule
          -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/check_schedule.cmake)

add_test(NAME app_train_rejects_unknown_schedule COMMAND mytorch-train --lr-schedule step --quiet --no-plots)
set_tests_properties(app_train_rejects_unknown_schedule PROPERTIES
  PASS_REGULAR_EXPRESSION "usage error: --lr-schedule: 'step' is not one of constant, cosine")

add_test(NAME app_eval_rejects_another_test_split COMMAND mytorch-eval --model ${app_run}/model.npz --dataset moons)
set_tests_properties(app_eval_rejects_another_test_split PROPERTIES
  FIXTURES_REQUIRED trained_model PASS_REGULAR_EXPRESSION "the test split of 'moons' .* is not the one")

# mytorch-conv: the worked examples' numbers (1-D: Z, dLdA, dLdW, dLdb; 2-D: Z's sums, dLdA, dLdW, dLdb),
# your own numbers with stride and padding, and a misfit of the numbers as a usage error.
add_test(NAME app_conv COMMAND mytorch-conv)
set_tests_properties(app_conv PROPERTIES PASS_REGULAR_EXPRESSION
  "Z =\n +\\[ +-1 +1 \\].*dLdA =\n  channel 0:\n +\\[ +0 +1 +0 +-2 \\]\n  channel 1:\n +\\[ +1 +4 +2 +0 \\]\ndLdW\\[0\\] =\n  channel 0:\n +\\[ +4 +7 +10 \\]\n  channel 1:\n +\\[ +2 +0 +3 \\]\ndLdb = 3\n.*Z\\[0, 1, 1\\] = 1 \\+ 1\\*1 \\+ 0\\*3 \\+ 0\\*1 \\+ \\(-1\\)\\*0 = 2.*dLdA =\n +\\[ +1 +2 +0 \\]\n +\\[ +0 +-2 +-2 \\]\n +\\[ +0 +0 +1 \\]\ndLdW\\[0\\] =\n +\\[ +4 +-1 \\]\n +\\[ +1 +7 \\]\ndLdb = 2\n")

# Two channels in, two out, stride 2, padding 1 (dLdb sums each output channel of dLdZ).
add_test(NAME app_conv_own_numbers COMMAND mytorch-conv --a "1,2,3;4,5,6;7,8,9|1,0,0;0,1,0;0,0,1"
         --w "1,0;0,1|1,1;1,1 / 0,1;1,0|0,0;0,0" --b "0,1" --dldz "1,0;0,1|1,1;1,1" --stride 2 --padding 1)
set_tests_properties(app_conv_own_numbers PROPERTIES PASS_REGULAR_EXPRESSION
  "dLdW\\[1\\] =\n  channel 0:\n +\\[ +5 +10 \\]\n +\\[ +10 +20 \\].*dLdb = 2 4\n")

add_test(NAME app_conv_rejects_misfit COMMAND mytorch-conv --a "1,2" --w "1|2" --dldz 1)
set_tests_properties(app_conv_rejects_misfit PROPERTIES PASS_REGULAR_EXPRESSION
  "usage error: --w has kernels for 2 input channels, --a has 1")

# A generated dataset with settings in its name, trained without a validation split: mytorch-eval
# regenerates exactly that data from the checkpoint (its test split's fingerprint must match).
set(app_toy_run ${CMAKE_CURRENT_BINARY_DIR}/app-test-toy-settings)
add_test(NAME app_train_toy_settings
  COMMAND mytorch-train --dataset spiral:classes=5,noise=0.1,points=100 --val-split 0 --epochs 2 --hidden 16
          --out ${app_toy_run} --force --no-plots --quiet --json)
set_tests_properties(app_train_toy_settings PROPERTIES
  FIXTURES_SETUP toy_settings_model PASS_REGULAR_EXPRESSION "\"dataset\":\"spiral:classes=5,noise=0.1,points=100\"")
add_test(NAME app_eval_toy_settings COMMAND mytorch-eval --model ${app_toy_run}/model.npz)
set_tests_properties(app_eval_toy_settings PROPERTIES
  FIXTURES_REQUIRED toy_settings_model PASS_REGULAR_EXPRESSION "spiral:classes=5,noise=0.1,points=100: test loss .*\\(100 samples\\)")
