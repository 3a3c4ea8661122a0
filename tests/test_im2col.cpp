// Tests of mytorch/nn/im2col.hpp: the window geometry, im2col against its definition entry by entry
// (padding and strides included), and col2im as its adjoint.

#include "mytorch/nn/im2col.hpp"

#include <stdexcept>
#include <vector>

#include "test_util.hpp"

using mytorch::real;
using mytorch::Tensor;
using mytorch::nn::Windows;
using test::T;

TEST_CASE("windows count H_out = (H + 2·pad − K)/stride + 1 positions, and refuse what does not fit") {
  const Windows g({3, 7, 6}, 3, 2, 2, 1, 0);
  CHECK(g.H_out == 4);  // (7 + 2 − 3)/2 + 1
  CHECK(g.W_out == 3);  // (6 − 2)/2 + 1
  CHECK(g.in_size() == 126);
  CHECK(g.unfolded_rows() == 3 * 3 * 2);
  CHECK(g.positions() == 12);
  CHECK_THROWS_AS(Windows({1, 2, 2}, 3, 3, 1, 0, 0), std::logic_error);  // the layers say why first
  CHECK_THROWS_AS(Windows({1, 2, 2}, 1, 1, 0, 0, 0), std::logic_error);
}

TEST_CASE("im2col lays out each window in a column, kernel entries (c, i, j) down the rows") {
  // One 3×3 channel, 2×2 kernel, stride 1, no padding: four windows.
  //   1 2 3
  //   4 5 6    window (0, 0) = 1 2 / 4 5, (0, 1) = 2 3 / 5 6, (1, 0) = 4 5 / 7 8, (1, 1) = 5 6 / 8 9
  //   7 8 9
  const Windows g({1, 3, 3}, 2, 2, 1, 0, 0);
  const Tensor A = T({{1, 2, 3, 4, 5, 6, 7, 8, 9}});
  Tensor X({4, 4});
  mytorch::nn::im2col(g, A.data(), X.data());
  CHECK_TENSOR_CLOSE(X, T({{1, 2, 4, 5}, {2, 3, 5, 6}, {4, 5, 7, 8}, {5, 6, 8, 9}}), 0);

  // With padding 1 and stride 2 the windows start at (−1, −1), (−1, 1), (1, −1), (1, 1): zeros outside.
  const Windows padded({1, 3, 3}, 2, 2, 2, 1, 1);
  CHECK(padded.positions() == 4);
  mytorch::nn::im2col(padded, A.data(), X.data());
  CHECK_TENSOR_CLOSE(X, T({{0, 0, 0, 5}, {0, 0, 4, 6}, {0, 2, 0, 8}, {1, 3, 7, 9}}), 0);
}

namespace {
/// im2col(A) entry by entry against X[(c·KH + i)·KW + j, h·W_out + w] = A_pad[c, h·s + i, w·s + j], and
/// ⟨im2col(A), Y⟩ = ⟨A, col2im(Y)⟩ for a random Y: col2im is the transpose of the linear map im2col.
void check_against_definition(const Windows& w, std::uint64_t seed) {
  const Tensor A = test::random_tensor(1, w.in_size(), seed);
  Tensor X({w.unfolded_rows(), w.positions()});
  X.fill(123);  // im2col overwrites every entry
  mytorch::nn::im2col(w, A.data(), X.data());
  for (std::size_t c = 0; c < w.C; ++c)
    for (std::size_t i = 0; i < w.KH; ++i)
      for (std::size_t j = 0; j < w.KW; ++j)
        for (std::size_t h = 0; h < w.H_out; ++h)
          for (std::size_t x = 0; x < w.W_out; ++x) {
            // A_pad[c, h·s + i, x·s + j], as signed positions in A.
            const long y_in = static_cast<long>(h * w.stride + i) - static_cast<long>(w.pad_h);
            const long x_in = static_cast<long>(x * w.stride + j) - static_cast<long>(w.pad_w);
            const bool inside = y_in >= 0 && x_in >= 0 && y_in < static_cast<long>(w.H) &&
                                x_in < static_cast<long>(w.W);
            const real expected =
                inside ? A(0, (c * w.H + static_cast<std::size_t>(y_in)) * w.W + static_cast<std::size_t>(x_in)) : 0;
            REQUIRE(X((c * w.KH + i) * w.KW + j, h * w.W_out + x) == expected);
          }
  const Tensor Y = test::random_tensor(w.unfolded_rows(), w.positions(), seed + 1000);
  Tensor back({1, w.in_size()});
  back.fill(123);  // col2im overwrites, it does not add to what was there
  Tensor scratch = Y;  // col2im zeroes the entries that copy padding (X has zeros there anyway)
  mytorch::nn::col2im(w, scratch.data(), back.data());
  double lhs = 0, rhs = 0;
  for (std::size_t k = 0; k < X.size(); ++k) lhs += X.data()[k] * Y.data()[k];
  for (std::size_t k = 0; k < A.size(); ++k) rhs += A.data()[k] * back.data()[k];
  CHECK(test::close(lhs, rhs, test::tol(1e-12)));
}
}  // namespace

TEST_CASE("im2col equals its definition and col2im is its adjoint, on random geometries") {
  mytorch::Rng g(3);
  auto pick = [&](std::size_t lo, std::size_t hi) { return lo + g.below(hi - lo + 1); };
  for (int trial = 0; trial < 50; ++trial) {
    const std::size_t C = pick(1, 3), H = pick(1, 7), W = pick(1, 7), pad_h = pick(0, 3), pad_w = pick(0, 3);
    CAPTURE(trial);
    check_against_definition(
        Windows({C, H, W}, pick(1, H + 2 * pad_h), pick(1, W + 2 * pad_w), pick(1, 3), pad_h, pad_w), 10 + trial);
  }
}

TEST_CASE("im2col equals its definition when the padding keeps the width (its one-run path)") {
  // Stride 1 and W_out = W: im2col copies all rows of a kernel entry at once (im2col.cpp).
  mytorch::Rng g(4);
  auto pick = [&](std::size_t lo, std::size_t hi) { return lo + g.below(hi - lo + 1); };
  for (int trial = 0; trial < 30; ++trial) {
    const std::size_t KW = 2 * pick(0, 2) + 1, pad_w = (KW - 1) / 2;  // W + 2·pad_w − KW + 1 = W
    const std::size_t C = pick(1, 3), H = pick(1, 7), W = pick(1, 7), pad_h = pick(0, 3);
    const Windows w({C, H, W}, pick(1, H + 2 * pad_h), KW, 1, pad_h, pad_w);
    CAPTURE(trial);
    REQUIRE(w.W_out == W);
    check_against_definition(w, 100 + trial);
  }
}
