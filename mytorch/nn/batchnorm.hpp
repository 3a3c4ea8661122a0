#pragma once
/// mytorch/nn/batchnorm.hpp — batch normalisation over the features of a batch (writeup "Batch
/// Normalization").
///
/// Forward in training mode, Z (N, C) -> BZ (N, C); every statistic is per feature, shape (1, C):
///   M  = (1/N) Σ_i Z_i                           batch mean
///   V  = (1/N) Σ_i (Z_i − M)²                    biased batch variance
///   NZ = (Z − M) / √(V + ε)                      (N, C), ε = 1e−8
///   BZ = BW ⊙ NZ + Bb                            (N, C), BW and Bb broadcast over the rows
///   running_M ← α · running_M + (1 − α) · M      α = 0.9
///   running_V ← α · running_V + (1 − α) · V
/// Forward in evaluation mode: the same NZ and BZ with M = running_M, V = running_V, which stay put.
///
/// Backward, dLdBZ (N, C) -> dLdZ (N, C):
///   dLdBW = Σ_i (dLdBZ ⊙ NZ)_i                   (1, C)
///   dLdBb = Σ_i dLdBZ_i                          (1, C)
///   dLdNZ = dLdBZ ⊙ BW                           (N, C)
/// training mode (M and V depend on Z):
///   dLdV  = −½ Σ_i dLdNZ ⊙ (Z − M) ⊙ (V + ε)^(−3/2)                            (1, C)
///   dNZdM = −(V + ε)^(−½) − ½ (Z − M) ⊙ (V + ε)^(−3/2) ⊙ (−(2/N) Σ_i (Z − M)_i)  (N, C)
///   dLdM  = Σ_i (dLdNZ ⊙ dNZdM)_i                                               (1, C)
///   dLdZ  = dLdNZ ⊙ (V + ε)^(−½) + dLdV ⊙ (2/N)(Z − M) + dLdM / N               (N, C)
/// evaluation mode (M and V are constants):
///   dLdZ  = dLdNZ ⊙ (running_V + ε)^(−½)
///
/// With N = 1 in training mode V = 0, so NZ = 0 and BZ = Bb: finite thanks to ε, and dLdZ = 0
/// (the output does not depend on Z). PyTorch refuses such a batch; the course formula does not.
/// A fresh layer has BW = 1, Bb = 0, running_M = 0, running_V = 1. (PyTorch's BatchNorm1d is the same
/// layer with momentum = 1 − α, except that its running_var averages the unbiased variance.)

#include <cstddef>

#include "mytorch/nn/module.hpp"

namespace mytorch::nn {

class BatchNorm1d : public Module {
 public:
  explicit BatchNorm1d(std::size_t num_features, double alpha = 0.9);

  Tensor BW;         // (1, C) scale
  Tensor dLdBW;      // (1, C) gradient of the loss w.r.t. BW, written by backward
  Tensor Bb;         // (1, C) shift
  Tensor dLdBb;      // (1, C) gradient of the loss w.r.t. Bb, written by backward
  Tensor running_M;  // (1, C) running mean, used in evaluation mode
  Tensor running_V;  // (1, C) running (biased) variance, used in evaluation mode
  double alpha;      // weight of the old running statistics, in [0, 1]
  double eps = 1e-8;

  Tensor forward(const Tensor& Z) override;
  Tensor backward(const Tensor& dLdBZ) override;
  std::vector<Parameter> parameters() override;  // {BW with dLdBW, Bb with dLdBb}
  std::vector<Buffer> buffers() override;        // {running_M, running_V}
  std::string name() const override { return "BatchNorm1d"; }
  std::string describe() const override;  // "BatchNorm1d(C, alpha=0.9, eps=1e-08)"

  std::size_t num_features() const { return C_; }

 protected:
  /// The constructor of a layer built on this one (BatchNorm2d): its messages name `layer`.
  BatchNorm1d(std::size_t num_features, double alpha, const char* layer);
  /// describe()'s settings: "C, alpha=0.9, eps=1e-08".
  std::string settings() const;

 private:
  void check_state(const char* where) const;  // shapes of the (1, C) tensors, alpha, eps

  std::size_t C_;
  Tensor Z_;   // (N, C) input of the last forward
  Tensor NZ_;  // (N, C) normalised input of the last forward
  Tensor M_;   // (1, C) mean used by the last forward (batch or running)
  Tensor V_;   // (1, C) variance used by the last forward (batch or running)
  bool batch_statistics_ = false;  // the last forward was in training mode: M, V depend on Z
  bool has_forward_ = false;
};

}  // namespace mytorch::nn
