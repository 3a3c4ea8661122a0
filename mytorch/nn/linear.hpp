#pragma once
/// mytorch/nn/linear.hpp — the fully connected layer.
///
/// Forward (writeup "Linear Layer"), A (N, in) -> Z (N, out):
///   Z = A · Wᵀ + ι_N · bᵀ                 W (out, in), b (out, 1), ι_N a column of N ones
/// Backward, dLdZ (N, out) -> dLdA (N, in):
///   dLdA = dLdZ · W                        (N, in)
///   dLdW = dLdZᵀ · A                       (out, in)
///   dLdb = dLdZᵀ · ι_N                     (out, 1)  — no 1/N here: the loss carries the mean
/// backward_parameters(dLdZ) writes dLdW and dLdb only, for a first layer whose input is the data.
/// A forward that rejects its input (NaN or Inf) leaves the layer as if forward had not run: a
/// backward then throws "called before forward" rather than use the rejected input.
/// Initialisation as PyTorch's nn.Linear: W and b ~ U(−1/√in, +1/√in) from the library's RNG.

#include <cstddef>

#include "mytorch/nn/module.hpp"

namespace mytorch::nn {

class Linear : public Module {
 public:
  Linear(std::size_t in_features, std::size_t out_features);

  Tensor W;     // (out, in) weights
  Tensor dLdW;  // (out, in) gradient of the loss w.r.t. W, written by backward
  Tensor b;     // (out, 1)  bias
  Tensor dLdb;  // (out, 1)  gradient of the loss w.r.t. b, written by backward

  Tensor forward(const Tensor& A) override;
  Tensor backward(const Tensor& dLdZ) override;
  void backward_parameters(const Tensor& dLdZ) override;  // dLdW and dLdb only: no dLdA
  std::vector<Parameter> parameters() override;  // {W with dLdW, b with dLdb}
  std::string name() const override { return "Linear"; }
  std::string describe() const override;  // "Linear(in, out)"

  std::size_t in_features() const { return in_; }
  std::size_t out_features() const { return out_; }

 private:
  void check_parameters(const char* where) const;  // W, b, dLdW, dLdb still have their shapes

  std::size_t in_, out_;
  Tensor A_;  // (N, in) input of the last forward, kept for dLdW
  bool has_forward_ = false;
};

}  // namespace mytorch::nn
