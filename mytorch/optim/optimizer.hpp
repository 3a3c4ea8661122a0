#pragma once
/// mytorch/optim/optimizer.hpp — what every optimizer shares: the parameters it updates, its
/// learning rate, a step counter, and its state for checkpoints.
///
/// An optimizer holds nn::Parameter entries ({name, &W, &dLdW}); step() reads each gradient that
/// backward wrote and updates the value in place. Whatever step() remembers between calls (SGD's
/// velocities, Adam's moments) is listed by state() under a name, so a checkpoint can save it and a
/// restored optimizer continues exactly; `steps` counts the calls to step() (Adam's t).

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "mytorch/nn/module.hpp"

namespace mytorch::optim {

/// One named tensor of an optimizer's state, e.g. {"m.0.W", &m[0]}: the same {name, value} pair as
/// a layer's buffers, so a checkpoint writes both alike.
using StateTensor = nn::Buffer;

class Optimizer {
 public:
  virtual ~Optimizer() = default;

  virtual void step() = 0;  // one update of every parameter from the gradients backward wrote
  virtual std::string name() const = 0;
  virtual std::vector<StateTensor> state() = 0;  // the tensors step() carries over, by name

  const std::vector<nn::Parameter>& parameters() const { return params_; }

  double lr;              // learning rate (may be changed between steps)
  std::size_t steps = 0;  // calls to step() so far (checkpointed with state())

 protected:
  /// Rejects a non-positive or non-finite lr and parameters with null tensors (`where` names the
  /// optimizer in the message).
  Optimizer(const char* where, std::vector<nn::Parameter> params, double lr);
  Optimizer(const Optimizer&) = default;
  Optimizer& operator=(const Optimizer&) = default;

  /// One zero tensor per parameter, shaped like its value: a fresh moment or velocity.
  std::vector<Tensor> zeros_like_parameters() const;
  /// {prefix + "." + parameter name, &tensors[k]} for each parameter k.
  std::vector<StateTensor> named(const std::string& prefix, std::vector<Tensor>& tensors) const;

  std::vector<nn::Parameter> params_;
};

/// Throws std::invalid_argument `where: name = value is out of range` unless value is finite and ok.
void check_hyperparameter(const char* where, const char* name, double value, bool ok);

/// Checks that each parameter's value and gradient still have the shape they had when the optimizer
/// was made (a layer whose tensors were resized afterwards would be updated wrongly).
void check_parameter_shapes(const char* where, const std::vector<nn::Parameter>& params,
                            const std::vector<Tensor>& state);

/// The optimizers make_optimizer knows: sgd, adam, adamw.
std::vector<std::string> optimizer_names();

/// Hyper-parameters of make_optimizer; each optimizer reads the ones it has.
struct OptimizerOptions {
  double lr = 0.1;
  double momentum = 0.0;       // SGD
  double beta1 = 0.9;          // Adam, AdamW
  double beta2 = 0.999;        // Adam, AdamW
  double eps = 1e-8;           // Adam, AdamW
  double weight_decay = 0.01;  // AdamW
};

/// A new optimizer by name (sgd, adam, adamw; any case) over params; throws std::invalid_argument
/// naming the known ones for any other name.
std::unique_ptr<Optimizer> make_optimizer(const std::string& name, std::vector<nn::Parameter> params,
                                          const OptimizerOptions& options = {});

}  // namespace mytorch::optim
