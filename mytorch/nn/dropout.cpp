#include "mytorch/nn/dropout.hpp"

#include <cmath>
#include <stdexcept>

#include "mytorch/detail/number.hpp"

namespace mytorch::nn {

namespace {
void check_p(const char* where, double p) {
  if (!(p >= 0 && p < 1))
    throw std::invalid_argument(std::string(where) + ": p = " + std::to_string(p) +
                                " is out of range (expected 0 <= p < 1)");
}
}  // namespace

Dropout::Dropout(double p_) : p(p_) { check_p("Dropout", p); }

std::string Dropout::describe() const { return "Dropout(p=" + detail::number(p) + ")"; }

Tensor Dropout::forward(const Tensor& X) {
  check_cols("Dropout::forward", "X", X, X.shape(1));
  check_finite("Dropout::forward", "X", X);
  check_p("Dropout::forward", p);
  // Training: mask_ij = 1/(1 − p) with probability 1 − p, else 0 (inverted dropout: E[Y] = X).
  // Eval mode: mask = 1.
  mask = xt::ones_like(X);
  if (is_training()) {
    const double keep = 1 - p;
    const real scale = static_cast<real>(1 / keep);
    for (real& m : mask) m = rng().uniform() < keep ? scale : real(0);
  }
  has_forward_ = true;
  Tensor Y = X * mask;  // Y = X ⊙ mask, (N, C)
  return Y;
}

Tensor Dropout::backward(const Tensor& dLdY) {
  check_forward_done("Dropout::backward", has_forward_);
  check_same_shape("Dropout::backward", "dLdY", dLdY, "the mask", mask);
  // In the forward pass this was Y = X ⊙ mask, so dLdX = dLdY ⊙ mask: the same entries are dropped
  // and scaled.
  Tensor dLdX = dLdY * mask;  // (N, C)
  return dLdX;
}

}  // namespace mytorch::nn
