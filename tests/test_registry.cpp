// Tests of mytorch/models/registry.hpp: a spec builds the model it names, and nothing else.

#include "mytorch/models/registry.hpp"

#include "mytorch/nn/linear.hpp"
#include "test_util.hpp"

using namespace mytorch;
using namespace mytorch::models;

TEST_CASE("an mlp spec builds the MLP its sizes and options say") {
  ModelSpec spec;
  spec.inputs = 2;
  spec.hidden = {5, 4};
  spec.classes = 3;
  spec.block = {"tanh", true, 0.25};
  const auto model = build_model(spec);
  // Linear, BatchNorm1d, Tanh, Dropout per hidden block, then the output Linear.
  REQUIRE(model->size() == 9);
  CHECK((*model)[0].name() == "Linear");
  CHECK((*model)[1].name() == "BatchNorm1d");
  CHECK((*model)[2].name() == "Tanh");
  CHECK((*model)[3].name() == "Dropout");
  const auto& out = dynamic_cast<const nn::Linear&>((*model)[8]);
  CHECK(out.in_features() == 4);
  CHECK(out.out_features() == 3);
  CHECK(layer_sizes(spec) == std::vector<std::size_t>{2, 5, 4, 3});
  CHECK(to_string(spec) == "mlp [2, 5, 4, 3] tanh batchnorm dropout 0.25");
}

TEST_CASE("the same spec and seed build the same weights") {
  const ModelSpec spec = ModelSpec::mlp({3, 4, 2});
  manual_seed(11);
  const auto a = build_model(spec);
  manual_seed(11);
  const auto b = build_model(spec);
  CHECK_TENSOR_CLOSE(*a->parameters()[0].value, *b->parameters()[0].value, 0);
}

TEST_CASE("an unknown kind or a bad option is refused, naming it") {
  ModelSpec spec = ModelSpec::mlp({2, 2});
  spec.kind = "transformer";
  CHECK_THROWS_WITH_AS(build_model(spec), "unknown model 'transformer' (known: mlp, cnn)", std::invalid_argument);
  CHECK(model_names() == std::vector<std::string>{"mlp", "cnn"});
  spec.kind = "mlp";
  spec.block.activation = "swoosh";
  CHECK_THROWS_WITH_AS(build_model(spec), doctest::Contains("unknown activation 'swoosh'"), std::invalid_argument);
}

TEST_CASE("a cnn spec builds conv blocks, then the MLP head on their flattened output") {
  ModelSpec spec = ModelSpec::mlp({64, 32, 10});
  spec.kind = "cnn";
  spec.conv = {4, 8};
  spec.image = {1, 8, 8};
  const auto model = build_model(spec);
  // Conv2d, ReLU, MaxPool2d twice; Flatten; Linear(8·2·2 = 32, 32), ReLU, Linear(32, 10)
  REQUIRE(model->size() == 10);
  CHECK((*model)[0].name() == "Conv2d");
  CHECK((*model)[2].name() == "MaxPool2d");
  CHECK((*model)[6].name() == "Flatten");
  CHECK(dynamic_cast<const nn::Linear&>((*model)[7]).in_features() == 32);
  CHECK(layer_sizes(spec) == std::vector<std::size_t>{32, 32, 10});
  CHECK(to_string(spec) == "cnn 1×8×8 conv [4, 8] [32, 32, 10] relu");
  const Tensor logits = model->forward(test::random_tensor(3, 64, 1));
  CHECK(logits.shape(1) == 10);
  // parameters: conv 4·(9·1 + 1) + 8·(9·4 + 1), then 32·32 + 32 and 10·32 + 10, as built
  const ModelSize size = model_size(spec);
  std::size_t built = 0;
  for (const auto& p : model->parameters()) built += p.value->size();
  CHECK(size.parameters == static_cast<double>(built));
  CHECK(size.widths == std::vector<double>{4 * 64, 4 * 16, 8 * 16, 8 * 4, 32, 10});
}

TEST_CASE("a cnn spec on features that are not its image, or an image too small to pool, is refused") {
  ModelSpec spec = ModelSpec::mlp({64, 10});
  spec.kind = "cnn";
  spec.conv = {4};
  spec.image = {1, 4, 4};
  CHECK_THROWS_WITH_AS(build_model(spec), doctest::Contains("64 features per sample are not an image of 1×4×4"),
                       std::invalid_argument);
  spec.image = {1, 8, 8};
  spec.conv = {4, 4, 4, 4};
  CHECK_THROWS_WITH_AS(build_model(spec), doctest::Contains("too small for 4 conv blocks"), std::invalid_argument);
}
