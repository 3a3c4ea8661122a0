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

TEST_CASE("fit runs the planned epochs and reports every step, every epoch and the last one") {
  manual_seed(9);
  const data::Dataset moons = data::make_moons(50);  // 100 samples: 4 batches of 25
  const data::Dataset val = data::make_moons(10);
  Setup s(9, 0.1);
  Trainer trainer(s.model, s.loss, s.sgd, moons, 25);
  std::vector<std::size_t> steps, epochs;
  std::vector<bool> lasts;
  std::vector<double> lrs;
  TrainerEvents events;
  events.on_step = [&](const StepReport& r) {
    steps.push_back(r.step);
    CHECK(r.steps_per_epoch == 4);
  };
  events.on_epoch_end = [&](const EpochStats& e, bool last) {
    epochs.push_back(e.epoch);
    lasts.push_back(last);
    lrs.push_back(s.sgd.lr);
    CHECK(std::isfinite(e.val_loss));
  };
  const FitResult r = trainer.fit({2, 4, &val, [](std::size_t epoch) { return 0.1 / static_cast<double>(epoch); }},
                                  events);
  CHECK_FALSE(r.stopped);
  CHECK(r.samples == 300);
  CHECK(steps == std::vector<std::size_t>{1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4});
  CHECK(epochs == std::vector<std::size_t>{2, 3, 4});
  CHECK(lasts == std::vector<bool>{false, false, true});
  CHECK(lrs == std::vector<double>{0.1 / 2, 0.1 / 3, 0.1 / 4});
  REQUIRE(trainer.history().size() == 3);
  CHECK(trainer.history().back().epoch == 4);
}

TEST_CASE("fit stopped inside an epoch reports where it stands, and stopped after one, says so") {
  manual_seed(10);
  const data::Dataset moons = data::make_moons(50);
  Setup s(10, 0.1);
  Trainer trainer(s.model, s.loss, s.sgd, moons, 25);
  std::size_t asked = 0, stopped_in = 0;
  EpochPosition at;
  TrainerEvents events;
  // asked before each of epoch 1's 4 steps, once more when its batches run out, once after it, then
  // before step 1 of epoch 2 (the 7th) and before step 2 (the 8th)
  events.should_stop = [&] { return ++asked == 8; };
  events.on_stop = [&](std::size_t epoch, const EpochPosition& p) {
    stopped_in = epoch;
    at = p;
  };
  const FitResult r = trainer.fit({1, 3, nullptr, {}}, events);
  CHECK(r.stopped);
  CHECK(r.stopped_at == "epoch 2, step 1 of 4");
  CHECK(stopped_in == 2);
  CHECK(at.steps == 1);
  CHECK(at.seen == 25);
  CHECK(trainer.history().size() == 1);

  Trainer after(s.model, s.loss, s.sgd, moons, 25);
  bool last_seen = false;
  TrainerEvents stop_after;
  stop_after.should_stop = [&] { return after.epoch_finished() && !after.history().empty(); };
  stop_after.on_epoch_end = [&](const EpochStats&, bool last) { last_seen = last; };
  const FitResult r2 = after.fit({1, 3, nullptr, {}}, stop_after);
  CHECK(r2.stopped);
  CHECK(r2.stopped_at == "after epoch 1");
  CHECK(last_seen);
}

TEST_CASE("a stop asked for after the last epoch is not a stop: the run is complete") {
  manual_seed(10);
  const data::Dataset moons = data::make_moons(50);
  Setup s(10, 0.1);
  Trainer trainer(s.model, s.loss, s.sgd, moons, 25);
  TrainerEvents events;
  events.should_stop = [&] { return trainer.history().size() == 2; };  // true once epoch 2, the last, is done
  const FitResult r = trainer.fit({1, 2, nullptr, {}}, events);
  CHECK_FALSE(r.stopped);
  CHECK(trainer.history().size() == 2);
}

TEST_CASE("a NaN in the validation pass is a divergence named by its epoch") {
  manual_seed(11);
  const data::Dataset moons = data::make_moons(20);
  data::Dataset val = data::make_moons(5);
  val.X(0, 0) = NAN;
  Setup s(11, 0.1);
  Trainer trainer(s.model, s.loss, s.sgd, moons, 10);
  CHECK_THROWS_WITH_AS(trainer.fit({1, 2, &val, {}}), doctest::Contains("in epoch 1 at validation: "), Diverged);
}
