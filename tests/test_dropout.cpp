// Tests of mytorch/nn/dropout.hpp: the mask's statistics and scaling, PyTorch's convention, the same
// mask in backward, repeatability from the seed, evaluation mode, the gradient check, errors.

#include "mytorch/nn/dropout.hpp"

#include <stdexcept>

#include "mytorch/testing/gradcheck.hpp"
#include "test_util.hpp"

using mytorch::real;
using mytorch::Tensor;
using mytorch::nn::Dropout;
using test::T;

TEST_CASE("dropout with p = 0.25 keeps three entries in four, scaled by 4/3") {
  mytorch::manual_seed(0);
  Dropout drop(0.25);
  const Tensor X = xt::ones<real>({200, 50});
  const Tensor Y = drop.forward(X);
  std::size_t kept = 0;
  for (real y : Y) {
    const bool zero = y == 0, scaled = std::abs(y - real(4.0 / 3)) < 1e-6;
    CHECK((zero || scaled));
    kept += scaled;
  }
  // 10 000 Bernoulli(0.75) draws: the standard deviation of the count is 43.
  CHECK(kept > 7500 - 200);
  CHECK(kept < 7500 + 200);
}

TEST_CASE("dropout scales kept entries and drops the rest exactly as PyTorch does") {
  // The masks come from different generators, so compare the entries by what each side did.
  const test::Golden golden("layers.json");
  int checked = 0;
  mytorch::manual_seed(11);
  for (const auto& c : golden.cases()) {
    if (c["layer"] != "Dropout") continue;
    CAPTURE(c["name"].get<std::string>());
    Dropout drop(c["p"].get<double>());
    const Tensor X = test::Golden::tensor(c["X"]), Y_torch = test::Golden::tensor(c["Y"]);
    const Tensor dLdX_torch = test::Golden::tensor(c["dLdX"]), kept = test::Golden::tensor(c["kept"]);
    const Tensor Y = drop.forward(X);
    const Tensor dLdX = drop.backward(test::Golden::tensor(c["dLdY"]));
    for (std::size_t k = 0; k < X.size(); ++k) {
      if (drop.mask.data()[k] == 0) {
        CHECK(Y.data()[k] == 0);
        CHECK(dLdX.data()[k] == 0);
      } else if (kept.data()[k] == 1) {  // both kept this entry: same value, same gradient
        CHECK(std::abs(Y.data()[k] - Y_torch.data()[k]) < test::tol(1e-12));
        CHECK(std::abs(dLdX.data()[k] - dLdX_torch.data()[k]) < test::tol(1e-12));
      }
    }
    drop.eval();
    CHECK_TENSOR_CLOSE(drop.forward(X), test::Golden::tensor(c["Y_eval"]), 0);
    ++checked;
  }
  CHECK(checked == 5);
}

TEST_CASE("dropout's backward uses the forward's mask, and the seed repeats the mask") {
  Dropout drop(0.5);
  const Tensor X = T({{1, 2, 3, 4}, {5, 6, 7, 8}});
  mytorch::manual_seed(42);
  const Tensor Y = drop.forward(X);
  const Tensor mask = drop.mask;
  CHECK_TENSOR_CLOSE(drop.backward(xt::ones_like(X)), mask, 0);
  CHECK_TENSOR_CLOSE(Y, X * mask, 0);
  mytorch::manual_seed(42);
  drop.forward(X);
  CHECK_TENSOR_CLOSE(drop.mask, mask, 0);
  drop.forward(X);  // the generator moved on: a new mask
  CHECK(test::max_abs_diff(drop.mask, mask) > 0);
}

TEST_CASE("dropout in evaluation mode, or with p = 0, is the identity both ways") {
  const Tensor X = T({{1, -2}, {3, 0.5}});
  Dropout drop(0.9);
  drop.eval();
  CHECK_TENSOR_CLOSE(drop.forward(X), X, 0);
  CHECK_TENSOR_CLOSE(drop.backward(T({{1, 2}, {3, 4}})), T({{1, 2}, {3, 4}}), 0);
  Dropout none(0.0);
  CHECK_TENSOR_CLOSE(none.forward(X), X, 0);
}

TEST_CASE("dropout passes the gradient check (the helper reseeds, so the mask repeats)") {
  for (auto [N, C] : {std::pair<std::size_t, std::size_t>{4, 5}, {1, 1}, {3, 1}}) {
    Dropout drop(0.3);
    const auto r = mytorch::testing::gradcheck(drop, xt::ones<real>({N, C}) * 0.7);
    CHECK_MESSAGE(r.ok, r.report);
  }
}

TEST_CASE("dropout rejects a p below 0 or not below 1, bad input and backward before forward") {
  CHECK_THROWS_WITH_AS(Dropout(1.0), "Dropout: p = 1.000000 is out of range (expected 0 <= p < 1)",
                       std::invalid_argument);
  CHECK_THROWS_AS(Dropout(-0.1), std::invalid_argument);
  CHECK_THROWS_AS(Dropout(NAN), std::invalid_argument);
  Dropout drop;
  CHECK(drop.p == 0.5);
  CHECK_THROWS_WITH_AS(drop.backward(T({{1}})), "Dropout::backward: called before forward",
                       std::logic_error);
  CHECK_THROWS_AS(drop.forward(Tensor({0, 3})), std::invalid_argument);
  CHECK_THROWS_AS(drop.forward(T({{INFINITY}})), std::invalid_argument);
  drop.forward(T({{1, 2}}));
  CHECK_THROWS_WITH_AS(drop.backward(T({{1, 2, 3}})),
                       "Dropout::backward: dLdY has shape (1, 3) but the mask has shape (1, 2); "
                       "they must match",
                       std::invalid_argument);
  drop.p = 2;
  CHECK_THROWS_WITH_AS(drop.forward(T({{1, 2}})),
                       "Dropout::forward: p = 2.000000 is out of range (expected 0 <= p < 1)",
                       std::invalid_argument);
}
