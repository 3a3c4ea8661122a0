#pragma once
/// mytorch/models/mlp.hpp — the homework's MLPs and a general MLP builder.
///
///   MLP0:  Linear(2, 3), ReLU
///   MLP1:  Linear(2, 3), ReLU, Linear(3, 2), ReLU
///   MLP4:  2 → 4 → 8 → 8 → 4 → 2, each Linear followed by ReLU
///   MLP(sizes, activation): Linear(sizes[0], sizes[1]), act, …, Linear(sizes[L−2], sizes[L−1]);
///     the last Linear gives the logits, with no activation after it (CrossEntropyLoss applies the
///     softmax), e.g. MLP({784, 256, 128, 10}, "relu").
///   MLP(sizes, MLPOptions): each hidden block becomes Linear → [BatchNorm1d] → act → [Dropout(p)];
///     BatchNorm1d normalises Z before the activation, Dropout acts on the block's output A.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "mytorch/nn/sequential.hpp"

namespace mytorch::models {

class MLP0 : public nn::Sequential {
 public:
  MLP0();
};

class MLP1 : public nn::Sequential {
 public:
  MLP1();
};

class MLP4 : public nn::Sequential {
 public:
  MLP4();
};

/// How the hidden blocks of an MLP are built.
struct MLPOptions {
  std::string activation = "relu";  // a name of activation_names()
  bool batchnorm = false;           // BatchNorm1d between each hidden Linear and its activation
  double dropout = 0;               // 0 <= p < 1: Dropout(p) after each hidden activation (0 = none)
};

class MLP : public nn::Sequential {
 public:
  /// sizes: the width of every layer, input first and output last (at least two entries).
  explicit MLP(const std::vector<std::size_t>& sizes, const std::string& activation = "relu");
  MLP(const std::vector<std::size_t>& sizes, const MLPOptions& options);
};

/// Throws std::invalid_argument for an unknown activation or a dropout p outside [0, 1): the checks a
/// model makes before it builds any layer.
void check_mlp_options(const MLPOptions& options);

/// Appends MLP(sizes, options)'s layers to model: what MLP is made of, and the head of a CNN.
void add_mlp_layers(nn::Sequential& model, const std::vector<std::size_t>& sizes, const MLPOptions& options);

/// A new activation layer by its name: identity, sigmoid, tanh, relu, gelu, softmax, leaky_relu,
/// elu, softplus, swish (any case; the extra ones with their default hyper-parameters).
/// Throws std::invalid_argument naming the known ones for any other name.
std::unique_ptr<nn::Module> make_activation(const std::string& name);

/// The names make_activation knows, for messages and --help.
std::vector<std::string> activation_names();

}  // namespace mytorch::models
