#include "mytorch/nn/softmax.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "mytorch/detail/softmax_lanes.hpp"

#include "mytorch/detail/copy.hpp"

namespace mytorch::nn {

Tensor Softmax::forward(const Tensor& Z) {
  check_cols("Softmax::forward", "Z", Z, Z.shape(1));
  check_finite("Softmax::forward", "Z", Z);
  const std::size_t N = Z.shape(0), C = Z.shape(1);
  A.resize({N, C});
  // A_ij = exp(Z_ij − max_k Z_ik) / Σ_k exp(Z_ik − max_k Z_ik), row by row: the max cancels out of
  // the fraction, and with it every exponent is ≤ 0, so exp cannot overflow.
  for (std::size_t i = 0; i < N; ++i) {
    const real* z = &Z(i, 0);  // row i of Z
    real* a = &A(i, 0);        // row i of A
    const real z_max = *std::max_element(z, z + C);
    real sum = 0;
    for (std::size_t j = 0; j < C; ++j) sum += (a[j] = std::exp(z[j] - z_max));
    for (std::size_t j = 0; j < C; ++j) a[j] /= sum;
  }
  has_forward_ = true;
  return detail::copy_of(A);  // the caller's copy, not by memcpy (see mytorch/detail/copy.hpp)
}

void Softmax::fill_jacobian(std::size_t i, Tensor& J) const {
  const std::size_t C = A.shape(1);
  for (std::size_t m = 0; m < C; ++m) {
    for (std::size_t n = 0; n < C; ++n) {
      if (m == n)
        J(m, n) = A(i, m) * (1 - A(i, m));  // J_mn = a_m (1 − a_m)   if m = n
      else
        J(m, n) = -A(i, m) * A(i, n);      // J_mn = −a_m a_n        if m ≠ n
    }
  }
}

Tensor Softmax::backward(const Tensor& dLdA) {
  check_forward_done("Softmax::backward", has_forward_);
  check_same_shape("Softmax::backward", "dLdA", dLdA, "A", A);
  const std::size_t N = dLdA.shape(0), C = dLdA.shape(1);
  Tensor dLdZ({N, C});  // (N, C), one row per sample
  J_.resize({C, C});    // (C, C), one buffer for every sample: nothing is allocated in the loop

  // Fast path (softmax_lanes.cpp, only for C ≤ 10): this same loop run on 4 samples at once (8 in
  // float32), one per SIMD lane, giving the same bits. It does samples 0 … first − 1 and the loop
  // below does the rest (every sample when C > 10).
  const std::size_t first = detail::softmax_backward_lanes(A, dLdA, dLdZ);

  for (std::size_t i = first; i < N; ++i) {
    fill_jacobian(i, J_);  // J = the Jacobian of sample i, J_mn = ∂a_m/∂z_n
    // dLdZ_i = dLdA_i · J, a row vector times a matrix: (1, C) · (C, C) -> (1, C), whose entry n
    // is Σ_m dLdA_im · J_mn, summed over m = 0, 1, …, C − 1 in that order.
    for (std::size_t n = 0; n < C; ++n) {
      real sum = 0;
      for (std::size_t m = 0; m < C; ++m) sum += dLdA(i, m) * J_(m, n);
      dLdZ(i, n) = sum;
    }
  }
  return dLdZ;  // the rows dLdZ_i, stacked
}

Tensor Softmax::jacobian(std::size_t i) const {
  check_forward_done("Softmax::jacobian", has_forward_);
  if (i >= A.shape(0))
    throw std::out_of_range("Softmax::jacobian: sample " + std::to_string(i) +
                            " is out of range for a batch of N = " + std::to_string(A.shape(0)));
  const std::size_t C = A.shape(1);
  Tensor J({C, C});
  fill_jacobian(i, J);
  return J;
}

void log_softmax_row(const real* z, std::size_t C, real* out) {
  const real z_max = *std::max_element(z, z + C);
  real sum = 0;
  for (std::size_t j = 0; j < C; ++j) sum += std::exp(z[j] - z_max);
  const real log_sum = std::log(sum);
  for (std::size_t j = 0; j < C; ++j) out[j] = z[j] - z_max - log_sum;
}

Tensor log_softmax(const Tensor& Z) {
  const std::size_t N = Z.shape(0), C = Z.shape(1);
  Tensor out({N, C});
  for (std::size_t i = 0; i < N; ++i) log_softmax_row(&Z(i, 0), C, &out(i, 0));
  return out;
}

}  // namespace mytorch::nn
