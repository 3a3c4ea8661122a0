#include "mytorch/nn/softmax.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mytorch::nn {

Tensor Softmax::forward(const Tensor& Z) {
  check_cols("Softmax::forward", "Z", Z, Z.shape(1));
  check_finite("Softmax::forward", "Z", Z);
  const std::size_t N = Z.shape(0), C = Z.shape(1);
  A.resize({N, C});
  for (std::size_t i = 0; i < N; ++i) {
    const real* z = &Z(i, 0);  // row i of Z
    real* a = &A(i, 0);        // row i of A
    const real z_max = *std::max_element(z, z + C);
    real sum = 0;
    for (std::size_t j = 0; j < C; ++j) sum += (a[j] = std::exp(z[j] - z_max));
    for (std::size_t j = 0; j < C; ++j) a[j] /= sum;
  }
  has_forward_ = true;
  return A;
}

namespace {
// Fast path of the writeup's two loops: raw contiguous rows; __restrict promises the compiler that J,
// a and the rows of dLdA and dLdZ never overlap, so both loops vectorise without run-time overlap
// checks (at C = 10 those would cost more than the arithmetic); target_clones adds an AVX2 copy of
// each, picked at load time on CPUs that have it (4 doubles per instruction instead of 2).

/// J (C×C, row-major) = the Jacobian of softmax at a = A_i.
__attribute__((target_clones("avx2", "default"))) void jacobian_of(const real* __restrict a,
                                                                   std::size_t C,
                                                                   real* __restrict J) {
  for (std::size_t m = 0; m < C; ++m) {
    // J_mn = −a_m a_n if m ≠ n: written for every n (the loop vectorises), then the diagonal.
    for (std::size_t n = 0; n < C; ++n) J[m * C + n] = -a[m] * a[n];
    J[m * C + m] = a[m] * (1 - a[m]);  // J_mn = a_m (1 − a_m) if m = n
  }
}

/// dldz = dlda · J for one sample: (1, C) = (1, C) · (C, C), as Σ_m dlda_m · (row m of J).
__attribute__((target_clones("avx2", "default"))) void row_times_jacobian(
    const real* __restrict dlda, const real* __restrict J, std::size_t C, real* __restrict dldz) {
  std::fill(dldz, dldz + C, real(0));
  for (std::size_t m = 0; m < C; ++m) {
    const real g = dlda[m];
    const real* J_m = J + m * C;
    for (std::size_t n = 0; n < C; ++n) dldz[n] += g * J_m[n];
  }
}
}  // namespace

void Softmax::fill_jacobian(std::size_t i, real* J) const {
  jacobian_of(&A(i, 0), A.shape(1), J);
}

Tensor Softmax::backward(const Tensor& dLdA) {
  check_forward_done("Softmax::backward", has_forward_);
  check_same_shape("Softmax::backward", "dLdA", dLdA, "A", A);
  const std::size_t N = A.shape(0), C = A.shape(1);
  J_.resize({C, C});  // one buffer for every sample (and every step)
  Tensor dLdZ({N, C});  // (N, C)
  for (std::size_t i = 0; i < N; ++i) {
    fill_jacobian(i, J_.data());                                            // J = J(A_i)
    row_times_jacobian(&dLdA(i, 0), J_.data(), C, dLdZ.data() + i * C);    // dLdZ_i = dLdA_i · J
  }
  return dLdZ;
}

Tensor Softmax::jacobian(std::size_t i) const {
  check_forward_done("Softmax::jacobian", has_forward_);
  if (i >= A.shape(0))
    throw std::out_of_range("Softmax::jacobian: sample " + std::to_string(i) +
                            " is out of range for a batch of N = " + std::to_string(A.shape(0)));
  const std::size_t C = A.shape(1);
  Tensor J({C, C});
  fill_jacobian(i, J.data());
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
