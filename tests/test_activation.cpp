// Tests of mytorch/nn/activation.hpp: worked examples for each activation, PyTorch's values, the
// gradient check and the errors.

#include "mytorch/nn/activation.hpp"

#include <cmath>
#include <memory>
#include <stdexcept>

#include "mytorch/models/mlp.hpp"
#include "mytorch/testing/gradcheck.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::nn::Activation;
using test::Golden;
using test::T;

namespace {
const char* const kActivations[] = {"Identity", "Sigmoid", "Tanh", "ReLU", "GELU"};

std::unique_ptr<Activation> make(const std::string& name) {
  std::unique_ptr<mytorch::nn::Module> layer = mytorch::models::make_activation(name);
  auto* activation = dynamic_cast<Activation*>(layer.get());
  REQUIRE(activation != nullptr);
  layer.release();
  return std::unique_ptr<Activation>(activation);
}

/// forward(Z) must give A and backward(dLdA) must give dLdZ.
void check_example(Activation& f, const Tensor& Z, const Tensor& A, const Tensor& dLdA,
                   const Tensor& dLdZ, double tolerance) {
  CAPTURE(f.name());
  CHECK_TENSOR_CLOSE(f.forward(Z), A, tolerance);
  CHECK_TENSOR_CLOSE(f.A, A, tolerance);
  CHECK_TENSOR_CLOSE(f.backward(dLdA), dLdZ, tolerance);
}
}  // namespace

TEST_CASE("identity passes values and gradients through unchanged") {
  mytorch::nn::Identity f;
  check_example(f, T({{-2, 0, 3}}), T({{-2, 0, 3}}), T({{5, 6, 7}}), T({{5, 6, 7}}), 0);
}

TEST_CASE("relu zeroes negatives and its derivative at exactly 0 is 0") {
  mytorch::nn::ReLU f;
  check_example(f, T({{-2, 0, 3}, {0.5, -0.5, 0}}), T({{0, 0, 3}, {0.5, 0, 0}}),
                T({{5, 6, 7}, {1, 2, 3}}), T({{0, 0, 7}, {1, 0, 0}}), 0);
}

TEST_CASE("sigmoid matches a worked example: sigma(0) = 1/2, sigma(ln 3) = 3/4") {
  mytorch::nn::Sigmoid f;
  // dLdZ = dLdA ⊙ a(1 − a): 4 · 1/4 = 1 and 16 · 3/16 = 3.
  check_example(f, T({{0, std::log(3.0)}}), T({{0.5, 0.75}}), T({{4, 16}}), T({{1, 3}}),
                test::tol(1e-12));
}

TEST_CASE("tanh matches a worked example: tanh(atanh(1/2)) = 1/2") {
  mytorch::nn::Tanh f;
  // dLdZ = dLdA ⊙ (1 − a²): 2 · 1 = 2 and 4 · 3/4 = 3.
  check_example(f, T({{0, std::atanh(0.5)}}), T({{0, 0.5}}), T({{2, 4}}), T({{2, 3}}),
                test::tol(1e-12));
}

TEST_CASE("gelu matches the exact erf form at 0 and ±1") {
  mytorch::nn::GELU f;
  // Φ(1) = 0.8413447460685429, φ(1) = 0.24197072451914337;
  // gelu(±1) = ±Φ(±1), gelu'(z) = Φ(z) + z φ(z), gelu'(0) = 1/2.
  check_example(f, T({{0, 1, -1}}), T({{0, 0.8413447460685429, -0.15865525393145707}}),
                T({{1, 1, 1}}), T({{0.5, 1.0833154705876864, -0.08331547058768653}}),
                test::tol(1e-12));
}

TEST_CASE("sigmoid and tanh stay finite and saturate at ±1000") {
  mytorch::nn::Sigmoid sigmoid;
  check_example(sigmoid, T({{-1000, 1000}}), T({{0, 1}}), T({{1, 1}}), T({{0, 0}}), 0);
  mytorch::nn::Tanh tanh;
  check_example(tanh, T({{-1000, 1000}}), T({{-1, 1}}), T({{1, 1}}), T({{0, 0}}), 0);
}

TEST_CASE("every activation matches PyTorch, including Z = 0 and N = 1, C = 1") {
  const Golden golden("core_activation.json");
  for (const auto& c : golden.cases()) {
    CAPTURE(c["name"].get<std::string>());
    auto f = make(c["activation"]);
    CHECK(f->name() == c["activation"].get<std::string>());
    check_example(*f, Golden::tensor(c["Z"]), Golden::tensor(c["A"]), Golden::tensor(c["dLdA"]),
                  Golden::tensor(c["dLdZ"]), test::tol(1e-6));
  }
}

TEST_CASE("every activation passes the finite-difference gradient check") {
  for (const char* name : kActivations) {
    CAPTURE(name);
    auto f = make(name);
    const auto r = mytorch::testing::gradcheck(*f, test::random_tensor(5, 4, 21));
    CHECK_MESSAGE(r.ok, r.report);
  }
}

TEST_CASE("every activation given its own A as input acts as on a copy of it") {
  for (const std::string name : kActivations) {
    CAPTURE(name);
    auto layer = make(name), twin = make(name);
    test::check_own_output_as_input(*layer, *twin, test::random_tensor(4, 5, 3));
  }
}

TEST_CASE("every activation rejects bad input with a message naming it") {
  for (const std::string name : kActivations) {
    CAPTURE(name);
    auto f = make(name);
    CHECK_THROWS_WITH_AS(f->backward(T({{1, 2}})), (name + "::backward: called before forward").c_str(),
                         std::logic_error);
    CHECK_THROWS_WITH_AS(f->forward(Tensor({0, 3})),
                         (name + "::forward: Z has shape (0, 3): the batch is empty (N = 0)").c_str(),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(f->forward(T({{1, 2}, {3, NAN}})),
                         (name + "::forward: Z has a non-finite value nan at (1, 1)").c_str(),
                         std::invalid_argument);
    f->forward(T({{1, 2, 3}, {4, 5, 6}}));
    CHECK_THROWS_WITH_AS(
        f->backward(T({{1, 2, 3}})),
        (name + "::backward: dLdA has shape (1, 3) but A has shape (2, 3); they must match").c_str(),
        std::invalid_argument);
  }
}
