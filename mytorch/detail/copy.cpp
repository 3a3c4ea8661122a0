#include "mytorch/detail/copy.hpp"

#include <cstring>

#include "mytorch/detail/all_finite.hpp"

namespace mytorch::detail {

void copy_into(const Tensor& src, Tensor& dst) {
  dst.resize(src.shape());
  // Whole 16-byte blocks (one SSE2 register, the baseline x86-64 target) through a vector type, so
  // that the compiler keeps the loop instead of turning it back into a memcpy call; then the
  // remaining entries one by one.
  using Block = real __attribute__((vector_size(16)));
  constexpr std::size_t kPerBlock = sizeof(Block) / sizeof(real);
  const real* x = src.data();
  real* y = dst.data();
  const std::size_t n = src.size();
  std::size_t k = 0;
  for (; k + kPerBlock <= n; k += kPerBlock) {
    Block v;
    std::memcpy(&v, x + k, sizeof v);  // fixed-size: compiled to vector loads and stores
    std::memcpy(y + k, &v, sizeof v);
  }
  for (; k < n; ++k) y[k] = x[k];
}

Tensor copy_of(const Tensor& src) {
  Tensor copy;
  copy_into(src, copy);
  return copy;
}

void copy_finite(const char* where, const char* name, const Tensor& src, Tensor& dst) {
  if (&src == &dst) return check_finite(where, name, src);  // all_finite's x is __restrict
  dst.resize(src.shape());  // the shape of the last step: no allocation
  const real* x = src.data();
  real* y = dst.data();
  if (!all_finite(x, src.size(), [y](std::size_t k, real v) { y[k] = v; }))
    check_finite(where, name, src);  // throws, naming the first bad entry
}

}  // namespace mytorch::detail
