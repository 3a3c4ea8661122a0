// Tests of mytorch/models/cnn.hpp: the layers a CNN is built of, the size of its features, its
// refusals, its gradient, and one training step of models::CNN itself against PyTorch.

#include "mytorch/models/cnn.hpp"

#include <stdexcept>

#include "mytorch/nn/loss.hpp"
#include "mytorch/optim/sgd.hpp"
#include "mytorch/testing/gradcheck.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::models::CNN;
using mytorch::models::MLPOptions;
using mytorch::nn::ImageShape;
using test::Golden;

TEST_CASE("a CNN is conv blocks Conv2d 3×3 padding 1 → activation → MaxPool2d 2×2, Flatten, then the MLP head") {
  CNN model({1, 28, 28}, {16, 32}, {128}, 10);
  CHECK(model.describe() ==
        "Sequential(Conv2d(1→16, 3×3, padding 1) 1×28×28 → 16×28×28, ReLU, "
        "MaxPool2d(2×2, stride 2) 16×28×28 → 16×14×14, "
        "Conv2d(16→32, 3×3, padding 1) 16×14×14 → 32×14×14, ReLU, "
        "MaxPool2d(2×2, stride 2) 32×14×14 → 32×7×7, Flatten, Linear(1568, 128), ReLU, Linear(128, 10))");
  CHECK(CNN::features_shape({1, 28, 28}, {16, 32}) == ImageShape{32, 7, 7});
  // Pooling floors an odd size; the head's blocks follow MLPOptions as an MLP's do.
  CNN odd({3, 9, 7}, {4}, {5}, 2, MLPOptions{"tanh", true, 0.5});
  CHECK(CNN::features_shape({3, 9, 7}, {4}) == ImageShape{4, 4, 3});
  CHECK(odd.describe() ==
        "Sequential(Conv2d(3→4, 3×3, padding 1) 3×9×7 → 4×9×7, Tanh, MaxPool2d(2×2, stride 2) 4×9×7 → 4×4×3, "
        "Flatten, Linear(48, 5), BatchNorm1d(5, alpha=0.9, eps=1e-08), Tanh, Dropout(p=0.5), Linear(5, 2))");
  CHECK(odd.forward(test::random_tensor(2, 3 * 9 * 7, 1)).shape(1) == 2);
}

TEST_CASE("a CNN refuses no conv block, an image with a zero, a zero channel count and an image too small") {
  using E = std::invalid_argument;
  CHECK_THROWS_WITH_AS(CNN({1, 8, 8}, {}, {4}, 2), "CNN: needs at least one conv block (channels, e.g. 16,32)", E);
  CHECK_THROWS_WITH_AS(CNN({1, 0, 8}, {4}, {4}, 2), "CNN: in_shape (C, H, W) = (1, 0, 8) has a zero", E);
  CHECK_THROWS_WITH_AS(CNN({1, 8, 8}, {4, 0}, {4}, 2), "CNN: a conv block's channels must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(CNN({1, 8, 8}, {4, 4, 4, 4}, {4}, 2),
                       "CNN: a 1×8×8 image is too small for 4 conv blocks (block 4 would pool a 4×1×1 image 2×2)", E);
}

// In float32 the check's step (1e-2) moves a pooling window's maximum to another entry now and then:
// the check runs in float64 only, where the step is 1e-6.
TEST_CASE("a CNN passes the gradient check for its input and every parameter" *
          doctest::skip(mytorch::testing::GradcheckOptions::kFloat32)) {
  // tanh, not ReLU: finite differences step over no kink (the pooling's maxima are distinct here).
  mytorch::manual_seed(4);
  CNN model({2, 5, 4}, {3}, {4}, 3, MLPOptions{"tanh"});
  const auto r = mytorch::testing::gradcheck(model, test::random_tensor(3, 2 * 5 * 4, 5));
  CHECK_MESSAGE(r.ok, r.report);
}

TEST_CASE("models::CNN takes one training step exactly as PyTorch: logits, loss, every gradient, the update") {
  // CNN({2, 8, 6}, {3, 4}, {7}, 4) and the same layers in torch, started from torch's parameters.
  const Golden golden("conv.json");
  const nlohmann::json* found = nullptr;
  for (const auto& c : golden.cases())
    if (c["layer"] == "models::CNN") found = &c;
  REQUIRE(found);
  const auto& c = *found;
  const auto& image = c["image"];
  CNN model({image[0].get<std::size_t>(), image[1].get<std::size_t>(), image[2].get<std::size_t>()},
            c["conv"].get<std::vector<std::size_t>>(), c["hidden"].get<std::vector<std::size_t>>(),
            c["classes"].get<std::size_t>());
  const std::vector<mytorch::nn::Parameter> params = model.parameters();  // W, b of each layer in order
  REQUIRE(params.size() == 2 * c["initial"].size());
  for (std::size_t k = 0; k < params.size(); ++k) {
    const auto& layer = c["initial"][k / 2][k % 2 ? "b" : "W"];
    REQUIRE(mytorch::shape_str(*params[k].value) == mytorch::shape_str(Golden::tensor(layer)));
    *params[k].value = Golden::tensor(layer);
  }
  const double tol = test::tol(1e-6);

  mytorch::nn::CrossEntropyLoss loss;
  const Tensor logits = model.forward(Golden::tensor(c["X"]));
  CHECK_TENSOR_CLOSE(logits, Golden::tensor(c["logits"]), tol);
  CHECK(test::close(loss.forward(logits, Golden::tensor(c["Y"])), c["loss"].get<double>(), tol));
  CHECK_TENSOR_CLOSE(model.backward(loss.backward()), Golden::tensor(c["dLdX"]), tol);
  for (std::size_t k = 0; k < params.size(); ++k) {
    CAPTURE(k);
    CHECK_TENSOR_CLOSE(*params[k].grad, Golden::tensor(c["gradients"][k / 2][k % 2 ? "b" : "W"]), tol);
  }

  mytorch::optim::SGD sgd(params, c["lr"].get<double>(), c["momentum"].get<double>());
  sgd.step();
  for (std::size_t k = 0; k < params.size(); ++k) {
    CAPTURE(k);
    CHECK_TENSOR_CLOSE(*params[k].value, Golden::tensor(c["final"][k / 2][k % 2 ? "b" : "W"]), tol);
  }
}
