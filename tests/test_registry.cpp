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
  ModelSpec spec{"mlp", 3, {4}, 2, {}};
  manual_seed(11);
  const auto a = build_model(spec);
  manual_seed(11);
  const auto b = build_model(spec);
  CHECK_TENSOR_CLOSE(*a->parameters()[0].value, *b->parameters()[0].value, 0);
}

TEST_CASE("an unknown kind or a bad option is refused, naming it") {
  ModelSpec spec{"transformer", 2, {}, 2, {}};
  CHECK_THROWS_WITH_AS(build_model(spec), "unknown model 'transformer' (known: mlp)", std::invalid_argument);
  CHECK(model_names() == std::vector<std::string>{"mlp"});
  spec.kind = "mlp";
  spec.block.activation = "swoosh";
  CHECK_THROWS_WITH_AS(build_model(spec), doctest::Contains("unknown activation 'swoosh'"), std::invalid_argument);
}
