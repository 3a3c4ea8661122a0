#pragma once
/// mytorch/train/trainer.hpp — the training loop, shared by mytorch-train and the tests.
///
/// One step on a mini-batch (X, Y) of n samples:
///   A = model.forward(X)           logits (n, K)
///   L = loss.forward(A, Y)
///   model.backward_parameters(loss.backward())   writes every dLdW, dLdb (skips dL/dX: the data
///                                                needs no gradient)
///   optimizer.step()
/// An epoch runs one step per batch of a freshly shuffled order (data::Batcher); its training loss
/// and accuracy are the means over the batches as they were trained on (no extra pass).
/// evaluate() runs the model in eval mode over a dataset in fixed order.
///
/// Stopping and divergence: train_epoch asks `should_stop` before each step and, when told to,
/// returns with the epoch unfinished; position() then holds everything needed to continue it later
/// (resume_epoch) with exactly the batches and sums an uninterrupted run would have had. A loss, a
/// logit or a parameter that becomes NaN or Inf (too large a step) throws Diverged.

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <vector>

#include "mytorch/data/batcher.hpp"
#include "mytorch/nn/loss.hpp"
#include "mytorch/nn/module.hpp"
#include "mytorch/optim/optimizer.hpp"

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

 private:
  nn::Module& model_;
  nn::Loss& loss_;
  optim::Optimizer& optimizer_;
  data::Batcher batches_;
  std::size_t steps_ = 0, right_ = 0;  // this epoch's, so far
  double loss_sum_ = 0;

  void step();  // one batch: forward, loss, backward, optimizer step
};

}  // namespace mytorch::train
