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

void Softmax::fill_jacobian(std::size_t i, real* J) const {
  const std::size_t C = A.shape(1);
  const real* a = &A(i, 0);  // a = A_i, the i-th row
  for (std::size_t m = 0; m < C; ++m) {
    // J_mn = −a_m a_n if m ≠ n: written for every n (the loop vectorises), then the diagonal.
    for (std::size_t n = 0; n < C; ++n) J[m * C + n] = -a[m] * a[n];
    J[m * C + m] = a[m] * (1 - a[m]);  // J_mn = a_m (1 − a_m) if m = n
  }
}

Tensor Softmax::backward(const Tensor& dLdA) {
  check_forward_done("Softmax::backward", has_forward_);
  check_same_shape("Softmax::backward", "dLdA", dLdA, "A", A);
  const std::size_t N = A.shape(0), C = A.shape(1);
  J_.resize({C, C});
  Tensor dLdZ = xt::zeros<real>({N, C});  // (N, C)
  for (std::size_t i = 0; i < N; ++i) {
    fill_jacobian(i, J_.data());
    // dLdZ_i = dLdA_i · J: row i of dLdZ is Σ_m dLdA_im · (row m of J).
    const real* dlda = &dLdA(i, 0);
    real* dldz = &dLdZ(i, 0);
    for (std::size_t m = 0; m < C; ++m) {
      const real g = dlda[m];
      const real* J_m = J_.data() + m * C;
      for (std::size_t n = 0; n < C; ++n) dldz[n] += g * J_m[n];
    }
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

Tensor log_softmax(const Tensor& Z) {
  const std::size_t N = Z.shape(0), C = Z.shape(1);
  Tensor out({N, C});
  for (std::size_t i = 0; i < N; ++i) {
    const real* z = &Z(i, 0);
    real* o = &out(i, 0);
    const real z_max = *std::max_element(z, z + C);
    real sum = 0;
    for (std::size_t j = 0; j < C; ++j) sum += std::exp(z[j] - z_max);
    const real log_sum = std::log(sum);
    for (std::size_t j = 0; j < C; ++j) o[j] = z[j] - z_max - log_sum;
  }
  return out;
}

}  // namespace mytorch::nn
