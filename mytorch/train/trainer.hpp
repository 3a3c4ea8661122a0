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

#include <cstddef>
#include <functional>
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

class Trainer {
 public:
  /// All references must outlive the Trainer.
  Trainer(nn::Module& model, nn::Loss& loss, optim::Optimizer& optimizer, const data::Dataset& train,
          std::size_t batch_size);

  /// Called after each step with (steps done this epoch, steps per epoch, mean loss so far), e.g.
  /// for a progress bar.
  using StepCallback = std::function<void(std::size_t, std::size_t, double)>;

  /// One pass over the training set; returns {mean loss, accuracy} over its batches.
  Evaluation train_epoch(const StepCallback& on_step = {});

  std::size_t steps_per_epoch() const { return batches_.batches_per_epoch(); }

 private:
  nn::Module& model_;
  nn::Loss& loss_;
  optim::Optimizer& optimizer_;
  data::Batcher batches_;
};

}  // namespace mytorch::train
