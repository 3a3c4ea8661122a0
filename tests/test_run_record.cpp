// Tests of mytorch/train/run_record.hpp: what a checkpoint records about its run reads back whole.

#include "mytorch/train/run_record.hpp"

#include "test_util.hpp"

using namespace mytorch;
using namespace mytorch::train;

TEST_CASE("a run's record reads back the settings, the model spec and the test fingerprint") {
  RunConfig c;
  c.dataset = "moons";
  c.seed = 42;
  c.batch_size = 16;
  c.optimizer = "adamw";
  c.options.lr = 0.003;
  c.options.weight_decay = 0.05;
  c.lr_schedule = "cosine";
  c.val_split = 0.2;
  const models::ModelSpec spec = models::ModelSpec::mlp({2, 8, 4, 2}, {"gelu", true, 0.1});
  const RunRecord r = read_record(record_json(c, spec, "00ff"), "m.npz");
  CHECK(r.settings.dataset == "moons");
  CHECK(r.settings.seed == 42);
  CHECK(r.settings.batch_size == 16);
  CHECK(r.settings.optimizer == "adamw");
  CHECK(r.settings.options.lr == 0.003);
  CHECK(r.settings.options.weight_decay == 0.05);
  CHECK(r.settings.lr_schedule == "cosine");
  CHECK(r.settings.val_split == 0.2);
  CHECK(r.settings.hidden == std::vector<std::size_t>{8, 4});
  CHECK(r.model.kind == "mlp");
  CHECK(models::layer_sizes(r.model) == std::vector<std::size_t>{2, 8, 4, 2});
  CHECK(r.model.block.activation == "gelu");
  CHECK(r.model.block.batchnorm);
  CHECK(r.model.block.dropout == 0.1);
  CHECK(r.test_fingerprint == "00ff");
  CHECK(r.settings.epochs == 0);  // not asked for: unrecorded
  CHECK_FALSE(r.val_split_of_all);
  CHECK(r.settings.threads == 0);  // not known
  c.epochs = 30;
  c.threads = 2;
  const RunRecord with = read_record(record_json(c, spec, "00ff", "aa11"), "m.npz");
  CHECK(with.settings.epochs == 30);
  CHECK(with.settings.threads == 2);
  CHECK(with.train_fingerprint == "aa11");
}

TEST_CASE("a record from before the registry (model \"MLP\", no batchnorm, schedule or fingerprint) still reads") {
  const std::string old = R"({"model": "MLP", "sizes": [2, 3, 2], "activation": "relu", "dataset": "spiral",
    "data_dir": "", "seed": 0, "val_split": 0.1, "batch_size": 32, "optimizer": "sgd", "lr": 0.1,
    "momentum": 0.9, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01})";
  const RunRecord r = read_record(old, "old.npz");
  CHECK(r.model.kind == "mlp");
  CHECK_FALSE(r.model.block.batchnorm);
  CHECK(r.settings.lr_schedule == "constant");
  CHECK(r.test_fingerprint.empty());
  CHECK(r.settings.epochs == 0);
  CHECK(r.settings.threads == 0);  // from before --threads: unknown
  CHECK(r.val_split_of_all);  // its validation split counted from all samples
}

TEST_CASE("a broken record is refused, naming the file") {
  CHECK_THROWS_WITH_AS(read_record("{not json", "m.npz"), doctest::Contains("m.npz: architecture is not valid JSON"),
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(read_record(R"({"sizes": [2, 3]})", "m.npz"),
                       doctest::Contains("m.npz: not a checkpoint of mytorch-train"), std::runtime_error);
  CHECK_THROWS_WITH_AS(read_record(R"({"dataset": "spiral", "data_dir": "", "sizes": [2]})", "m.npz"),
                       doctest::Contains("m.npz: damaged or edited: its layer sizes [2] are too few"), std::runtime_error);
}

TEST_CASE("a hand-edited record with a value no run can have is refused, naming the file and the field") {
  const models::ModelSpec spec = models::ModelSpec::mlp({2, 8, 2}, {"relu", false, 0});
  RunConfig sound;  // a run's settings as run() fills them in
  sound.options.lr = 0.1;
  sound.lr_schedule = "constant";
  const auto edited = [&](const char* key, const nlohmann::json& value) {
    nlohmann::json a = nlohmann::json::parse(record_json(sound, spec, ""));
    a[key] = value;
    return a.dump();
  };
  const std::pair<const char*, nlohmann::json> cases[] = {
      {"batch_size", 0},       {"batch_size", -1},       {"batch_size", 2.5},    {"lr", -0.1},
      {"lr", 0},               {"momentum", 1.5},        {"eps", 0},             {"dropout", 1},
      {"val_split", 1},        {"weight_decay", -1},     {"epochs", -3},         {"threads", -1},        {"threads", 5000},
      {"activation", "selu"},
      {"optimizer", "rmsprop"}, {"lr_schedule", "step"}, {"sizes", {2, 0, 2}},   {"sizes", {2, -8, 2}}};
  for (const auto& [key, value] : cases) {
    INFO(key << " = " << value.dump());
    CHECK_THROWS_WITH_AS(read_record(edited(key, value), "m.npz"), doctest::Contains("m.npz: "), std::runtime_error);
  }
  CHECK_THROWS_WITH_AS(read_record(edited("batch_size", 0), "m.npz"),
                       "m.npz: damaged or edited: batch_size 0 is not in [1, 1e9]", std::runtime_error);
  CHECK_THROWS_WITH_AS(read_record(edited("lr", -0.1), "m.npz"),
                       "m.npz: damaged or edited: lr -0.1 is not a finite number above 0", std::runtime_error);
  CHECK_NOTHROW(read_record(edited("optimizer", "SGD"), "m.npz"));  // any case, as the flags
}

TEST_CASE("a cnn's record keeps its conv blocks and image geometry") {
  RunConfig c;
  c.dataset = "digits";
  c.model = "cnn";
  c.options.lr = 0.01;
  c.lr_schedule = "cosine";
  models::ModelSpec spec = models::ModelSpec::mlp({64, 128, 10});
  spec.kind = "cnn";
  spec.conv = {16, 32};
  spec.image = {1, 8, 8};
  const RunRecord r = read_record(record_json(c, spec, "00ff"), "m.npz");
  CHECK(r.model.kind == "cnn");
  CHECK(r.model.conv == std::vector<std::size_t>{16, 32});
  CHECK(r.model.image == nn::ImageShape{1, 8, 8});
  CHECK(r.model.inputs == 64);
  CHECK(r.model.hidden == std::vector<std::size_t>{128});
  CHECK(r.settings.conv == std::vector<std::size_t>{16, 32});
  CHECK(models::to_string(r.model) == models::to_string(spec));
}
