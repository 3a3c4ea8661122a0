// Tests of mytorch/nn/batchnorm.hpp: worked examples in both modes, PyTorch's values (course running
// statistics), the gradient check in both modes, N = 1, train()/eval() through Sequential, errors.

#include "mytorch/nn/batchnorm.hpp"

#include <cmath>
#include <stdexcept>

#include "mytorch/nn/dropout.hpp"
#include "mytorch/nn/linear.hpp"
#include "mytorch/nn/sequential.hpp"
#include "mytorch/testing/gradcheck.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::nn::BatchNorm1d;
using test::T;

namespace {
/// The worked example's layer: BW = [1, 2], Bb = [0.5, −1].
BatchNorm1d worked_layer() {
  BatchNorm1d bn(2);
  bn.BW = T({{1, 2}});
  bn.Bb = T({{0.5, -1}});
  return bn;
}
}  // namespace

TEST_CASE("a fresh BatchNorm1d has BW = 1, Bb = 0, running_M = 0, running_V = 1, alpha = 0.9") {
  BatchNorm1d bn(3);
  CHECK_TENSOR_CLOSE(bn.BW, T({{1, 1, 1}}), 0);
  CHECK_TENSOR_CLOSE(bn.Bb, T({{0, 0, 0}}), 0);
  CHECK_TENSOR_CLOSE(bn.running_M, T({{0, 0, 0}}), 0);
  CHECK_TENSOR_CLOSE(bn.running_V, T({{1, 1, 1}}), 0);
  CHECK(bn.alpha == 0.9);
  CHECK(bn.eps == 1e-8);
  CHECK(bn.parameters().size() == 2);
  CHECK(bn.parameters()[0].value == &bn.BW);
  CHECK(bn.parameters()[1].grad == &bn.dLdBb);
}

TEST_CASE("batchnorm in training mode matches the worked example: BZ, running statistics, gradients") {
  // Column 0: M = 2, V = 1; column 1: M = 4, V = 4. So NZ = ±1 (to ε).
  BatchNorm1d bn = worked_layer();
  const Tensor BZ = bn.forward(T({{1, 2}, {1, 2}, {3, 6}, {3, 6}}));
  CHECK_TENSOR_CLOSE(BZ, T({{-0.5, -3}, {-0.5, -3}, {1.5, 1}, {1.5, 1}}), test::tol(1e-7));
  CHECK_TENSOR_CLOSE(bn.running_M, T({{0.2, 0.4}}), test::tol(1e-12));  // 0.9·0 + 0.1·M
  CHECK_TENSOR_CLOSE(bn.running_V, T({{1.0, 1.3}}), test::tol(1e-12));  // 0.9·1 + 0.1·V

  // Column 0: dLdV = 0.5, dLdM = −1; column 1: dLdV = −0.25, dLdM = −1.
  const Tensor dLdZ = bn.backward(T({{1, 0}, {0, 0}, {0, 0}, {0, 1}}));
  CHECK_TENSOR_CLOSE(dLdZ, T({{0.5, 0}, {-0.5, 0}, {0, -0.5}, {0, 0.5}}), test::tol(1e-7));
  CHECK_TENSOR_CLOSE(bn.dLdBW, T({{-1, 1}}), test::tol(1e-7));
  CHECK_TENSOR_CLOSE(bn.dLdBb, T({{1, 1}}), 0);
}

TEST_CASE("batchnorm in evaluation mode uses the running statistics and leaves them alone") {
  BatchNorm1d bn = worked_layer();
  bn.forward(T({{1, 2}, {1, 2}, {3, 6}, {3, 6}}));  // running_M = [0.2, 0.4], running_V = [1, 1.3]
  bn.eval();
  const Tensor BZ = bn.forward(T({{0.2, 1.4}}));
  CHECK_TENSOR_CLOSE(BZ, T({{0.5, 2 / std::sqrt(1.3) - 1}}), test::tol(1e-7));
  CHECK_TENSOR_CLOSE(bn.running_M, T({{0.2, 0.4}}), test::tol(1e-12));
  CHECK_TENSOR_CLOSE(bn.running_V, T({{1.0, 1.3}}), test::tol(1e-12));
  // M and V are constants now: dLdZ = dLdBZ ⊙ BW / √(running_V + ε).
  CHECK_TENSOR_CLOSE(bn.backward(T({{1, 1}})), T({{1, 2 / std::sqrt(1.3)}}), test::tol(1e-7));
  CHECK_TENSOR_CLOSE(bn.dLdBW, T({{0, 1 / std::sqrt(1.3)}}), test::tol(1e-7));
}

TEST_CASE("batchnorm matches PyTorch in both modes, with the course's running variance") {
  const test::Golden golden("layers.json");
  int checked = 0;
  for (const auto& c : golden.cases()) {
    if (c["layer"] != "BatchNorm1d") continue;
    CAPTURE(c["name"].get<std::string>());
    const Tensor Z = test::Golden::tensor(c["Z"]);
    BatchNorm1d bn(Z.shape(1), c["alpha"].get<double>());
    bn.BW = test::Golden::tensor(c["BW"]);
    bn.Bb = test::Golden::tensor(c["Bb"]);
    bn.forward(test::Golden::tensor(c["Z1"]));
    CHECK_TENSOR_CLOSE(bn.forward(Z), test::Golden::tensor(c["BZ"]), test::tol(1e-10));
    CHECK_TENSOR_CLOSE(bn.backward(test::Golden::tensor(c["dLdBZ"])), test::Golden::tensor(c["dLdZ"]),
                       test::tol(1e-8));
    CHECK_TENSOR_CLOSE(bn.dLdBW, test::Golden::tensor(c["dLdBW"]), test::tol(1e-10));
    CHECK_TENSOR_CLOSE(bn.dLdBb, test::Golden::tensor(c["dLdBb"]), test::tol(1e-12));
    CHECK_TENSOR_CLOSE(bn.running_M, test::Golden::tensor(c["running_M"]), test::tol(1e-12));
    CHECK_TENSOR_CLOSE(bn.running_V, test::Golden::tensor(c["running_V"]), test::tol(1e-12));

    bn.eval();
    CHECK_TENSOR_CLOSE(bn.forward(test::Golden::tensor(c["Z_eval"])),
                       test::Golden::tensor(c["BZ_eval"]), test::tol(1e-10));
    CHECK_TENSOR_CLOSE(bn.backward(test::Golden::tensor(c["dLdBZ_eval"])),
                       test::Golden::tensor(c["dLdZ_eval"]), test::tol(1e-10));
    CHECK_TENSOR_CLOSE(bn.dLdBW, test::Golden::tensor(c["dLdBW_eval"]), test::tol(1e-10));
    CHECK_TENSOR_CLOSE(bn.dLdBb, test::Golden::tensor(c["dLdBb_eval"]), test::tol(1e-12));
    ++checked;
  }
  CHECK(checked == 6);
}

TEST_CASE("batchnorm passes the gradient check for Z, BW and Bb in both modes") {
  for (auto [N, C] : {std::pair<std::size_t, std::size_t>{5, 3}, {2, 1}, {1, 4}, {8, 2}}) {
    CAPTURE(N);
    CAPTURE(C);
    BatchNorm1d bn(C);
    bn.BW = test::random_tensor(1, C, 10 + C, 2.0);
    bn.Bb = test::random_tensor(1, C, 20 + C, 2.0);
    bn.running_M = test::random_tensor(1, C, 30 + C, 2.0);
    bn.running_V = test::random_tensor(1, C, 40 + C, 2.0) + 2.5;
    const Tensor Z = test::random_tensor(N, C, 50 + N, 2.0);
    bn.train();
    auto r = mytorch::testing::gradcheck(bn, Z);
    CHECK_MESSAGE(r.ok, r.report);
    bn.eval();
    r = mytorch::testing::gradcheck(bn, Z);
    CHECK_MESSAGE(r.ok, r.report);
  }
}

TEST_CASE("batchnorm with one sample in training mode gives BZ = Bb and dLdZ = 0, all finite") {
  // V = 0, so NZ = 0 / √ε = 0: the output cannot depend on Z. PyTorch refuses N = 1; we follow the
  // course formula, which ε keeps finite.
  BatchNorm1d bn(3);
  bn.Bb = T({{0.5, -1, 2}});
  const Tensor BZ = bn.forward(T({{7, -3, 1e6}}));
  CHECK_TENSOR_CLOSE(BZ, T({{0.5, -1, 2}}), 0);
  CHECK_TENSOR_CLOSE(bn.backward(T({{1, 2, 3}})), T({{0, 0, 0}}), test::tol(1e-12));
  CHECK_TENSOR_CLOSE(bn.running_V, T({{0.9, 0.9, 0.9}}), test::tol(1e-12));
  // The bound scales with the entry 1e5: float32 keeps it only to about 1e-2.
  CHECK_TENSOR_CLOSE(bn.running_M, T({{0.7, -0.3, 1e5}}), 1e5 * test::tol(1e-14));
}

TEST_CASE("a Sequential's eval() and train() reach its BatchNorm1d and Dropout") {
  mytorch::manual_seed(3);
  mytorch::nn::Sequential model;
  model.add<mytorch::nn::Linear>(4, 3);
  auto& bn = model.add<BatchNorm1d>(3);
  auto& drop = model.add<mytorch::nn::Dropout>(0.5);
  const Tensor X = test::random_tensor(6, 4, 5, 2.0);

  model.eval();
  CHECK_FALSE(bn.is_training());
  CHECK_FALSE(drop.is_training());
  const Tensor Y1 = model.forward(X);
  const Tensor Y2 = model.forward(X);
  CHECK_TENSOR_CLOSE(Y1, Y2, 0);                      // no mask, no batch statistics
  CHECK_TENSOR_CLOSE(bn.running_M, T({{0, 0, 0}}), 0);  // evaluation leaves them alone
  CHECK_TENSOR_CLOSE(drop.mask, xt::ones_like(Y1), 0);

  model.train();
  CHECK(bn.is_training());
  CHECK(drop.is_training());
  const Tensor Y3 = model.forward(X);
  CHECK(test::max_abs_diff(Y3, Y1) > 0.1);
  CHECK(test::max_abs_diff(bn.running_M, T({{0, 0, 0}})) > 0);

  const auto buffers = model.buffers();
  REQUIRE(buffers.size() == 2);
  CHECK(buffers[0].name == "1.running_M");
  CHECK(buffers[1].value == &bn.running_V);
}

TEST_CASE("batchnorm rejects bad shapes, bad hyper-parameters and backward before forward") {
  CHECK_THROWS_WITH_AS(BatchNorm1d(0), "BatchNorm1d: num_features must be positive, got 0",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(BatchNorm1d(2, 1.5),
                       "BatchNorm1d: alpha = 1.500000 is out of range (expected 0 <= alpha <= 1)",
                       std::invalid_argument);
  BatchNorm1d bn(2);
  CHECK_THROWS_WITH_AS(bn.backward(T({{1, 2}})), "BatchNorm1d::backward: called before forward",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(bn.forward(T({{1, 2, 3}})),
                       "BatchNorm1d::forward: Z has shape (1, 3), expected (N, 2)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(bn.forward(Tensor({0, 2})),
                       "BatchNorm1d::forward: Z has shape (0, 2): the batch is empty (N = 0)",
                       std::invalid_argument);
  CHECK_THROWS_AS(bn.forward(T({{1, NAN}})), std::invalid_argument);
  bn.forward(T({{1, 2}, {3, 4}}));
  CHECK_THROWS_WITH_AS(bn.backward(T({{1, 2}})),
                       "BatchNorm1d::backward: dLdBZ has shape (1, 2) but BZ has shape (2, 2); "
                       "they must match",
                       std::invalid_argument);

  bn.eps = 0;
  CHECK_THROWS_WITH_AS(bn.forward(T({{1, 2}})),
                       "BatchNorm1d::forward: eps = 0.000000 is out of range (expected eps > 0)",
                       std::invalid_argument);
  bn.eps = 1e-8;
  bn.BW = T({{1, 2, 3}});
  CHECK_THROWS_WITH_AS(bn.forward(T({{1, 2}})),
                       "BatchNorm1d::forward: BW has shape (1, 3), expected (1, 2)",
                       std::invalid_argument);
  bn.BW = T({{1, 1}});
  bn.running_V = T({{1, -1}});
  bn.eval();
  CHECK_THROWS_WITH_AS(bn.forward(T({{1, 2}})),
                       "BatchNorm1d::forward: running_V has a negative entry", std::invalid_argument);
}
