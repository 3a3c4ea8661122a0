#include "mytorch/data/dataset.hpp"

#include <algorithm>
#include <stdexcept>

namespace mytorch::data {

Tensor one_hot(const std::vector<std::size_t>& labels, std::size_t num_classes) {
  Tensor Y = xt::zeros<real>({labels.size(), num_classes});
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] >= num_classes)
      throw std::invalid_argument("one_hot: label " + std::to_string(labels[i]) + " of sample " +
                                  std::to_string(i) + " is out of range for " +
                                  std::to_string(num_classes) + " classes");
    Y(i, labels[i]) = 1;
  }
  return Y;
}

std::vector<std::size_t> argmax_rows(const Tensor& A) {
  std::vector<std::size_t> out(A.shape(0));
  const std::size_t C = A.shape(1);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const real* row = &A(i, 0);
    out[i] = static_cast<std::size_t>(std::max_element(row, row + C) - row);
  }
  return out;
}

double accuracy(const std::vector<std::size_t>& predicted, const std::vector<std::size_t>& labels) {
  if (predicted.size() != labels.size())
    throw std::invalid_argument("accuracy: " + std::to_string(predicted.size()) +
                                " predictions for " + std::to_string(labels.size()) + " labels");
  if (labels.empty()) return 0;
  std::size_t right = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) right += predicted[i] == labels[i];
  return static_cast<double>(right) / static_cast<double>(labels.size());
}

}  // namespace mytorch::data
