// Tests of mytorch/nn/resample.hpp: worked examples, the course's definitions computed by PyTorch, the
// gradient check, Downsample undoing Upsample, geometry and errors.

#include "mytorch/nn/resample.hpp"

#include <cmath>
#include <stdexcept>

#include "mytorch/testing/gradcheck.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::nn::Downsample1d;
using mytorch::nn::Downsample2d;
using mytorch::nn::ImageShape;
using mytorch::nn::SignalShape;
using mytorch::nn::Upsample1d;
using mytorch::nn::Upsample2d;
using test::Golden;
using test::T;

TEST_CASE("upsampling puts factor − 1 zeros between entries and its backward reads them back") {
  Upsample1d up({2, 3}, 2);  // two channels of 3 → two channels of (3 − 1)·2 + 1 = 5
  CHECK(up.out_shape() == SignalShape{2, 5});
  CHECK_TENSOR_CLOSE(up.forward(T({{1, 2, 3, 4, 5, 6}})), T({{1, 0, 2, 0, 3, 4, 0, 5, 0, 6}}), 0);
  CHECK_TENSOR_CLOSE(up.backward(T({{1, 9, 2, 9, 3, 4, 9, 5, 9, 6}})), T({{1, 2, 3, 4, 5, 6}}), 0);

  Upsample2d up2d({1, 2, 2}, 3);  // 2×2 → 4×4
  CHECK(up2d.out_shape() == ImageShape{1, 4, 4});
  CHECK_TENSOR_CLOSE(up2d.forward(T({{1, 2, 3, 4}})),
                     T({{1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 4}}), 0);
  CHECK_TENSOR_CLOSE(up2d.backward(T({{1, 9, 9, 2, 9, 9, 9, 9, 9, 9, 9, 9, 3, 9, 9, 4}})),
                     T({{1, 2, 3, 4}}), 0);
}

TEST_CASE("downsampling keeps entries 0, factor, 2·factor, … and its backward puts zeros elsewhere") {
  Downsample1d down({1, 5}, 2);  // keeps 0, 2, 4: ⌈5/2⌉ = 3
  CHECK(down.out_shape() == SignalShape{1, 3});
  CHECK_TENSOR_CLOSE(down.forward(T({{1, 2, 3, 4, 5}})), T({{1, 3, 5}}), 0);
  CHECK_TENSOR_CLOSE(down.backward(T({{7, 8, 9}})), T({{7, 0, 8, 0, 9}}), 0);

  Downsample2d down2d({1, 3, 4}, 2);  // rows 0, 2 and columns 0, 2 of a 3×4 image
  CHECK(down2d.out_shape() == ImageShape{1, 2, 2});
  CHECK_TENSOR_CLOSE(down2d.forward(T({{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}})), T({{1, 3, 9, 11}}), 0);
  CHECK_TENSOR_CLOSE(down2d.backward(T({{1, 2, 3, 4}})), T({{1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0}}), 0);
}

TEST_CASE("resampling matches the course's definitions computed by PyTorch") {
  const Golden golden("conv.json");
  int checked = 0;
  for (const auto& c : golden.cases()) {
    const std::string layer = c["layer"];
    if (layer.find("sample") == std::string::npos) continue;
    CAPTURE(c["name"].get<std::string>());
    const std::size_t C = c["C"], W = c["W_in"], k = c["factor"];
    std::unique_ptr<mytorch::nn::Resample> resample;
    if (layer == "Upsample1d") resample = std::make_unique<Upsample1d>(SignalShape{C, W}, k);
    if (layer == "Downsample1d") resample = std::make_unique<Downsample1d>(SignalShape{C, W}, k);
    if (layer == "Upsample2d") resample = std::make_unique<Upsample2d>(ImageShape{C, c["H"], W}, k);
    if (layer == "Downsample2d") resample = std::make_unique<Downsample2d>(ImageShape{C, c["H"], W}, k);
    REQUIRE(resample);
    CHECK_TENSOR_CLOSE(resample->forward(Golden::tensor(c["A"])), Golden::tensor(c["Z"]), 0);
    CHECK_TENSOR_CLOSE(resample->backward(Golden::tensor(c["dLdZ"])), Golden::tensor(c["dLdA"]), 0);
    ++checked;
  }
  CHECK(checked == 16);
}

TEST_CASE("resampling passes the gradient check") {
  Upsample2d up({2, 3, 4}, 2);
  auto r = mytorch::testing::gradcheck(up, test::random_tensor(2, 24, 1));
  CHECK_MESSAGE(r.ok, r.report);
  Downsample2d down({2, 5, 4}, 3);
  r = mytorch::testing::gradcheck(down, test::random_tensor(2, 40, 2));
  CHECK_MESSAGE(r.ok, r.report);
  Upsample1d up1d({3, 4}, 3);
  r = mytorch::testing::gradcheck(up1d, test::random_tensor(2, 12, 3));
  CHECK_MESSAGE(r.ok, r.report);
  Downsample1d down1d({3, 7}, 2);
  r = mytorch::testing::gradcheck(down1d, test::random_tensor(2, 21, 4));
  CHECK_MESSAGE(r.ok, r.report);
}

TEST_CASE("downsampling undoes upsampling by the same factor") {
  for (std::size_t k : {1, 2, 3}) {
    Upsample2d up({2, 3, 5}, k);
    Downsample2d down(up.out_shape(), k);
    CHECK(down.out_shape() == up.in_shape());
    const Tensor A = test::random_tensor(2, 30, k);
    CHECK_TENSOR_CLOSE(down.forward(up.forward(A)), A, 0);
  }
}

TEST_CASE("resampling layers describe their factor and the shapes in and out, a signal's as C×W") {
  CHECK(Upsample2d({3, 4, 4}, 2).describe() == "Upsample2d(factor 2) 3×4×4 → 3×7×7");
  CHECK(Downsample2d({4, 7, 9}, 4).describe() == "Downsample2d(factor 4) 4×7×9 → 4×2×3");
  CHECK(Upsample1d({3, 4}, 2).describe() == "Upsample1d(factor 2) 3×4 → 3×7");
  CHECK(Downsample1d({2, 7}, 3).describe() == "Downsample1d(factor 3) 2×7 → 2×3");
  CHECK(Downsample2d({1, 3, 3}, 1).describe() == "Downsample2d(factor 1) 1×3×3");  // nothing changes
  CHECK(Upsample2d({3, 4, 4}, 2).output_geometry() == "3×7×7");
  CHECK(Downsample1d({2, 7}, 3).output_geometry() == "2×3");
}

TEST_CASE("resampling layers name themselves and refuse zeros, bad widths and early backward") {
  using E = std::invalid_argument;
  CHECK(Upsample1d({1, 2}, 2).name() == "Upsample1d");
  CHECK(Upsample2d({1, 2, 2}, 2).name() == "Upsample2d");
  CHECK(Downsample1d({1, 2}, 2).name() == "Downsample1d");
  CHECK(Downsample2d({1, 2, 2}, 2).name() == "Downsample2d");
  CHECK(Downsample2d({1, 2, 2}, 2).factor() == 2);
  CHECK(Downsample2d({4, 7, 9}, 4).out_shape() == ImageShape{4, 2, 3});  // ⌈7/4⌉, ⌈9/4⌉
  CHECK(Upsample1d({2, 1}, 5).out_shape() == SignalShape{2, 1});        // one entry: nothing between

  CHECK_THROWS_WITH_AS(Upsample1d({0, 2}, 2), "Upsample1d: in_shape (C, W) = (0, 2) has a zero", E);
  CHECK_THROWS_WITH_AS(Upsample1d({1, 2}, 0), "Upsample1d: factor must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(Upsample2d({1, 0, 2}, 2), "Upsample2d: in_shape (C, H, W) = (1, 0, 2) has a zero", E);
  CHECK_THROWS_WITH_AS(Upsample2d({1, 2, 2}, 0), "Upsample2d: factor must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(Downsample1d({1, 0}, 2), "Downsample1d: in_shape (C, W) = (1, 0) has a zero", E);
  CHECK_THROWS_WITH_AS(Downsample1d({1, 2}, 0), "Downsample1d: factor must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(Downsample2d({1, 2, 0}, 2), "Downsample2d: in_shape (C, H, W) = (1, 2, 0) has a zero", E);
  CHECK_THROWS_WITH_AS(Downsample2d({1, 2, 2}, 0), "Downsample2d: factor must be positive, got 0", E);

  Upsample2d up({1, 2, 2}, 2);
  CHECK_THROWS_WITH_AS(up.backward(test::random_tensor(1, 9, 1)), "Upsample2d::backward: called before forward",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(up.forward(test::random_tensor(3, 5, 1)),
                       "Upsample2d::forward: A has shape (3, 5), expected (N, 4)", E);
  CHECK_THROWS_WITH_AS(up.forward(T({{1, NAN, 3, 4}})),
                       "Upsample2d::forward: A has a non-finite value nan at (0, 1)", E);
  up.forward(test::random_tensor(3, 4, 1));
  CHECK_THROWS_WITH_AS(up.backward(test::random_tensor(3, 4, 1)),
                       "Upsample2d::backward: dLdZ has shape (3, 4), expected (3, 9)", E);
  Downsample1d down({2, 3}, 2);
  CHECK_THROWS_WITH_AS(down.forward(test::random_tensor(1, 5, 1)),
                       "Downsample1d::forward: A has shape (1, 5), expected (N, 6)", E);
  CHECK_THROWS_WITH_AS(down.backward(test::random_tensor(1, 4, 1)),
                       "Downsample1d::backward: called before forward", std::logic_error);
}
