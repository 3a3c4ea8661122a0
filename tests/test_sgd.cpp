// Tests of mytorch/optim/sgd.hpp: worked examples with and without momentum, torch.optim.SGD's
// values over several steps, updating a layer in place, and the errors.

#include "mytorch/optim/sgd.hpp"

#include <cmath>
#include <stdexcept>

#include "mytorch/nn/linear.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::nn::Parameter;
using mytorch::optim::SGD;
using test::Golden;
using test::T;

TEST_CASE("sgd without momentum takes W to W - lr * g") {
  Tensor W = T({{1, 2}}), dLdW = T({{0.5, -1}});
  SGD sgd({{"W", &W, &dLdW}}, 0.1);
  sgd.step();
  CHECK_TENSOR_CLOSE(W, T({{0.95, 2.1}}), test::tol(1e-12));
  sgd.step();
  CHECK_TENSOR_CLOSE(W, T({{0.9, 2.2}}), test::tol(1e-12));
  sgd.lr = 1;  // the learning rate may change between steps
  sgd.step();
  CHECK_TENSOR_CLOSE(W, T({{0.4, 3.2}}), test::tol(1e-12));
}

TEST_CASE("sgd with momentum accumulates v = mu * v + g from v = 0") {
  Tensor W = T({{1}}), dLdW = T({{1}});
  SGD sgd({{"W", &W, &dLdW}}, 0.1, 0.9);
  sgd.step();  // v = 1,    W = 1 − 0.1
  CHECK_TENSOR_CLOSE(W, T({{0.9}}), test::tol(1e-12));
  sgd.step();  // v = 1.9,  W = 0.9 − 0.19
  CHECK_TENSOR_CLOSE(W, T({{0.71}}), test::tol(1e-12));
  sgd.step();  // v = 2.71, W = 0.71 − 0.271
  CHECK_TENSOR_CLOSE(W, T({{0.439}}), test::tol(1e-12));
  CHECK_TENSOR_CLOSE(sgd.velocities()[0], T({{2.71}}), test::tol(1e-12));
}

TEST_CASE("sgd matches torch.optim.SGD over several steps, with and without momentum") {
  const Golden golden("core_sgd.json");
  for (const auto& c : golden.cases()) {
    CAPTURE(c["name"].get<std::string>());
    Tensor W = Golden::tensor(c["W"]), b = Golden::tensor(c["b"]);
    Tensor dLdW = xt::zeros_like(W), dLdb = xt::zeros_like(b);
    SGD sgd({{"W", &W, &dLdW}, {"b", &b, &dLdb}}, c["lr"], c["momentum"]);
    for (const auto& step : c["steps"]) {
      dLdW = Golden::tensor(step["dLdW"]);
      dLdb = Golden::tensor(step["dLdb"]);
      sgd.step();
      CHECK_TENSOR_CLOSE(W, Golden::tensor(step["W"]), test::tol(1e-6));
      CHECK_TENSOR_CLOSE(b, Golden::tensor(step["b"]), test::tol(1e-6));
    }
  }
}

TEST_CASE("sgd updates a layer's W and b in place from the gradients backward wrote") {
  mytorch::nn::Linear linear(3, 2);
  SGD sgd(linear.parameters(), 0.5);
  linear.forward(test::random_tensor(4, 3, 51));
  linear.backward(test::random_tensor(4, 2, 52));
  const Tensor W = linear.W, b = linear.b;
  sgd.step();
  CHECK_TENSOR_CLOSE(linear.W, Tensor(W - 0.5 * linear.dLdW), test::tol(1e-12));
  CHECK_TENSOR_CLOSE(linear.b, Tensor(b - 0.5 * linear.dLdb), test::tol(1e-12));
  CHECK(test::max_abs_diff(linear.W, W) > 0);
}

TEST_CASE("sgd rejects bad hyper-parameters and null tensors") {
  Tensor W = T({{1}}), dLdW = T({{1}});
  CHECK_THROWS_AS(SGD({{"W", &W, &dLdW}}, 0), std::invalid_argument);
  CHECK_THROWS_AS(SGD({{"W", &W, &dLdW}}, -0.1), std::invalid_argument);
  CHECK_THROWS_AS(SGD({{"W", &W, &dLdW}}, NAN), std::invalid_argument);
  CHECK_THROWS_AS(SGD({{"W", &W, &dLdW}}, 0.1, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(SGD({{"W", &W, &dLdW}}, 0.1, -0.5), std::invalid_argument);
  CHECK_THROWS_WITH_AS(SGD({{"W", &W, &dLdW}}, 0.1, INFINITY), "SGD: momentum = inf is out of range",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(SGD({{"W", &W, nullptr}}), "SGD: parameter 'W' has a null tensor",
                       std::invalid_argument);
}

TEST_CASE("sgd refuses to step after a parameter or its gradient was resized") {
  mytorch::nn::Linear linear(3, 2);
  SGD sgd(linear.parameters());
  linear.W = test::random_tensor(3, 3, 1);
  CHECK_THROWS_WITH_AS(
      sgd.step(),
      "SGD::step: parameter 'W' has shape (3, 3) but its optimizer state has shape (2, 3); they must match",
      std::invalid_argument);
  linear.W = test::random_tensor(2, 3, 1);
  linear.dLdb = test::random_tensor(1, 2, 1);
  CHECK_THROWS_WITH_AS(
      sgd.step(),
      "SGD::step: gradient of 'b' has shape (1, 2) but parameter 'b' has shape (2, 1); they must match",
      std::invalid_argument);
}
