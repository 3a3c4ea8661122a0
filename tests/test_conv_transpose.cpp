// Tests of mytorch/nn/conv_transpose.hpp: a worked example, the course's definition (upsample, then
// convolve) computed by PyTorch, equality with its two layers run one after the other, the gradient
// check, geometry and errors.

#include "mytorch/nn/conv_transpose.hpp"

#include <cmath>
#include <stdexcept>

#include "mytorch/testing/gradcheck.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::nn::ConvTranspose1d;
using mytorch::nn::ConvTranspose2d;
using mytorch::nn::ImageShape;
using mytorch::nn::SignalShape;
using test::Golden;
using test::T;

TEST_CASE("conv_transpose1d upsamples, then convolves: a worked example") {
  // A = [1 2 3], factor 2 → U = [1 0 2 0 3]; kernel W = [1 1], b = 0 → Z = [1 2 2 3].
  ConvTranspose1d layer({1, 3}, 1, 2, 2);
  layer.W = T({{1, 1}});
  layer.b = T({{0}});
  CHECK(layer.out_shape() == SignalShape{1, 4});  // (3 − 1)·2 − 2 + 2
  CHECK_TENSOR_CLOSE(layer.forward(T({{1, 2, 3}})), T({{1, 2, 2, 3}}), 1e-12);
  // dLdZ = [1 2 3 4] → dLdU[x] = dLdZ[x − 1] + dLdZ[x] = [1 3 5 7 4]; dLdA = dLdU at 0, 2, 4.
  CHECK_TENSOR_CLOSE(layer.backward(T({{1, 2, 3, 4}})), T({{1, 5, 4}}), 1e-12);
  CHECK_TENSOR_CLOSE(layer.dLdW, T({{1 + 6, 4 + 12}}), 1e-12);  // Σ_w dLdZ[w]·U[w + j]
  CHECK_TENSOR_CLOSE(layer.dLdb, T({{10}}), 1e-12);
}

TEST_CASE("conv_transpose1d and 2d match the course's definition computed by PyTorch") {
  const Golden golden("conv.json");
  int checked = 0;
  for (const auto& c : golden.cases()) {
    const std::string layer = c["layer"];
    if (layer != "ConvTranspose1d" && layer != "ConvTranspose2d") continue;
    CAPTURE(c["name"].get<std::string>());
    const std::size_t C = c["C"], C_out = c["C_out"], K = c["K"], k = c["factor"], W = c["W_in"];
    std::unique_ptr<mytorch::nn::ConvTranspose> conv;
    if (layer == "ConvTranspose1d")
      conv = std::make_unique<ConvTranspose1d>(SignalShape{C, W}, C_out, K, k);
    else
      conv = std::make_unique<ConvTranspose2d>(ImageShape{C, c["H"], W}, C_out, K, k);
    conv->W = Golden::tensor(c["W"]);
    conv->b = Golden::tensor(c["b"]);
    CHECK_TENSOR_CLOSE(conv->forward(Golden::tensor(c["A"])), Golden::tensor(c["Z"]), test::tol(1e-12));
    CHECK_TENSOR_CLOSE(conv->backward(Golden::tensor(c["dLdZ"])), Golden::tensor(c["dLdA"]),
                       test::tol(1e-12));
    CHECK_TENSOR_CLOSE(conv->dLdW, Golden::tensor(c["dLdW"]), test::tol(1e-12));
    CHECK_TENSOR_CLOSE(conv->dLdb, Golden::tensor(c["dLdb"]), test::tol(1e-12));
    ++checked;
  }
  CHECK(checked == 8);
}

TEST_CASE("conv_transpose2d gives the numbers of Upsample2d followed by a stride-1 Conv2d") {
  mytorch::manual_seed(4);
  ConvTranspose2d layer({2, 3, 4}, 3, 3, 2);
  mytorch::nn::Upsample2d up({2, 3, 4}, 2);
  mytorch::nn::Conv2d conv(up.out_shape(), 3, 3);
  conv.W = layer.W;
  conv.b = layer.b;
  CHECK(conv.out_shape() == layer.out_shape());
  const Tensor A = test::random_tensor(2, 24, 1), dLdZ = test::random_tensor(2, layer.out_shape().size(), 2);
  CHECK_TENSOR_CLOSE(layer.forward(A), conv.forward(up.forward(A)), 0);
  CHECK_TENSOR_CLOSE(layer.backward(dLdZ), up.backward(conv.backward(dLdZ)), 0);
  CHECK_TENSOR_CLOSE(layer.dLdW, conv.dLdW, 0);
  CHECK_TENSOR_CLOSE(layer.dLdb, conv.dLdb, 0);
  // backward_parameters writes the same parameter gradients.
  layer.dLdW.fill(7);
  layer.backward_parameters(dLdZ);
  CHECK_TENSOR_CLOSE(layer.dLdW, conv.dLdW, 0);
}

TEST_CASE("conv_transpose passes the gradient check for A, W and b") {
  mytorch::manual_seed(5);
  ConvTranspose2d layer({2, 3, 3}, 2, 2, 2);
  auto r = mytorch::testing::gradcheck(layer, test::random_tensor(2, 18, 3));
  CHECK_MESSAGE(r.ok, r.report);
  ConvTranspose1d layer1d({3, 4}, 2, 3, 3);
  r = mytorch::testing::gradcheck(layer1d, test::random_tensor(2, 12, 4));
  CHECK_MESSAGE(r.ok, r.report);
  CHECK(r.report.find("W (") != std::string::npos);
  CHECK(r.report.find("b (") != std::string::npos);
}

TEST_CASE("conv_transpose has its convolution's parameters, initialisation and geometry") {
  mytorch::manual_seed(6);
  ConvTranspose2d layer({4, 5, 6}, 8, 3, 2);
  CHECK(layer.name() == "ConvTranspose2d");
  CHECK(layer.in_shape() == ImageShape{4, 5, 6});
  CHECK(layer.out_shape() == ImageShape{8, 7, 9});  // (5 − 1)·2 − 3 + 2, (6 − 1)·2 − 3 + 2
  CHECK(layer.upsampling_factor() == 2);
  CHECK(mytorch::shape_str(layer.W) == "(8, 36)");
  const auto params = layer.parameters();
  REQUIRE(params.size() == 2);
  CHECK(params[0].value == &layer.W);
  CHECK(params[1].grad == &layer.dLdb);
  const double bound = 1.0 / std::sqrt(4.0 * 3 * 3);
  mytorch::manual_seed(6);
  CHECK(layer.W(0, 0) == static_cast<mytorch::real>(mytorch::rng().uniform(-bound, bound)));
  const ConvTranspose1d layer1d({2, 4}, 3, 2, 3);
  CHECK(layer1d.name() == "ConvTranspose1d");
  CHECK(layer1d.in_shape() == SignalShape{2, 4});
  CHECK(layer1d.out_shape() == SignalShape{3, 9});  // (4 − 1)·3 − 2 + 2
}

TEST_CASE("conv_transpose describes its channels, kernel and upsampling, and the shapes in and out") {
  CHECK(ConvTranspose2d({4, 5, 6}, 8, 3, 2).describe() == "ConvTranspose2d(4→8, 3×3, upsampling 2) 4×5×6 → 8×7×9");
  CHECK(ConvTranspose1d({2, 4}, 3, 2, 3).describe() == "ConvTranspose1d(2→3, kernel 2, upsampling 3) 2×4 → 3×9");
  CHECK(ConvTranspose2d({4, 5, 6}, 8, 3, 2).output_geometry() == "8×7×9");
  CHECK(ConvTranspose1d({2, 4}, 3, 2, 3).output_geometry() == "3×9");
}

TEST_CASE("conv_transpose refuses zeros, kernels larger than the upsampled input and bad input") {
  using E = std::invalid_argument;
  CHECK_THROWS_WITH_AS(ConvTranspose2d({0, 2, 2}, 1, 2, 2),
                       "ConvTranspose2d: in_shape (C, H, W) = (0, 2, 2) has a zero", E);
  CHECK_THROWS_WITH_AS(ConvTranspose2d({1, 2, 2}, 0, 2, 2), "ConvTranspose2d: out_channels must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(ConvTranspose2d({1, 2, 2}, 1, 0, 2), "ConvTranspose2d: kernel_size must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(ConvTranspose2d({1, 2, 2}, 1, 2, 0),
                       "ConvTranspose2d: upsampling_factor must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(ConvTranspose2d({1, 2, 3}, 1, 5, 3),
                       "ConvTranspose2d: kernel_size 5 is larger than the upsampled input 4×7 (2×3 upsampled by 3)", E);
  CHECK_NOTHROW(ConvTranspose2d({1, 2, 3}, 1, 4, 3));
  CHECK_THROWS_WITH_AS(ConvTranspose1d({1, 0}, 1, 2, 2), "ConvTranspose1d: in_shape (C, W) = (1, 0) has a zero", E);
  CHECK_THROWS_WITH_AS(ConvTranspose1d({1, 2}, 0, 2, 2), "ConvTranspose1d: out_channels must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(ConvTranspose1d({1, 2}, 1, 0, 2), "ConvTranspose1d: kernel_size must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(ConvTranspose1d({1, 2}, 1, 2, 0),
                       "ConvTranspose1d: upsampling_factor must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(ConvTranspose1d({1, 2}, 1, 4, 2),
                       "ConvTranspose1d: kernel_size 4 is larger than the upsampled input width 3 (2 upsampled by 2)", E);

  ConvTranspose2d layer({1, 2, 2}, 1, 2, 2);
  CHECK_THROWS_WITH_AS(layer.backward(test::random_tensor(1, 4, 1)),
                       "ConvTranspose2d::backward: called before forward", std::logic_error);
  CHECK_THROWS_WITH_AS(layer.forward(test::random_tensor(1, 9, 1)),
                       "ConvTranspose2d::forward: A has shape (1, 9), expected (N, 4)", E);
  CHECK_THROWS_WITH_AS(layer.forward(T({{1, 2, INFINITY, 4}})),
                       "ConvTranspose2d::forward: A has a non-finite value inf at (0, 2)", E);
  layer.forward(test::random_tensor(2, 4, 1));
  CHECK_THROWS_WITH_AS(layer.backward(test::random_tensor(2, 3, 1)),
                       "ConvTranspose2d::backward: dLdZ has shape (2, 3), expected (2, 4)", E);
  ConvTranspose1d layer1d({2, 2}, 1, 2, 2);
  CHECK_THROWS_WITH_AS(layer1d.forward(test::random_tensor(1, 3, 1)),
                       "ConvTranspose1d::forward: A has shape (1, 3), expected (N, 4)", E);
}
