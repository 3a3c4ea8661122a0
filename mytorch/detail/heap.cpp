#include "mytorch/detail/heap.hpp"

#include <cstddef>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace mytorch::detail {

namespace {
bool set_thresholds() {
#ifdef __GLIBC__
  constexpr std::size_t MiB = std::size_t{1} << 20;
  // Setting either value stops glibc's dynamic adjustment of both, freezing the other where it is
  // (trim at 128 KiB in a fresh process), so both are set. 8 MiB, not the 32 MiB the dynamic threshold
  // may reach: a float32 Fashion-MNIST run's 31 MB test set would then come from the heap, and its
  // peak RSS grew by 23 MiB. The trim threshold first: where it is refused, nothing has changed.
  return mallopt(M_TRIM_THRESHOLD, 64 * MiB) == 1 && mallopt(M_MMAP_THRESHOLD, 8 * MiB) == 1;
#else
  return false;
#endif
}
}  // namespace

bool keep_freed_memory() {
  static const bool applied = set_thresholds();  // once per process, thread-safe (C++11 statics)
  return applied;
}

}  // namespace mytorch::detail
