#pragma once
/// mytorch/train/trainer.hpp — the training loop, shared by mytorch-train, the playground and the tests.
///
/// One step on a mini-batch (X, Y) of n samples:
///   A = model.forward(X)           logits (n, K)
///   L = loss.forward(A, Y)
///   model.backward_parameters(loss.backward())   writes every dLdW, dLdb (skips dL/dX: the data
///                                                needs no gradient)
///   optimizer.step()
/// An epoch runs one step per batch of a freshly shuffled order (data::Batcher); its training loss
/// and accuracy are the means over the batches as they were trained on (no extra pass).
/// fit() runs whole epochs: for each, the learning rate of that epoch, the steps, the validation
/// pass, then an EpochStats appended to history(). It reports what happens through TrainerEvents —
/// a step done, an epoch done, a stop — and the programs decide what to do with it (draw a
/// progress bar, write metrics.csv, save a checkpoint, update a web page).
/// evaluate() runs the model in eval mode over a dataset in fixed order.
///
/// Stopping: should_stop is asked before each step and after each epoch but the last (a run whose
/// last epoch is done is complete, not stopped). Stopped inside an epoch,
/// position() holds everything needed to continue it later (resume_epoch) with exactly the batches
/// and sums an uninterrupted run would have had. A loss, a logit or a parameter that becomes NaN
/// or Inf (too large a step) throws Diverged.

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "mytorch/data/batcher.hpp"
#include "mytorch/nn/loss.hpp"
#include "mytorch/nn/module.hpp"
#include "mytorch/optim/optimizer.hpp"
#include "mytorch/train/history.hpp"

namespace mytorch::train {

struct Evaluation {
  double loss = 0;
  double accuracy = 0;
  std::vector<std::size_t> predicted;  // one class per sample
};

/// Loss, accuracy and predictions of `model` on d, in batches of batch_size, in eval mode (the
/// model is put back in training mode afterwards).
Evaluation evaluate(nn::Module& model, nn::Loss& loss, const data::Dataset& d,
                    std::size_t batch_size = 1000);

/// Training blew up: a loss, an activation or a parameter became NaN or Inf.
struct Diverged : std::runtime_error {
  using std::runtime_error::runtime_error;
  // Filled in by train::run (experiment.hpp), for a program to say what to do next:
  std::string kept;           // the last good checkpoint, "" if none was saved
  double smaller_lr = 0;      // a learning rate to try instead, 0 when the rate is not to blame
};

/// Where an unfinished epoch stands: its sample order and the sums over the steps done so far.
struct EpochPosition {
  std::vector<std::size_t> order;  // this epoch's order of the N training samples
  std::size_t seen = 0;            // samples of `order` trained on (the next batch starts there)
  std::size_t steps = 0, right = 0;  // steps done; samples predicted right
  double loss_sum = 0;             // Σ over the steps of batch loss × batch size
};

/// True when every parameter of model is finite.
bool parameters_finite(nn::Module& model);

/// A step just done: of which epoch, how many steps of it are done, and its mean loss so far.
struct StepReport {
  std::size_t epoch = 0, step = 0, steps_per_epoch = 0;
  double running_loss = 0;
};

/// What fit() tells whoever runs it; every member may be left empty.
struct TrainerEvents {
  std::function<void(const StepReport&)> on_step;
  /// After each finished epoch (validation included; history() already holds it). `last` is true for
  /// the last epoch this fit() runs: the final one, or the one after which it stops.
  std::function<void(const EpochStats&, bool last)> on_epoch_end;
  /// fit() stopped inside `epoch`; position() is where it stands (what a checkpoint must keep).
  std::function<void(std::size_t epoch, const EpochPosition&)> on_stop;
  /// Asked before each step and after each epoch but the last; true stops the run there.
  std::function<bool()> should_stop;
};

/// Which epochs fit() runs, and with what.
struct FitPlan {
  std::size_t first_epoch = 1, last_epoch = 1;
  const data::Dataset* validation = nullptr;          // none, or empty: no validation pass
  std::function<double(std::size_t epoch)> lr;        // the learning rate of each epoch; empty: leave it
};

/// How fit() ended.
struct FitResult {
  bool stopped = false;       // should_stop ended it before last_epoch was done
  std::string stopped_at;     // then where: "epoch 3, step 12 of 57" or "after epoch 3"
  std::size_t samples = 0;    // training samples stepped on by this fit()
  double seconds = 0;         // time spent in training steps (validation excluded)
};

class Trainer {
 public:
  /// All references must outlive the Trainer.
  Trainer(nn::Module& model, nn::Loss& loss, optim::Optimizer& optimizer, const data::Dataset& train,
          std::size_t batch_size);

  /// Called after each step with (steps done this epoch, steps per epoch, mean loss so far), e.g.
  /// for a progress bar.
  using StepCallback = std::function<void(std::size_t, std::size_t, double)>;

  /// Asked before each step; true stops the epoch there.
  using StopCheck = std::function<bool()>;

  /// Epochs plan.first_epoch … plan.last_epoch (continuing an unfinished one first, if
  /// resume_epoch was given one), reporting through events. Throws Diverged naming the epoch and
  /// step (or the validation pass) where a NaN or Inf appeared.
  FitResult fit(const FitPlan& plan, const TrainerEvents& events = {});

  /// One pass over the training set (or the rest of an unfinished one); returns {mean loss,
  /// accuracy} over its batches so far. Throws Diverged naming the step.
  Evaluation train_epoch(const StepCallback& on_step = {}, const StopCheck& should_stop = {});

  /// False after train_epoch stopped early: the next train_epoch continues the same epoch.
  bool epoch_finished() const { return batches_.position() == batches_.order().size(); }

  std::size_t steps_per_epoch() const { return batches_.batches_per_epoch(); }

  /// The current epoch's order and sums (to save with a checkpoint), and back: the next
  /// train_epoch continues from there. resume_epoch throws std::invalid_argument if the position
  /// does not fit this training set.
  EpochPosition position() const;
  void resume_epoch(const EpochPosition& position);

  /// One EpochStats per epoch finished by fit(), oldest first; set_history gives it the epochs of
  /// a run being resumed.
  const History& history() const { return history_; }
  void set_history(History history) { history_ = std::move(history); }

 private:
  nn::Module& model_;
  nn::Loss& loss_;
  optim::Optimizer& optimizer_;
  data::Batcher batches_;
  std::size_t steps_ = 0, right_ = 0;  // this epoch's, so far
  double loss_sum_ = 0;
  History history_;

  void step();  // one batch: forward, loss, backward, optimizer step
  /// One epoch of fit(); sets result.stopped when asked to stop in it or after it.
  void fit_epoch(std::size_t epoch, const FitPlan& plan, const TrainerEvents& events, FitResult& result);
};

}  // namespace mytorch::train
