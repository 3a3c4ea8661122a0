#pragma once
/// mytorch/detail/softmax_lanes.hpp — internal: the fast path of Softmax::backward (softmax_lanes.cpp).
/// Not part of the public API; Softmax::backward calls it, tests/test_softmax_lanes.cpp proves it.

#include <cstddef>

#include "mytorch/tensor.hpp"

namespace mytorch::detail {

/// Softmax::backward's loop (for each sample i: J = J(A_i), dLdZ_i = dLdA_i · J) run on several
/// samples at once, one per SIMD lane, with the same operations in the same order as the plain
/// loop, so every row it writes has exactly the plain loop's bits.
///
/// A, dLdA, dLdZ: (N, C). Writes rows 0 … k − 1 of dLdZ and returns k: the largest multiple of
/// the lane count (4 in float64, 8 in float32) that is ≤ N, or 0 when C > 10 (or N is below the
/// lane count). The caller does rows k … N − 1 itself.
std::size_t softmax_backward_lanes(const Tensor& A, const Tensor& dLdA, Tensor& dLdZ);

}  // namespace mytorch::detail
