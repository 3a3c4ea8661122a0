#pragma once
// apps/playground/run.hpp — one training run of the playground: the data, the model, the optimizer
// and the Trainer, advanced a few steps at a time while the page watches.
//
// A Run is built from Settings exactly as train::run builds mytorch-train's run — seed the RNG,
// load_splits (or split the uploaded CSV as load_splits splits a csv:PATH), standardise with the
// training split's statistics, MLP, optimizer, Trainer — so its numbers are mytorch-train's: after
// E epochs its weights are those of `train_command(settings) --epochs E`, and checkpoint() is a
// model.npz that mytorch-eval and `mytorch-train --resume` take.
//
// The library has one RNG (random.hpp) and a server runs several sessions at once, so each Run
// keeps its own RNG state and swaps it in, under one process-wide lock, whenever it draws (data,
// initial weights, batch order, dropout masks). Its views (views.hpp) run in eval mode and draw
// nothing.

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "mytorch/data/split.hpp"
#include "mytorch/data/standardizer.hpp"
#include "mytorch/models/mlp.hpp"
#include "mytorch/nn/loss.hpp"
#include "mytorch/optim/optimizer.hpp"
#include "mytorch/random.hpp"
#include "mytorch/train/checkpoint.hpp"
#include "mytorch/train/trainer.hpp"
#include "settings.hpp"

namespace mytorch::playground {

/// One finished epoch: the training loss and accuracy over its batches as trained (as
/// mytorch-train reports them), then the test split's in eval mode.
struct EpochRecord {
  std::size_t epoch = 0;
  double train_loss = 0, train_accuracy = 0, test_loss = 0, test_accuracy = 0;
  double seconds = 0;  // training time of the epoch
};

/// The square the page draws, in the data's own coordinates: every point with a margin.
struct Box {
  double x0 = -1, x1 = 1, y0 = -1, y1 = 1;
};

class Run {
 public:
  /// A new run; `uploaded` is the session's CSV, needed when settings.dataset is csv:NAME.
  /// Throws BadRequest when the data does not suit the playground (not 2-D, a missing upload).
  static std::unique_ptr<Run> make(const Settings& settings, const data::Dataset* uploaded);

  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  /// Trains up to `steps` steps, fewer if out_of_time() says so first (asked before each step);
  /// returns the steps done. Each epoch that ends is evaluated on the test split and appended to
  /// history. A step that makes the loss or the weights NaN/Inf stops the run for good: `diverged`
  /// says why and what to do.
  std::size_t train(std::size_t steps, const std::function<bool()>& out_of_time);

  /// Stops the run for good: `detail` (where a NaN or Inf appeared) goes into `diverged` with advice.
  void diverge(const std::string& detail);

  /// The output of every layer of the model for X (rows in the data's own coordinates, which are
  /// standardised first), in eval mode: BatchNorm1d with its running statistics, no dropout.
  std::vector<Tensor> layer_outputs(const Tensor& X);

  /// The run as a model.npz (the bytes of train::save_checkpoint).
  std::string checkpoint();

  /// Continues from a checkpoint of this very run's settings: weights, optimizer state, RNG,
  /// history, a part-done epoch. Throws BadRequest if it does not fit (other data, other model).
  /// `c` is as train::parse_checkpoint gives it: its history (epochs, 6), one row per epoch done.
  void restore(const train::Checkpoint& c);

  Settings settings;  // the speed may change during a run (Session::configure); nothing else does
  const data::Splits raw;           // as generated or uploaded: what the page draws
  data::Standardizer standardizer;  // fitted on raw.train
  const data::Splits data;          // raw, standardised: what the model sees
  const std::string test_fingerprint;
  const Box box;
  models::MLP model;
  nn::CrossEntropyLoss loss;
  const std::unique_ptr<optim::Optimizer> optimizer;
  train::Trainer trainer;
  std::vector<EpochRecord> history;
  std::size_t steps = 0;  // steps taken, over all epochs
  std::string diverged;   // empty while training is possible

 private:
  Run(const Settings& settings, data::Splits raw);  // with the RNG seeded and locked

  Rng::State rng_state_{};
  double epoch_seconds_ = 0;  // of the epoch under way
};

/// The library's RNG is one per process: whoever draws from it holds this lock.
std::mutex& rng_mutex();

}  // namespace mytorch::playground
