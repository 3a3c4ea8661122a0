#include "mytorch/tensor.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "mytorch/detail/all_finite.hpp"

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

void check_finite(const char* where, const char* name, const Tensor& t) {
  const real* p = t.data();
  const std::size_t n = t.size();
  if (detail::all_finite(p, n, [](std::size_t, real) {})) return;
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

void check_forward_done(const char* where, bool done) {
  if (!done) throw std::logic_error(std::string(where) + ": called before forward");
}

}  // namespace mytorch
