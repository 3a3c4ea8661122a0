#pragma once
/// mytorch/data/dataset.hpp — a labelled dataset and one-hot targets.
///
///   X (N, D)   one sample per row
///   labels     N class indices in [0, K)
///   Y (N, K)   one-hot: Y_ik = 1 if labels[i] = k else 0

#include <cstddef>
#include <string>
#include <vector>

#include "mytorch/tensor.hpp"

namespace mytorch::data {

struct Dataset {
  Tensor X;                         // (N, D)
  std::vector<std::size_t> labels;  // N class indices
  std::size_t num_classes = 0;      // K
  std::string name;

  std::size_t size() const { return labels.size(); }
  std::size_t features() const { return X.shape(1); }
};

/// Y (N, K) with Y_ik = 1 where labels[i] = k. Throws if a label is ≥ K.
Tensor one_hot(const std::vector<std::size_t>& labels, std::size_t num_classes);

/// The index of the largest entry of each row of A (N, C): the predicted class.
std::vector<std::size_t> argmax_rows(const Tensor& A);

/// A 64-bit FNV-1a hash of d's shape, labels and samples (each x rounded to float, so float32 and
/// float64 builds agree), as 16 hex digits: tells whether two splits hold the same data in the same
/// order, e.g. the test split a checkpoint was evaluated on and the one mytorch-eval loads.
std::string fingerprint(const Dataset& d);

/// How many samples of each class 0 … K−1 d holds. Throws std::invalid_argument for a label ≥ K.
std::vector<std::size_t> class_counts(const Dataset& d);

/// Whether d's labels make a classification problem. Throws std::invalid_argument "<name> has only
/// one class (label k): nothing to classify" when every sample has the same label. Returns "" or a
/// one-line warning naming the labels in [0, K) without a sample — labels with gaps, or starting at
/// 1 — whose outputs the model has but never trains (training is still meaningful).
std::string check_classes(const Dataset& d);

/// The fraction of predictions equal to labels.
double accuracy(const std::vector<std::size_t>& predicted, const std::vector<std::size_t>& labels);

}  // namespace mytorch::data
