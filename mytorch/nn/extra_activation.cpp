#include "mytorch/nn/extra_activation.hpp"

#include <cmath>
#include <stdexcept>

#include <xtensor/xmath.hpp>
#include <xtensor/xoperation.hpp>
#include <xtensor/xreducer.hpp>

#include "mytorch/detail/copy.hpp"
#include "mytorch/detail/number.hpp"

namespace mytorch::nn {

namespace {
void check_hyper(const char* where, const char* name, double value, bool ok) {
  if (!std::isfinite(value) || !ok)
    throw std::invalid_argument(std::string(where) + ": " + name + " = " + std::to_string(value) +
                                " is out of range");
}

Tensor sigmoid(const Tensor& X) { return real(1) / (real(1) + xt::exp(-X)); }
}  // namespace

void ActivationOfZ::keep_input(const Tensor& Z) { detail::copy_into(Z, Z_); }

LeakyReLU::LeakyReLU(double negative_slope_) : negative_slope(negative_slope_) {
  check_hyper("LeakyReLU", "negative_slope", negative_slope, true);
}
std::string LeakyReLU::describe() const {
  return "LeakyReLU(negative_slope=" + detail::number(negative_slope) + ")";
}
void LeakyReLU::f(const Tensor& Z, Tensor& A) const {
  A = xt::where(Z > real(0), Z, static_cast<real>(negative_slope) * Z);
}
void LeakyReLU::times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const {
  // f'(z) = 1 if z > 0 else s
  dLdZ = dLdA * xt::where(Z_ > real(0), real(1), static_cast<real>(negative_slope));
}

ELU::ELU(double alpha_) : alpha(alpha_) { check_hyper("ELU", "alpha", alpha, true); }
std::string ELU::describe() const { return "ELU(alpha=" + detail::number(alpha) + ")"; }
void ELU::f(const Tensor& Z, Tensor& A) const {
  // expm1 keeps the digits of α(e^z − 1) near z = 0; min(z, 0) keeps e^z from overflowing.
  A = xt::where(Z > real(0), Z, static_cast<real>(alpha) * xt::expm1(xt::minimum(Z, real(0))));
}
void ELU::times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const {
  // f'(z) = 1 if z > 0 else α e^z; min(z, 0), as in forward: where computes both branches, and
  // e^z of a large z would overflow in the one not taken.
  dLdZ = dLdA * xt::where(Z_ > real(0), real(1),
                          static_cast<real>(alpha) * xt::exp(xt::minimum(Z_, real(0))));
}

Softplus::Softplus(double beta_, double threshold_) : beta(beta_), threshold(threshold_) {
  check_hyper("Softplus", "beta", beta, beta > 0);
  check_hyper("Softplus", "threshold", threshold, true);
}
std::string Softplus::describe() const {
  return "Softplus(beta=" + detail::number(beta) + ", threshold=" + detail::number(threshold) + ")";
}
void Softplus::f(const Tensor& Z, Tensor& A) const {
  const real b = static_cast<real>(beta), t = static_cast<real>(threshold);
  const Tensor bZ = b * Z;  // (N, C)
  // Above the threshold f is z; below it e^(βz) ≤ e^threshold cannot overflow.
  A = xt::where(bZ > t, Z, xt::log1p(xt::exp(xt::minimum(bZ, t))) / b);
}
void Softplus::times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const {
  // f'(z) = σ(βz), and 1 above the threshold where forward passed z through
  const Tensor bZ = static_cast<real>(beta) * Z_;
  dLdZ = dLdA * xt::where(bZ > static_cast<real>(threshold), real(1), sigmoid(bZ));
}

Swish::Swish(double beta_) {
  check_hyper("Swish", "beta", beta_, true);
  beta = {{static_cast<real>(beta_)}};
  dLdbeta = xt::zeros<real>({1, 1});
}

Tensor Swish::sigmoid_beta_Z(const Tensor& Z) const { return sigmoid(b() * Z); }

Tensor Swish::forward(const Tensor& Z) {
  check_shape("Swish::forward", "beta", beta, 1, 1);
  check_finite("Swish::forward", "beta", beta);
  return Activation::forward(Z);
}
void Swish::f(const Tensor& Z, Tensor& A) const { A = Z * sigmoid_beta_Z(Z); }
void Swish::times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const {
  // In the forward pass this was a = z σ(βz), so f'(z) = σ(βz) + βz σ(βz)(1 − σ(βz))
  // = σ(βz) + β a (1 − σ(βz)).
  const Tensor s = sigmoid_beta_Z(Z_);  // (N, C)
  dLdZ = dLdA * (s + b() * A * (real(1) - s));
}

Tensor Swish::backward(const Tensor& dLdA) {
  check_shape("Swish::backward", "beta", beta, 1, 1);
  check_shape("Swish::backward", "dLdbeta", dLdbeta, 1, 1);
  Tensor dLdZ = Activation::backward(dLdA);  // checks the forward and the shapes
  // ∂a/∂β = z² σ(βz)(1 − σ(βz)); β is shared by every entry, so its gradient sums over all of them.
  const Tensor s = sigmoid_beta_Z(Z_);
  dLdbeta(0, 0) = xt::sum(dLdA * Z_ * Z_ * s * (real(1) - s))();
  return dLdZ;
}

std::vector<Parameter> Swish::parameters() { return {{"beta", &beta, &dLdbeta}}; }

}  // namespace mytorch::nn
