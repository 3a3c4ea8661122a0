#pragma once
/// mytorch/nn/loss.hpp — the losses (writeup "Loss Functions").
///
/// A loss compares the network's output A (N, C) with the targets Y (N, C) and returns one number;
/// backward() returns dLdA (N, C), the gradient that starts the backward pass. The mean over the
/// batch lives here, which is why Linear's dLdW has no 1/N.
///
/// MSELoss:            L = Σ_ij (A − Y)²_ij / (N·C)
///                     dLdA = 2 (A − Y) / (N·C)
/// CrossEntropyLoss:   σ(A) = softmax of each row of A (the logits); Y one-hot
///                     L = −Σ_ij Y_ij log σ(A)_ij / N      (log σ computed by log-sum-exp: finite
///                                                          for logits of any finite size)
///                     dLdA = (σ(A) − Y) / N

#include <string>

#include "mytorch/tensor.hpp"

namespace mytorch::nn {

/// The shared interface of the losses (so a trainer or gradcheck can take any of them).
class Loss {
 public:
  virtual ~Loss() = default;
  virtual double forward(const Tensor& A, const Tensor& Y) = 0;
  virtual Tensor backward() = 0;  // dLdA of the last forward
  virtual std::string name() const = 0;

 protected:
  Loss() = default;
  Loss(const Loss&) = default;
  Loss& operator=(const Loss&) = default;
};

class MSELoss : public Loss {
 public:
  double forward(const Tensor& A, const Tensor& Y) override;
  Tensor backward() override;
  std::string name() const override { return "MSELoss"; }

 private:
  Tensor diff_;  // (N, C) A − Y of the last forward
  bool has_forward_ = false;
};

class CrossEntropyLoss : public Loss {
 public:
  double forward(const Tensor& A, const Tensor& Y) override;  // A: logits, Y: one-hot rows
  Tensor backward() override;
  std::string name() const override { return "CrossEntropyLoss"; }

 private:
  Tensor softmax_;  // (N, C) σ(A) of the last forward
  Tensor Y_;        // (N, C)
  bool has_forward_ = false;
};

}  // namespace mytorch::nn
