// Tests of mytorch/nn/loss.hpp: worked examples, PyTorch's values, the gradient check, huge logits
// and the errors.

#include "mytorch/nn/loss.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "mytorch/testing/gradcheck.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::nn::CrossEntropyLoss;
using mytorch::nn::Loss;
using mytorch::nn::MSELoss;
using test::Golden;
using test::T;

TEST_CASE("mse loss matches a worked example") {
  MSELoss mse;
  // A − Y = [[0, 2], [3, 0]]: L = (4 + 9) / (N·C = 4), dLdA = 2 (A − Y) / 4.
  CHECK(mse.forward(T({{1, 2}, {3, 4}}), T({{1, 0}, {0, 4}})) == doctest::Approx(3.25));
  CHECK_TENSOR_CLOSE(mse.backward(), T({{0, 1}, {1.5, 0}}), 1e-12);
}

TEST_CASE("cross-entropy loss matches a worked example") {
  CrossEntropyLoss ce;
  // Row 1: softmax(0, 0) = (1/2, 1/2), true class 0: −log(1/2) = log 2.
  // Row 2: softmax(ln 3, 0) = (3/4, 1/4), true class 1: −log(1/4) = log 4. L = (log 2 + log 4) / 2.
  const double L = ce.forward(T({{0, 0}, {std::log(3.0), 0}}), T({{1, 0}, {0, 1}}));
  CHECK(L == doctest::Approx(1.5 * std::log(2.0)).epsilon(test::tol(1e-12)));
  // dLdA = (softmax(A) − Y) / N
  CHECK_TENSOR_CLOSE(ce.backward(), T({{-0.25, 0.25}, {0.375, -0.375}}), test::tol(1e-12));
}

TEST_CASE("cross-entropy loss stays finite at logits of ±1000") {
  CrossEntropyLoss ce;
  // softmax(1000, −1000) = (1, e^−2000): the loss of class 1 is 2000 exactly, not inf.
  const double L = ce.forward(T({{1000, -1000}, {-1000, 1000}}), T({{0, 1}, {0, 1}}));
  CHECK(L == doctest::Approx(1000.0));
  CHECK_TENSOR_CLOSE(ce.backward(), T({{0.5, -0.5}, {0, 0}}), 1e-12);
}

TEST_CASE("both losses match PyTorch, including N = 1, C = 1 and logits of ±1000") {
  const Golden golden("core_loss.json");
  MSELoss mse;
  CrossEntropyLoss ce;
  for (const auto& c : golden.cases()) {
    CAPTURE(c["name"].get<std::string>());
    Loss& loss = c["loss"] == "MSELoss" ? static_cast<Loss&>(mse) : ce;
    const double L = loss.forward(Golden::tensor(c["A"]), Golden::tensor(c["Y"]));
    CHECK_MESSAGE(test::close(L, c["L"].get<double>(), test::tol(1e-6)),
                  "L = " << L << ", PyTorch " << c["L"].get<double>());
    CHECK_TENSOR_CLOSE(loss.backward(), Golden::tensor(c["dLdA"]), test::tol(1e-6));
  }
}

TEST_CASE("both losses pass the finite-difference gradient check") {
  MSELoss mse;
  const auto r_mse = mytorch::testing::gradcheck(mse, test::random_tensor(4, 3, 31),
                                                 test::random_tensor(4, 3, 32));
  CHECK_MESSAGE(r_mse.ok, r_mse.report);
  CrossEntropyLoss ce;
  const Tensor Y = T({{0, 0, 1, 0}, {1, 0, 0, 0}, {0, 0, 0, 1}});
  const auto r_ce = mytorch::testing::gradcheck(ce, test::random_tensor(3, 4, 33), Y);
  CHECK_MESSAGE(r_ce.ok, r_ce.report);
}

TEST_CASE("both losses reject bad input with a message naming it") {
  MSELoss mse;
  CrossEntropyLoss ce;
  for (Loss* loss : {static_cast<Loss*>(&mse), static_cast<Loss*>(&ce)}) {
    const std::string name = loss->name();
    CAPTURE(name);
    const Tensor Y = T({{1, 0, 0}, {0, 1, 0}});
    CHECK_THROWS_WITH_AS(loss->backward(), (name + "::backward: called before forward").c_str(),
                         std::logic_error);
    CHECK_THROWS_WITH_AS(loss->forward(test::random_tensor(4, 3, 1), Y),
                         (name + "::forward: Y has shape (2, 3) but A has shape (4, 3); they must match").c_str(),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(loss->forward(test::random_tensor(2, 4, 1), Y),
                         (name + "::forward: Y has shape (2, 3) but A has shape (2, 4); they must match").c_str(),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(loss->forward(Tensor({0, 3}), Tensor({0, 3})),
                         (name + "::forward: A has shape (0, 3): the batch is empty (N = 0)").c_str(),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(loss->forward(T({{1, 2, 3}, {4, 5, NAN}}), Y),
                         (name + "::forward: A has a non-finite value nan at (1, 2)").c_str(),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(loss->forward(T({{1, 2, 3}, {4, 5, 6}}), T({{1, 0, 0}, {0, INFINITY, 0}})),
                         (name + "::forward: Y has a non-finite value inf at (1, 1)").c_str(),
                         std::invalid_argument);
  }
}

TEST_CASE("cross-entropy loss rejects targets that are not one-hot") {
  CrossEntropyLoss ce;
  const Tensor A = test::random_tensor(2, 3, 1);
  const char* const expected =
      "CrossEntropyLoss::forward: Y row 1 is not one-hot (expected one 1 and 2 zeros over C = 3 classes)";
  CHECK_THROWS_WITH_AS(ce.forward(A, T({{1, 0, 0}, {0.5, 0.5, 0}})), expected, std::invalid_argument);
  CHECK_THROWS_WITH_AS(ce.forward(A, T({{1, 0, 0}, {1, 1, 0}})), expected, std::invalid_argument);
  CHECK_THROWS_WITH_AS(ce.forward(A, T({{1, 0, 0}, {0, 0, 0}})), expected, std::invalid_argument);
  CHECK_THROWS_WITH_AS(ce.forward(A, T({{1, 0, 0}, {0, -1, 2}})), expected, std::invalid_argument);
}
