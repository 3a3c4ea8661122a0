// Tests of mytorch/nn/linear.hpp: a worked example, PyTorch's values, the gradient check, the
// initialisation, parameters() and the errors.

#include "mytorch/nn/linear.hpp"

#include <array>
#include <cmath>
#include <stdexcept>

#include <xtensor/xmath.hpp>

#include "mytorch/testing/gradcheck.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::nn::Linear;
using test::Golden;
using test::T;

TEST_CASE("linear forward and backward match a worked example") {
  Linear linear(3, 2);
  linear.W = T({{1, 2, 3}, {4, 5, 6}});
  linear.b = T({{1}, {-1}});
  const Tensor A = T({{1, 0, -1}, {2, 1, 0}});

  // Z = A·Wᵀ + ι_N·bᵀ: row 1 is (1 − 3, 4 − 6) + (1, −1), row 2 is (2 + 2, 8 + 5) + (1, −1).
  CHECK_TENSOR_CLOSE(linear.forward(A), T({{-1, -3}, {5, 12}}), 1e-12);

  const Tensor dLdA = linear.backward(T({{1, 0}, {0, 2}}));
  CHECK_TENSOR_CLOSE(dLdA, T({{1, 2, 3}, {8, 10, 12}}), 1e-12);          // dLdZ·W
  CHECK_TENSOR_CLOSE(linear.dLdW, T({{1, 0, -1}, {4, 2, 0}}), 1e-12);    // dLdZᵀ·A
  CHECK_TENSOR_CLOSE(linear.dLdb, T({{1}, {2}}), 1e-12);                 // column sums of dLdZ
}

TEST_CASE("linear backward overwrites the gradients instead of adding to them") {
  Linear linear(2, 1);
  const Tensor A = T({{1, 2}});
  linear.forward(A);
  linear.backward(T({{3}}));
  linear.forward(A);
  linear.backward(T({{3}}));
  CHECK_TENSOR_CLOSE(linear.dLdW, T({{3, 6}}), 1e-12);
  CHECK_TENSOR_CLOSE(linear.dLdb, T({{3}}), 1e-12);
}

TEST_CASE("linear forward and backward match PyTorch for several shapes") {
  const Golden golden("core_linear.json");
  for (const auto& c : golden.cases()) {
    CAPTURE(c["name"].get<std::string>());
    const Tensor W = Golden::tensor(c["W"]);
    Linear linear(W.shape(1), W.shape(0));
    linear.W = W;
    linear.b = Golden::tensor(c["b"]);
    CHECK_TENSOR_CLOSE(linear.forward(Golden::tensor(c["A"])), Golden::tensor(c["Z"]), test::tol(1e-6));
    CHECK_TENSOR_CLOSE(linear.backward(Golden::tensor(c["dLdZ"])), Golden::tensor(c["dLdA"]),
                       test::tol(1e-6));
    CHECK_TENSOR_CLOSE(linear.dLdW, Golden::tensor(c["dLdW"]), test::tol(1e-6));
    CHECK_TENSOR_CLOSE(linear.dLdb, Golden::tensor(c["dLdb"]), test::tol(1e-6));
  }
}

TEST_CASE("linear passes the finite-difference gradient check for A, W and b") {
  for (auto [N, in, out] : {std::array<std::size_t, 3>{4, 3, 5}, {1, 1, 1}, {3, 6, 1}}) {
    CAPTURE(N);
    mytorch::manual_seed(N + in + out);
    Linear linear(in, out);
    const auto r = mytorch::testing::gradcheck(linear, test::random_tensor(N, in, 11));
    CHECK_MESSAGE(r.ok, r.report);
    CHECK(r.report.find("W (") != std::string::npos);  // every parameter was checked
    CHECK(r.report.find("b (") != std::string::npos);
  }
}

TEST_CASE("linear initialises W and b uniformly in ±1/sqrt(in), repeatably from the seed") {
  mytorch::manual_seed(3);
  const Linear linear(16, 64);
  const double bound = 1.0 / std::sqrt(16.0);
  CHECK(mytorch::shape_str(linear.W) == "(64, 16)");
  CHECK(mytorch::shape_str(linear.b) == "(64, 1)");
  for (const Tensor* t : {&linear.W, &linear.b}) {
    CHECK(xt::amax(*t)() < bound);
    CHECK(xt::amin(*t)() >= -bound);
  }
  // 1024 draws fill the range: not a narrower one, not all one sign.
  CHECK(xt::amax(linear.W)() > 0.9 * bound);
  CHECK(xt::amin(linear.W)() < -0.9 * bound);
  CHECK_TENSOR_CLOSE(linear.dLdW, xt::zeros<mytorch::real>({64, 16}), 0);

  // W is drawn first, row by row, then b, from the library's RNG.
  mytorch::manual_seed(3);
  const Linear same(16, 64);
  CHECK_TENSOR_CLOSE(same.W, linear.W, 0);
  CHECK_TENSOR_CLOSE(same.b, linear.b, 0);
  mytorch::manual_seed(3);
  CHECK(linear.W(0, 0) == static_cast<mytorch::real>(mytorch::rng().uniform(-bound, bound)));
  CHECK(linear.W(0, 1) == static_cast<mytorch::real>(mytorch::rng().uniform(-bound, bound)));
  mytorch::manual_seed(4);
  CHECK(test::max_abs_diff(Linear(16, 64).W, linear.W) > 0);
}

TEST_CASE("linear parameters are exactly W with dLdW and b with dLdb") {
  Linear linear(3, 2);
  const auto params = linear.parameters();
  REQUIRE(params.size() == 2);
  CHECK(params[0].name == "W");
  CHECK(params[0].value == &linear.W);
  CHECK(params[0].grad == &linear.dLdW);
  CHECK(params[1].name == "b");
  CHECK(params[1].value == &linear.b);
  CHECK(params[1].grad == &linear.dLdb);
  CHECK(linear.in_features() == 3);
  CHECK(linear.out_features() == 2);
}

TEST_CASE("linear rejects bad input with a message naming it") {
  CHECK_THROWS_AS(Linear(0, 3), std::invalid_argument);
  CHECK_THROWS_AS(Linear(3, 0), std::invalid_argument);

  Linear linear(3, 2);
  CHECK_THROWS_WITH_AS(linear.backward(T({{1, 2}})), "Linear::backward: called before forward",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(linear.forward(test::random_tensor(4, 5, 1)),
                       "Linear::forward: A has shape (4, 5), expected (N, 3)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(linear.forward(Tensor({0, 3})),
                       "Linear::forward: A has shape (0, 3): the batch is empty (N = 0)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(linear.forward(T({{1, NAN, 3}})),
                       "Linear::forward: A has a non-finite value nan at (0, 1)", std::invalid_argument);
  linear.forward(test::random_tensor(4, 3, 1));
  CHECK_THROWS(linear.forward(T({{1, 2, INFINITY}})));  // a rejected input is not kept for backward
  CHECK_THROWS_WITH_AS(linear.backward(test::random_tensor(1, 2, 1)),
                       "Linear::backward: called before forward", std::logic_error);

  linear.forward(test::random_tensor(4, 3, 1));
  CHECK_THROWS_WITH_AS(linear.backward(test::random_tensor(2, 2, 1)),
                       "Linear::backward: dLdZ has shape (2, 2), expected (4, 2)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(linear.backward(test::random_tensor(4, 3, 1)),
                       "Linear::backward: dLdZ has shape (4, 3), expected (4, 2)", std::invalid_argument);
}

TEST_CASE("linear refuses to run after W or b was resized from outside") {
  Linear linear(3, 2);
  const Tensor A = test::random_tensor(4, 3, 1);
  linear.forward(A);
  linear.W = test::random_tensor(3, 3, 2);
  CHECK_THROWS_WITH_AS(linear.forward(A), "Linear::forward: W has shape (3, 3), expected (2, 3)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(linear.backward(test::random_tensor(4, 2, 3)),
                       "Linear::backward: W has shape (3, 3), expected (2, 3)", std::invalid_argument);
  linear.W = test::random_tensor(2, 3, 2);
  linear.b = test::random_tensor(1, 2, 2);  // a row instead of a column
  CHECK_THROWS_WITH_AS(linear.forward(A), "Linear::forward: b has shape (1, 2), expected (2, 1)",
                       std::invalid_argument);
}

TEST_CASE("linear backward_parameters writes the same dLdW and dLdb as backward") {
  mytorch::manual_seed(3);
  Linear linear(4, 3);
  const Tensor A = test::random_tensor(5, 4, 61), dLdZ = test::random_tensor(5, 3, 62);
  linear.forward(A);
  linear.backward(dLdZ);
  const Tensor dLdW = linear.dLdW, dLdb = linear.dLdb;
  linear.dLdW.fill(7);
  linear.dLdb.fill(7);
  linear.backward_parameters(dLdZ);
  CHECK_TENSOR_CLOSE(linear.dLdW, dLdW, 0);
  CHECK_TENSOR_CLOSE(linear.dLdb, dLdb, 0);
  Linear fresh(4, 3);
  CHECK_THROWS_WITH_AS(fresh.backward_parameters(dLdZ), "Linear::backward: called before forward",
                       std::logic_error);
}
