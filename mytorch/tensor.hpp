#pragma once
/// mytorch/tensor.hpp — the Tensor type and the shape checks every public entry point uses.
///
/// A Tensor holds a batch as rows: shape (N, C) is N samples of C features. This is the one header
/// that includes xtensor; everything else includes this one.
///
/// Every check throws std::invalid_argument with a message that names the function, the tensor and
/// both shapes, e.g. `Linear::forward: A has shape (4, 5), expected (N, 3)`.

#include <cstddef>
#include <stdexcept>
#include <string>

#include <xtensor/xtensor.hpp>

namespace mytorch {

#ifdef MYTORCH_FLOAT32
using real = float;
#else
using real = double;
#endif

using Tensor = xt::xtensor<real, 2>;  // (N, C), one sample per row

/// "(4, 5)" — how shapes are printed in every message.
std::string shape_str(const Tensor& t);

/// Requires t to have exactly `cols` columns and at least one row (an empty batch is an error).
/// Message: `where: name has shape (4, 5), expected (N, 3)`.
void check_cols(const char* where, const char* name, const Tensor& t, std::size_t cols);

/// Requires t to have exactly shape (rows, cols).
void check_shape(const char* where, const char* name, const Tensor& t, std::size_t rows,
                 std::size_t cols);

/// Requires a and b to have the same shape (named both in the message).
void check_same_shape(const char* where, const char* name_a, const Tensor& a, const char* name_b,
                      const Tensor& b);

/// What check_finite throws: an std::invalid_argument of its own type, so a training loop can tell
/// a blown-up value (divergence) from a shape mistake.
struct NonFiniteError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

/// Requires every entry of t to be finite: a NaN or Inf names the tensor and its first bad entry
/// (throws NonFiniteError).
void check_finite(const char* where, const char* name, const Tensor& t);

/// Throws std::logic_error `where: called before forward` when a layer has no stored forward pass.
void check_forward_done(const char* where, bool done);

}  // namespace mytorch

#include "mytorch/random.hpp"  // manual_seed and the library's RNG come with the Tensor type
