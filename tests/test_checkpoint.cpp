// Tests of mytorch/train/checkpoint.hpp: save → load gives the same model, optimizer and RNG.

#include "mytorch/train/checkpoint.hpp"

#include <filesystem>
#include <stdexcept>

#include "mytorch/models/mlp.hpp"
#include "mytorch/optim/sgd.hpp"
#include "scratch.hpp"
#include "test_util.hpp"

using namespace mytorch;
using namespace mytorch::train;
using namespace mytorch::io;

TEST_CASE("a checkpoint restores parameters, optimizer state, RNG state and history") {
  const std::string path = (std::filesystem::temp_directory_path() / "mytorch_test_checkpoint.npz").string();
  manual_seed(11);
  models::MLP model({3, 5, 2}, "tanh");
  optim::SGD sgd(model.parameters(), 0.1, 0.9);
  sgd.velocities()[0](1, 2) = 0.25;
  sgd.steps = 17;
  Checkpoint info;
  info.architecture = "{\"sizes\":[3,5,2]}";
  info.epoch = 4;
  info.rng_state = rng().state();
  info.history = test::T({{1, 0.5, 0.8, 0.6, 0.7, 0.1},
                          {2, 0.4, 0.85, 0.5, 0.75, 0.1},
                          {3, 0.3, 0.9, NAN, NAN, 0.1},  // no validation: NaN is allowed there only
                          {4, 0.2, 0.95, 0.4, 0.8, 0.1}});
  info.standardizer.fit(test::T({{1, 2, 3}, {3, 4, 5}}));
  save_checkpoint(path, model, &sgd, info);

  const Tensor X = test::T({{0.1, -0.2, 0.3}, {1, 2, 3}});
  const Tensor before = model.forward(X);
  manual_seed(99);  // a different initialisation
  models::MLP other({3, 5, 2}, "tanh");
  optim::SGD other_sgd(other.parameters(), 0.1, 0.9);
  CHECK(test::max_abs_diff(other.forward(X), before) > 1e-6);

  const Checkpoint c = load_checkpoint(path);
  restore_parameters(c, other);
  restore_optimizer(c, other_sgd);
  CHECK_TENSOR_CLOSE(other.forward(X), before, 0);
  CHECK(other_sgd.velocities()[0](1, 2) == 0.25);
  CHECK(other_sgd.steps == 17);
  CHECK(c.epoch == 4);
  CHECK(c.rng_state == info.rng_state);
  CHECK(c.architecture == info.architecture);
  CHECK(c.history.shape(0) == 4);
  CHECK(std::isnan(c.history(2, 3)));
  CHECK(c.history(3, 4) == info.history(3, 4));
  CHECK_TENSOR_CLOSE(c.standardizer.std, info.standardizer.std, 0);
}

TEST_CASE("restoring into a model of another shape names the parameter and both shapes") {
  const std::string path = (std::filesystem::temp_directory_path() / "mytorch_test_checkpoint2.npz").string();
  models::MLP model({3, 5, 2});
  save_checkpoint(path, model, nullptr, {});
  models::MLP wider({3, 6, 2});
  CHECK_THROWS_WITH_AS(restore_parameters(load_checkpoint(path), wider),
                       doctest::Contains("saved 0.W has shape (5, 3), the model's 0.W has shape (6, 3)"),
                       std::runtime_error);
  models::MLP deeper({3, 5, 2, 2});
  CHECK_THROWS_WITH_AS(restore_parameters(load_checkpoint(path), deeper), doctest::Contains("'4.W'"),
                       std::runtime_error);
}

namespace {
/// The bytes of a small checkpoint of MLP({3, 5, 2}).
std::string checkpoint_bytes(const test::Scratch& scratch) {
  models::MLP model({3, 5, 2});
  Checkpoint info;
  info.architecture = "{\"sizes\":[3,5,2]}";
  save_checkpoint(scratch.path("model.npz"), model, nullptr, info);
  return scratch.read("model.npz");
}
}  // namespace

TEST_CASE("a file that is not a checkpoint says so, naming it") {
  test::Scratch scratch("checkpoint");
  CHECK_THROWS_WITH_AS(load_checkpoint(scratch.write("data.csv", "1,2,0\n")),
                       doctest::Contains("data.csv: not an .npz file"), std::runtime_error);
  write_npz(scratch.path("other.npz"), {{"x", to_npy(test::T({{1}}))}});
  CHECK_THROWS_WITH_AS(load_checkpoint(scratch.path("other.npz")),
                       (scratch.path("other.npz") +
                        ": is an .npz file but not a mytorch checkpoint (it has no 'architecture' entry)")
                           .c_str(),
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(load_checkpoint(scratch.path("missing.npz")),
                       doctest::Contains("missing.npz: cannot open: No such file or directory"),
                       std::runtime_error);
}

TEST_CASE("a truncated or damaged checkpoint is an error naming the file") {
  test::Scratch scratch("checkpoint");
  const std::string bytes = checkpoint_bytes(scratch);
  CHECK_THROWS_WITH_AS(load_checkpoint(scratch.write("cut.npz", bytes.substr(0, bytes.size() / 2))),
                       doctest::Contains("cut.npz: "), std::runtime_error);
  std::string damaged = bytes;
  damaged[200] ^= 0x10;  // inside the data of the first entry
  CHECK_THROWS_WITH_AS(parse_checkpoint(damaged, "bad.npz"),
                       doctest::Contains("bad.npz: 0.W.npy fails its CRC check"), std::runtime_error);
}

TEST_CASE("restoring a checkpoint with an entry missing names the file and suggests another architecture") {
  test::Scratch scratch("checkpoint");
  const Checkpoint c = parse_checkpoint(checkpoint_bytes(scratch), "m.npz");
  models::MLP deeper({3, 5, 2, 2});
  CHECK_THROWS_WITH_AS(restore_parameters(c, deeper),
                       "m.npz: has no entry '4.W' (was the checkpoint saved from another architecture?)",
                       std::runtime_error);
}

TEST_CASE("a checkpoint holding NaN parameters is refused") {
  test::Scratch scratch("checkpoint");
  models::MLP model({3, 5, 2});
  model.parameters()[1].value->at(2, 0) = std::nan("");
  save_checkpoint(scratch.path("nan.npz"), model, nullptr, {});
  models::MLP fresh({3, 5, 2});
  CHECK_THROWS_WITH_AS(restore_parameters(load_checkpoint(scratch.path("nan.npz")), fresh),
                       doctest::Contains("nan.npz: saved 0.b holds NaN or Inf"), std::runtime_error);
}

TEST_CASE("a checkpoint of an MLP with BatchNorm1d and Dropout restores the running statistics") {
  const std::string path = (std::filesystem::temp_directory_path() / "mytorch_test_checkpoint_bn.npz").string();
  const models::MLPOptions options{"relu", true, 0.2};
  manual_seed(12);
  models::MLP model({3, 5, 2}, options);
  const Tensor X = test::random_tensor(8, 3, 63);
  for (int step = 0; step < 3; ++step) model.forward(X);  // training mode: moves running_M and running_V
  Checkpoint info;
  info.architecture = "{}";
  info.history = Tensor({0, 6});
  save_checkpoint(path, model, nullptr, info);
  model.eval();
  const Tensor before = model.forward(X);

  manual_seed(98);
  models::MLP other({3, 5, 2}, options);
  other.eval();
  restore_parameters(load_checkpoint(path), other);
  CHECK_TENSOR_CLOSE(other.forward(X), before, 0);  // fails if the running statistics were not restored
}

TEST_CASE("a run without a validation split keeps NaN in the history's validation columns, and only there") {
  test::Scratch scratch("checkpoint");
  models::MLP model({3, 5, 2});
  Checkpoint info;
  info.architecture = "{}";
  info.epoch = 1;
  info.history = test::T({{1, 0.5, 0.8, NAN, NAN, 0.1}});  // mytorch-train --val-split 0
  save_checkpoint(scratch.path("no-val.npz"), model, nullptr, info);
  const Checkpoint c = load_checkpoint(scratch.path("no-val.npz"));
  CHECK(c.history(0, 1) == 0.5);
  CHECK(std::isnan(c.history(0, 3)));
  CHECK(std::isnan(c.history(0, 4)));
  info.history(0, 4) = INFINITY;
  info.history(0, 1) = NAN;
  save_checkpoint(scratch.path("nan-loss.npz"), model, nullptr, info);
  CHECK_THROWS_WITH_AS(load_checkpoint(scratch.path("nan-loss.npz")),
                       doctest::Contains("nan-loss.npz: saved history holds NaN or Inf"), std::runtime_error);
}

TEST_CASE("checkpoint_bytes are the bytes save_checkpoint writes, and parse back") {
  test::Scratch scratch("checkpoint");
  manual_seed(13);
  models::MLP model({2, 4, 3}, "tanh");
  optim::SGD sgd(model.parameters(), 0.1, 0.9);
  Checkpoint info;
  info.architecture = "{\"sizes\":[2,4,3]}";
  info.epoch = 2;
  info.history = test::T({{1, 0.5, 0.8, 0.6, 0.7, 0.1}, {2, 0.4, 0.9, 0.5, 0.8, 0.1}});
  save_checkpoint(scratch.path("m.npz"), model, &sgd, info);
  const std::string bytes = checkpoint_bytes(model, &sgd, info);
  std::ifstream file(scratch.path("m.npz"), std::ios::binary);
  CHECK(bytes == std::string(std::istreambuf_iterator<char>(file), {}));
  const Checkpoint c = parse_checkpoint(bytes, "download");
  CHECK(c.epoch == 2);
  CHECK(c.architecture == info.architecture);
}

TEST_CASE("a checkpoint whose epoch or history was edited is refused, naming the file") {
  test::Scratch scratch("checkpoint");
  models::MLP model({3, 5, 2});
  Checkpoint info;
  info.architecture = "{}";
  info.history = test::T({{1, 0.5, 0.8, 0.6, 0.7, 0.1}, {2, 0.4, 0.85, 0.5, 0.75, 0.1}});
  info.epoch = ~std::size_t{0};  // 2^64 − 1
  save_checkpoint(scratch.path("epoch.npz"), model, nullptr, info);
  CHECK_THROWS_WITH_AS(load_checkpoint(scratch.path("epoch.npz")),
                       (scratch.path("epoch.npz") + ": 'epoch' says 18446744073709551615 epochs are done, but "
                                                    "'history' holds 2 (a damaged or edited file)").c_str(),
                       std::runtime_error);
  info.epoch = 2;
  info.history(1, 0) = 5;
  save_checkpoint(scratch.path("order.npz"), model, nullptr, info);
  CHECK_THROWS_WITH_AS(load_checkpoint(scratch.path("order.npz")),
                       doctest::Contains("order.npz: 'history' row 1 is not epoch 2"), std::runtime_error);
  info.history(1, 0) = 2;
  info.history(1, 1) = NAN;  // a NaN training loss: only the validation columns may be NaN
  save_checkpoint(scratch.path("nan.npz"), model, nullptr, info);
  CHECK_THROWS_WITH_AS(load_checkpoint(scratch.path("nan.npz")),
                       doctest::Contains("nan.npz: saved history holds NaN or Inf"), std::runtime_error);
}
