// Tests of mytorch/optim/adam.hpp: worked examples, PyTorch's torch.optim.Adam/AdamW trajectories,
// resuming from saved state, and the errors.

#include "mytorch/optim/adam.hpp"

#include <memory>
#include <stdexcept>

#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::nn::Parameter;
using mytorch::optim::Adam;
using mytorch::optim::AdamW;
using test::T;

namespace {
/// One parameter W with its gradient tensor, as a layer would hold them.
struct Weight {
  Tensor W, dLdW;
  explicit Weight(Tensor w) : W(std::move(w)), dLdW(xt::zeros_like(W)) {}
  std::vector<Parameter> params() { return {{"W", &W, &dLdW}}; }
};

std::unique_ptr<Adam> make_from_golden(const nlohmann::json& c, Weight& w) {
  if (c["layer"] == "Adam")
    return std::make_unique<Adam>(w.params(), c["lr"], c["beta1"], c["beta2"], c["eps"]);
  return std::make_unique<AdamW>(w.params(), c["lr"], c["beta1"], c["beta2"], c["eps"],
                                 c["weight_decay"]);
}
}  // namespace

TEST_CASE("with a constant gradient every Adam step moves each weight by lr against its sign") {
  // m̂ = g and v̂ = g² at every step when g is constant, so W moves by lr·g/(|g| + ε) ≈ lr·sign(g).
  Weight w(T({{1, -2}}));
  Adam adam(w.params(), 0.1);
  w.dLdW = T({{0.5, -0.1}});
  adam.step();
  CHECK_TENSOR_CLOSE(w.W, T({{0.9, -1.9}}), test::tol(1e-6));
  adam.step();
  adam.step();
  CHECK_TENSOR_CLOSE(w.W, T({{0.7, -1.7}}), test::tol(1e-6));
  CHECK(adam.steps == 3);
  // m = (1 − 0.9³)·g, v = (1 − 0.999³)·g²
  CHECK_TENSOR_CLOSE(adam.m()[0], T({{0.271 * 0.5, -0.271 * 0.1}}), test::tol(1e-12));
  CHECK_TENSOR_CLOSE(adam.v()[0], T({{0.002997001 * 0.25, 0.002997001 * 0.01}}), test::tol(1e-12));
}

TEST_CASE("AdamW with a zero gradient only decays the weights by lr times weight_decay") {
  Weight w(T({{1, -2}, {0.5, 0}}));
  AdamW adamw(w.params(), 0.1, 0.9, 0.999, 1e-8, 0.1);
  adamw.step();  // W ← W − 0.1·0.1·W; the Adam part is 0 / (0 + ε) = 0
  CHECK_TENSOR_CLOSE(w.W, T({{0.99, -1.98}, {0.495, 0}}), test::tol(1e-12));
}

TEST_CASE("Adam and AdamW follow torch.optim step by step") {
  const test::Golden golden("layers.json");
  int checked = 0;
  for (const auto& c : golden.cases()) {
    if (c["layer"] != "Adam" && c["layer"] != "AdamW") continue;
    CAPTURE(c["name"].get<std::string>());
    Weight w(test::Golden::tensor(c["W0"]));
    auto opt = make_from_golden(c, w);
    for (std::size_t t = 0; t < c["grads"].size(); ++t) {
      CAPTURE(t);
      w.dLdW = test::Golden::tensor(c["grads"][t]);
      opt->step();
      CHECK_TENSOR_CLOSE(w.W, test::Golden::tensor(c["W"][t]), test::tol(1e-12));
    }
    CHECK_TENSOR_CLOSE(opt->m()[0], test::Golden::tensor(c["m"]), test::tol(1e-12));
    CHECK_TENSOR_CLOSE(opt->v()[0], test::Golden::tensor(c["v"]), test::tol(1e-12));
    ++checked;
  }
  CHECK(checked == 16);
}

TEST_CASE("an AdamW restored from its saved state continues exactly like the original") {
  Weight a(T({{0.3, -0.7, 1.1}})), b(a.W);
  AdamW original(a.params(), 0.05);
  const Tensor g1 = T({{0.2, -0.4, 0.1}}), g2 = T({{-0.3, 0.5, 0.05}});
  a.dLdW = g1;
  original.step();

  // A checkpoint: the weights, every state() tensor by name, and steps.
  AdamW restored(b.params(), 0.05);
  b.W = a.W;
  const auto saved = original.state(), fresh = restored.state();
  REQUIRE(saved.size() == 2);
  CHECK(saved[0].name == "m.W");
  CHECK(saved[1].name == "v.W");
  for (std::size_t k = 0; k < saved.size(); ++k) *fresh[k].value = *saved[k].value;
  restored.steps = original.steps;

  a.dLdW = g2;
  b.dLdW = g2;
  original.step();
  restored.step();
  CHECK_TENSOR_CLOSE(b.W, a.W, 0);
}

TEST_CASE("Adam and AdamW reject bad hyper-parameters and resized parameters") {
  Weight w(T({{1, 2}}));
  CHECK_THROWS_WITH_AS(Adam(w.params(), 0), "Adam: lr = 0.000000 is out of range",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(Adam(w.params(), 1e-3, 1.0), "Adam: beta1 = 1.000000 is out of range",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(Adam(w.params(), 1e-3, 0.9, -0.1), "Adam: beta2 = -0.100000 is out of range",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(Adam(w.params(), 1e-3, 0.9, 0.999, -1),
                       "Adam: eps = -1.000000 is out of range", std::invalid_argument);
  CHECK_THROWS_WITH_AS(AdamW(w.params(), 1e-3, 0.9, 0.999, 1e-8, -0.5),
                       "AdamW: weight_decay = -0.500000 is out of range", std::invalid_argument);
  CHECK_THROWS_AS(AdamW(w.params(), NAN), std::invalid_argument);

  Adam adam(w.params());
  AdamW adamw(w.params());
  w.W = T({{1, 2, 3}});
  CHECK_THROWS_WITH_AS(adam.step(),
                       "Adam::step: parameter 'W' has shape (1, 3) but its optimizer state has "
                       "shape (1, 2); they must match",
                       std::invalid_argument);
  CHECK_THROWS_AS(adamw.step(), std::invalid_argument);
  CHECK_TENSOR_CLOSE(w.W, T({{1, 2, 3}}), 0);  // nothing was half-updated
}
