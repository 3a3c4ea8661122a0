#pragma once
/// mytorch/train/history.hpp — what each epoch of a run measured, and its two file forms.
///
/// A run's history is one EpochStats per epoch, in order. It is written twice:
///   metrics.csv                  epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds
///   the checkpoint's "history"   an (epochs, 6) array with the same columns (numpy users read it)
/// Without a validation split val_loss and val_accuracy are NaN ("nan" in the CSV).

#include <cstddef>
#include <string>
#include <vector>

#include "mytorch/tensor.hpp"

namespace mytorch::train {

struct EpochStats {
  std::size_t epoch = 0;
  double train_loss = 0, train_accuracy = 0, val_loss = 0, val_accuracy = 0, seconds = 0;
};

using History = std::vector<EpochStats>;

/// The text of metrics.csv: a header line, then one line per epoch.
std::string metrics_csv(const History& history);

/// History as the checkpoint's (epochs, 6) array, and back. history_of throws std::invalid_argument
/// when the array has another number of columns, or an epoch that is not a whole number ≥ 1.
Tensor history_table(const History& history);
History history_of(const Tensor& table);

}  // namespace mytorch::train
