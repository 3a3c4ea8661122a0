// Tests of apps/playground/sample.hpp: one sample's backward pass, in the writeup's names.

#include "sample.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "mytorch/nn/linear.hpp"
#include "mytorch/nn/loss.hpp"
#include "mytorch/nn/softmax.hpp"
#include "test_util.hpp"

using namespace mytorch;
using namespace mytorch::playground;

namespace {
std::unique_ptr<Run> trained(Settings s) {
  std::unique_ptr<Run> run = Run::make(s, nullptr);
  run->train(30, [] { return false; });
  return run;
}

Settings spiral() {
  Settings s;
  s.dataset = "spiral:points=40";
  s.hidden = {5, 4};
  return s;
}
}  // namespace

TEST_CASE("a sample's softmax backward is the writeup's: J from A, dLdA = −Y/A, dLdZ = dLdA·J = A − Y") {
  const std::unique_ptr<Run> run = trained(spiral());
  const SampleTrace t = trace_sample(*run, 100);  // a test sample: 96 training samples come first
  CHECK(t.test);
  CHECK(t.label == run->raw.test.labels[4]);
  const std::size_t C = 3, y = t.label;
  REQUIRE(t.J.shape() == std::array<std::size_t, 2>{C, C});
  nn::Softmax softmax;
  CHECK_TENSOR_CLOSE(t.A, softmax.forward(t.Z), 0);
  for (std::size_t m = 0; m < C; ++m)
    for (std::size_t n = 0; n < C; ++n) {
      const real a_m = t.A(0, m), a_n = t.A(0, n);
      CHECK(t.J(m, n) == doctest::Approx(m == n ? a_m * (1 - a_m) : -a_m * a_n).epsilon(test::tol(1e-12)));
    }
  CHECK(t.dLdA(0, y) == doctest::Approx(-1 / t.A(0, y)));
  CHECK(t.loss == doctest::Approx(-std::log(t.A(0, y))));
  Tensor dLdA_J = xt::zeros<real>({std::size_t{1}, C}), A_minus_Y = t.A;
  A_minus_Y(0, y) -= 1;
  for (std::size_t n = 0; n < C; ++n)
    for (std::size_t m = 0; m < C; ++m) dLdA_J(0, n) += t.dLdA(0, m) * t.J(m, n);
  CHECK_TENSOR_CLOSE(t.dLdZ, dLdA_J, test::tol(1e-12));
  CHECK_TENSOR_CLOSE(t.dLdZ, A_minus_Y, test::tol(1e-12));
  // The loss the model trains with says the same: CrossEntropyLoss's dLdA of the logits, for N = 1.
  nn::CrossEntropyLoss ce;
  Tensor Y = xt::zeros<real>({std::size_t{1}, C});
  Y(0, y) = 1;
  CHECK(ce.forward(t.Z, Y) == doctest::Approx(t.loss));
  CHECK_TENSOR_CLOSE(ce.backward(), t.dLdZ, test::tol(1e-12));
}

TEST_CASE("a sample's hidden blocks hold Z = x·Wᵀ + bᵀ, A = f(Z), and the gradients back through them") {
  const std::unique_ptr<Run> run = trained(spiral());
  const SampleTrace t = trace_sample(*run, 7);
  CHECK_FALSE(t.test);
  REQUIRE(t.hidden.size() == 2);
  const auto& first = dynamic_cast<const nn::Linear&>(run->model[0]);
  for (std::size_t j = 0; j < 5; ++j) {
    const real z = t.input(0, 0) * first.W(j, 0) + t.input(0, 1) * first.W(j, 1) + first.b(j, 0);
    CHECK(t.hidden[0].Z(0, j) == doctest::Approx(z));
    CHECK(t.hidden[0].A(0, j) == doctest::Approx(std::tanh(z)));
    // tanh' = 1 − A²: dLdZ = dLdA ⊙ (1 − A²)
    const real A = t.hidden[0].A(0, j);
    CHECK(t.hidden[0].dLdZ(0, j) == doctest::Approx(t.hidden[0].dLdA(0, j) * (1 - A * A)));
  }
  // dLdA of block 1 = dLdZ of block 2 · W₂
  const auto& second = dynamic_cast<const nn::Linear&>(run->model[2]);
  for (std::size_t i = 0; i < 5; ++i) {
    real sum = 0;
    for (std::size_t j = 0; j < 4; ++j) sum += t.hidden[1].dLdZ(0, j) * second.W(j, i);
    CHECK(t.hidden[0].dLdA(0, i) == doctest::Approx(sum));
  }
  CHECK(t.hidden[0].BZ.size() == 0);
}

TEST_CASE("with BatchNorm1d a block has BZ and dLdBZ too, from the running statistics") {
  Settings s = spiral();
  s.batchnorm = true;
  s.dropout = 0.2;
  const std::unique_ptr<Run> run = trained(s);
  const SampleTrace t = trace_sample(*run, 3);
  REQUIRE(t.hidden.size() == 2);
  CHECK(t.hidden[1].BZ.shape(1) == 4);
  CHECK(t.hidden[1].dLdBZ.shape(1) == 4);
  for (std::size_t j = 0; j < 4; ++j)  // tanh after the normalisation
    CHECK(t.hidden[1].A(0, j) == doctest::Approx(std::tanh(t.hidden[1].BZ(0, j))));
  const nlohmann::json j = to_json(t);
  CHECK(j.at("hidden")[1].at("BZ").size() == 4);
  CHECK(j.at("J").size() == 3);
  CHECK(j.at("J")[0].size() == 3);
  CHECK(j.at("Z").size() == 3);
  CHECK(j.at("index") == 3);
}

TEST_CASE("a sample index out of range is refused, naming the range") {
  const std::unique_ptr<Run> run = trained(spiral());
  CHECK_THROWS_WITH_AS(trace_sample(*run, 120), "sample: 120 is not a sample index from 0 to 119", BadRequest);
  Settings linear = spiral();
  linear.hidden = {};
  const std::unique_ptr<Run> plain = trained(linear);
  CHECK(trace_sample(*plain, 0).hidden.empty());
}
