#pragma once
/// mytorch/train/metrics.hpp — how good a classifier is, per class.
///
/// The confusion matrix M (K, K) counts M_tp = number of samples of true class t predicted as p.
///   accuracy     = Σ_k M_kk / Σ M
///   precision_k  = M_kk / Σ_t M_tk     (of the samples predicted k, the fraction that are k)
///   recall_k     = M_kk / Σ_p M_kp     (of the samples that are k, the fraction found)
/// A class never predicted (or absent) has precision (recall) 0 rather than 0/0.

#include <cstddef>
#include <string>
#include <vector>

namespace mytorch::train {

class ConfusionMatrix {
 public:
  /// Counts (labels[i], predicted[i]) pairs; throws std::invalid_argument on different lengths or
  /// a class ≥ num_classes.
  ConfusionMatrix(const std::vector<std::size_t>& labels, const std::vector<std::size_t>& predicted,
                  std::size_t num_classes);

  std::size_t classes() const { return K_; }
  std::size_t count(std::size_t true_class, std::size_t predicted_class) const;
  std::size_t total() const { return total_; }

  double accuracy() const;
  double precision(std::size_t k) const;
  double recall(std::size_t k) const;

  /// The matrix and the per-class precision and recall as an aligned text table.
  std::string to_string() const;

 private:
  std::size_t K_;
  std::size_t total_ = 0;
  std::vector<std::size_t> M_;  // K×K, row = true class
};

}  // namespace mytorch::train
