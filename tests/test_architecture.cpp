// Tests of mytorch/train/architecture.hpp: the checkpoint's record of a run's model and data.

#include "mytorch/train/architecture.hpp"

#include <stdexcept>

#include "test_util.hpp"

using namespace mytorch::train;

TEST_CASE("resumed_config reads back every setting architecture_of writes") {
  RunConfig c;
  c.dataset = "spiral:points=200,classes=5";
  c.activation = "tanh";
  c.batchnorm = true;
  c.dropout = 0.25;
  c.seed = 7;
  c.val_split = 0;
  c.batch_size = 16;
  c.optimizer = "adamw";
  c.options.lr = 0.01;
  c.options.weight_decay = 0.05;
  c.lr_schedule = "cosine";
  const std::string text = architecture_of(c, {2, 16, 8, 5}, "0123456789abcdef");
  CHECK(nlohmann::json::parse(text).at("test_fingerprint") == "0123456789abcdef");
  CHECK(nlohmann::json::parse(text).at("sizes") == nlohmann::json({2, 16, 8, 5}));

  const RunConfig r = resumed_config({}, text, "model.npz");
  CHECK(r.dataset == c.dataset);
  CHECK(r.hidden == std::vector<std::size_t>{16, 8});
  CHECK(r.activation == "tanh");
  CHECK(r.batchnorm);
  CHECK(r.dropout == 0.25);
  CHECK(r.seed == 7);
  CHECK(r.val_split == 0);
  CHECK(r.batch_size == 16);
  CHECK(r.optimizer == "adamw");
  CHECK(r.options.lr == 0.01);
  CHECK(r.options.weight_decay == 0.05);
  CHECK(r.lr_schedule == "cosine");
  RunConfig asked;
  asked.data_dir = "elsewhere";
  asked.epochs = 9;
  const RunConfig kept = resumed_config(asked, text, "model.npz");
  CHECK(kept.data_dir == "elsewhere");  // what was asked wins over the recorded folder
  CHECK(kept.epochs == 9);
}

TEST_CASE("an architecture that is not a run's says so, naming its source") {
  CHECK_THROWS_WITH_AS(resumed_config({}, "{nope", "m.npz"), doctest::Contains("m.npz: architecture is not valid JSON"),
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(resumed_config({}, "{\"sizes\": [2, 3, 2]}", "m.npz"),
                       doctest::Contains("m.npz: not a checkpoint of mytorch-train"), std::runtime_error);
  RunConfig c;
  nlohmann::json a = nlohmann::json::parse(architecture_of(c, {2, 3}, ""));
  a["sizes"] = {2};
  CHECK_THROWS_WITH_AS(resumed_config({}, a.dump(), "m.npz"), "m.npz: does not fit: its layer sizes [2] are too few",
                       std::runtime_error);
}
