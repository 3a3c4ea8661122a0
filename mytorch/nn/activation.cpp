#include "mytorch/nn/activation.hpp"

#include <cmath>

#include <xtensor/xmath.hpp>
#include <xtensor/xoperation.hpp>

namespace mytorch::nn {

Tensor Activation::forward(const Tensor& Z) {
  const std::string where = name() + "::forward";
  check_cols(where.c_str(), "Z", Z, Z.shape(1));
  check_finite(where.c_str(), "Z", Z);
  Z_ = Z;
  A = f(Z);
  has_forward_ = true;
  return A;
}

Tensor Activation::backward(const Tensor& dLdA) {
  const std::string where = name() + "::backward";
  check_forward_done(where.c_str(), has_forward_);
  check_same_shape(where.c_str(), "dLdA", dLdA, "A", A);
  Tensor dLdZ = dLdA * dAdZ(Z_, A);  // (N, C)
  return dLdZ;
}

Tensor Identity::f(const Tensor& Z) const { return Z; }
Tensor Identity::dAdZ(const Tensor& Z, const Tensor&) const { return xt::ones_like(Z); }

Tensor Sigmoid::f(const Tensor& Z) const { return real(1) / (real(1) + xt::exp(-Z)); }
Tensor Sigmoid::dAdZ(const Tensor&, const Tensor& A) const { return A * (real(1) - A); }

Tensor Tanh::f(const Tensor& Z) const { return xt::tanh(Z); }
Tensor Tanh::dAdZ(const Tensor&, const Tensor& A) const { return real(1) - A * A; }

Tensor ReLU::f(const Tensor& Z) const { return xt::maximum(Z, real(0)); }
Tensor ReLU::dAdZ(const Tensor& Z, const Tensor&) const {
  return xt::where(Z > real(0), real(1), real(0));  // ReLU'(0) = 0, as PyTorch
}

namespace {
const real kInvSqrt2 = static_cast<real>(1.0 / std::sqrt(2.0));
const real kInvSqrt2Pi = static_cast<real>(1.0 / std::sqrt(2.0 * M_PI));
}  // namespace

Tensor GELU::f(const Tensor& Z) const {
  return real(0.5) * Z * (real(1) + xt::erf(Z * kInvSqrt2));
}
Tensor GELU::dAdZ(const Tensor& Z, const Tensor&) const {
  Tensor Phi = real(0.5) * (real(1) + xt::erf(Z * kInvSqrt2));  // standard normal cdf
  Tensor phi = kInvSqrt2Pi * xt::exp(real(-0.5) * Z * Z);       // standard normal pdf
  return Phi + Z * phi;
}

}  // namespace mytorch::nn
