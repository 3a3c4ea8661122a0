#include "mytorch/nn/activation.hpp"

#include <cmath>

#include "mytorch/detail/copy.hpp"

namespace mytorch::nn {

namespace {
/// out_k = op(in_k) for every entry k: the one loop of every forward.
template <class Op>
void map(const Tensor& in, Tensor& out, Op op) {
  const real* x = in.data();
  real* y = out.data();
  const std::size_t n = in.size();
  for (std::size_t k = 0; k < n; ++k) y[k] = op(x[k]);
}

/// dLdZ_k = dLdA_k · dAdZ(s_k) for every entry k, with s the stored A or Z: the one loop of every
/// backward (dLdZ = dLdA ⊙ f'(Z)). Written so that GCC vectorises it: dLdZ is a tensor of its own,
/// never dLdA or s (__restrict), and f'(s_k) is named before the product — written inline, GCC 12
/// turns ReLU's g · (a > 0 ? 1 : 0) into a branch per entry, which was 3.6 % of a float32 step.
template <class DAdZ>
void chain(const Tensor& dLdA, const Tensor& s, Tensor& dLdZ, DAdZ dAdZ) {
  const real* __restrict g = dLdA.data();
  const real* __restrict x = s.data();
  real* __restrict out = dLdZ.data();
  const std::size_t n = dLdA.size();
  for (std::size_t k = 0; k < n; ++k) {
    const real dAdZ_k = dAdZ(x[k]);
    out[k] = g[k] * dAdZ_k;
  }
}
}  // namespace

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

void Identity::f(const Tensor& Z, Tensor& A) const { map(Z, A, [](real z) { return z; }); }
void Identity::times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const {
  chain(dLdA, A, dLdZ, [](real) { return real(1); });
}

void Sigmoid::f(const Tensor& Z, Tensor& A) const {
  map(Z, A, [](real z) { return real(1) / (real(1) + std::exp(-z)); });
}
void Sigmoid::times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const {
  // In the forward pass this was a = σ(z), so σ'(z) = σ(z)(1 − σ(z)) = a (1 − a).
  chain(dLdA, A, dLdZ, [](real a) { return a * (real(1) - a); });
}

void Tanh::f(const Tensor& Z, Tensor& A) const { map(Z, A, [](real z) { return std::tanh(z); }); }
void Tanh::times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const {
  // In the forward pass this was a = tanh z, so tanh'(z) = 1 − tanh² z = 1 − a².
  chain(dLdA, A, dLdZ, [](real a) { return real(1) - a * a; });
}

void ReLU::f(const Tensor& Z, Tensor& A) const {
  map(Z, A, [](real z) { return z > 0 ? z : real(0); });
}
void ReLU::times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const {
  // ReLU'(z) = 1 if z > 0 else 0 (ReLU'(0) = 0, as PyTorch); z > 0 exactly when a > 0.
  chain(dLdA, A, dLdZ, [](real a) { return a > 0 ? real(1) : real(0); });
}

namespace {
const real kInvSqrt2 = static_cast<real>(1.0 / std::sqrt(2.0));
const real kInvSqrt2Pi = static_cast<real>(1.0 / std::sqrt(2.0 * M_PI));
real Phi(real z) { return real(0.5) * (real(1) + std::erf(z * kInvSqrt2)); }  // normal cdf
real phi(real z) { return kInvSqrt2Pi * std::exp(real(-0.5) * z * z); }       // normal pdf
}  // namespace

void GELU::keep_input(const Tensor& Z) { detail::copy_into(Z, Z_); }
void GELU::f(const Tensor& Z, Tensor& A) const {
  map(Z, A, [](real z) { return real(0.5) * z * (real(1) + std::erf(z * kInvSqrt2)); });  // z Φ(z)
}
void GELU::times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const {
  chain(dLdA, Z_, dLdZ, [](real z) { return Phi(z) + z * phi(z); });  // GELU' = Φ(z) + z φ(z)
}

}  // namespace mytorch::nn
