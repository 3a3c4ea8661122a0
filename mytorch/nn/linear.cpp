#include "mytorch/nn/linear.hpp"

#include <cmath>
#include <stdexcept>

#include "mytorch/detail/copy.hpp"
#include "mytorch/linalg.hpp"
#include "mytorch/nn/init.hpp"

namespace mytorch::nn {

Linear::Linear(std::size_t in_features, std::size_t out_features)
    : in_(in_features), out_(out_features) {
  if (in_ == 0 || out_ == 0)
    throw std::invalid_argument("Linear: in_features and out_features must be positive, got (" +
                                std::to_string(in_) + ", " + std::to_string(out_) + ")");
  const double bound = 1.0 / std::sqrt(static_cast<double>(in_));
  W = uniform_init(out_, in_, bound);
  b = uniform_init(out_, 1, bound);
  dLdW = xt::zeros<real>({out_, in_});
  dLdb = xt::zeros<real>({out_, std::size_t{1}});
}

std::string Linear::describe() const {
  return "Linear(" + std::to_string(in_) + ", " + std::to_string(out_) + ")";
}

void Linear::check_parameters(const char* where) const {
  check_shape(where, "W", W, out_, in_);
  check_shape(where, "b", b, out_, 1);
  check_shape(where, "dLdW", dLdW, out_, in_);
  check_shape(where, "dLdb", dLdb, out_, 1);
}

Tensor Linear::forward(const Tensor& A) {
  check_cols("Linear::forward", "A", A, in_);
  check_parameters("Linear::forward");
  has_forward_ = false;  // until A_ holds a finite input
  detail::copy_finite("Linear::forward", "A", A, A_);  // A_ = A, checked in the same pass
  const std::size_t N = A.shape(0);
  // Z = A · Wᵀ + ι_N · bᵀ, bias fused into the product: Z starts as ι_N · bᵀ (every row a copy of
  // b), then one BLAS call with beta = 1 adds A · Wᵀ — W is passed with a transpose flag, never copied.
  Tensor Z({N, out_});  // (N, out)
  for (std::size_t i = 0; i < N; ++i)
    std::copy(b.data(), b.data() + out_, Z.data() + i * out_);
  gemm(Op::N, Op::T, 1, A, W, 1, Z);
  has_forward_ = true;
  return Z;
}

// In the forward pass this was Z = A · Wᵀ + ι_N · bᵀ, with A kept in A_; so each Z_ij is
// Σ_k A_ik W_jk + b_j, and dLdW = dLdZᵀ · A, dLdb = dLdZᵀ · ι_N, dLdA = dLdZ · W.
void Linear::backward_parameters(const Tensor& dLdZ) {
  check_forward_done("Linear::backward", has_forward_);
  check_shape("Linear::backward", "dLdZ", dLdZ, A_.shape(0), out_);
  check_parameters("Linear::backward");
  gemm(Op::T, Op::N, 1, dLdZ, A_, 0, dLdW);  // dLdW = dLdZᵀ · A   (out, in)
  // dLdb = dLdZᵀ · ι_N: the column sums of dLdZ, accumulated row by row over contiguous memory.
  real* dldb = dLdb.data();
  std::fill(dldb, dldb + out_, real(0));
  const std::size_t N = dLdZ.shape(0);
  for (std::size_t i = 0; i < N; ++i) {
    const real* dldz = dLdZ.data() + i * out_;  // row i of dLdZ
    for (std::size_t j = 0; j < out_; ++j) dldb[j] += dldz[j];
  }
}

Tensor Linear::backward(const Tensor& dLdZ) {
  backward_parameters(dLdZ);                        // dLdW, dLdb
  Tensor dLdA({dLdZ.shape(0), in_});                // (N, in)
  gemm(Op::N, Op::N, 1, dLdZ, W, 0, dLdA);          // dLdA = dLdZ · W
  return dLdA;
}

std::vector<Parameter> Linear::parameters() { return {{"W", &W, &dLdW}, {"b", &b, &dLdb}}; }

}  // namespace mytorch::nn
