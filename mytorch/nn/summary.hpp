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
///
/// Rows that hold images show their geometry, (N, C×H×W) — the layer's output_geometry(). A layer
/// without one keeps the geometry it was given when it keeps the width (an activation after a conv),
/// except Flatten and Linear, after which rows are plain features.
/// summary(CNN({1, 28, 28}, {16, 32}, {128}, 10), ImageShape{1, 28, 28}):
///
///   #  layer                                              output         parameters                  count
///      input                                              (N, 1×28×28)
///   0  Conv2d(1→16, 3×3, padding 1) 1×28×28 → 16×28×28    (N, 16×28×28)  W (16, 9), b (16, 1)          160
///   1  ReLU                                               (N, 16×28×28)                                  0
///   2  MaxPool2d(2×2, stride 2) 16×28×28 → 16×14×14       (N, 16×14×14)                                  0
///   3  Conv2d(16→32, 3×3, padding 1) 16×14×14 → 32×14×14  (N, 32×14×14)  W (32, 144), b (32, 1)       4640
///   4  ReLU                                               (N, 32×14×14)                                  0
///   5  MaxPool2d(2×2, stride 2) 32×14×14 → 32×7×7         (N, 32×7×7)                                    0
///   6  Flatten                                            (N, 1568)                                      0
///   7  Linear(1568, 128)                                  (N, 128)       W (128, 1568), b (128, 1)  200832
///   8  ReLU                                               (N, 128)                                       0
///   9  Linear(128, 10)                                    (N, 10)        W (10, 128), b (10, 1)       1290
///      total                                                                                        206922

#include <cstddef>
#include <string>

#include "mytorch/nn/image_shape.hpp"
#include "mytorch/nn/module.hpp"

namespace mytorch::nn {

/// The table above, one line per layer and a total; in_features is the width of the model's input.
/// A model that does not take in_features throws the layer's std::invalid_argument, prefixed with
/// "summary: layer <i> <describe()>: ".
std::string summary(Module& model, std::size_t in_features);

/// The same for a model whose input rows are images of shape `in` (in.size() features).
std::string summary(Module& model, ImageShape in);

/// The geometry of a layer's output as the output column shows it, given that of its input
/// (`before`, e.g. "16×28×28" or "128") and the widths of a row before and after the layer: the
/// layer's own output_geometry() if it has one; else `before` if the layer kept the width and is
/// neither Flatten nor Linear (after them rows are plain features); else the width, "1568".
std::string geometry_after(const Module& layer, const std::string& before, std::size_t width_before,
                           std::size_t width);

}  // namespace mytorch::nn
