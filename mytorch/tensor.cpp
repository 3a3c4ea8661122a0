#include "mytorch/tensor.hpp"

#include <cmath>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace mytorch {

std::string shape_str(const Tensor& t) {
  return "(" + std::to_string(t.shape(0)) + ", " + std::to_string(t.shape(1)) + ")";
}

namespace {
[[noreturn]] void fail(const char* where, const std::string& what) {
  throw std::invalid_argument(std::string(where) + ": " + what);
}
}  // namespace

void check_cols(const char* where, const char* name, const Tensor& t, std::size_t cols) {
  if (t.shape(1) != cols)
    fail(where, std::string(name) + " has shape " + shape_str(t) + ", expected (N, " +
                    std::to_string(cols) + ")");
  if (t.shape(0) == 0)
    fail(where, std::string(name) + " has shape " + shape_str(t) + ": the batch is empty (N = 0)");
}

void check_shape(const char* where, const char* name, const Tensor& t, std::size_t rows,
                 std::size_t cols) {
  if (t.shape(0) != rows || t.shape(1) != cols)
    fail(where, std::string(name) + " has shape " + shape_str(t) + ", expected (" +
                    std::to_string(rows) + ", " + std::to_string(cols) + ")");
}

void check_same_shape(const char* where, const char* name_a, const Tensor& a, const char* name_b,
                      const Tensor& b) {
  if (a.shape() != b.shape())
    fail(where, std::string(name_a) + " has shape " + shape_str(a) + " but " + name_b +
                    " has shape " + shape_str(b) + "; they must match");
}

namespace {
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
}  // namespace

void check_finite(const char* where, const char* name, const Tensor& t) {
  const real* p = t.data();
  const std::size_t n = t.size();
  if (all_finite(p, n, [](std::size_t, real) {})) return;
  // Only a tensor with a bad entry takes this entry-by-entry search for the message.
  for (std::size_t k = 0; k < n; ++k) {
    if (!std::isfinite(p[k])) {
      std::ostringstream msg;
      msg << name << " has a non-finite value " << p[k] << " at (" << k / t.shape(1) << ", "
          << k % t.shape(1) << ")";
      throw NonFiniteError(std::string(where) + ": " + msg.str());
    }
  }
}

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

void check_forward_done(const char* where, bool done) {
  if (!done) throw std::logic_error(std::string(where) + ": called before forward");
}

}  // namespace mytorch
