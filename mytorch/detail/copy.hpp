#pragma once
/// mytorch/detail/copy.hpp — the tensor copies the library's layers make each step (internal).
///
/// Internal: only the library's own .cpp files include this header; no public header does, it is not
/// installed, and neither a program nor a layer written outside the library needs it (a layer of your
/// own writes `X_ = X;`). The library's layers use it for their per-step copies instead of `dst = src`
/// or a copy constructor, because those call memcpy, and glibc 2.36's memcpy (Debian 12) copies blocks
/// of a few KiB and up with `rep movsb`, which on AMD Zen 3 runs 20× slower when dst − src ≡ 16
/// (mod 4096) — exactly where a tensor whose size is a multiple of 4 KiB (64×256 doubles, 64×128,
/// 64×784) lands when allocated right after another one (bench/RESULTS.md). These copy 16 bytes at a
/// time with vector loads and stores instead.

#include "mytorch/tensor.hpp"

namespace mytorch::detail {

/// dst = src, dst resized to src's shape (no allocation when it has it already). src may be dst.
void copy_into(const Tensor& src, Tensor& dst);

/// A new tensor equal to src, made by copy_into: what a layer's forward returns when it keeps its
/// output for backward (`return detail::copy_of(A);` rather than `return A;`).
Tensor copy_of(const Tensor& src);

/// dst = src (resized to src's shape) and check_finite(where, name, src), in one pass over src instead
/// of two: for a layer that keeps a copy of its input. On a NaN or Inf it throws the same
/// NonFiniteError, and dst then holds a copy of src (bad entries included). src may be dst.
void copy_finite(const char* where, const char* name, const Tensor& src, Tensor& dst);

}  // namespace mytorch::detail
