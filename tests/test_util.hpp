#pragma once
// Shared helpers of the test suite: tensor comparison and the PyTorch golden files.

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "mytorch/random.hpp"
#include "mytorch/tensor.hpp"

namespace test {

using mytorch::real;
using mytorch::Tensor;

/// Builds a Tensor from rows: T({{1, 2}, {3, 4}}).
inline Tensor T(std::initializer_list<std::initializer_list<double>> rows) {
  const std::size_t N = rows.size(), C = N ? rows.begin()->size() : 0;
  Tensor t({N, C});
  std::size_t i = 0;
  for (const auto& row : rows) {
    std::size_t j = 0;
    for (double x : row) t(i, j++) = static_cast<real>(x);
    ++i;
  }
  return t;
}

/// An (N, C) tensor of entries uniform in [−scale, scale), from a generator of its own (the library's
/// RNG is left alone).
inline Tensor random_tensor(std::size_t N, std::size_t C, std::uint64_t seed, double scale = 3.0) {
  mytorch::Rng g(seed);
  Tensor t({N, C});
  for (auto& x : t) x = static_cast<real>(g.uniform(-scale, scale));
  return t;
}

/// |actual − expected| within tolerance relative to the size of expected (at least 1): for scalars
/// such as a loss, which can be large (CrossEntropyLoss at logits of ±1000).
inline bool close(double actual, double expected, double tolerance) {
  return std::abs(actual - expected) <= tolerance * std::max(1.0, std::abs(expected));
}

inline std::string to_string(const Tensor& t) {
  std::ostringstream s;
  s.precision(8);
  s << mytorch::shape_str(t) << " [";
  for (std::size_t i = 0; i < t.shape(0); ++i) {
    s << (i ? "; " : "");
    for (std::size_t j = 0; j < t.shape(1); ++j) s << (j ? ", " : "") << t(i, j);
  }
  return s.str() + "]";
}

/// The largest |a − b| (infinity when the shapes differ).
inline double max_abs_diff(const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape()) return INFINITY;
  double d = 0;
  for (std::size_t k = 0; k < a.size(); ++k)
    d = std::max(d, std::abs(static_cast<double>(a.data()[k]) - static_cast<double>(b.data()[k])));
  return d;
}

/// layer.forward(layer.A) — an activation given its own output back as input, which its forward
/// overwrites — must act as forward of a copy: the same A and the same dLdZ as `twin`, a layer of the
/// same kind and settings given a separate copy.
template <class Layer>
void check_own_output_as_input(Layer& layer, Layer& twin, const Tensor& Z) {
  layer.forward(Z);
  const Tensor input = layer.A;
  CHECK(layer.forward(layer.A) == twin.forward(input));
  const Tensor dLdA = random_tensor(Z.shape(0), Z.shape(1), 9);
  CHECK(layer.backward(dLdA) == twin.backward(dLdA));
}

/// For doctest's skip decorator on a test that needs double precision (the finite-difference gradient
/// check): TEST_CASE("…" * doctest::skip(test::float32_build)) is reported skipped in a float32 build.
#ifdef MYTORCH_FLOAT32
inline constexpr bool float32_build = true;
#else
inline constexpr bool float32_build = false;
#endif

/// Tolerance for a check meant to hold to `double_tol` in double precision: float32 builds only keep
/// about 7 significant digits, so they get a looser bound.
inline double tol(double double_tol) {
#ifdef MYTORCH_FLOAT32
  return std::max(double_tol, 2e-4);
#else
  return double_tol;
#endif
}

}  // namespace test

/// CHECK that two tensors have the same shape and agree to tol; on failure prints both and the
/// largest difference.
#define CHECK_TENSOR_CLOSE(actual, expected, tolerance)                                         \
  do {                                                                                          \
    const ::mytorch::Tensor& ct_a_ = (actual);                                                  \
    const ::mytorch::Tensor& ct_e_ = (expected);                                                \
    const double ct_d_ = ::test::max_abs_diff(ct_a_, ct_e_);                                    \
    CHECK_MESSAGE(ct_d_ <= (tolerance), #actual " = " << ::test::to_string(ct_a_) << "\n  " \
                                            #expected " = " << ::test::to_string(ct_e_)         \
                                            << "\n  largest difference " << ct_d_);             \
  } while (0)

namespace test {

/// One golden file written by tests/golden/generate.py: named tensors (lists of rows) and scalars.
class Golden {
 public:
  explicit Golden(const std::string& file) {
    const std::string path = std::string(MYTORCH_GOLDEN_DIR) + "/" + file;
    std::ifstream in(path);
    REQUIRE_MESSAGE(in.good(), "cannot open golden file " << path
                                                          << " (regenerate: tests/golden/generate.py)");
    in >> json_;
  }
  /// The cases in the file (each a JSON object).
  const nlohmann::json& cases() const { return json_.at("cases"); }

  static Tensor tensor(const nlohmann::json& j) {
    const std::size_t N = j.size(), C = N ? j[0].size() : 0;
    Tensor t({N, C});
    for (std::size_t i = 0; i < N; ++i)
      for (std::size_t c = 0; c < C; ++c) t(i, c) = static_cast<real>(j[i][c].get<double>());
    return t;
  }

 private:
  nlohmann::json json_;
};

}  // namespace test
