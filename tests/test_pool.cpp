// Tests of mytorch/nn/pool.hpp: worked examples (ties included), PyTorch's max_pool2d and avg_pool2d,
// the literal loops of mytorch/testing/conv_reference.hpp on random shapes, the gradient check, errors.

#include "mytorch/nn/pool.hpp"

#include <cmath>
#include <stdexcept>

#include <xtensor/xmath.hpp>

#include "mytorch/testing/conv_reference.hpp"
#include "mytorch/testing/gradcheck.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::nn::ImageShape;
using mytorch::nn::MaxPool2d;
using mytorch::nn::MeanPool2d;
using test::Golden;
using test::T;

namespace {
// One 4×4 channel: windows of 2×2 with stride 2 are the four quadrants.
//   1 3 | 2 0
//   4 2 | 2 1
//   ----+----
//   0 0 | 5 6
//   1 0 | 7 6
const Tensor kImage = T({{1, 3, 2, 0, 4, 2, 2, 1, 0, 0, 5, 6, 1, 0, 7, 6}});
}  // namespace

TEST_CASE("max pooling matches a worked example and sends each gradient to the first maximum") {
  MaxPool2d pool({1, 4, 4}, 2, 2);
  CHECK(pool.out_shape() == ImageShape{1, 2, 2});
  CHECK_TENSOR_CLOSE(pool.forward(kImage), T({{4, 2, 1, 7}}), 0);
  // The top-right quadrant has two 2s: the first in row-major order (row 0) takes the gradient.
  CHECK_TENSOR_CLOSE(pool.backward(T({{10, 20, 30, 40}})),
                     T({{0, 0, 20, 0, 10, 0, 0, 0, 0, 0, 0, 0, 30, 0, 40, 0}}), 0);
  // A window of equal values gives it to its first entry.
  MaxPool2d zeros({1, 2, 2}, 2, 2);
  zeros.forward(T({{0, 0, 0, 0}}));
  CHECK_TENSOR_CLOSE(zeros.backward(T({{1}})), T({{1, 0, 0, 0}}), 0);
}

TEST_CASE("mean pooling matches a worked example and shares each gradient equally") {
  MeanPool2d pool({1, 4, 4}, 2, 2);
  CHECK_TENSOR_CLOSE(pool.forward(kImage), T({{2.5, 1.25, 0.25, 6}}), test::tol(1e-15));
  CHECK_TENSOR_CLOSE(pool.backward(T({{4, 8, 12, 16}})),
                     T({{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}}), test::tol(1e-15));
}

TEST_CASE("overlapping windows (stride below the kernel) add their gradients") {
  // The 3×3 image [0 1 0; 0 0 0; 0 0 0] with K = 2, stride 1: the 1 is the maximum of both top
  // windows; the bottom two windows are all zeros and give theirs to their first entries.
  MaxPool2d pool({1, 3, 3}, 2, 1);
  CHECK_TENSOR_CLOSE(pool.forward(T({{0, 1, 0, 0, 0, 0, 0, 0, 0}})), T({{1, 1, 0, 0}}), 0);
  CHECK_TENSOR_CLOSE(pool.backward(T({{1, 2, 3, 4}})), T({{0, 3, 0, 3, 4, 0, 0, 0, 0}}), 0);
  MeanPool2d mean({1, 3, 3}, 2, 1);
  mean.forward(T({{0, 1, 0, 0, 0, 0, 0, 0, 0}}));
  CHECK_TENSOR_CLOSE(mean.backward(T({{4, 4, 4, 4}})), T({{1, 2, 1, 2, 4, 2, 1, 2, 1}}), 0);
}

TEST_CASE("max and mean pooling match PyTorch's max_pool2d and avg_pool2d") {
  const Golden golden("conv.json");
  int checked = 0;
  for (const auto& c : golden.cases()) {
    const std::string layer = c["layer"];
    if (layer != "MaxPool2d" && layer != "MeanPool2d") continue;
    CAPTURE(c["name"].get<std::string>());
    const ImageShape in{c["C"], c["H"], c["W_in"]};
    const std::size_t K = c["K"], s = c["stride"];
    std::unique_ptr<mytorch::nn::Pool2d> pool;
    if (layer == "MaxPool2d")
      pool = std::make_unique<MaxPool2d>(in, K, s);
    else
      pool = std::make_unique<MeanPool2d>(in, K, s);
    CHECK_TENSOR_CLOSE(pool->forward(Golden::tensor(c["A"])), Golden::tensor(c["Z"]), test::tol(1e-14));
    CHECK_TENSOR_CLOSE(pool->backward(Golden::tensor(c["dLdZ"])), Golden::tensor(c["dLdA"]),
                       test::tol(1e-14));
    ++checked;
  }
  CHECK(checked == 14);
}

TEST_CASE("pooling equals the literal loops on random shapes") {
  mytorch::Rng g(11);
  auto pick = [&](std::size_t lo, std::size_t hi) { return lo + g.below(hi - lo + 1); };
  for (int trial = 0; trial < 30; ++trial) {
    const ImageShape in{pick(1, 3), pick(1, 8), pick(1, 8)};
    const std::size_t K = pick(1, std::min(in.H, in.W)), s = pick(1, 3), N = pick(1, 3);
    CAPTURE(trial);
    // Small integers make ties common, which the first-maximum rule must settle as the loops do.
    Tensor A = test::random_tensor(N, in.size(), 600 + trial);
    if (trial % 2) A = xt::round(A);
    const Tensor dLdZ_shape = MaxPool2d(in, K, s).forward(A);
    const Tensor dLdZ = test::random_tensor(N, dLdZ_shape.shape(1), 700 + trial);
    MaxPool2d max_pool(in, K, s);
    CHECK_TENSOR_CLOSE(max_pool.forward(A), mytorch::testing::max_pool2d_forward(A, in, K, s), 0);
    CHECK_TENSOR_CLOSE(max_pool.backward(dLdZ), mytorch::testing::max_pool2d_backward(A, in, dLdZ, K, s),
                       test::tol(1e-14));
    MeanPool2d mean_pool(in, K, s);
    CHECK_TENSOR_CLOSE(mean_pool.forward(A), mytorch::testing::mean_pool2d_forward(A, in, K, s),
                       test::tol(1e-14));
    CHECK_TENSOR_CLOSE(mean_pool.backward(dLdZ), mytorch::testing::mean_pool2d_backward(in, dLdZ, K, s),
                       test::tol(1e-14));
  }
}

TEST_CASE("max and mean pooling pass the gradient check") {
  // Random inputs have no ties, where max pooling has no derivative.
  for (auto [K, s] : {std::pair<std::size_t, std::size_t>{2, 2}, {3, 1}, {2, 3}}) {
    CAPTURE(K);
    MaxPool2d max_pool({2, 7, 6}, K, s);
    auto r = mytorch::testing::gradcheck(max_pool, test::random_tensor(3, 84, 12));
    CHECK_MESSAGE(r.ok, r.report);
    MeanPool2d mean_pool({2, 7, 6}, K, s);
    r = mytorch::testing::gradcheck(mean_pool, test::random_tensor(3, 84, 13));
    CHECK_MESSAGE(r.ok, r.report);
  }
}

TEST_CASE("pooling layers report their geometry and have no parameters") {
  MaxPool2d pool({16, 28, 28}, 2, 2);
  CHECK(pool.name() == "MaxPool2d");
  CHECK(pool.in_shape() == ImageShape{16, 28, 28});
  CHECK(pool.out_shape() == ImageShape{16, 14, 14});
  CHECK(pool.kernel_size() == 2);
  CHECK(pool.stride() == 2);
  CHECK(pool.parameters().empty());
  MeanPool2d mean({3, 7, 5}, 3, 2);
  CHECK(mean.name() == "MeanPool2d");
  CHECK(mean.out_shape() == ImageShape{3, 3, 2});  // (7 − 3)/2 + 1, (5 − 3)/2 + 1
}

TEST_CASE("pooling layers describe their window and stride, and the shapes in and out") {
  CHECK(MaxPool2d({16, 28, 28}, 2, 2).describe() == "MaxPool2d(2×2, stride 2) 16×28×28 → 16×14×14");
  CHECK(MeanPool2d({3, 7, 5}, 3, 2).describe() == "MeanPool2d(3×3, stride 2) 3×7×5 → 3×3×2");
  CHECK(MeanPool2d({3, 7, 5}, 3, 2).output_geometry() == "3×3×2");
}

TEST_CASE("pooling refuses zeros, kernels larger than the input and bad input") {
  using E = std::invalid_argument;
  CHECK_THROWS_WITH_AS(MaxPool2d({2, 0, 4}, 2, 2), "MaxPool2d: in_shape (C, H, W) = (2, 0, 4) has a zero", E);
  CHECK_THROWS_WITH_AS(MaxPool2d({2, 4, 4}, 0, 2), "MaxPool2d: kernel_size must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(MaxPool2d({2, 4, 4}, 2, 0), "MaxPool2d: stride must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(MaxPool2d({2, 4, 2}, 3, 1), "MaxPool2d: kernel_size 3 is larger than the input 4×2", E);
  CHECK_THROWS_WITH_AS(MeanPool2d({0, 4, 4}, 2, 2), "MeanPool2d: in_shape (C, H, W) = (0, 4, 4) has a zero", E);
  CHECK_THROWS_WITH_AS(MeanPool2d({1, 4, 4}, 0, 2), "MeanPool2d: kernel_size must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(MeanPool2d({1, 4, 4}, 2, 0), "MeanPool2d: stride must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(MeanPool2d({1, 2, 4}, 3, 1), "MeanPool2d: kernel_size 3 is larger than the input 2×4", E);

  MaxPool2d pool({1, 4, 4}, 2, 2);
  CHECK_THROWS_WITH_AS(pool.backward(T({{1, 2, 3, 4}})), "MaxPool2d::backward: called before forward",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(pool.forward(test::random_tensor(2, 15, 1)),
                       "MaxPool2d::forward: A has shape (2, 15), expected (N, 16)", E);
  Tensor bad = kImage;
  bad(0, 5) = NAN;
  CHECK_THROWS_WITH_AS(pool.forward(bad), "MaxPool2d::forward: A has a non-finite value nan at (0, 5)", E);
  bad(0, 5) = -INFINITY;  // not a maximum, but an input all the same
  CHECK_THROWS_WITH_AS(pool.forward(bad), "MaxPool2d::forward: A has a non-finite value -inf at (0, 5)", E);
  // Windows that leave the last row and column unread (5×5, 2×2, stride 2): checked all the same.
  MaxPool2d partial({1, 5, 5}, 2, 2);
  Tensor unread = test::random_tensor(1, 25, 3);
  unread(0, 24) = NAN;
  CHECK_THROWS_WITH_AS(partial.forward(unread), "MaxPool2d::forward: A has a non-finite value nan at (0, 24)", E);
  MaxPool2d gaps({1, 5, 5}, 1, 2);  // stride above the kernel: every other entry unread
  unread(0, 24) = 0;
  unread(0, 1) = INFINITY;
  CHECK_THROWS_WITH_AS(gaps.forward(unread), "MaxPool2d::forward: A has a non-finite value inf at (0, 1)", E);
  pool.forward(kImage);
  CHECK_THROWS_WITH_AS(pool.backward(T({{1, 2, 3}})),
                       "MaxPool2d::backward: dLdZ has shape (1, 3), expected (1, 4)", E);
  MeanPool2d mean({1, 4, 4}, 2, 2);
  CHECK_THROWS_WITH_AS(mean.backward(T({{1, 2, 3, 4}})), "MeanPool2d::backward: called before forward",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(mean.forward(test::random_tensor(2, 17, 1)),
                       "MeanPool2d::forward: A has shape (2, 17), expected (N, 16)", E);
}
