// Tests of mytorch/nn/conv.hpp: worked examples, PyTorch's values, the gradient check, the fast path
// against the literal sums (mytorch/testing/conv_reference.hpp), the strided convolution as Downsample
// after a stride-1 one, initialisation, parameters, errors, and a small CNN trained two steps as PyTorch.

#include "mytorch/nn/conv.hpp"

#include <cmath>
#include <stdexcept>

#include <xtensor/xmath.hpp>

#include "mytorch/nn/activation.hpp"
#include "mytorch/nn/flatten.hpp"
#include "mytorch/nn/linear.hpp"
#include "mytorch/nn/loss.hpp"
#include "mytorch/nn/pool.hpp"
#include "mytorch/nn/resample.hpp"
#include "mytorch/nn/sequential.hpp"
#include "mytorch/optim/sgd.hpp"
#include "mytorch/testing/conv_reference.hpp"
#include "mytorch/testing/gradcheck.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::nn::Conv1d;
using mytorch::nn::Conv2d;
using mytorch::nn::ImageShape;
using mytorch::nn::SignalShape;
using test::Golden;
using test::T;

namespace {
std::size_t size_of(const nlohmann::json& c, const char* key) { return c[key].get<std::size_t>(); }
}  // namespace

TEST_CASE("conv1d forward and backward match a worked example") {
  // One channel A = [1 2 3 4 5], kernel W = [1 2 −1], b = 1, stride 1: Z[w] = 1 + A[w] + 2A[w+1] − A[w+2].
  Conv1d conv({1, 5}, 1, 3);
  conv.W = T({{1, 2, -1}});
  conv.b = T({{1}});
  CHECK_TENSOR_CLOSE(conv.forward(T({{1, 2, 3, 4, 5}})), T({{3, 5, 7}}), 1e-12);

  // dLdZ = [1 0 −1]: dLdb = 1 + 0 − 1; dLdW[j] = Σ_w dLdZ[w]·A[w + j] = A[j] − A[j + 2];
  // dLdA[x] = Σ_w W[x − w]·dLdZ[w]: each window hands back its kernel times its gradient.
  const Tensor dLdA = conv.backward(T({{1, 0, -1}}));
  CHECK_TENSOR_CLOSE(dLdA, T({{1, 2, -2, -2, 1}}), 1e-12);
  CHECK_TENSOR_CLOSE(conv.dLdW, T({{-2, -2, -2}}), 1e-12);
  CHECK_TENSOR_CLOSE(conv.dLdb, T({{0}}), 1e-12);
}

TEST_CASE("conv1d with two channels, stride 2 and padding 1 matches a worked example") {
  // A = [1 2 3 4 | 0 1 0 1], padded: [0 1 2 3 4 0 | 0 0 1 0 1 0]; W = [1 0 −1 | 2 1 0], b = 0.
  // Windows start at 0 and 2 of the padded signal: Z[0] = (0 − 2) + (0 + 0 + 0) = −2,
  // Z[1] = (2 − 4) + (2 + 0 + 0) = 0.
  Conv1d conv({2, 4}, 1, 3, 2, 1);
  conv.W = T({{1, 0, -1, 2, 1, 0}});
  conv.b = T({{0}});
  CHECK(conv.out_shape() == SignalShape{1, 2});
  CHECK_TENSOR_CLOSE(conv.forward(T({{1, 2, 3, 4, 0, 1, 0, 1}})), T({{-2, 0}}), 1e-12);
  // dLdZ = [1 1]: every padded position collects W from each window it is in (position 2 from both);
  // the padding's gradients are dropped. Padded dLdA: [1 0 0 0 −1 0 | 2 1 2 1 0 0].
  CHECK_TENSOR_CLOSE(conv.backward(T({{1, 1}})), T({{0, 0, 0, -1, 1, 2, 1, 0}}), 1e-12);
  CHECK_TENSOR_CLOSE(conv.dLdW, T({{2, 4, 6, 1, 0, 2}}), 1e-12);  // the two windows, added
}

TEST_CASE("conv2d forward and backward match a worked example") {
  // A = [1 2 0; 0 1 3; 2 1 0], W = [1 0; 0 −1], b = 1: Z[h, w] = 1 + A[h, w] − A[h + 1, w + 1].
  Conv2d conv({1, 3, 3}, 1, 2);
  conv.W = T({{1, 0, 0, -1}});
  conv.b = T({{1}});
  const Tensor A = T({{1, 2, 0, 0, 1, 3, 2, 1, 0}});
  CHECK(conv.out_shape() == ImageShape{1, 2, 2});
  CHECK_TENSOR_CLOSE(conv.forward(A), T({{1, 0, 0, 2}}), 1e-12);

  // dLdZ = [1 2; 0 −1]: dLdW[i, j] = Σ dLdZ[h, w]·A[h + i, w + j]; dLdA is dLdZ placed at (h, w)
  // times W[0, 0] = 1 plus dLdZ placed at (h + 1, w + 1) times W[1, 1] = −1.
  const Tensor dLdA = conv.backward(T({{1, 2, 0, -1}}));
  CHECK_TENSOR_CLOSE(dLdA, T({{1, 2, 0, 0, -2, -2, 0, 0, 1}}), 1e-12);
  CHECK_TENSOR_CLOSE(conv.dLdW, T({{4, -1, 1, 7}}), 1e-12);
  CHECK_TENSOR_CLOSE(conv.dLdb, T({{2}}), 1e-12);
}

TEST_CASE("conv1d and conv2d match PyTorch for several strides, paddings, kernels and channels") {
  const Golden golden("conv.json");
  int checked = 0;
  for (const auto& c : golden.cases()) {
    const std::string layer = c["layer"];
    if (layer != "Conv1d" && layer != "Conv2d") continue;
    CAPTURE(c["name"].get<std::string>());
    const std::size_t C = size_of(c, "C"), C_out = size_of(c, "C_out"), K = size_of(c, "K"),
                      s = size_of(c, "stride"), p = size_of(c, "padding");
    std::unique_ptr<mytorch::nn::Convolution> conv;
    if (layer == "Conv1d")
      conv = std::make_unique<Conv1d>(SignalShape{C, size_of(c, "W_in")}, C_out, K, s, p);
    else
      conv = std::make_unique<Conv2d>(ImageShape{C, size_of(c, "H"), size_of(c, "W_in")}, C_out, K, s, p);
    conv->W = Golden::tensor(c["W"]);
    conv->b = Golden::tensor(c["b"]);
    CHECK_TENSOR_CLOSE(conv->forward(Golden::tensor(c["A"])), Golden::tensor(c["Z"]), test::tol(1e-12));
    CHECK_TENSOR_CLOSE(conv->backward(Golden::tensor(c["dLdZ"])), Golden::tensor(c["dLdA"]),
                       test::tol(1e-12));
    CHECK_TENSOR_CLOSE(conv->dLdW, Golden::tensor(c["dLdW"]), test::tol(1e-12));
    CHECK_TENSOR_CLOSE(conv->dLdb, Golden::tensor(c["dLdb"]), test::tol(1e-12));
    ++checked;
  }
  CHECK(checked == 14);
}

TEST_CASE("conv1d and conv2d pass the gradient check for A, W and b") {
  struct Case {
    std::size_t N, C, H, W, C_out, K, s, p;
  };
  for (const Case& k : {Case{2, 2, 5, 6, 3, 3, 1, 1}, Case{1, 1, 4, 4, 1, 2, 2, 0},
                        Case{3, 3, 6, 5, 2, 3, 2, 2}, Case{2, 1, 1, 7, 2, 3, 2, 1}}) {
    CAPTURE(k.C);
    mytorch::manual_seed(k.N + k.C);
    Conv2d conv2d({k.C, k.H, k.W}, k.C_out, k.K, k.s, k.p);
    auto r = mytorch::testing::gradcheck(conv2d, test::random_tensor(k.N, k.C * k.H * k.W, 3));
    CHECK_MESSAGE(r.ok, r.report);
    Conv1d conv1d({k.C, k.W}, k.C_out, k.K, k.s, k.p);
    r = mytorch::testing::gradcheck(conv1d, test::random_tensor(k.N, k.C * k.W, 4));
    CHECK_MESSAGE(r.ok, r.report);
    CHECK(r.report.find("W (") != std::string::npos);  // every parameter was checked
    CHECK(r.report.find("b (") != std::string::npos);
  }
}

TEST_CASE("conv1d and conv2d (im2col and BLAS) equal the literal sums on random shapes") {
  mytorch::Rng g(5);
  auto pick = [&](std::size_t lo, std::size_t hi) { return lo + g.below(hi - lo + 1); };
  for (int trial = 0; trial < 40; ++trial) {
    const std::size_t N = pick(1, 3), C = pick(1, 3), H = pick(1, 8), W = pick(1, 9),
                      C_out = pick(1, 4), p = pick(0, 2), s = pick(1, 3);
    const std::size_t K = pick(1, std::min(H, W) + 2 * p);  // fits the padded image
    CAPTURE(trial);
    CAPTURE(N); CAPTURE(C); CAPTURE(H); CAPTURE(W); CAPTURE(C_out); CAPTURE(K); CAPTURE(s); CAPTURE(p);
    mytorch::manual_seed(100 + trial);
    Conv2d conv({C, H, W}, C_out, K, s, p);
    const Tensor A = test::random_tensor(N, C * H * W, 200 + trial);
    const Tensor Z = conv.forward(A);
    CHECK_TENSOR_CLOSE(Z, mytorch::testing::conv2d_forward(A, {C, H, W}, conv.W, conv.b, K, s, p),
                       test::tol(1e-12));
    const Tensor dLdZ = test::random_tensor(N, Z.shape(1), 300 + trial);
    const auto ref = mytorch::testing::conv2d_backward(A, {C, H, W}, conv.W, dLdZ, K, s, p);
    CHECK_TENSOR_CLOSE(conv.backward(dLdZ), ref.dLdA, test::tol(1e-12));
    CHECK_TENSOR_CLOSE(conv.dLdW, ref.dLdW, test::tol(1e-11));
    CHECK_TENSOR_CLOSE(conv.dLdb, ref.dLdb, test::tol(1e-11));

    const std::size_t K1 = pick(1, W + 2 * p);
    Conv1d conv1d({C, W}, C_out, K1, s, p);
    const Tensor A1 = test::random_tensor(N, C * W, 400 + trial);
    const Tensor Z1 = conv1d.forward(A1);
    CHECK_TENSOR_CLOSE(Z1, mytorch::testing::conv1d_forward(A1, {C, W}, conv1d.W, conv1d.b, K1, s, p),
                       test::tol(1e-12));
    const Tensor dLdZ1 = test::random_tensor(N, Z1.shape(1), 500 + trial);
    const auto ref1 = mytorch::testing::conv1d_backward(A1, {C, W}, conv1d.W, dLdZ1, K1, s, p);
    CHECK_TENSOR_CLOSE(conv1d.backward(dLdZ1), ref1.dLdA, test::tol(1e-12));
    CHECK_TENSOR_CLOSE(conv1d.dLdW, ref1.dLdW, test::tol(1e-11));
    CHECK_TENSOR_CLOSE(conv1d.dLdb, ref1.dLdb, test::tol(1e-11));
  }
}

TEST_CASE("a strided convolution equals Downsample after the stride-1 convolution, forward and backward") {
  // The course's definition of stride: convolve with stride 1, then keep every s-th output.
  struct Case {
    std::size_t C, H, W, C_out, K, s, p;
  };
  for (const Case& k : {Case{2, 7, 6, 3, 3, 2, 1}, Case{1, 9, 9, 2, 2, 3, 0}, Case{3, 5, 8, 2, 4, 2, 2}}) {
    CAPTURE(k.s);
    mytorch::manual_seed(k.K);
    Conv2d strided({k.C, k.H, k.W}, k.C_out, k.K, k.s, k.p);
    mytorch::nn::Sequential course;
    auto& conv = course.add<Conv2d>(ImageShape{k.C, k.H, k.W}, k.C_out, k.K, 1, k.p);
    auto& down = course.add<mytorch::nn::Downsample2d>(conv.out_shape(), k.s);
    CHECK(down.out_shape() == strided.out_shape());
    conv.W = strided.W;
    conv.b = strided.b;
    const Tensor A = test::random_tensor(3, k.C * k.H * k.W, 6);
    const Tensor Z = strided.forward(A);
    CHECK_TENSOR_CLOSE(course.forward(A), Z, test::tol(1e-12));
    const Tensor dLdZ = test::random_tensor(3, Z.shape(1), 7);
    CHECK_TENSOR_CLOSE(course.backward(dLdZ), strided.backward(dLdZ), test::tol(1e-12));
    CHECK_TENSOR_CLOSE(conv.dLdW, strided.dLdW, test::tol(1e-12));
    CHECK_TENSOR_CLOSE(conv.dLdb, strided.dLdb, test::tol(1e-12));

    Conv1d strided1d({k.C, k.W}, k.C_out, k.K, k.s, k.p);
    Conv1d conv1d({k.C, k.W}, k.C_out, k.K, 1, k.p);
    mytorch::nn::Downsample1d down1d(conv1d.out_shape(), k.s);
    conv1d.W = strided1d.W;
    conv1d.b = strided1d.b;
    const Tensor A1 = test::random_tensor(2, k.C * k.W, 8);
    const Tensor Z1 = strided1d.forward(A1);
    CHECK_TENSOR_CLOSE(down1d.forward(conv1d.forward(A1)), Z1, test::tol(1e-12));
    const Tensor dLdZ1 = test::random_tensor(2, Z1.shape(1), 9);
    CHECK_TENSOR_CLOSE(conv1d.backward(down1d.backward(dLdZ1)), strided1d.backward(dLdZ1),
                       test::tol(1e-12));
    CHECK_TENSOR_CLOSE(conv1d.dLdW, strided1d.dLdW, test::tol(1e-12));
  }
}

TEST_CASE("conv2d initialises W and b uniformly in ±1/sqrt(C_in·K·K) from the library's RNG") {
  mytorch::manual_seed(3);
  const Conv2d conv({4, 8, 8}, 32, 3);
  const double bound = 1.0 / std::sqrt(4.0 * 3 * 3);
  CHECK(mytorch::shape_str(conv.W) == "(32, 36)");
  CHECK(mytorch::shape_str(conv.b) == "(32, 1)");
  for (const Tensor* t : {&conv.W, &conv.b}) {
    CHECK(xt::amax(*t)() < bound);
    CHECK(xt::amin(*t)() >= -bound);
  }
  CHECK(xt::amax(conv.W)() > 0.9 * bound);  // 1152 draws fill the range
  CHECK(xt::amin(conv.W)() < -0.9 * bound);
  CHECK_TENSOR_CLOSE(conv.dLdW, xt::zeros<mytorch::real>({32, 36}), 0);
  // W first, row by row, then b.
  mytorch::manual_seed(3);
  CHECK(conv.W(0, 0) == static_cast<mytorch::real>(mytorch::rng().uniform(-bound, bound)));
  CHECK(conv.W(0, 1) == static_cast<mytorch::real>(mytorch::rng().uniform(-bound, bound)));

  mytorch::manual_seed(3);
  const Conv1d conv1d({2, 10}, 5, 4);
  const double bound1d = 1.0 / std::sqrt(2.0 * 4);
  CHECK(mytorch::shape_str(conv1d.W) == "(5, 8)");
  mytorch::manual_seed(3);
  CHECK(conv1d.W(0, 0) == static_cast<mytorch::real>(mytorch::rng().uniform(-bound1d, bound1d)));
  CHECK(xt::amax(xt::abs(conv1d.b))() < bound1d);
}

TEST_CASE("conv layers list W with dLdW and b with dLdb, and report their geometry") {
  Conv2d conv({3, 28, 20}, 16, 5, 2, 1);
  const auto params = conv.parameters();
  REQUIRE(params.size() == 2);
  CHECK(params[0].name == "W");
  CHECK(params[0].value == &conv.W);
  CHECK(params[0].grad == &conv.dLdW);
  CHECK(params[1].name == "b");
  CHECK(params[1].value == &conv.b);
  CHECK(params[1].grad == &conv.dLdb);
  CHECK(conv.name() == "Conv2d");
  CHECK(conv.in_shape() == ImageShape{3, 28, 20});
  CHECK(conv.out_shape() == ImageShape{16, 13, 9});  // (28 + 2 − 5)/2 + 1, (20 + 2 − 5)/2 + 1
  CHECK(conv.kernel_size() == 5);
  CHECK(conv.stride() == 2);
  CHECK(conv.padding() == 1);
  const Conv1d conv1d({2, 10}, 4, 3, 3, 2);
  CHECK(conv1d.name() == "Conv1d");
  CHECK(conv1d.out_shape() == SignalShape{4, 4});  // (10 + 4 − 3)/3 + 1
}

TEST_CASE("conv layers describe their channels, kernel, stride and padding, and the shapes in and out") {
  // Stride and padding show only when they are not 1 and 0; a signal's kernel is a width.
  CHECK(Conv2d({1, 28, 28}, 16, 3, 1, 1).describe() == "Conv2d(1→16, 3×3, padding 1) 1×28×28 → 16×28×28");
  CHECK(Conv2d({3, 28, 20}, 16, 5, 2, 1).describe() == "Conv2d(3→16, 5×5, stride 2, padding 1) 3×28×20 → 16×13×9");
  CHECK(Conv2d({2, 5, 5}, 4, 3).describe() == "Conv2d(2→4, 3×3) 2×5×5 → 4×3×3");
  CHECK(Conv1d({2, 10}, 4, 3, 3, 2).describe() == "Conv1d(2→4, kernel 3, stride 3, padding 2) 2×10 → 4×4");
  CHECK(Conv1d({1, 5}, 1, 3).describe() == "Conv1d(1→1, kernel 3) 1×5 → 1×3");
  CHECK(Conv2d({3, 28, 20}, 16, 5, 2, 1).output_geometry() == "16×13×9");
  CHECK(Conv1d({2, 10}, 4, 3, 3, 2).output_geometry() == "4×4");
}

TEST_CASE("conv backward overwrites the gradients, and backward_parameters writes the same ones") {
  mytorch::manual_seed(2);
  Conv2d conv({2, 5, 5}, 3, 3, 1, 1);
  const Tensor A = test::random_tensor(2, 50, 1), dLdZ = test::random_tensor(2, 75, 2);
  conv.forward(A);
  conv.backward(dLdZ);
  const Tensor dLdW = conv.dLdW, dLdb = conv.dLdb;
  conv.forward(A);
  conv.backward(dLdZ);
  CHECK_TENSOR_CLOSE(conv.dLdW, dLdW, 0);
  CHECK_TENSOR_CLOSE(conv.dLdb, dLdb, 0);
  conv.dLdW.fill(7);
  conv.dLdb.fill(7);
  conv.backward_parameters(dLdZ);
  CHECK_TENSOR_CLOSE(conv.dLdW, dLdW, 0);
  CHECK_TENSOR_CLOSE(conv.dLdb, dLdb, 0);
}

TEST_CASE("conv constructors refuse zeros and kernels larger than the padded input") {
  using E = std::invalid_argument;
  CHECK_THROWS_WITH_AS(Conv2d({1, 0, 5}, 2, 3), "Conv2d: in_shape (C, H, W) = (1, 0, 5) has a zero", E);
  CHECK_THROWS_WITH_AS(Conv2d({0, 5, 5}, 2, 3), "Conv2d: in_shape (C, H, W) = (0, 5, 5) has a zero", E);
  CHECK_THROWS_WITH_AS(Conv2d({1, 5, 5}, 0, 3), "Conv2d: out_channels must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(Conv2d({1, 5, 5}, 2, 0), "Conv2d: kernel_size must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(Conv2d({1, 5, 5}, 2, 3, 0), "Conv2d: stride must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(Conv2d({1, 2, 6}, 2, 5, 1, 1),
                       "Conv2d: kernel_size 5 is larger than the padded input 4×8 (2×6 with padding 1)", E);
  CHECK_NOTHROW(Conv2d({1, 2, 6}, 2, 4, 1, 1));  // exactly the padded height: one row of windows
  CHECK_THROWS_WITH_AS(Conv1d({2, 0}, 2, 3), "Conv1d: in_shape (C, W) = (2, 0) has a zero", E);
  CHECK_THROWS_WITH_AS(Conv1d({2, 5}, 0, 3), "Conv1d: out_channels must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(Conv1d({2, 5}, 1, 0), "Conv1d: kernel_size must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(Conv1d({2, 5}, 1, 3, 0), "Conv1d: stride must be positive, got 0", E);
  CHECK_THROWS_WITH_AS(Conv1d({2, 2}, 1, 5, 1, 1),
                       "Conv1d: kernel_size 5 is larger than the padded input width 4 (2 with padding 1)", E);
}

TEST_CASE("conv forward and backward refuse bad input with messages naming the layer") {
  Conv2d conv({1, 5, 5}, 2, 3);
  CHECK_THROWS_WITH_AS(conv.backward(test::random_tensor(2, 18, 1)), "Conv2d::backward: called before forward",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(conv.forward(test::random_tensor(2, 24, 1)),
                       "Conv2d::forward: A has shape (2, 24), expected (N, 25)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(conv.forward(Tensor({0, 25})),
                       "Conv2d::forward: A has shape (0, 25): the batch is empty (N = 0)", std::invalid_argument);
  Tensor bad = test::random_tensor(1, 25, 1);
  bad(0, 7) = NAN;
  CHECK_THROWS_WITH_AS(conv.forward(bad), "Conv2d::forward: A has a non-finite value nan at (0, 7)",
                       std::invalid_argument);
  CHECK_THROWS_AS(conv.backward(test::random_tensor(1, 18, 1)), std::logic_error);  // not kept

  conv.forward(test::random_tensor(2, 25, 1));
  CHECK_THROWS_WITH_AS(conv.backward(test::random_tensor(2, 19, 1)),
                       "Conv2d::backward: dLdZ has shape (2, 19), expected (2, 18)", std::invalid_argument);
  conv.W = test::random_tensor(2, 8, 2);
  CHECK_THROWS_WITH_AS(conv.forward(test::random_tensor(2, 25, 1)),
                       "Conv2d::forward: W has shape (2, 8), expected (2, 9)", std::invalid_argument);

  Conv1d conv1d({2, 4}, 1, 3);
  CHECK_THROWS_WITH_AS(conv1d.forward(test::random_tensor(3, 7, 1)),
                       "Conv1d::forward: A has shape (3, 7), expected (N, 8)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(conv1d.backward(test::random_tensor(3, 2, 1)), "Conv1d::backward: called before forward",
                       std::logic_error);
}

TEST_CASE("a small CNN takes two SGD steps exactly as PyTorch") {
  // Conv2d(1→3, 3×3, padding 1) → ReLU → MaxPool2d(2, 2) → Conv2d(3→4, 3×3, padding 1) → ReLU →
  // MaxPool2d(2, 2) → Flatten → Linear(16→8) → ReLU → Linear(8→3): the demo's CNN on 1×8×8 images.
  const Golden golden("conv.json");
  const nlohmann::json* found = nullptr;
  for (const auto& c : golden.cases())
    if (c["layer"] == "CNN") found = &c;
  REQUIRE(found);
  const auto& c = *found;
  using namespace mytorch::nn;
  Sequential model;
  auto& conv1 = model.add<Conv2d>(ImageShape{1, 8, 8}, 3, 3, 1, 1);
  model.add<ReLU>();
  auto& pool1 = model.add<MaxPool2d>(conv1.out_shape(), 2, 2);
  auto& conv2 = model.add<Conv2d>(pool1.out_shape(), 4, 3, 1, 1);
  model.add<ReLU>();
  auto& pool2 = model.add<MaxPool2d>(conv2.out_shape(), 2, 2);
  model.add<Flatten>();
  auto& fc1 = model.add<Linear>(pool2.out_shape().size(), 8);
  model.add<ReLU>();
  auto& fc2 = model.add<Linear>(8, 3);
  const std::vector<std::pair<Tensor*, Tensor*>> layers = {
      {&conv1.W, &conv1.b}, {&conv2.W, &conv2.b}, {&fc1.W, &fc1.b}, {&fc2.W, &fc2.b}};
  for (std::size_t k = 0; k < layers.size(); ++k) {
    *layers[k].first = Golden::tensor(c["initial"][k]["W"]);
    *layers[k].second = Golden::tensor(c["initial"][k]["b"]);
  }
  CrossEntropyLoss loss;
  mytorch::optim::SGD sgd(model.parameters(), c["lr"].get<double>(), c["momentum"].get<double>());
  for (std::size_t step = 0; step < 2; ++step) {
    const auto& batch = c["batches"][step];
    const double L = loss.forward(model.forward(Golden::tensor(batch["X"])), Golden::tensor(batch["Y"]));
    CHECK(test::close(L, c["losses"][step].get<double>(), test::tol(1e-10)));
    model.backward_parameters(loss.backward());
    sgd.step();
  }
  for (std::size_t k = 0; k < layers.size(); ++k) {
    CAPTURE(k);
    CHECK_TENSOR_CLOSE(*layers[k].first, Golden::tensor(c["final"][k]["W"]), test::tol(1e-6));
    CHECK_TENSOR_CLOSE(*layers[k].second, Golden::tensor(c["final"][k]["b"]), test::tol(1e-6));
  }
}
