#pragma once
/// mytorch/train/optimizer.hpp — the optimizers a training run can pick by name, behind one
/// interface that also exposes their state (for checkpoints).
///
///   sgd    optim::SGD: v ← μ·v + g, W ← W − lr·v        state: one velocity v per parameter
///
/// Another optimizer (Adam, AdamW) joins by adding a subclass that lists its state tensors (m, v,
/// and its step count as a (1, 1) tensor) in state() and a line in make_optimizer.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "mytorch/nn/module.hpp"

namespace mytorch::train {

struct OptimizerConfig {
  std::string name = "sgd";
  double lr = 0.1;
  double momentum = 0.9;  // SGD only
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual void step() = 0;
  /// Every state tensor under a name unique within the optimizer ("velocity.0.W"): a checkpoint
  /// saves them and writes them back in place, so a resumed run continues exactly.
  virtual std::vector<std::pair<std::string, Tensor*>> state() = 0;
};

/// The optimizer `config.name` over params. Throws std::invalid_argument naming the known ones for
/// an unknown name, or for hyperparameters out of range.
std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config,
                                          std::vector<nn::Parameter> params);

std::vector<std::string> optimizer_names();

}  // namespace mytorch::train
