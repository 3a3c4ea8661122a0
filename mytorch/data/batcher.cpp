#include "mytorch/data/batcher.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <stdexcept>

#include "mytorch/random.hpp"

namespace mytorch::data {

Batcher::Batcher(const Dataset& data, std::size_t batch_size, bool shuffle)
    : data_(data), batch_size_(std::min(batch_size, data.size())), shuffle_(shuffle) {
  if (batch_size == 0) throw std::invalid_argument("Batcher: batch_size must be positive");
  if (data.size() == 0) throw std::invalid_argument("Batcher: dataset '" + data.name + "' is empty");
  const std::size_t D = data.features(), K = data.num_classes, tail = data.size() % batch_size_;
  full_X_ = Tensor({batch_size_, D});
  full_Y_ = Tensor({batch_size_, K});
  tail_X_ = Tensor({tail, D});
  tail_Y_ = Tensor({tail, K});
  labels_.reserve(batch_size_);
  order_.resize(data.size());
  position_ = order_.size();  // nothing to serve before start_epoch
}

void Batcher::start_epoch() {
  // Each epoch shuffles 0…N−1 afresh, so its order depends on the RNG state alone: a run resumed
  // from a checkpoint (which saves that state) draws the same batches as an uninterrupted one.
  std::iota(order_.begin(), order_.end(), 0);
  if (shuffle_) rng().shuffle(order_);
  position_ = 0;
}

void Batcher::resume_epoch(const std::vector<std::size_t>& order, std::size_t position) {
  const std::size_t N = data_.size();
  std::vector<bool> seen(N, false);
  for (const std::size_t row : order) {
    if (row >= N || seen[row])
      throw std::invalid_argument("Batcher::resume_epoch: the saved order is not a permutation of the " +
                                  std::to_string(N) + " samples of '" + data_.name + "'");
    seen[row] = true;
  }
  if (order.size() != N || position > N)
    throw std::invalid_argument("Batcher::resume_epoch: saved order of " + std::to_string(order.size()) +
                                " samples at position " + std::to_string(position) + ", dataset '" +
                                data_.name + "' has " + std::to_string(N));
  order_ = order;
  position_ = position;
}

bool Batcher::next() {
  const std::size_t n = std::min(batch_size_, order_.size() - position_);
  if (n == 0) return false;
  X_ = n == batch_size_ ? &full_X_ : &tail_X_;
  Y_ = n == batch_size_ ? &full_Y_ : &tail_Y_;
  const std::size_t D = data_.features();
  std::fill(Y_->begin(), Y_->end(), real(0));
  labels_.clear();
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t row = order_[position_ + r];
    std::memcpy(&(*X_)(r, 0), &data_.X(row, 0), D * sizeof(real));
    const std::size_t k = data_.labels[row];
    if (k >= data_.num_classes)
      throw std::invalid_argument("Batcher: label " + std::to_string(k) + " of sample " +
                                  std::to_string(row) + " is out of range for " +
                                  std::to_string(data_.num_classes) + " classes");
    (*Y_)(r, k) = 1;
    labels_.push_back(k);
  }
  position_ += n;
  return true;
}

std::size_t Batcher::batches_per_epoch() const {
  return (order_.size() + batch_size_ - 1) / batch_size_;
}

}  // namespace mytorch::data
