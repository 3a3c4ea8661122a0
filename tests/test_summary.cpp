// Tests of mytorch/nn/summary.hpp and of describe(): the printout of a model, line by line, that it
// leaves the model and the RNG as they were, and every library layer's description of itself.

#include "mytorch/nn/summary.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "mytorch/mytorch.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::models::MLP;
using mytorch::models::MLPOptions;
using mytorch::nn::summary;

namespace {
/// Copies of every parameter and buffer of a model, to compare before and after.
std::vector<Tensor> state_of(mytorch::nn::Module& model) {
  std::vector<Tensor> state;
  for (const auto& p : model.parameters()) state.push_back(*p.value);
  for (const auto& b : model.buffers()) state.push_back(*b.value);
  return state;
}

/// A layer of one's own, with only forward and backward, that draws from the library's RNG in every
/// forward, whatever the mode.
class Jitter : public mytorch::nn::Module {
 public:
  Tensor forward(const Tensor& X) override {
    Tensor Y = X + static_cast<mytorch::real>(mytorch::rng().uniform());
    return Y;
  }
  Tensor backward(const Tensor& dLdY) override { return dLdY; }
};
}  // namespace

TEST_CASE("summary prints one line per layer: its description, output shape, parameters and their count") {
  MLP model({2, 128, 64, 3}, "relu");
  CHECK(summary(model, 2) ==
        "#  layer            output    parameters              count\n"
        "   input            (N, 2)\n"
        "0  Linear(2, 128)   (N, 128)  W (128, 2), b (128, 1)    384\n"
        "1  ReLU             (N, 128)                              0\n"
        "2  Linear(128, 64)  (N, 64)   W (64, 128), b (64, 1)   8256\n"
        "3  ReLU             (N, 64)                               0\n"
        "4  Linear(64, 3)    (N, 3)    W (3, 64), b (3, 1)       195\n"
        "   total                                               8835\n");
}

TEST_CASE("summary shows each layer's settings, a layer of one's own by its class name, and any module") {
  mytorch::nn::Sequential model;
  model.add<mytorch::nn::Linear>(3, 4);
  model.add<mytorch::nn::BatchNorm1d>(4);
  model.add<Jitter>();
  model.add<mytorch::nn::Swish>();
  model.add<mytorch::nn::Dropout>(0.25);
  CHECK(summary(model, 3) ==
        "#  layer                                 output  parameters            count\n"
        "   input                                 (N, 3)\n"
        "0  Linear(3, 4)                          (N, 4)  W (4, 3), b (4, 1)       16\n"
        "1  BatchNorm1d(4, alpha=0.9, eps=1e-08)  (N, 4)  BW (1, 4), Bb (1, 4)      8\n"
        "2  Jitter                                (N, 4)                            0\n"
        "3  Swish                                 (N, 4)  beta (1, 1)               1\n"
        "4  Dropout(p=0.25)                       (N, 4)                            0\n"
        "   total                                                                  25\n");
  mytorch::nn::Linear single(5, 2);  // not a Sequential: one line for the module itself
  CHECK(summary(single, 5) ==
        "#  layer         output  parameters          count\n"
        "   input         (N, 5)\n"
        "0  Linear(5, 2)  (N, 2)  W (2, 5), b (2, 1)     12\n"
        "   total                                        12\n");
}

TEST_CASE("summary of a CNN shows each layer's output as images until Flatten, then as features") {
  mytorch::models::CNN model({1, 8, 8}, {4, 6}, {16}, 3);
  CHECK(summary(model, mytorch::nn::ImageShape{1, 8, 8}) ==
        "#  layer                                      output      parameters             count\n"
        "   input                                      (N, 1×8×8)\n"
        "0  Conv2d(1→4, 3×3, padding 1) 1×8×8 → 4×8×8  (N, 4×8×8)  W (4, 9), b (4, 1)        40\n"
        "1  ReLU                                       (N, 4×8×8)                             0\n"
        "2  MaxPool2d(2×2, stride 2) 4×8×8 → 4×4×4     (N, 4×4×4)                             0\n"
        "3  Conv2d(4→6, 3×3, padding 1) 4×4×4 → 6×4×4  (N, 6×4×4)  W (6, 36), b (6, 1)      222\n"
        "4  ReLU                                       (N, 6×4×4)                             0\n"
        "5  MaxPool2d(2×2, stride 2) 6×4×4 → 6×2×2     (N, 6×2×2)                             0\n"
        "6  Flatten                                    (N, 24)                                0\n"
        "7  Linear(24, 16)                             (N, 16)     W (16, 24), b (16, 1)    400\n"
        "8  ReLU                                       (N, 16)                                0\n"
        "9  Linear(16, 3)                              (N, 3)      W (3, 16), b (3, 1)       51\n"
        "   total                                                                           713\n");
  // Given only the input's width, the input line shows the width; the layers still show their images.
  const std::string flat = summary(model, 64);
  CHECK(flat.find("   input                                      (N, 64)\n") != std::string::npos);
  CHECK(flat.find("(N, 4×8×8)  W (4, 9)") != std::string::npos);
}

TEST_CASE("summary keeps an image's geometry through layers that keep the width, but for Linear") {
  using namespace mytorch::nn;
  Sequential model;
  model.add<Conv1d>(SignalShape{2, 6}, 3, 3);  // 2×6 → 3×4
  model.add<Jitter>();                         // a layer of one's own keeps the width: still 3×4
  model.add<Linear>(12, 12);                   // the same width, but a Linear mixes the entries
  model.add<Linear>(12, 5);
  CHECK(summary(model, SignalShape{2, 6}.size()) ==
        "#  layer                            output    parameters             count\n"
        "   input                            (N, 12)\n"
        "0  Conv1d(2→3, kernel 3) 2×6 → 3×4  (N, 3×4)  W (3, 6), b (3, 1)        21\n"
        "1  Jitter                           (N, 3×4)                             0\n"
        "2  Linear(12, 12)                   (N, 12)   W (12, 12), b (12, 1)    156\n"
        "3  Linear(12, 5)                    (N, 5)    W (5, 12), b (5, 1)       65\n"
        "   total                                                               242\n");
}

TEST_CASE("geometry_after: a layer's own geometry, else the one before while the width stays, else the width") {
  using namespace mytorch::nn;
  using mytorch::nn::geometry_after;
  CHECK(geometry_after(MaxPool2d({4, 8, 8}, 2, 2), "4×8×8", 256, 64) == "4×4×4");
  CHECK(geometry_after(ReLU(), "4×8×8", 256, 256) == "4×8×8");
  CHECK(geometry_after(Dropout(0.5), "4×8×8", 256, 256) == "4×8×8");
  CHECK(geometry_after(Flatten(), "4×8×8", 256, 256) == "256");
  CHECK(geometry_after(Linear(256, 256), "4×8×8", 256, 256) == "256");
  CHECK(geometry_after(Jitter(), "7", 7, 7) == "7");
}

TEST_CASE("summary leaves parameters, buffers, the RNG and every layer's mode as they were") {
  mytorch::manual_seed(3);
  MLP model({3, 5, 2}, MLPOptions{"relu", true, 0.5});  // Linear, BatchNorm1d, ReLU, Dropout, Linear
  model.add<Jitter>();
  model.forward(test::random_tensor(8, 3, 1));  // running statistics away from their start
  model[2].eval();  // a mixed model: ReLU in evaluation mode, the rest training
  const std::vector<Tensor> before = state_of(model);
  const mytorch::Rng::State rng_before = mytorch::rng().state();

  summary(model, 3);
  const std::vector<Tensor> after = state_of(model);
  REQUIRE(after.size() == before.size());
  for (std::size_t k = 0; k < before.size(); ++k) CHECK(after[k] == before[k]);
  CHECK(mytorch::rng().state() == rng_before);
  CHECK(model.is_training());
  for (std::size_t i = 0; i < model.size(); ++i) CHECK(model[i].is_training() == (i != 2));

  model.eval();  // and a model in evaluation mode stays there
  summary(model, 3);
  CHECK_FALSE(model.is_training());
  CHECK_FALSE(model[1].is_training());
}

TEST_CASE("summary of a model that does not take in_features names the layer, and restores the mode") {
  MLP model({2, 3}, "relu");
  CHECK_THROWS_WITH_AS(summary(model, 5),
                       "summary: layer 0 Linear(2, 3): Linear::forward: A has shape (1, 5), expected (N, 2)",
                       std::invalid_argument);
  CHECK(model.is_training());
  CHECK(model[0].is_training());
}

TEST_CASE("every library layer describes itself with its settings") {
  using namespace mytorch::nn;
  CHECK(Linear(2, 3).describe() == "Linear(2, 3)");
  CHECK(BatchNorm1d(5, 0.8).describe() == "BatchNorm1d(5, alpha=0.8, eps=1e-08)");
  CHECK(Dropout(0.2).describe() == "Dropout(p=0.2)");
  CHECK(LeakyReLU(0.1).describe() == "LeakyReLU(negative_slope=0.1)");
  CHECK(ELU(0.5).describe() == "ELU(alpha=0.5)");
  CHECK(Softplus(2, 10).describe() == "Softplus(beta=2, threshold=10)");
  CHECK(Swish().describe() == "Swish");  // β is a parameter: summary lists it
  CHECK(ReLU().describe() == "ReLU");
  CHECK(Softmax().describe() == "Softmax");
  Sequential inner;
  inner.add<Linear>(4, 4);
  inner.add<Tanh>();
  Sequential outer;
  outer.append(std::make_unique<Sequential>(std::move(inner)));
  outer.add<Identity>();
  CHECK(outer.describe() == "Sequential(Sequential(Linear(4, 4), Tanh), Identity)");
}
