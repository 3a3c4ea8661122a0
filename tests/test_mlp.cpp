// Tests of mytorch/models/mlp.hpp: the homework architectures, their forward and backward against
// PyTorch, the MLP builder, make_activation, and a seeded end-to-end training run.

#include "mytorch/models/mlp.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "mytorch/data/batcher.hpp"
#include "mytorch/data/toy.hpp"
#include "mytorch/nn/loss.hpp"
#include "mytorch/optim/sgd.hpp"
#include "mytorch/testing/gradcheck.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::models::make_activation;
using mytorch::models::MLP;
using mytorch::nn::Sequential;
using test::Golden;

namespace {
/// Forward X and backward dLdY through `model` with the weights of a golden case, against PyTorch.
void check_against_golden(Sequential& model, const nlohmann::json& c) {
  auto params = model.parameters();  // 0.W, 0.b, 2.W, 2.b, …: one W and one b per Linear
  REQUIRE(params.size() == 2 * c["layers"].size());
  for (std::size_t k = 0; k < c["layers"].size(); ++k) {
    *params[2 * k].value = Golden::tensor(c["layers"][k]["W"]);
    *params[2 * k + 1].value = Golden::tensor(c["layers"][k]["b"]);
  }
  CHECK_TENSOR_CLOSE(model.forward(Golden::tensor(c["X"])), Golden::tensor(c["Y"]), test::tol(1e-6));
  CHECK_TENSOR_CLOSE(model.backward(Golden::tensor(c["dLdY"])), Golden::tensor(c["dLdX"]),
                     test::tol(1e-6));
  for (std::size_t k = 0; k < c["layers"].size(); ++k) {
    CAPTURE(k);
    CHECK_TENSOR_CLOSE(*params[2 * k].grad, Golden::tensor(c["layers"][k]["dLdW"]), test::tol(1e-6));
    CHECK_TENSOR_CLOSE(*params[2 * k + 1].grad, Golden::tensor(c["layers"][k]["dLdb"]), test::tol(1e-6));
  }
}
}  // namespace

TEST_CASE("MLP0, MLP1 and MLP4 have the homework's layers and shapes") {
  mytorch::models::MLP0 mlp0;
  mytorch::models::MLP1 mlp1;
  mytorch::models::MLP4 mlp4;
  CHECK(mlp0.describe() == "Sequential(Linear(2, 3), ReLU)");
  CHECK(mlp1.describe() == "Sequential(Linear(2, 3), ReLU, Linear(3, 2), ReLU)");
  CHECK(mlp4.describe() == "Sequential(Linear(2, 4), ReLU, Linear(4, 8), ReLU, Linear(8, 8), ReLU, "
                           "Linear(8, 4), ReLU, Linear(4, 2), ReLU)");
  CHECK(mlp4.size() == 10);
  CHECK(mlp4.parameters().size() == 10);
  CHECK(mytorch::shape_str(*mlp4.parameters()[2].value) == "(8, 4)");  // 2.W
  CHECK(mytorch::shape_str(mlp4.forward(test::random_tensor(7, 2, 1))) == "(7, 2)");
}

TEST_CASE("MLP0, MLP1 and MLP4 forward and backward match PyTorch with the same weights") {
  const Golden golden("core_mlp.json");
  for (const auto& c : golden.cases()) {
    CAPTURE(c["name"].get<std::string>());
    const std::string model = c["model"];
    if (model == "MLP0") {
      mytorch::models::MLP0 mlp;
      check_against_golden(mlp, c);
    } else if (model == "MLP1") {
      mytorch::models::MLP1 mlp;
      check_against_golden(mlp, c);
    } else {
      mytorch::models::MLP4 mlp;
      check_against_golden(mlp, c);
    }
  }
}

TEST_CASE("the MLP builder puts the activation between Linear layers and none after the last") {
  MLP deep({2, 5, 4, 3}, "tanh");
  CHECK(deep.describe() == "Sequential(Linear(2, 5), Tanh, Linear(5, 4), Tanh, Linear(4, 3))");
  MLP single({6, 2});
  CHECK(single.describe() == "Sequential(Linear(6, 2))");
  MLP gelu({3, 3, 1}, "GELU");  // names are case-insensitive
  CHECK(gelu.describe() == "Sequential(Linear(3, 3), GELU, Linear(3, 1))");
  const auto r = mytorch::testing::gradcheck(deep, test::random_tensor(4, 2, 61));
  CHECK_MESSAGE(r.ok, r.report);
}

TEST_CASE("MLPOptions put BatchNorm1d before and Dropout after each hidden activation, none at the output") {
  MLP both({2, 5, 4, 3}, mytorch::models::MLPOptions{"relu", true, 0.25});
  CHECK(both.describe() == "Sequential(Linear(2, 5), BatchNorm1d(5, alpha=0.9, eps=1e-08), ReLU, Dropout(p=0.25), "
                           "Linear(5, 4), BatchNorm1d(4, alpha=0.9, eps=1e-08), ReLU, Dropout(p=0.25), "
                           "Linear(4, 3))");
  CHECK(both.buffers().size() == 4);  // running_M and running_V of each BatchNorm1d
  MLP dropout_only({2, 5, 3}, mytorch::models::MLPOptions{"tanh", false, 0.5});
  CHECK(dropout_only.describe() == "Sequential(Linear(2, 5), Tanh, Dropout(p=0.5), Linear(5, 3))");
  MLP plain({2, 5, 3}, mytorch::models::MLPOptions{});
  CHECK(plain.describe() == "Sequential(Linear(2, 5), ReLU, Linear(5, 3))");
  CHECK_THROWS_WITH_AS(MLP({2, 5, 3}, mytorch::models::MLPOptions{"relu", false, 1}),
                       "Dropout: p = 1.000000 is out of range (expected 0 <= p < 1)", std::invalid_argument);
  CHECK_THROWS_AS(MLP({2, 5, 3}, mytorch::models::MLPOptions{"relu", false, -0.1}), std::invalid_argument);
  // In evaluation mode Dropout is the identity and BatchNorm1d uses its running statistics, so the
  // same input gives the same output twice.
  const Tensor X = test::random_tensor(6, 2, 62);
  both.eval();
  CHECK_TENSOR_CLOSE(both.forward(X), both.forward(X), 0);
}

TEST_CASE("make_activation knows every activation by name, in any case") {
  const std::pair<const char*, const char*> core[] = {{"identity", "Identity"}, {"sigmoid", "Sigmoid"},
                                                      {"tanh", "Tanh"},         {"relu", "ReLU"},
                                                      {"GELU", "GELU"},         {"SoftMax", "Softmax"}};
  for (const auto& [name, layer] : core) CHECK(make_activation(name)->name() == layer);
  for (const std::string& name : mytorch::models::activation_names()) {
    CAPTURE(name);
    CHECK(make_activation(name) != nullptr);
  }
}

TEST_CASE("make_activation and the MLP builder reject bad arguments naming them") {
  try {
    make_activation("swish-ish");
    FAIL("make_activation accepted an unknown name");
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    CHECK(message.rfind("unknown activation 'swish-ish' (known: identity, sigmoid, tanh, relu", 0) == 0);
  }
  CHECK_THROWS_WITH_AS(MLP({4}), "MLP: sizes needs at least an input and an output width, got 1 entries",
                       std::invalid_argument);
  CHECK_THROWS_AS(MLP({}), std::invalid_argument);
  CHECK_THROWS_AS(MLP({2, 3}, "nope"), std::invalid_argument);
  CHECK_THROWS_AS(MLP({2, 0, 3}), std::invalid_argument);
}

TEST_CASE("a seeded MLP trained with SGD fits the spiral to at least 95 percent") {
  mytorch::manual_seed(0);
  const mytorch::data::Dataset spiral = mytorch::data::make_spiral(100, 3);
  MLP model({2, 64, 64, 3}, "relu");
  mytorch::nn::CrossEntropyLoss loss;
  mytorch::optim::SGD sgd(model.parameters(), 0.1, 0.9);

  mytorch::data::Batcher batches(spiral, 30);
  for (int epoch = 0; epoch < 150; ++epoch) {
    batches.start_epoch();
    while (batches.next()) {
      loss.forward(model.forward(batches.X()), batches.Y());
      model.backward(loss.backward());
      sgd.step();
    }
  }
  const double accuracy =
      mytorch::data::accuracy(mytorch::data::argmax_rows(model.forward(spiral.X)), spiral.labels);
  CHECK(accuracy >= 0.95);
}
