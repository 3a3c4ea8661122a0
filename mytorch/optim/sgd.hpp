#pragma once
/// mytorch/optim/sgd.hpp — stochastic gradient descent with momentum (PyTorch's rule).
///
/// For each parameter W with gradient g = dLdW (same shape):
///   μ = 0:   W ← W − lr · g
///   μ > 0:   v ← μ · v + g        v starts at 0, so the first step is v = g
///            W ← W − lr · v
/// (PyTorch's torch.optim.SGD without dampening or Nesterov.)

#include <vector>

#include "mytorch/optim/optimizer.hpp"

namespace mytorch::optim {

class SGD : public Optimizer {
 public:
  SGD(std::vector<nn::Parameter> params, double lr = 0.1, double momentum = 0.0);

  void step() override;
  std::string name() const override { return "SGD"; }
  std::vector<StateTensor> state() override { return named("v", v_); }  // "v.<parameter>"

  double momentum;  // μ

  std::vector<Tensor>& velocities() { return v_; }  // one v per parameter (checkpointed state)

 private:
  std::vector<Tensor> v_;  // same shapes as the parameters
};

}  // namespace mytorch::optim
