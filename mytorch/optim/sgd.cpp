#include "mytorch/optim/sgd.hpp"

#include <cmath>
#include <stdexcept>

namespace mytorch::optim {

void check_parameter_shapes(const char* where, const std::vector<nn::Parameter>& params,
                            const std::vector<Tensor>& state) {
  for (std::size_t k = 0; k < params.size(); ++k) {
    const nn::Parameter& p = params[k];
    const std::string value = "parameter '" + p.name + "'";
    const std::string grad = "gradient of '" + p.name + "'";
    check_same_shape(where, value.c_str(), *p.value, "its optimizer state", state[k]);
    check_same_shape(where, grad.c_str(), *p.grad, value.c_str(), *p.value);
  }
}

namespace {
void check_hyper(const char* name, double value, bool ok) {
  if (!std::isfinite(value) || !ok)
    throw std::invalid_argument(std::string("SGD: ") + name + " = " + std::to_string(value) +
                                " is out of range");
}
}  // namespace

SGD::SGD(std::vector<nn::Parameter> params, double lr_, double momentum_)
    : lr(lr_), momentum(momentum_), params_(std::move(params)) {
  check_hyper("lr", lr, lr > 0);
  check_hyper("momentum", momentum, momentum >= 0 && momentum < 1);
  for (const nn::Parameter& p : params_) {
    if (p.value == nullptr || p.grad == nullptr)
      throw std::invalid_argument("SGD: parameter '" + p.name + "' has a null tensor");
    v_.push_back(xt::zeros_like(*p.value));
  }
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
}

}  // namespace mytorch::optim
