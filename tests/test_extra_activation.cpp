// Tests of mytorch/nn/extra_activation.hpp: LeakyReLU, ELU, Softplus and Swish — worked examples,
// PyTorch's values, the gradient check (Swish's beta included), make_activation, and the errors.

#include "mytorch/nn/extra_activation.hpp"

#include <memory>
#include <stdexcept>

#include "mytorch/models/mlp.hpp"
#include "mytorch/testing/gradcheck.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using namespace mytorch::nn;
using test::T;

namespace {
/// A ones dLdA makes backward return f'(Z) itself.
Tensor derivative(Activation& act, const Tensor& Z) {
  act.forward(Z);
  return act.backward(xt::ones_like(Z));
}

std::unique_ptr<Activation> from_golden(const nlohmann::json& c) {
  const std::string layer = c["layer"];
  if (layer == "LeakyReLU") return std::make_unique<LeakyReLU>(c["negative_slope"].get<double>());
  if (layer == "ELU") return std::make_unique<ELU>(c["alpha"].get<double>());
  if (layer == "Softplus")
    return std::make_unique<Softplus>(c["beta"].get<double>(), c["threshold"].get<double>());
  if (layer == "Swish") return std::make_unique<Swish>(c["beta"][0][0].get<double>());
  return nullptr;
}
}  // namespace

TEST_CASE("LeakyReLU scales negative inputs by the slope, and so does its derivative (also at 0)") {
  LeakyReLU act(0.1);
  CHECK_TENSOR_CLOSE(act.forward(T({{-2, 0, 3}})), T({{-0.2, 0, 3}}), 1e-15);
  CHECK_TENSOR_CLOSE(derivative(act, T({{-2, 0, 3}})), T({{0.1, 0.1, 1}}), 0);
  CHECK(LeakyReLU().negative_slope == 0.01);
}

TEST_CASE("ELU gives α(e^z − 1) below zero with derivative α e^z, α at 0") {
  ELU act(0.5);
  CHECK_TENSOR_CLOSE(act.forward(T({{-1, 0, 2}})), T({{-0.31606028, 0, 2}}), test::tol(1e-8));
  CHECK_TENSOR_CLOSE(derivative(act, T({{-1, 0, 2}})), T({{0.18393972, 0.5, 1}}), test::tol(1e-8));
  CHECK_TENSOR_CLOSE(ELU().forward(T({{-1000}})), T({{-1}}), 0);  // no overflow either way
  CHECK_TENSOR_CLOSE(ELU().forward(T({{1000}})), T({{1000}}), 0);
}

TEST_CASE("Softplus gives log(1 + e^βz)/β, and the identity above its threshold as PyTorch") {
  Softplus act;
  CHECK_TENSOR_CLOSE(act.forward(T({{0, 21, -50}})), T({{0.69314718, 21, 1.9287498e-22}}),
                     test::tol(1e-8));
  CHECK_TENSOR_CLOSE(derivative(act, T({{0, 21}})), T({{0.5, 1}}), test::tol(1e-12));
  Softplus sharp(2, 20);
  CHECK_TENSOR_CLOSE(sharp.forward(T({{0, 1e6}})), T({{0.34657359, 1e6}}), test::tol(1e-8));
}

TEST_CASE("Swish with beta = 1 is SiLU: worked values of A, dLdZ and dLdbeta") {
  Swish act;
  CHECK_TENSOR_CLOSE(act.beta, T({{1}}), 0);
  CHECK_TENSOR_CLOSE(act.forward(T({{0, 1}})), T({{0, 0.73105858}}), test::tol(1e-8));
  // f'(1) = σ(1) + 1·a(1 − σ(1)); dLdbeta = Σ z² σ(z)(1 − σ(z)) = 0.19661193 with dLdA = 1
  CHECK_TENSOR_CLOSE(act.backward(T({{1, 1}})), T({{0.5, 0.92767051}}), test::tol(1e-8));
  CHECK_TENSOR_CLOSE(act.dLdbeta, T({{0.19661193}}), test::tol(1e-8));
  const auto params = act.parameters();
  REQUIRE(params.size() == 1);
  CHECK(params[0].name == "beta");
  CHECK(params[0].value == &act.beta);
  CHECK(params[0].grad == &act.dLdbeta);
}

TEST_CASE("LeakyReLU, ELU, Softplus and Swish match PyTorch on several shapes") {
  const test::Golden golden("layers.json");
  int checked = 0;
  for (const auto& c : golden.cases()) {
    auto act = from_golden(c);
    if (!act) continue;
    CAPTURE(c["name"].get<std::string>());
    CHECK_TENSOR_CLOSE(act->forward(test::Golden::tensor(c["Z"])), test::Golden::tensor(c["A"]),
                       test::tol(1e-12));
    CHECK_TENSOR_CLOSE(act->backward(test::Golden::tensor(c["dLdA"])),
                       test::Golden::tensor(c["dLdZ"]), test::tol(1e-12));
    if (c["layer"] == "Swish")
      CHECK_TENSOR_CLOSE(dynamic_cast<Swish&>(*act).dLdbeta, test::Golden::tensor(c["dLdbeta"]),
                         test::tol(1e-11));
    ++checked;
  }
  CHECK(checked == 5 * 9);
}

TEST_CASE("LeakyReLU, ELU, Softplus and Swish pass the gradient check (Swish's beta too)") {
  std::vector<std::unique_ptr<Activation>> acts;
  acts.push_back(std::make_unique<LeakyReLU>(0.2));
  acts.push_back(std::make_unique<ELU>(0.7));
  acts.push_back(std::make_unique<Softplus>(1.5, 4));
  acts.push_back(std::make_unique<Swish>(-0.8));
  for (auto& act : acts) {
    for (auto [N, C] : {std::pair<std::size_t, std::size_t>{4, 5}, {1, 1}, {1, 3}, {6, 1}}) {
      const auto r = mytorch::testing::gradcheck(*act, test::random_tensor(N, C, 9 + N * C, 4.0));
      CHECK_MESSAGE(r.ok, r.report);
    }
  }
}

TEST_CASE("LeakyReLU, ELU, Softplus and Swish given their own A as input act as on a copy of it") {
  const Tensor Z = test::random_tensor(4, 5, 3);
  LeakyReLU leaky(-0.5), leaky_twin(-0.5);  // a negative slope changes the sign: f' reads Z, not A
  test::check_own_output_as_input(leaky, leaky_twin, Z);
  ELU elu, elu_twin;
  test::check_own_output_as_input(elu, elu_twin, Z);
  Softplus softplus, softplus_twin;
  test::check_own_output_as_input(softplus, softplus_twin, Z);
  Swish swish(1.5), swish_twin(1.5);
  test::check_own_output_as_input(swish, swish_twin, Z);
}

TEST_CASE("make_activation knows leaky_relu, elu, softplus and swish") {
  using mytorch::models::make_activation;
  CHECK(make_activation("leaky_relu")->name() == "LeakyReLU");
  CHECK(make_activation("ELU")->name() == "ELU");
  CHECK(make_activation("softplus")->name() == "Softplus");
  auto swish = make_activation("swish");
  CHECK(swish->name() == "Swish");
  CHECK(swish->parameters().size() == 1);
}

TEST_CASE("the extra activations reject bad hyper-parameters, bad input and early backward") {
  CHECK_THROWS_WITH_AS(Softplus(0), "Softplus: beta = 0.000000 is out of range",
                       std::invalid_argument);
  CHECK_THROWS_AS(LeakyReLU(NAN), std::invalid_argument);
  CHECK_THROWS_AS(ELU{INFINITY}, std::invalid_argument);
  CHECK_THROWS_AS(Swish(NAN), std::invalid_argument);
  Swish swish;
  CHECK_THROWS_WITH_AS(swish.backward(T({{1}})), "Swish::backward: called before forward",
                       std::logic_error);
  swish.forward(T({{1, 2}}));
  CHECK_THROWS_WITH_AS(swish.backward(T({{1}})),
                       "Swish::backward: dLdA has shape (1, 1) but A has shape (1, 2); they must match",
                       std::invalid_argument);
  swish.beta = T({{1, 2}});
  CHECK_THROWS_WITH_AS(swish.forward(T({{1, 2}})),
                       "Swish::forward: beta has shape (1, 2), expected (1, 1)", std::invalid_argument);
  ELU elu;
  CHECK_THROWS_WITH_AS(elu.forward(T({{1, NAN}})),
                       "ELU::forward: Z has a non-finite value nan at (0, 1)", std::invalid_argument);
}
