#pragma once
/// mytorch/nn/dropout.hpp — inverted dropout (Srivastava et al.; PyTorch's nn.Dropout).
///
/// p is the probability of dropping an entry. Training mode, X (N, C) -> Y (N, C):
///   mask_ij = 1/(1 − p) with probability 1 − p, else 0     (N, C), drawn from mytorch::rng()
///   Y = X ⊙ mask
/// Backward uses the same mask:
///   dLdX = dLdY ⊙ mask                                    (N, C)
/// Scaling the kept entries by 1/(1 − p) keeps E[Y] = X, so evaluation mode is the identity:
///   Y = X,  dLdX = dLdY
/// manual_seed(s) before a forward repeats its mask.

#include "mytorch/nn/module.hpp"

namespace mytorch::nn {

class Dropout : public Module {
 public:
  explicit Dropout(double p = 0.5);  // 0 <= p < 1

  double p;     // drop probability
  Tensor mask;  // (N, C) 0 or 1/(1 − p): the mask of the last forward (all ones in evaluation mode)

  Tensor forward(const Tensor& X) override;
  Tensor backward(const Tensor& dLdY) override;
  std::string name() const override { return "Dropout"; }
  std::string describe() const override;  // "Dropout(p=0.5)"

 private:
  bool has_forward_ = false;
};

}  // namespace mytorch::nn
