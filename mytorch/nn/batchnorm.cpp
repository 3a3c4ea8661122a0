#include "mytorch/nn/batchnorm.hpp"

#include <array>
#include <cmath>
#include <stdexcept>

#include <xtensor/xmath.hpp>
#include <xtensor/xoperation.hpp>
#include <xtensor/xreducer.hpp>

#include "mytorch/detail/copy.hpp"
#include "mytorch/detail/number.hpp"

namespace mytorch::nn {

namespace {
Tensor column_sums(const Tensor& X) { return xt::sum(X, {0}, xt::keep_dims); }  // (1, C)
}  // namespace

BatchNorm1d::BatchNorm1d(std::size_t num_features, double alpha_)
    : BatchNorm1d(num_features, alpha_, "BatchNorm1d") {}

BatchNorm1d::BatchNorm1d(std::size_t num_features, double alpha_, const char* layer)
    : alpha(alpha_), C_(num_features) {
  if (C_ == 0)
    throw std::invalid_argument(std::string(layer) + ": num_features must be positive, got 0");
  const std::array<std::size_t, 2> shape = {1, C_};
  BW = xt::ones<real>(shape);
  Bb = xt::zeros<real>(shape);
  dLdBW = xt::zeros<real>(shape);
  dLdBb = xt::zeros<real>(shape);
  running_M = xt::zeros<real>(shape);
  running_V = xt::ones<real>(shape);
  check_state(layer);
}

std::string BatchNorm1d::settings() const {
  return std::to_string(C_) + ", alpha=" + detail::number(alpha) + ", eps=" + detail::number(eps);
}

std::string BatchNorm1d::describe() const { return name() + "(" + settings() + ")"; }

void BatchNorm1d::check_state(const char* where) const {
  if (!(alpha >= 0 && alpha <= 1))
    throw std::invalid_argument(std::string(where) + ": alpha = " + std::to_string(alpha) +
                                " is out of range (expected 0 <= alpha <= 1)");
  if (!(eps > 0 && std::isfinite(eps)))
    throw std::invalid_argument(std::string(where) + ": eps = " + std::to_string(eps) +
                                " is out of range (expected eps > 0)");
  check_shape(where, "BW", BW, 1, C_);
  check_shape(where, "Bb", Bb, 1, C_);
  check_shape(where, "dLdBW", dLdBW, 1, C_);
  check_shape(where, "dLdBb", dLdBb, 1, C_);
  check_shape(where, "running_M", running_M, 1, C_);
  check_shape(where, "running_V", running_V, 1, C_);
}

Tensor BatchNorm1d::forward(const Tensor& Z) {
  const std::string where = name() + "::forward";  // BatchNorm2d's too (nn/batchnorm2d.hpp)
  check_cols(where.c_str(), "Z", Z, C_);
  check_finite(where.c_str(), "Z", Z);
  check_state(where.c_str());
  has_forward_ = false;  // until the whole forward is done
  // From here on Z_, not Z: Z may be running_M itself, which the training branch updates.
  detail::copy_into(Z, Z_);
  const real N = static_cast<real>(Z_.shape(0));
  batch_statistics_ = is_training();
  if (batch_statistics_) {
    M_ = column_sums(Z_) / N;
    const Tensor Z_minus_M = Z_ - M_;                    // (N, C)
    V_ = column_sums(Z_minus_M * Z_minus_M) / N;         // biased: divided by N, not N − 1
    const real a = static_cast<real>(alpha);
    running_M = a * running_M + (real(1) - a) * M_;
    running_V = a * running_V + (real(1) - a) * V_;
  } else {
    check_finite(where.c_str(), "running_M", running_M);
    check_finite(where.c_str(), "running_V", running_V);
    if (xt::any(running_V < real(0)))
      throw std::invalid_argument(where + ": running_V has a negative entry");
    M_ = running_M;
    V_ = running_V;
  }
  const Tensor inv_std = real(1) / xt::sqrt(V_ + static_cast<real>(eps));  // (1, C)
  NZ_ = (Z_ - M_) * inv_std;
  Tensor BZ = BW * NZ_ + Bb;  // (N, C)
  has_forward_ = true;
  return BZ;
}

Tensor BatchNorm1d::backward(const Tensor& dLdBZ) {
  const std::string where = name() + "::backward";
  check_forward_done(where.c_str(), has_forward_);
  check_same_shape(where.c_str(), "dLdBZ", dLdBZ, "BZ", NZ_);
  check_state(where.c_str());
  // In the forward pass this was NZ = (Z − M) / √(V + ε) and BZ = BW ⊙ NZ + Bb, with M, V the batch
  // mean and biased variance in training (constants, the running statistics, in eval mode).
  dLdBW = column_sums(dLdBZ * NZ_);                                    // Σ_i dLdBZ ⊙ NZ, (1, C)
  dLdBb = column_sums(dLdBZ);                                          // Σ_i dLdBZ, (1, C)
  const Tensor dLdNZ = dLdBZ * BW;                                     // (N, C)
  const Tensor V_eps = V_ + static_cast<real>(eps);                   // (1, C)
  const Tensor inv_std = real(1) / xt::sqrt(V_eps);                   // (V + ε)^(−½)
  if (!batch_statistics_) return Tensor(dLdNZ * inv_std);             // M, V were constants

  const real N = static_cast<real>(Z_.shape(0));
  const Tensor Z_minus_M = Z_ - M_;                                    // (N, C)
  const Tensor inv_std3 = inv_std * inv_std * inv_std;                 // (V + ε)^(−3/2)
  // dLdV = −½ Σ_i dLdNZ ⊙ (Z − M) ⊙ (V + ε)^(−3/2)
  const Tensor dLdV = real(-0.5) * column_sums(dLdNZ * Z_minus_M) * inv_std3;           // (1, C)
  const Tensor sum_Z_minus_M = column_sums(Z_minus_M);                 // ≈ 0, kept as written
  // dNZ/dM = −(V + ε)^(−½) − ½ (Z − M) ⊙ (V + ε)^(−3/2) ⊙ (−2/N) Σ_i (Z − M)
  // dLdM = Σ_i dLdNZ ⊙ dNZ/dM
  const Tensor dNZdM =
      -inv_std - real(0.5) * Z_minus_M * inv_std3 * (real(-2) / N * sum_Z_minus_M);    // (N, C)
  const Tensor dLdM = column_sums(dLdNZ * dNZdM);                      // (1, C)
  // dLdZ = dLdNZ ⊙ (V + ε)^(−½) + dLdV ⊙ (2/N)(Z − M) + dLdM / N
  Tensor dLdZ = dLdNZ * inv_std + dLdV * (real(2) / N * Z_minus_M) + dLdM / N;          // (N, C)
  return dLdZ;
}

std::vector<Parameter> BatchNorm1d::parameters() {
  return {{"BW", &BW, &dLdBW}, {"Bb", &Bb, &dLdBb}};
}

std::vector<Buffer> BatchNorm1d::buffers() {
  return {{"running_M", &running_M}, {"running_V", &running_V}};
}

}  // namespace mytorch::nn
