#pragma once
/// mytorch/optim/sgd.hpp — stochastic gradient descent with momentum (PyTorch's rule).
///
/// For each parameter W with gradient g = dLdW (same shape):
///   μ = 0:   W ← W − lr · g
///   μ > 0:   v ← μ · v + g        v starts at 0, so the first step is v = g
///            W ← W − lr · v
/// (PyTorch's torch.optim.SGD without dampening or Nesterov.)

#include <vector>

#include "mytorch/nn/module.hpp"

namespace mytorch::optim {

class SGD {
 public:
  SGD(std::vector<nn::Parameter> params, double lr = 0.1, double momentum = 0.0);

  void step();  // one update of every parameter from the gradients backward wrote

  double lr;        // learning rate (may be changed between steps)
  double momentum;  // μ

  const std::vector<nn::Parameter>& parameters() const { return params_; }
  std::vector<Tensor>& velocities() { return v_; }  // one v per parameter (checkpointed state)

 private:
  std::vector<nn::Parameter> params_;
  std::vector<Tensor> v_;  // same shapes as the parameters
};

/// Checks that each parameter's value and gradient still have the shape they had when the optimizer
/// was made (a layer whose tensors were resized afterwards would be updated wrongly).
void check_parameter_shapes(const char* where, const std::vector<nn::Parameter>& params,
                            const std::vector<Tensor>& state);

}  // namespace mytorch::optim
