// Tests of mytorch/train/checkpoint.hpp: save → load gives the same model, optimizer and RNG.

#include "mytorch/train/checkpoint.hpp"

#include <filesystem>
#include <stdexcept>

#include "mytorch/models/mlp.hpp"
#include "mytorch/optim/sgd.hpp"
#include "test_util.hpp"

using namespace mytorch;
using namespace mytorch::train;

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
  info.history = test::T({{1, 0.5, 0.8, 0.6, 0.7, 0.1}});
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
  CHECK_TENSOR_CLOSE(c.history, info.history, 0);
  CHECK_TENSOR_CLOSE(c.standardizer.std, info.standardizer.std, 0);
}

TEST_CASE("restoring into a model of another shape names the parameter and both shapes") {
  const std::string path = (std::filesystem::temp_directory_path() / "mytorch_test_checkpoint2.npz").string();
  models::MLP model({3, 5, 2});
  save_checkpoint(path, model, nullptr, {});
  models::MLP wider({3, 6, 2});
  CHECK_THROWS_WITH_AS(restore_parameters(load_checkpoint(path), wider),
                       doctest::Contains("saved 0.W has shape (5, 3)"), std::invalid_argument);
  models::MLP deeper({3, 5, 2, 2});
  CHECK_THROWS_WITH_AS(restore_parameters(load_checkpoint(path), deeper), doctest::Contains("'4.W'"),
                       std::runtime_error);
}
