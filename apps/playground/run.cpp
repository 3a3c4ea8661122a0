#include "run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>

#include "mytorch/data/catalog.hpp"
#include "mytorch/data/dataset.hpp"
#include "mytorch/models/registry.hpp"
#include "mytorch/train/run_record.hpp"

namespace mytorch::playground {

namespace {
using Clock = std::chrono::steady_clock;

data::Splits standardized(data::Splits s, data::Standardizer& standardizer) {
  standardizer.fit(s.train.X);
  standardizer.transform(s.train.X);
  if (s.val.size()) standardizer.transform(s.val.X);
  standardizer.transform(s.test.X);
  return s;
}

std::vector<std::size_t> layer_sizes(const Settings& s, const data::Splits& d) {
  std::vector<std::size_t> sizes{d.train.features()};
  sizes.insert(sizes.end(), s.hidden.begin(), s.hidden.end());
  sizes.push_back(d.train.num_classes);
  return sizes;
}

/// Every point of the splits inside, with 8 % to spare on each side; square, so circles look round.
Box box_around(const data::Splits& s) {
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (const data::Dataset* d : {&s.train, &s.test})
    for (std::size_t i = 0; i < d->size(); ++i) {
      x0 = std::min(x0, double(d->X(i, 0)));
      x1 = std::max(x1, double(d->X(i, 0)));
      y0 = std::min(y0, double(d->X(i, 1)));
      y1 = std::max(y1, double(d->X(i, 1)));
    }
  const double half = std::max({x1 - x0, y1 - y0, 1e-6}) * 0.58, cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  return {cx - half, cx + half, cy - half, cy + half};
}

/// The splits of the settings' dataset, drawn from the (seeded) RNG as load_splits draws them.
data::Splits splits_of(const Settings& s, const data::Dataset* uploaded) {
  data::Splits splits;
  if (data::is_csv(s.dataset)) {
    if (!uploaded || uploaded->name != s.dataset)
      throw BadRequest("dataset: " + s.dataset + " is not uploaded to this session: upload the file first");
    splits = data::split(*uploaded, 0, 0.2);  // what load_splits does with csv:PATH
  } else {
    splits = data::load_splits(s.dataset, "", 0);
  }
  if (splits.train.features() != 2)
    throw BadRequest("dataset: " + s.dataset + " has " + std::to_string(splits.train.features()) +
                     " features; the playground draws 2-D data (two feature columns, then the label)");
  return splits;
}

std::string diverged_message(std::size_t epoch, const std::string& detail, double lr) {
  char advice[160];
  std::snprintf(advice, sizeof advice, "the learning rate %g is too large: try a smaller one, e.g. %g, and reset", lr,
                lr / 10);
  return "training diverged (loss or weights became NaN/Inf) in epoch " + std::to_string(epoch) + " at " + detail +
         "; " + advice;
}
}  // namespace

std::mutex& rng_mutex() {
  static std::mutex m;
  return m;
}

std::unique_ptr<Run> Run::make(const Settings& settings, const data::Dataset* uploaded) {
  const std::lock_guard<std::mutex> lock(rng_mutex());
  manual_seed(settings.seed);
  return std::unique_ptr<Run>(new Run(settings, splits_of(settings, uploaded)));
}

Run::Run(const Settings& s, data::Splits splits)
    : settings(s),
      raw(std::move(splits)),
      data(standardized(raw, standardizer)),
      test_fingerprint(data::fingerprint(raw.test)),
      box(box_around(raw)),
      model(layer_sizes(s, raw), models::MLPOptions{s.activation, s.batchnorm, s.dropout}),
      optimizer(optim::make_optimizer(s.optimizer, model.parameters(), run_config(s).options)),
      trainer(model, loss, *optimizer, data.train, s.batch_size),
      rng_state_(rng().state()) {}

std::size_t Run::train(std::size_t wanted, const std::function<bool()>& out_of_time) {
  const std::lock_guard<std::mutex> lock(rng_mutex());
  rng().set_state(rng_state_);
  std::size_t done = 0;
  const auto stop = [&] { return done >= wanted || out_of_time(); };
  try {
    while (diverged.empty() && !stop()) {
      const auto start = Clock::now();
      const train::Evaluation t = trainer.train_epoch([&](std::size_t, std::size_t, double) { ++done; }, stop);
      epoch_seconds_ += std::chrono::duration<double>(Clock::now() - start).count();
      if (!train::parameters_finite(model)) throw train::Diverged("the end of step " + std::to_string(steps + done));
      if (!trainer.epoch_finished()) break;
      const train::Evaluation test = train::evaluate(model, loss, data.test);
      history.push_back({history.size() + 1, t.loss, t.accuracy, test.loss, test.accuracy, epoch_seconds_});
      epoch_seconds_ = 0;
    }
  } catch (const train::Diverged& e) {
    diverge(e.what());
  } catch (const NonFiniteError& e) {  // the test split's logits overflowed, the weights still finite
    diverge(std::string("the test evaluation: ") + e.what());
  }
  steps += done;
  rng_state_ = rng().state();
  return done;
}

void Run::diverge(const std::string& detail) { diverged = diverged_message(history.size() + 1, detail, settings.lr); }

std::vector<Tensor> Run::layer_outputs(const Tensor& X) {
  Tensor input = X;
  standardizer.transform(input);
  model.eval();
  std::vector<Tensor> outputs;
  for (std::size_t i = 0; i < model.size(); ++i) outputs.push_back(model[i].forward(i ? outputs.back() : input));
  model.train();
  return outputs;
}

std::string Run::checkpoint() {
  train::Checkpoint info;
  const models::ModelSpec spec = models::ModelSpec::mlp(
      layer_sizes(settings, raw), {settings.activation, settings.batchnorm, settings.dropout});
  info.architecture = train::record_json(run_config(settings), spec, test_fingerprint);
  info.epoch = history.size();
  info.rng_state = rng_state_;
  info.history = Tensor({history.size(), 6});
  for (std::size_t i = 0; i < history.size(); ++i) {  // no validation split: NaN, as mytorch-train writes it
    const EpochRecord& e = history[i];
    const double row[6] = {double(e.epoch), e.train_loss, e.train_accuracy, NAN, NAN, e.seconds};
    for (std::size_t j = 0; j < 6; ++j) info.history(i, j) = static_cast<real>(row[j]);
  }
  info.standardizer = standardizer;
  if (!trainer.epoch_finished()) info.unfinished = trainer.position();
  return train::checkpoint_bytes(model, optimizer.get(), info);
}

void Run::restore(const train::Checkpoint& c) {
  try {
    train::restore_parameters(c, model);
    train::restore_optimizer(c, *optimizer);
    if (!c.unfinished.order.empty()) trainer.resume_epoch(c.unfinished);
  } catch (const std::exception& e) {
    throw BadRequest(e.what());
  }
  history.clear();
  for (std::size_t i = 0; i < c.history.shape(0); ++i)  // the test columns were not saved
    history.push_back({i + 1, double(c.history(i, 1)), double(c.history(i, 2)), NAN, NAN, double(c.history(i, 5))});
  steps = c.epoch * trainer.steps_per_epoch() + c.unfinished.steps;
  rng_state_ = c.rng_state;
}

}  // namespace mytorch::playground
