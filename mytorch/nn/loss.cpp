#include "mytorch/nn/loss.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "mytorch/detail/copy.hpp"
#include "mytorch/nn/softmax.hpp"

namespace mytorch::nn {

namespace {
void check_loss_inputs(const char* where, const Tensor& A, const Tensor& Y) {
  check_cols(where, "A", A, A.shape(1));
  check_same_shape(where, "Y", Y, "A", A);
  check_finite(where, "A", A);
  check_finite(where, "Y", Y);
}

/// Every row of Y must be one-hot: entries 0 or 1, exactly one 1.
void check_one_hot(const char* where, const Tensor& Y) {
  const std::size_t N = Y.shape(0), C = Y.shape(1);
  for (std::size_t i = 0; i < N; ++i) {
    std::size_t ones = 0;
    bool binary = true;
    for (std::size_t j = 0; j < C; ++j) {
      if (Y(i, j) == real(1)) ++ones;
      else if (Y(i, j) != real(0)) binary = false;
    }
    if (!binary || ones != 1) {
      std::ostringstream msg;
      msg << where << ": Y row " << i << " is not one-hot (expected one 1 and " << C - 1
          << " zeros over C = " << C << " classes)";
      throw std::invalid_argument(msg.str());
    }
  }
}
}  // namespace

double MSELoss::forward(const Tensor& A, const Tensor& Y) {
  check_loss_inputs("MSELoss::forward", A, Y);
  diff_ = A - Y;  // (N, C)
  has_forward_ = true;
  return static_cast<double>(xt::sum(diff_ * diff_)()) / static_cast<double>(A.size());
}

Tensor MSELoss::backward() {
  check_forward_done("MSELoss::backward", has_forward_);
  // In the forward pass this was L = Σ (A − Y)² / (N·C), with diff_ = A − Y kept.
  Tensor dLdA = real(2) * diff_ / static_cast<real>(diff_.size());  // dLdA = 2(A − Y)/(N·C), (N, C)
  return dLdA;
}

double CrossEntropyLoss::forward(const Tensor& A, const Tensor& Y) {
  check_loss_inputs("CrossEntropyLoss::forward", A, Y);
  check_one_hot("CrossEntropyLoss::forward", Y);
  const std::size_t N = A.shape(0), C = A.shape(1);
  // One pass per row, into reused buffers: log σ(A)_i by log-sum-exp, the loss term −Y_i · log σ(A)_i,
  // and σ(A)_i = exp(log σ(A)_i) kept for backward.
  softmax_.resize(A.shape());
  detail::copy_into(Y, Y_);
  double L = 0;
  for (std::size_t i = 0; i < N; ++i) {
    const real* a = A.data() + i * C;
    const real* y = Y.data() + i * C;
    real* sigma = softmax_.data() + i * C;
    log_softmax_row(a, C, sigma);  // log σ(A)_i, finite for any finite logits
    for (std::size_t j = 0; j < C; ++j) {
      // L = −(1/N) Σ_i Σ_j Y_ij log σ(A)_ij; the terms with Y_ij = 0 add nothing.
      if (y[j] != 0) L -= static_cast<double>(y[j] * sigma[j]);
      sigma[j] = std::exp(sigma[j]);
    }
  }
  has_forward_ = true;
  return L / static_cast<double>(N);
}

Tensor CrossEntropyLoss::backward() {
  check_forward_done("CrossEntropyLoss::backward", has_forward_);
  const std::size_t n = Y_.size();
  const real N = static_cast<real>(Y_.shape(0));
  // In the forward pass σ(A) was kept in softmax_ and Y in Y_; ∂L/∂A_ij = (σ(A)_ij − Y_ij) / N.
  Tensor dLdA(Y_.shape());  // (N, C)
  const real* sigma = softmax_.data();
  const real* Y = Y_.data();
  real* dlda = dLdA.data();
  for (std::size_t k = 0; k < n; ++k) dlda[k] = (sigma[k] - Y[k]) / N;  // dLdA = (σ(A) − Y) / N
  return dLdA;
}

}  // namespace mytorch::nn
