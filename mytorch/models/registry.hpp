#pragma once
/// mytorch/models/registry.hpp — the models a training run can build and a checkpoint can name.
///
/// A run describes its model as a ModelSpec; the checkpoint records the spec, and build_model
/// rebuilds the same layers from it (mytorch-eval, --resume). The kinds are a plain table:
///   mlp   Linear(inputs, hidden_1), act, …, Linear(hidden_last, classes)   (models::MLP, with
///         BatchNorm1d and Dropout in each hidden block as MLPOptions say)
/// A new kind of model is a new row of that table (registry.cpp) and the fields it needs here.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "mytorch/models/mlp.hpp"
#include "mytorch/nn/sequential.hpp"

namespace mytorch::models {

struct ModelSpec {
  std::string kind = "mlp";           // a name of model_names()
  std::size_t inputs = 0;             // features per sample
  std::vector<std::size_t> hidden;    // widths of the hidden Linear layers
  std::size_t classes = 0;            // outputs (logits)
  MLPOptions block;                   // activation, BatchNorm1d, Dropout of each hidden block
};

/// The kinds build_model knows.
std::vector<std::string> model_names();

/// The layer widths of an MLP-like spec: inputs, hidden…, classes.
std::vector<std::size_t> layer_sizes(const ModelSpec& spec);

/// A new model as spec says, initialised from the library's RNG. Throws std::invalid_argument naming
/// the unknown kind (and the known ones), or what is wrong with the sizes or options.
std::unique_ptr<nn::Sequential> build_model(const ModelSpec& spec);

/// One line for messages and the run's header: "mlp [2, 128, 64, 3] relu batchnorm dropout 0.2".
std::string to_string(const ModelSpec& spec);

}  // namespace mytorch::models
