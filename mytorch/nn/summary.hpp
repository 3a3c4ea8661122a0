#pragma once
/// mytorch/nn/summary.hpp — a printout of a model, one line per layer (like PyTorch's repr).
///
/// summary(MLP({2, 128, 64, 3}), 2):
///
///   #  layer            output    parameters              count
///      input            (N, 2)
///   0  Linear(2, 128)   (N, 128)  W (128, 2), b (128, 1)    384
///   1  ReLU             (N, 128)                              0
///   2  Linear(128, 64)  (N, 64)   W (64, 128), b (64, 1)   8256
///   3  ReLU             (N, 64)                               0
///   4  Linear(64, 3)    (N, 3)    W (3, 64), b (3, 1)       195
///      total                                               8835
///
/// A Sequential gets a line per layer, any other module one line. The layer column is each layer's
/// describe(), so a layer shows its own settings. Each output shape is found by a forward of one
/// zero sample (1, in_features) in evaluation mode; afterwards the mode of the model and of each of
/// its layers and the library's RNG are as they were, and parameters and buffers are unchanged
/// (evaluation mode updates none). The forward replaces what the layers stored for backward: call
/// summary before training or between steps, not between a forward and its backward.

#include <cstddef>
#include <string>

#include "mytorch/nn/module.hpp"

namespace mytorch::nn {

/// The table above, one line per layer and a total; in_features is the width of the model's input.
/// A model that does not take in_features throws the layer's std::invalid_argument, prefixed with
/// "summary: layer <i> <describe()>: ".
std::string summary(Module& model, std::size_t in_features);

}  // namespace mytorch::nn
