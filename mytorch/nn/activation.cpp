#include "mytorch/nn/activation.hpp"

#include <cmath>

#include "mytorch/detail/copy.hpp"
#include "mytorch/detail/elementwise.hpp"

namespace mytorch::nn {

Tensor Activation::forward(const Tensor& Z) {
  const std::string where = name() + "::forward";
  check_cols(where.c_str(), "Z", Z, Z.shape(1));
  check_finite(where.c_str(), "Z", Z);
  keep_input(Z);
  A.resize(Z.shape());  // same shape as the last step: the buffer is reused
  f(Z, A);
  has_forward_ = true;
  return detail::copy_of(A);  // the caller's copy, not by memcpy (see mytorch/detail/copy.hpp)
}

Tensor Activation::backward(const Tensor& dLdA) {
  const std::string where = name() + "::backward";
  check_forward_done(where.c_str(), has_forward_);
  check_same_shape(where.c_str(), "dLdA", dLdA, "A", A);
  Tensor dLdZ(dLdA.shape());  // (N, C)
  times_dAdZ(dLdA, dLdZ);     // dLdZ = dLdA ⊙ f'(Z), from the A (or Z) the forward pass kept
  return dLdZ;
}

void Identity::f(const Tensor& Z, Tensor& A) const { detail::map(Z, A, [](real z) { return z; }); }
void Identity::times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const {
  detail::chain(dLdA, A, dLdZ, [](real) { return real(1); });
}

void Sigmoid::f(const Tensor& Z, Tensor& A) const {
  detail::map(Z, A, [](real z) { return real(1) / (real(1) + std::exp(-z)); });
}
void Sigmoid::times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const {
  // In the forward pass this was a = σ(z), so σ'(z) = σ(z)(1 − σ(z)) = a (1 − a).
  detail::chain(dLdA, A, dLdZ, [](real a) { return a * (real(1) - a); });
}

void Tanh::f(const Tensor& Z, Tensor& A) const { detail::map(Z, A, [](real z) { return std::tanh(z); }); }
void Tanh::times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const {
  // In the forward pass this was a = tanh z, so tanh'(z) = 1 − tanh² z = 1 − a².
  detail::chain(dLdA, A, dLdZ, [](real a) { return real(1) - a * a; });
}

void ReLU::f(const Tensor& Z, Tensor& A) const {
  detail::map(Z, A, [](real z) { return z > 0 ? z : real(0); });
}
void ReLU::times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const {
  // ReLU'(z) = 1 if z > 0 else 0 (ReLU'(0) = 0, as PyTorch); z > 0 exactly when a > 0.
  detail::chain(dLdA, A, dLdZ, [](real a) { return a > 0 ? real(1) : real(0); });
}

namespace {
const real kInvSqrt2 = static_cast<real>(1.0 / std::sqrt(2.0));
const real kInvSqrt2Pi = static_cast<real>(1.0 / std::sqrt(2.0 * M_PI));
real Phi(real z) { return real(0.5) * (real(1) + std::erf(z * kInvSqrt2)); }  // normal cdf
real phi(real z) { return kInvSqrt2Pi * std::exp(real(-0.5) * z * z); }       // normal pdf
}  // namespace

void GELU::keep_input(const Tensor& Z) { detail::copy_into(Z, Z_); }
void GELU::f(const Tensor& Z, Tensor& A) const {
  detail::map(Z, A, [](real z) { return real(0.5) * z * (real(1) + std::erf(z * kInvSqrt2)); });  // z Φ(z)
}
void GELU::times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const {
  detail::chain(dLdA, Z_, dLdZ, [](real z) { return Phi(z) + z * phi(z); });  // GELU' = Φ(z) + z φ(z)
}

}  // namespace mytorch::nn
