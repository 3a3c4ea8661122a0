// Tests of mytorch/train/trainer.hpp: an epoch stopped between steps continues exactly, and a
// blown-up training throws Diverged instead of carrying NaN on.

#include "mytorch/train/trainer.hpp"

#include <cmath>
#include <stdexcept>

#include "mytorch/data/toy.hpp"
#include "mytorch/models/mlp.hpp"
#include "mytorch/optim/sgd.hpp"
#include "test_util.hpp"

using namespace mytorch;
using namespace mytorch::train;

namespace {
/// A small model and its optimizer, initialised from seed.
struct Setup {
  models::MLP model;
  nn::CrossEntropyLoss loss;
  optim::SGD sgd;
  Setup(std::uint64_t seed, double lr)
      : model((manual_seed(seed), std::vector<std::size_t>{2, 8, 2})), sgd(model.parameters(), lr, 0.9) {}
};
}  // namespace

TEST_CASE("an epoch stopped after some steps and resumed elsewhere ends like an uninterrupted one") {
  manual_seed(7);
  const data::Dataset moons = data::make_moons(50);  // 100 samples: 7 batches of 16
  Setup whole(1, 0.1), parts(1, 0.1);
  const Rng::State after_init = rng().state();
  Trainer whole_trainer(whole.model, whole.loss, whole.sgd, moons, 16);
  const Evaluation expected = whole_trainer.train_epoch();
  CHECK(whole_trainer.epoch_finished());

  rng().set_state(after_init);  // the same shuffle as whole_trainer's
  std::size_t asked = 0;
  Trainer first(parts.model, parts.loss, parts.sgd, moons, 16);
  first.train_epoch({}, [&] { return ++asked > 3; });
  CHECK_FALSE(first.epoch_finished());
  const EpochPosition at = first.position();
  CHECK(at.steps == 3);
  CHECK(at.seen == 48);

  Trainer second(parts.model, parts.loss, parts.sgd, moons, 16);
  second.resume_epoch(at);
  const Evaluation rest = second.train_epoch();
  CHECK(second.epoch_finished());
  CHECK(rest.loss == expected.loss);
  CHECK(rest.accuracy == expected.accuracy);
  CHECK_TENSOR_CLOSE(*parts.model.parameters()[0].value, *whole.model.parameters()[0].value, 0);
}

TEST_CASE("a learning rate far too large ends in Diverged naming the step, not in NaN weights") {
  manual_seed(3);
  const data::Dataset moons = data::make_moons(50);
  Setup s(3, 1e30);
  Trainer trainer(s.model, s.loss, s.sgd, moons, 10);
  CHECK_THROWS_WITH_AS(for (int epoch = 0; epoch < 20; ++epoch) trainer.train_epoch(),
                       doctest::Contains("of 10: "), Diverged);
}

TEST_CASE("parameters_finite spots a single NaN weight") {
  Setup s(4, 0.1);
  CHECK(parameters_finite(s.model));
  (*s.model.parameters().back().value)(1, 0) = NAN;
  CHECK_FALSE(parameters_finite(s.model));
}

TEST_CASE("a saved position that does not fit the training set is refused") {
  manual_seed(5);
  const data::Dataset moons = data::make_moons(10);  // 20 samples: 2 batches of 16
  Setup s(5, 0.1);
  Trainer trainer(s.model, s.loss, s.sgd, moons, 16);
  EpochPosition p;
  p.order = std::vector<std::size_t>(20);
  for (std::size_t i = 0; i < 20; ++i) p.order[i] = i;
  p.seen = 16;
  p.steps = 1;
  p.right = 17;
  CHECK_THROWS_WITH_AS(trainer.resume_epoch(p), doctest::Contains("17 right of 16 seen"), std::invalid_argument);
  p.right = 3;
  p.order.pop_back();
  CHECK_THROWS_WITH_AS(trainer.resume_epoch(p), doctest::Contains("has 20"), std::invalid_argument);
}
