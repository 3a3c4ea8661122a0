#include "mytorch/train/history.hpp"

#include <cmath>
#include <cstdio>
#include <array>
#include <stdexcept>

namespace mytorch::train {

namespace {
constexpr std::size_t kColumns = 6;  // epoch, train loss, train accuracy, val loss, val accuracy, seconds

/// The columns of one row, in the order above.
std::array<double, kColumns> columns_of(const EpochStats& s) {
  return {static_cast<double>(s.epoch), s.train_loss, s.train_accuracy, s.val_loss, s.val_accuracy, s.seconds};
}
}  // namespace

std::string metrics_csv(const History& history) {
  std::string csv = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds\n";
  char line[200];
  for (const EpochStats& s : history) {
    std::snprintf(line, sizeof line, "%zu,%.6f,%.6f,%.6f,%.6f,%.3f\n", s.epoch, s.train_loss, s.train_accuracy,
                  s.val_loss, s.val_accuracy, s.seconds);
    csv += line;
  }
  return csv;
}

Tensor history_table(const History& history) {
  Tensor table({history.size(), kColumns});
  for (std::size_t i = 0; i < history.size(); ++i) {
    const auto row = columns_of(history[i]);
    for (std::size_t j = 0; j < kColumns; ++j) table(i, j) = static_cast<real>(row[j]);
  }
  return table;
}

History history_of(const Tensor& table) {
  if (table.size() == 0) return {};
  check_cols("history_of", "history", table, kColumns);
  History history;
  for (std::size_t i = 0; i < table.shape(0); ++i) {
    const double epoch = static_cast<double>(table(i, 0));
    if (!(epoch >= 1) || epoch != std::floor(epoch) || epoch > 1e15)
      throw std::invalid_argument("history_of: row " + std::to_string(i) + " has epoch " + std::to_string(epoch) +
                                  ", not a whole number >= 1");
    history.push_back({static_cast<std::size_t>(epoch), static_cast<double>(table(i, 1)),
                       static_cast<double>(table(i, 2)), static_cast<double>(table(i, 3)),
                       static_cast<double>(table(i, 4)), static_cast<double>(table(i, 5))});
  }
  return history;
}

}  // namespace mytorch::train
