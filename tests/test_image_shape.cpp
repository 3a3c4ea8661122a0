// Tests of mytorch/nn/image_shape.hpp: sizes, printing, comparison and the constructors' checks.

#include "mytorch/nn/image_shape.hpp"

#include <stdexcept>

#include "test_util.hpp"

using mytorch::nn::ImageShape;
using mytorch::nn::SignalShape;

TEST_CASE("signal and image shapes give their row width and print as C×W and C×H×W") {
  CHECK(SignalShape{3, 7}.size() == 21);
  CHECK(ImageShape{16, 28, 14}.size() == 16 * 28 * 14);
  CHECK(mytorch::nn::to_string(SignalShape{3, 7}) == "3×7");
  CHECK(mytorch::nn::to_string(ImageShape{1, 28, 28}) == "1×28×28");
  CHECK(ImageShape{1, 2, 3} == ImageShape{1, 2, 3});
  CHECK(ImageShape{1, 2, 3} != ImageShape{1, 3, 2});
  CHECK(SignalShape{1, 2} != SignalShape{2, 1});
  CHECK(mytorch::nn::to_string(ImageShape{3, 1, 7}, true) == "3×7");  // a signal held as an image of height 1
  CHECK(mytorch::nn::to_string(ImageShape{3, 1, 7}, false) == "3×1×7");
}

TEST_CASE("describe_layer writes a layer's settings and the shapes in and out, once when they are the same") {
  using mytorch::nn::describe_layer;
  CHECK(describe_layer("Conv2d", "1→16, 3×3, padding 1", "1×28×28", "16×28×28") ==
        "Conv2d(1→16, 3×3, padding 1) 1×28×28 → 16×28×28");
  CHECK(describe_layer("BatchNorm2d", "16, alpha=0.9, eps=1e-08", "16×14×14", "16×14×14") ==
        "BatchNorm2d(16, alpha=0.9, eps=1e-08) 16×14×14");
}

TEST_CASE("the constructors' checks name the layer and the zero") {
  using mytorch::nn::check_no_zero;
  CHECK_NOTHROW(check_no_zero("Layer", ImageShape{1, 1, 1}));
  CHECK_THROWS_WITH_AS(check_no_zero("Layer", ImageShape{1, 1, 0}),
                       "Layer: in_shape (C, H, W) = (1, 1, 0) has a zero", std::invalid_argument);
  CHECK_THROWS_WITH_AS(check_no_zero("Layer", SignalShape{0, 4}), "Layer: in_shape (C, W) = (0, 4) has a zero",
                       std::invalid_argument);
  CHECK_NOTHROW(mytorch::nn::check_positive("Layer", "stride", 1));
  CHECK_THROWS_WITH_AS(mytorch::nn::check_positive("Layer", "stride", 0), "Layer: stride must be positive, got 0",
                       std::invalid_argument);
}
