#pragma once
/// mytorch/detail/all_finite.hpp — the one-pass finiteness test behind check_finite and
/// detail::copy_finite (internal: included by library .cpp files only).

#include <cstddef>

#include "mytorch/tensor.hpp"

namespace mytorch::detail {

/// Whether every x_k is finite, calling also(k, x_k) for each k in the same pass. Every forward checks
/// its input, so this pass must cost little next to the matrix product: x · 0 is 0 for a finite x and
/// NaN for ±Inf or NaN, so the sum of all x · 0 is 0 exactly when every entry is finite. Eight
/// independent partial sums let the compiler vectorise the loop.
template <class Also>
bool all_finite(const real* __restrict x, std::size_t n, Also also) {
  real partial[8] = {};
  std::size_t k = 0;
  for (; k + 8 <= n; k += 8)
    for (std::size_t j = 0; j < 8; ++j) {
      const real v = x[k + j];
      also(k + j, v);
      partial[j] += v * 0;
    }
  for (; k < n; ++k) {
    also(k, x[k]);
    partial[0] += x[k] * 0;
  }
  real sum = 0;
  for (real s : partial) sum += s;
  return sum == 0;
}

}  // namespace mytorch::detail
