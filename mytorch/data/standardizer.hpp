#pragma once
/// mytorch/data/standardizer.hpp — feature standardisation, fitted on the training split only.
///
///   fit(X):        mean_j = Σ_i X_ij / N,   std_j = √(Σ_i (X_ij − mean_j)² / N)     X (N, D)
///   transform(X):  X_ij ← (X_ij − mean_j) / std_j                                  mean, std (1, D)
/// A constant feature (std_j = 0, e.g. a border pixel that is always blank) gets std_j = 1, so it
/// becomes 0 instead of NaN. Fitting on the training split alone keeps the validation and test sets
/// unseen: they are transformed with the training statistics.
/// Any finite data standardises: features near the largest double (±1e308), whose sums overflow,
/// are fitted and transformed in scaled form. Only a validation or test value so far outside the
/// training range that its standardised value overflows is refused, naming its column.

#include "mytorch/tensor.hpp"

namespace mytorch::data {

class Standardizer {
 public:
  Tensor mean;  // (1, D)
  Tensor std;   // (1, D), every entry > 0

  void fit(const Tensor& X);
  void transform(Tensor& X) const;  // in place; throws if X has not D columns, before fit, or on overflow
  bool fitted() const { return mean.size() > 0; }
};

}  // namespace mytorch::data
