#include "mytorch/optim/adam.hpp"

#include <cmath>

namespace mytorch::optim {

Adam::Adam(std::vector<nn::Parameter> params, double lr_, double beta1_, double beta2_, double eps_)
    : Adam("Adam", std::move(params), lr_, beta1_, beta2_, eps_) {}

Adam::Adam(const char* where, std::vector<nn::Parameter> params, double lr_, double beta1_,
           double beta2_, double eps_)
    : Optimizer(where, std::move(params), lr_), beta1(beta1_), beta2(beta2_), eps(eps_) {
  check_hyperparameter(where, "beta1", beta1, beta1 >= 0 && beta1 < 1);
  check_hyperparameter(where, "beta2", beta2, beta2 >= 0 && beta2 < 1);
  check_hyperparameter(where, "eps", eps, eps >= 0);
  m_ = zeros_like_parameters();
  v_ = zeros_like_parameters();
}

std::vector<StateTensor> Adam::state() {
  std::vector<StateTensor> all = named("m", m_);
  for (StateTensor& s : named("v", v_)) all.push_back(s);
  return all;
}

void Adam::step() { adam_step("Adam::step"); }

void Adam::adam_step(const char* where) {
  check_parameter_shapes(where, params_, m_);
  check_parameter_shapes(where, params_, v_);
  ++steps;
  const double t = static_cast<double>(steps);
  const real b1 = static_cast<real>(beta1), b2 = static_cast<real>(beta2);
  const real step_size = static_cast<real>(lr / (1 - std::pow(beta1, t)));  // lr / (1 − β1^t)
  const real sqrt_bc2 = static_cast<real>(std::sqrt(1 - std::pow(beta2, t)));  // √(1 − β2^t)
  const real eps_ = static_cast<real>(eps);
  for (std::size_t k = 0; k < params_.size(); ++k) {
    real* W = params_[k].value->data();
    const real* g = params_[k].grad->data();
    real* m = m_[k].data();
    real* v = v_[k].data();
    const std::size_t n = params_[k].value->size();
    for (std::size_t j = 0; j < n; ++j) {
      m[j] = b1 * m[j] + (1 - b1) * g[j];         // m ← β1·m + (1 − β1)·g
      v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];  // v ← β2·v + (1 − β2)·g²
      // W ← W − lr · m̂ / (√v̂ + ε) with m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t), evaluated in
      // PyTorch's order: W − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε).
      W[j] -= step_size * m[j] / (std::sqrt(v[j]) / sqrt_bc2 + eps_);
    }
  }
}

AdamW::AdamW(std::vector<nn::Parameter> params, double lr_, double beta1_, double beta2_,
             double eps_, double weight_decay_)
    : Adam("AdamW", std::move(params), lr_, beta1_, beta2_, eps_), weight_decay(weight_decay_) {
  check_hyperparameter("AdamW", "weight_decay", weight_decay, weight_decay >= 0);
}

void AdamW::step() {
  check_parameter_shapes("AdamW::step", params_, m());
  const real decay = static_cast<real>(1 - lr * weight_decay);
  for (const nn::Parameter& p : params_) *p.value *= decay;  // W ← W − lr·weight_decay·W
  adam_step("AdamW::step");
}

}  // namespace mytorch::optim
