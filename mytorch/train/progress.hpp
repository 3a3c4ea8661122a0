#pragma once
/// mytorch/train/progress.hpp — what a training run prints while it runs.
///
///   bar     (stdout is a terminal) one line redrawn in place:
///           epoch 3/20 [#########.........] 47%  loss 0.4312  ETA 0:12
///   lines   (stdout is a file or pipe) one plain line per epoch:
///           epoch 3/20  train loss 0.4312 acc 84.20%  val loss 0.4501 acc 83.90%  1.25s
///   quiet   nothing
/// The ETA is the mean time per step so far times the steps left.

#include <chrono>
#include <cstddef>
#include <ostream>

#include "mytorch/train/history.hpp"

namespace mytorch::train {

class Progress {
 public:
  enum class Style { bar, lines, quiet };

  /// bar when stdout is a terminal, lines otherwise; quiet when asked.
  static Style detect(bool quiet);

  /// first_epoch > 1 when a run resumes.
  Progress(std::ostream& out, Style style, std::size_t first_epoch, std::size_t epochs,
           std::size_t steps_per_epoch);

  void step(std::size_t epoch, std::size_t step, double running_loss);  // redraws the bar (≤ 10/s)
  void epoch_done(const EpochStats& stats);

 private:
  std::ostream& out_;
  Style style_;
  std::size_t first_epoch_, epochs_, steps_per_epoch_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace mytorch::train
