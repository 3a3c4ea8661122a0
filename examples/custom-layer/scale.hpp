#pragma once
/// scale.hpp — a layer defined outside mytorch: a learned per-feature scale.
///
/// Forward, X (N, C) -> Y (N, C):
///   Y = X ⊙ s                      s (1, C), broadcast over the rows; a fresh layer has s = 1
/// Backward, dLdY (N, C) -> dLdX (N, C):
///   dLdX = dLdY ⊙ s                (N, C)
///   dLds = Σ_i (dLdY ⊙ X)_i        (1, C)   s touches every row, so its gradient sums them

#include <cstddef>
#include <vector>

#include <xtensor/xreducer.hpp>

#include "mytorch/mytorch.hpp"

class Scale : public mytorch::nn::Module {
 public:
  explicit Scale(std::size_t C) : s(xt::ones<mytorch::real>({std::size_t{1}, C})), dLds(s), C_(C) {}

  mytorch::Tensor s;     // (1, C) scale
  mytorch::Tensor dLds;  // (1, C) gradient of the loss w.r.t. s, written by backward

  mytorch::Tensor forward(const mytorch::Tensor& X) override {
    mytorch::check_cols("Scale::forward", "X", X, C_);
    X_ = X;
    mytorch::Tensor Y = X * s;
    return Y;
  }

  mytorch::Tensor backward(const mytorch::Tensor& dLdY) override {
    mytorch::check_forward_done("Scale::backward", X_.size() > 0);
    mytorch::check_same_shape("Scale::backward", "dLdY", dLdY, "X", X_);
    dLds = xt::sum(dLdY * X_, {0}, xt::keep_dims);
    mytorch::Tensor dLdX = dLdY * s;
    return dLdX;
  }

  std::vector<mytorch::nn::Parameter> parameters() override { return {{"s", &s, &dLds}}; }
  // name() and describe() are left to Module: the class's name, "Scale".

 private:
  std::size_t C_;
  mytorch::Tensor X_;  // (N, C) input of the last forward, kept for dLds
};
