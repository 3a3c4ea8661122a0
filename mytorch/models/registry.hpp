#pragma once
/// mytorch/models/registry.hpp — the models a training run can build and a checkpoint can name.
///
/// A run describes its model as a ModelSpec; the checkpoint records the spec, and build_model
/// rebuilds the same layers from it (mytorch-eval, --resume). The kinds are a plain table:
///   mlp   Linear(inputs, hidden_1), act, …, Linear(hidden_last, classes)   (models::MLP, with
///         BatchNorm1d and Dropout in each hidden block as MLPOptions say)
///   cnn   conv blocks Conv2d 3×3 → act → MaxPool2d 2×2 with `conv` channels on images of shape
///         `image` (inputs = its C·H·W), then the MLP head                    (models::CNN)
/// A new kind of model is a new row of that table (registry.cpp) and the fields it needs here.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "mytorch/models/mlp.hpp"
#include "mytorch/nn/image_shape.hpp"
#include "mytorch/nn/sequential.hpp"

namespace mytorch::models {

struct ModelSpec {
  std::string kind = "mlp";           // a name of model_names()
  std::size_t inputs = 0;             // features per sample
  std::vector<std::size_t> hidden;    // widths of the hidden Linear layers
  std::size_t classes = 0;            // outputs (logits)
  MLPOptions block;                   // activation, BatchNorm1d, Dropout of each hidden block
  std::vector<std::size_t> conv;      // cnn: the channels of each conv block
  nn::ImageShape image{0, 0, 0};      // cnn: the geometry of a sample (C×H×W = inputs)

  /// An mlp of the widths `sizes` (inputs, hidden…, classes: at least two).
  static ModelSpec mlp(const std::vector<std::size_t>& sizes, const MLPOptions& block = {});
};

/// The kinds build_model knows.
std::vector<std::string> model_names();

/// The widths of the Linear layers' inputs and outputs: inputs (for a cnn, the conv blocks' output
/// C_k·H_k·W_k), hidden…, classes.
std::vector<std::size_t> layer_sizes(const ModelSpec& spec);

/// What a spec's model holds, found without building it (to estimate a run's memory before
/// allocating): its number of trainable parameters, and the output width — entries per sample — of
/// each Conv2d, MaxPool2d and Linear layer in order (the activation, BatchNorm or Dropout after one
/// has the same width).
struct ModelSize {
  double parameters = 0;
  std::vector<double> widths;
};
ModelSize model_size(const ModelSpec& spec);

/// A new model as spec says, initialised from the library's RNG. Throws std::invalid_argument naming
/// the unknown kind (and the known ones), or what is wrong with the sizes or options.
std::unique_ptr<nn::Sequential> build_model(const ModelSpec& spec);

/// One line for messages and the run's header: "mlp [2, 128, 64, 3] relu batchnorm dropout 0.2",
/// "cnn 1×28×28 conv [16, 32] [1568, 128, 10] relu".
std::string to_string(const ModelSpec& spec);

}  // namespace mytorch::models
