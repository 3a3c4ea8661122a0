#include "mytorch/train/schedule.hpp"

#include <cmath>
#include <stdexcept>

namespace mytorch::train {

std::vector<std::string> schedule_names() { return {"constant", "cosine"}; }

double scheduled_lr(const std::string& schedule, double lr, std::size_t epoch, std::size_t epochs) {
  if (epoch < 1 || epoch > epochs)
    throw std::invalid_argument("scheduled_lr: epoch " + std::to_string(epoch) + " is not in 1.." +
                                std::to_string(epochs));
  if (schedule == "constant") return lr;
  if (schedule == "cosine") {
    const double pi = std::acos(-1.0);
    return lr * 0.5 * (1 + std::cos(pi * static_cast<double>(epoch - 1) / static_cast<double>(epochs)));
  }
  throw std::invalid_argument("unknown learning-rate schedule '" + schedule + "' (known: constant, cosine)");
}

}  // namespace mytorch::train
