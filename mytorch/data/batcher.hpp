#pragma once
/// mytorch/data/batcher.hpp — shuffled mini-batches written into preallocated tensors.
///
/// Each epoch visits every sample once, in a fresh order drawn from the library's RNG (or in
/// order, with shuffle = false, for evaluation). Batch t holds rows order[t·B … t·B + B − 1]:
///   X (B, D)   the features
///   Y (B, K)   one-hot targets: Y_ik = 1 where labels[i] = k
/// and the last batch of an epoch has N mod B rows when B does not divide N. Both batch sizes get
/// their buffers once, in the constructor, so the training loop allocates nothing per step.
///
///   Batcher batches(train, 64);
///   batches.start_epoch();
///   while (batches.next()) { model.forward(batches.X()); … batches.Y() … }

#include <cstddef>
#include <vector>

#include "mytorch/data/dataset.hpp"

namespace mytorch::data {

class Batcher {
 public:
  /// `data` must outlive the Batcher. batch_size > 0; a batch size above N gives one batch of N.
  Batcher(const Dataset& data, std::size_t batch_size, bool shuffle = true);

  void start_epoch();  // new order (if shuffling) and back to the first batch
  bool next();         // fills the next batch; false once the epoch is done

  const Tensor& X() const { return *X_; }  // (n, D), n = B or the last batch's size
  const Tensor& Y() const { return *Y_; }  // (n, K)
  const std::vector<std::size_t>& labels() const { return labels_; }  // n labels

  std::size_t batches_per_epoch() const;

  /// Where the epoch stands — its order and the first position not yet served — so that a run can
  /// stop between batches and continue later with exactly the batches it would have drawn.
  const std::vector<std::size_t>& order() const { return order_; }
  std::size_t position() const { return position_; }

  /// Continues an epoch saved with order() and position(). Throws std::invalid_argument unless order
  /// is a permutation of 0…N−1 (N samples) and position ≤ N.
  void resume_epoch(const std::vector<std::size_t>& order, std::size_t position);
  std::size_t batch_size() const { return batch_size_; }

 private:
  const Dataset& data_;
  std::size_t batch_size_;
  bool shuffle_;
  std::vector<std::size_t> order_;
  std::size_t position_ = 0;  // first row of order_ not yet served
  Tensor full_X_, full_Y_;    // (B, D), (B, K)
  Tensor tail_X_, tail_Y_;    // (N mod B, D), (N mod B, K)
  Tensor* X_ = &full_X_;
  Tensor* Y_ = &full_Y_;
  std::vector<std::size_t> labels_;
};

}  // namespace mytorch::data
