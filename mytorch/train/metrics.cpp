#include "mytorch/train/metrics.hpp"

#include <cstdio>
#include <stdexcept>

namespace mytorch::train {

ConfusionMatrix::ConfusionMatrix(const std::vector<std::size_t>& labels,
                                 const std::vector<std::size_t>& predicted, std::size_t num_classes)
    : K_(num_classes), M_(num_classes * num_classes, 0) {
  if (labels.size() != predicted.size())
    throw std::invalid_argument("ConfusionMatrix: " + std::to_string(predicted.size()) +
                                " predictions for " + std::to_string(labels.size()) + " labels");
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] >= K_ || predicted[i] >= K_)
      throw std::invalid_argument("ConfusionMatrix: sample " + std::to_string(i) + " has class " +
                                  std::to_string(std::max(labels[i], predicted[i])) +
                                  ", out of range for " + std::to_string(K_) + " classes");
    ++M_[labels[i] * K_ + predicted[i]];
  }
  total_ = labels.size();
}

std::size_t ConfusionMatrix::count(std::size_t t, std::size_t p) const {
  if (t >= K_ || p >= K_) throw std::out_of_range("ConfusionMatrix::count: class out of range");
  return M_[t * K_ + p];
}

namespace {
double ratio(std::size_t a, std::size_t b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0; }
}  // namespace

double ConfusionMatrix::accuracy() const {
  std::size_t right = 0;
  for (std::size_t k = 0; k < K_; ++k) right += M_[k * K_ + k];
  return ratio(right, total_);
}

double ConfusionMatrix::precision(std::size_t k) const {
  std::size_t predicted_k = 0;
  for (std::size_t t = 0; t < K_; ++t) predicted_k += count(t, k);
  return ratio(count(k, k), predicted_k);
}

double ConfusionMatrix::recall(std::size_t k) const {
  std::size_t actual_k = 0;
  for (std::size_t p = 0; p < K_; ++p) actual_k += count(k, p);
  return ratio(count(k, k), actual_k);
}

std::string ConfusionMatrix::to_string() const {
  std::string s = "true\\pred";
  char cell[64];
  for (std::size_t p = 0; p < K_; ++p) {
    std::snprintf(cell, sizeof cell, " %6zu", p);
    s += cell;
  }
  s += "   precision  recall\n";
  for (std::size_t t = 0; t < K_; ++t) {
    std::snprintf(cell, sizeof cell, "%9zu", t);
    s += cell;
    for (std::size_t p = 0; p < K_; ++p) {
      std::snprintf(cell, sizeof cell, " %6zu", count(t, p));
      s += cell;
    }
    std::snprintf(cell, sizeof cell, "   %8.2f%%  %6.2f%%\n", 100 * precision(t), 100 * recall(t));
    s += cell;
  }
  return s;
}

}  // namespace mytorch::train
