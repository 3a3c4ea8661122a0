#pragma once
/// mytorch/train/schedule.hpp — the learning rate of each epoch.
///
/// With base rate lr and E epochs in all, epoch e (1, …, E) trains with
///   constant:  lr_e = lr
///   cosine:    lr_e = lr · ½ (1 + cos(π (e − 1) / E))     lr at epoch 1, falling to ≈ 0 at epoch E
/// A cosine decay lets SGD take big steps early and settle into a minimum at the end, instead of
/// bouncing around it with the full step (on Fashion-MNIST: a better final model, see
/// bench/RESULTS.md). It depends only on e and E, so a resumed run continues on the same curve.

#include <cstddef>
#include <string>
#include <vector>

namespace mytorch::train {

/// constant, cosine.
std::vector<std::string> schedule_names();

/// lr_e above; throws std::invalid_argument naming the known schedules for any other name, and for
/// epoch outside 1..epochs.
double scheduled_lr(const std::string& schedule, double lr, std::size_t epoch, std::size_t epochs);

}  // namespace mytorch::train
