// Tests of apps/playground/run.hpp: a playground run is mytorch-train's run, a few steps at a time.

#include "run.hpp"

#include <sstream>
#include <thread>

#include "mytorch/data/catalog.hpp"
#include "mytorch/data/csv.hpp"
#include "mytorch/train/experiment.hpp"
#include "scratch.hpp"
#include "test_util.hpp"

using namespace mytorch;
using namespace mytorch::playground;

namespace {
Settings small(const std::string& dataset = "moons:points=60", std::size_t seed = 3) {
  Settings s;
  s.dataset = dataset;
  s.hidden = {8, 6};
  s.seed = seed;
  return s;
}

train::RunConfig as_mytorch_train(const Settings& s, std::size_t epochs, const std::string& out_dir) {
  train::RunConfig c = run_config(s);
  c.epochs = epochs;
  c.plots = false;
  c.progress = train::Progress::Style::quiet;
  c.out_dir = out_dir;
  return c;
}

const auto never = [] { return false; };

void check_same_weights(Run& run, const train::Checkpoint& saved) {
  const std::vector<nn::Parameter> params = run.model.parameters();
  REQUIRE(params.size() > 0);
  for (const nn::Parameter& p : params) {
    INFO(p.name);
    const auto found = std::find_if(saved.entries.begin(), saved.entries.end(),
                                    [&](const auto& e) { return e.first == p.name; });
    REQUIRE(found != saved.entries.end());
    CHECK_TENSOR_CLOSE(*p.value, io::tensor_of(found->second, p.name), 0);
  }
}
}  // namespace

TEST_CASE("after two epochs a run has exactly the weights of mytorch-train with its command's flags") {
  test::Scratch scratch("playground_run");
  Settings s = small();
  s.dropout = 0.1;  // masks draw from the RNG too
  const std::unique_ptr<Run> run = Run::make(s, nullptr);
  // In slices of 7 steps, as play trains: epochs continue across calls.
  while (run->history.size() < 2) run->train(std::min<std::size_t>(7, 2 * run->trainer.steps_per_epoch() - run->steps), never);
  CHECK(run->steps == 2 * run->trainer.steps_per_epoch());
  std::ostringstream quiet;
  const train::RunResult reference = train::run(as_mytorch_train(s, 2, scratch.path("train")), quiet);
  check_same_weights(*run, train::load_checkpoint(reference.checkpoint));
  CHECK(run->history[1].train_loss == reference.last.train_loss);
  CHECK(run->history[1].test_accuracy == reference.test_accuracy);
}

TEST_CASE("a run's checkpoint is one that mytorch-eval and mytorch-train --resume take") {
  test::Scratch scratch("playground_run");
  const Settings s = small("spiral:points=50,noise=0.1");
  const std::unique_ptr<Run> run = Run::make(s, nullptr);
  run->train(run->trainer.steps_per_epoch() + 3, never);  // one epoch and a part of the next
  const std::string path = scratch.write("model.npz", run->checkpoint());
  const train::EvalResult e = train::evaluate_checkpoint(path, "", "");
  CHECK(e.dataset == "spiral:points=50,noise=0.1");
  CHECK(e.test_accuracy == train::evaluate(run->model, run->loss, run->data.test).accuracy);

  // --resume continues the part-done epoch exactly as the run itself does.
  train::RunConfig resume = as_mytorch_train(s, 3, scratch.path("resumed"));
  resume.resume = path;
  std::ostringstream quiet;
  const train::RunResult resumed = train::run(resume, quiet);
  run->train(3 * run->trainer.steps_per_epoch() - run->steps, never);
  REQUIRE(run->history.size() == 3);
  check_same_weights(*run, train::load_checkpoint(resumed.checkpoint));
  CHECK(run->history[2].train_loss == resumed.last.train_loss);
}

TEST_CASE("a run restored from its checkpoint goes on with the same numbers") {
  const Settings s = small();
  const std::unique_ptr<Run> run = Run::make(s, nullptr);
  run->train(10, never);
  const train::Checkpoint saved = train::parse_checkpoint(run->checkpoint(), "model.npz");
  const std::unique_ptr<Run> restored = Run::make(s, nullptr);
  restored->restore(saved);
  CHECK(restored->steps == 10);
  run->train(25, never);
  restored->train(25, never);
  check_same_weights(*restored, train::parse_checkpoint(run->checkpoint(), "model.npz"));
  Settings narrower = s;
  narrower.hidden = {4};
  CHECK_THROWS_WITH_AS(Run::make(narrower, nullptr)->restore(saved), doctest::Contains("saved 0.W has shape (8, 2)"),
                       BadRequest);
}

TEST_CASE("runs trained side by side draw from their own RNG: each gives its numbers alone") {
  Settings a = small(), b = small("spiral:points=40", 9);
  a.dropout = b.dropout = 0.3;
  const std::unique_ptr<Run> alone = Run::make(a, nullptr);
  alone->train(40, never);
  const std::unique_ptr<Run> first = Run::make(a, nullptr), second = Run::make(b, nullptr);
  std::thread other([&] {
    for (int k = 0; k < 40; ++k) second->train(1, never);
  });
  for (int k = 0; k < 40; ++k) first->train(1, never);
  other.join();
  check_same_weights(*first, train::parse_checkpoint(alone->checkpoint(), "model.npz"));
}

TEST_CASE("an uploaded CSV is split as load_splits splits the same file, and must be 2-D") {
  test::Scratch scratch("playground_run");
  std::string csv;
  for (int i = 0; i < 40; ++i) csv += std::to_string(i % 7) + "," + std::to_string(i / 7) + "," + std::to_string(i % 3) + "\n";
  data::Dataset upload = data::parse_csv(csv, "points.csv");
  upload.name = "csv:points.csv";
  Settings s = small("csv:points.csv");
  const std::unique_ptr<Run> run = Run::make(s, &upload);
  manual_seed(s.seed);
  const data::Splits loaded = data::load_splits("csv:" + scratch.write("points.csv", csv), "", 0);
  CHECK(run->test_fingerprint == data::fingerprint(loaded.test));
  CHECK(run->raw.train.num_classes == 3);
  CHECK_THROWS_WITH_AS(Run::make(small("csv:other.csv"), &upload),
                       "dataset: csv:other.csv is not uploaded to this session: upload the file first", BadRequest);
  data::Dataset wide = data::parse_csv("1,2,3,0\n4,5,6,1\n7,8,9,0\n1,1,1,1\n2,2,2,0\n", "wide.csv");
  wide.name = "csv:wide.csv";
  CHECK_THROWS_WITH_AS(Run::make(small("csv:wide.csv"), &wide), doctest::Contains("has 3 features"), BadRequest);
}

TEST_CASE("a step that blows the weights up stops the run for good and says what to do") {
  Settings s = small("blobs:points=50");
  s.optimizer = "sgd";
  s.activation = "identity";  // nothing saturates
  s.lr = 10;
  s.momentum = 0.999;
  const std::unique_ptr<Run> run = Run::make(s, nullptr);
  for (int k = 0; k < 50 && run->diverged.empty(); ++k) run->train(100, never);
  REQUIRE_FALSE(run->diverged.empty());
  CHECK(run->diverged.find("training diverged") == 0);
  CHECK(run->diverged.find("the learning rate 10 is too large") != std::string::npos);
  const std::size_t steps = run->steps;
  CHECK(run->train(10, never) == 0);
  CHECK(run->steps == steps);
}
