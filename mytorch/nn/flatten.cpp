#include "mytorch/nn/flatten.hpp"

namespace mytorch::nn {

Tensor Flatten::forward(const Tensor& A) {
  check_cols("Flatten::forward", "A", A, A.shape(1));  // any width, but not an empty batch
  check_finite("Flatten::forward", "A", A);
  N_ = A.shape(0);
  D_ = A.shape(1);
  has_forward_ = true;
  return A;
}

Tensor Flatten::backward(const Tensor& dLdZ) {
  check_forward_done("Flatten::backward", has_forward_);
  check_shape("Flatten::backward", "dLdZ", dLdZ, N_, D_);
  return dLdZ;
}

}  // namespace mytorch::nn
