#include "mytorch/optim/sgd.hpp"

namespace mytorch::optim {

SGD::SGD(std::vector<nn::Parameter> params, double lr_, double momentum_)
    : Optimizer("SGD", std::move(params), lr_), momentum(momentum_) {
  check_hyperparameter("SGD", "momentum", momentum, momentum >= 0 && momentum < 1);
  v_ = zeros_like_parameters();
}

void SGD::step() {
  check_parameter_shapes("SGD::step", params_, v_);
  const real lr_ = static_cast<real>(lr), mu = static_cast<real>(momentum);
  for (std::size_t k = 0; k < params_.size(); ++k) {
    real* W = params_[k].value->data();
    const real* g = params_[k].grad->data();
    real* v = v_[k].data();
    const std::size_t n = params_[k].value->size();
    if (momentum == 0) {
      for (std::size_t j = 0; j < n; ++j) W[j] -= lr_ * g[j];  // W ← W − lr · g
    } else {
      for (std::size_t j = 0; j < n; ++j) {
        v[j] = mu * v[j] + g[j];  // v ← μ · v + g
        W[j] -= lr_ * v[j];       // W ← W − lr · v
      }
    }
  }
  ++steps;
}

}  // namespace mytorch::optim
