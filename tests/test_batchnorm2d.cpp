// Tests of mytorch/nn/batchnorm2d.hpp: a worked example, BatchNorm1d over the pixels, PyTorch's values
// with the course's running statistics, the gradient check in both modes, errors.

#include "mytorch/nn/batchnorm2d.hpp"

#include <cmath>
#include <stdexcept>

#include "mytorch/testing/gradcheck.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::nn::BatchNorm1d;
using mytorch::nn::BatchNorm2d;
using mytorch::nn::ImageShape;
using test::Golden;
using test::T;

TEST_CASE("batchnorm2d normalises each channel over every image and position: a worked example") {
  // Two images of two channels of 1×2. Channel 0 holds 1 3 | 1 3: M = 2, V = 1; channel 1 holds
  // 0 0 | 4 4: M = 2, V = 4. So NZ = ±1 (to ε), and BZ = BW·NZ + Bb with BW = [1 2], Bb = [0 −1].
  BatchNorm2d bn({2, 1, 2});
  bn.BW = T({{1, 2}});
  bn.Bb = T({{0, -1}});
  const Tensor BZ = bn.forward(T({{1, 3, 0, 0}, {1, 3, 4, 4}}));
  CHECK_TENSOR_CLOSE(BZ, T({{-1, 1, -3, -3}, {-1, 1, 1, 1}}), test::tol(1e-7));
  CHECK_TENSOR_CLOSE(bn.running_M, T({{0.2, 0.2}}), test::tol(1e-12));  // 0.9·0 + 0.1·M
  CHECK_TENSOR_CLOSE(bn.running_V, T({{1.0, 1.3}}), test::tol(1e-12));  // 0.9·1 + 0.1·V (biased)
  // dLdBb sums each channel's upstream gradient over images and positions; dLdBW the same times NZ.
  bn.backward(T({{1, 0, 1, 0}, {0, 2, 0, 3}}));
  CHECK_TENSOR_CLOSE(bn.dLdBb, T({{3, 4}}), test::tol(1e-12));
  CHECK_TENSOR_CLOSE(bn.dLdBW, T({{1, 2}}), test::tol(1e-7));  // c0: −1 + 2; c1: −1 + 3
}

TEST_CASE("batchnorm2d is BatchNorm1d over the (N·H·W, C) matrix of pixels, in both modes") {
  const ImageShape in{3, 2, 4};
  BatchNorm2d bn2d(in, 0.8);
  BatchNorm1d bn1d(3, 0.8);
  bn2d.BW = bn1d.BW = test::random_tensor(1, 3, 1);
  bn2d.Bb = bn1d.Bb = test::random_tensor(1, 3, 2);
  const Tensor Z = test::random_tensor(2, in.size(), 3), dLdBZ = test::random_tensor(2, in.size(), 4);
  auto pixels = [&](const Tensor& images) {  // row (n·H + h)·W + w holds pixel (h, w) of image n
    Tensor P({2 * 8, std::size_t{3}});
    for (std::size_t n = 0; n < 2; ++n)
      for (std::size_t c = 0; c < 3; ++c)
        for (std::size_t p = 0; p < 8; ++p) P(n * 8 + p, c) = images(n, c * 8 + p);
    return P;
  };
  for (bool training : {true, false}) {
    CAPTURE(training);
    bn2d.train(training);
    bn1d.train(training);
    CHECK_TENSOR_CLOSE(pixels(bn2d.forward(Z)), bn1d.forward(pixels(Z)), test::tol(1e-14));
    CHECK_TENSOR_CLOSE(pixels(bn2d.backward(dLdBZ)), bn1d.backward(pixels(dLdBZ)), test::tol(1e-14));
    CHECK_TENSOR_CLOSE(bn2d.dLdBW, bn1d.dLdBW, test::tol(1e-14));
    CHECK_TENSOR_CLOSE(bn2d.dLdBb, bn1d.dLdBb, test::tol(1e-14));
    CHECK_TENSOR_CLOSE(bn2d.running_M, bn1d.running_M, test::tol(1e-14));
    CHECK_TENSOR_CLOSE(bn2d.running_V, bn1d.running_V, test::tol(1e-14));
  }
}

TEST_CASE("batchnorm2d matches PyTorch in both modes, with the course's running variance") {
  const Golden golden("conv.json");
  int checked = 0;
  for (const auto& c : golden.cases()) {
    if (c["layer"] != "BatchNorm2d") continue;
    CAPTURE(c["name"].get<std::string>());
    BatchNorm2d bn({c["C"], c["H"], c["W_in"]}, c["alpha"].get<double>());
    bn.BW = Golden::tensor(c["BW"]);
    bn.Bb = Golden::tensor(c["Bb"]);
    bn.forward(Golden::tensor(c["Z1"]));
    CHECK_TENSOR_CLOSE(bn.forward(Golden::tensor(c["Z"])), Golden::tensor(c["BZ"]), test::tol(1e-10));
    CHECK_TENSOR_CLOSE(bn.backward(Golden::tensor(c["dLdBZ"])), Golden::tensor(c["dLdZ"]), test::tol(1e-8));
    CHECK_TENSOR_CLOSE(bn.dLdBW, Golden::tensor(c["dLdBW"]), test::tol(1e-10));
    CHECK_TENSOR_CLOSE(bn.dLdBb, Golden::tensor(c["dLdBb"]), test::tol(1e-12));
    CHECK_TENSOR_CLOSE(bn.running_M, Golden::tensor(c["running_M"]), test::tol(1e-12));
    CHECK_TENSOR_CLOSE(bn.running_V, Golden::tensor(c["running_V"]), test::tol(1e-12));
    bn.eval();
    CHECK_TENSOR_CLOSE(bn.forward(Golden::tensor(c["Z_eval"])), Golden::tensor(c["BZ_eval"]), test::tol(1e-10));
    CHECK_TENSOR_CLOSE(bn.backward(Golden::tensor(c["dLdBZ_eval"])), Golden::tensor(c["dLdZ_eval"]),
                       test::tol(1e-10));
    CHECK_TENSOR_CLOSE(bn.dLdBW, Golden::tensor(c["dLdBW_eval"]), test::tol(1e-10));
    CHECK_TENSOR_CLOSE(bn.dLdBb, Golden::tensor(c["dLdBb_eval"]), test::tol(1e-12));
    ++checked;
  }
  CHECK(checked == 4);
}

TEST_CASE("batchnorm2d passes the gradient check for Z, BW and Bb in both modes") {
  BatchNorm2d bn({2, 3, 2});
  bn.BW = test::random_tensor(1, 2, 5, 2.0);
  bn.Bb = test::random_tensor(1, 2, 6, 2.0);
  bn.running_V = test::random_tensor(1, 2, 7, 1.0) + 2.0;
  const Tensor Z = test::random_tensor(3, 12, 8, 2.0);
  auto r = mytorch::testing::gradcheck(bn, Z);
  CHECK_MESSAGE(r.ok, r.report);
  bn.eval();
  r = mytorch::testing::gradcheck(bn, Z);
  CHECK_MESSAGE(r.ok, r.report);
}

TEST_CASE("batchnorm2d describes itself with BatchNorm1d's settings and its image shape") {
  CHECK(BatchNorm2d({16, 14, 14}).describe() == "BatchNorm2d(16, alpha=0.9, eps=1e-08) 16×14×14");
  BatchNorm2d bn({2, 3, 1}, 0.75);
  bn.eps = 1e-5;
  CHECK(bn.describe() == "BatchNorm2d(2, alpha=0.75, eps=1e-05) 2×3×1");
  CHECK(bn.output_geometry() == "2×3×1");
}

TEST_CASE("batchnorm2d has BatchNorm1d's parameters and buffers, and refuses bad input") {
  BatchNorm2d bn({3, 4, 5});
  CHECK(bn.name() == "BatchNorm2d");
  CHECK(bn.in_shape() == ImageShape{3, 4, 5});
  CHECK(bn.out_shape() == ImageShape{3, 4, 5});
  CHECK_TENSOR_CLOSE(bn.BW, T({{1, 1, 1}}), 0);
  CHECK_TENSOR_CLOSE(bn.running_V, T({{1, 1, 1}}), 0);
  CHECK(bn.alpha == 0.9);
  CHECK(bn.eps == 1e-8);
  const auto params = bn.parameters();
  REQUIRE(params.size() == 2);
  CHECK(params[0].value == &bn.BW);
  CHECK(params[0].grad == &bn.dLdBW);
  CHECK(params[1].value == &bn.Bb);
  CHECK(params[1].grad == &bn.dLdBb);
  const auto buffers = bn.buffers();
  REQUIRE(buffers.size() == 2);
  CHECK(buffers[0].value == &bn.running_M);
  CHECK(buffers[1].value == &bn.running_V);

  using E = std::invalid_argument;
  CHECK_THROWS_WITH_AS(BatchNorm2d({0, 4, 5}), "BatchNorm2d: in_shape (C, H, W) = (0, 4, 5) has a zero", E);
  CHECK_THROWS_WITH_AS(BatchNorm2d({2, 4, 0}), "BatchNorm2d: in_shape (C, H, W) = (2, 4, 0) has a zero", E);
  CHECK_THROWS_WITH_AS(BatchNorm2d({2, 1, 1}, 1.5),
                       "BatchNorm2d: alpha = 1.500000 is out of range (expected 0 <= alpha <= 1)", E);
  CHECK_THROWS_WITH_AS(bn.backward(test::random_tensor(2, 60, 1)), "BatchNorm2d::backward: called before forward",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(bn.forward(test::random_tensor(2, 59, 1)),
                       "BatchNorm2d::forward: Z has shape (2, 59), expected (N, 60)", E);
  Tensor bad = test::random_tensor(2, 60, 1);
  bad(1, 42) = NAN;
  CHECK_THROWS_WITH_AS(bn.forward(bad), "BatchNorm2d::forward: Z has a non-finite value nan at (1, 42)", E);
  bn.forward(test::random_tensor(2, 60, 1));
  CHECK_THROWS_WITH_AS(bn.backward(test::random_tensor(3, 60, 1)),
                       "BatchNorm2d::backward: dLdBZ has shape (3, 60), expected (2, 60)", E);
  bn.eps = 0;
  CHECK_THROWS_WITH_AS(bn.forward(test::random_tensor(2, 60, 1)),
                       "BatchNorm2d::forward: eps = 0.000000 is out of range (expected eps > 0)", E);
}
