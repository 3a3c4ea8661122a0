#pragma once
/// mytorch/nn/softmax.hpp — the softmax activation, backward through the Jacobian as in the writeup
/// (derivation and worked example: docs/layers/softmax.md).
///
/// Forward, Z (N, C) -> A (N, C), one row at a time:
///   A_ij = exp(Z_ij) / Σ_k exp(Z_ik)
/// computed as exp(Z_ij − max_k Z_ik) / Σ_k exp(Z_ik − max_k Z_ik) — the same value, but exp never
/// overflows.
///
/// Backward, dLdA (N, C) -> dLdZ (N, C). For each sample i, with a = A_i (the i-th row):
///   J_mn = a_m (1 − a_m)   if m = n              J (C, C), J_mn = ∂a_m/∂z_n
///   J_mn = −a_m a_n        if m ≠ n
///   dLdZ_i = dLdA_i · J                          (1, C) = (1, C) · (C, C)
/// and the rows dLdZ_i are stacked into dLdZ. softmax.cpp is this loop, in plain C++. For C ≤ 10
/// it hands whole groups of 4 samples (8 in float32) to a fast path in a file of its own
/// (softmax_lanes.cpp: the same loop, one sample per SIMD lane, the same bits). The closed form
/// dLdZ = A ⊙ (dLdA − rowsum(dLdA ⊙ A)) gives the same values; it is used only to test this loop
/// and to measure against.
///
/// Worked example from the writeup:
///   Z    = [[1, 2, 3], [2, 2, 1]]
///   A    ≈ [[0.0900, 0.2447, 0.6652], [0.4223, 0.4223, 0.1554]]
///   J(1) ≈ [[ 0.0819, −0.0220, −0.0599],     (the writeup rounds A to two decimals first,
///           [−0.0220,  0.1848, −0.1628],      so it prints J(1)_22 = 0.1824)
///           [−0.0599, −0.1628,  0.2227]]
///   dLdA = [[0.1, −0.2, 0.1], [−0.1, 0.3, −0.2]]
///   J(2) ≈ [[ 0.2440, −0.1784, −0.0656],
///           [−0.1784,  0.2440, −0.0656],
///           [−0.0656, −0.0656,  0.1312]]
///   dLdZ ≈ [[0.0066, −0.0555, 0.0488], [−0.0648, 0.1041, −0.0394]]

#include <cstddef>

#include "mytorch/nn/module.hpp"

namespace mytorch::nn {

class Softmax : public Module {
 public:
  Tensor A;  // (N, C) output of the last forward

  Tensor forward(const Tensor& Z) override;
  Tensor backward(const Tensor& dLdA) override;
  std::string name() const override { return "Softmax"; }

  /// The C×C Jacobian J of sample i of the last forward: J_mn = ∂a_m/∂z_n.
  Tensor jacobian(std::size_t i) const;

 private:
  /// J (C, C) = the Jacobian of sample i: the writeup's two nested loops over m and n. Used by
  /// backward and by jacobian(i); the fast path (mytorch/detail/softmax_lanes.cpp) writes the same
  /// two cases once more, for a whole group of samples, and a test holds the two to the same bits.
  void fill_jacobian(std::size_t i, Tensor& J) const;

  Tensor J_;  // (C, C) the one Jacobian buffer backward reuses for every sample
  bool has_forward_ = false;
};

/// log softmax of each row, computed stably: Z_ij − max_k Z_ik − log Σ_k exp(Z_ik − max_k Z_ik).
/// Finite for any finite Z (logits of ±1000 included). Shared by CrossEntropyLoss.
Tensor log_softmax(const Tensor& Z);

/// The same for one row z of C entries, written into out (C entries; may not overlap z).
void log_softmax_row(const real* z, std::size_t C, real* out);

}  // namespace mytorch::nn
