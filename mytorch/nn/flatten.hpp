#pragma once
/// mytorch/nn/flatten.hpp — Flatten, the course's bridge from convolutional to linear layers.
///
/// In the course, Flatten turns (N, C, H, W) or (N, C, W) into (N, C·H·W) or (N, C·W) before a Linear
/// layer: row n holds sample n channel by channel, row by row. Here images and signals are already
/// rows in exactly that order (nn/image_shape.hpp), so Flatten is the identity:
///   forward:   Z = A          (N, D) -> (N, D)
///   backward:  dLdA = dLdZ    (N, D) -> (N, D)
/// It is kept so that a network reads as the course writes it.

#include "mytorch/nn/module.hpp"

namespace mytorch::nn {

class Flatten : public Module {
 public:
  Flatten() = default;

  Tensor forward(const Tensor& A) override;
  Tensor backward(const Tensor& dLdZ) override;
  std::string name() const override { return "Flatten"; }

 private:
  std::size_t N_ = 0, D_ = 0;  // shape of the last forward's A
  bool has_forward_ = false;
};

}  // namespace mytorch::nn
