#include "mytorch/data/dataset.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
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

namespace {
void fnv1a(std::uint64_t& h, const void* bytes, std::size_t n) {
  const auto* p = static_cast<const unsigned char*>(bytes);
  for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ULL;
}

void fnv1a(std::uint64_t& h, std::uint64_t value) { fnv1a(h, &value, sizeof value); }
}  // namespace

std::string fingerprint(const Dataset& d) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  fnv1a(h, d.X.shape(0));
  fnv1a(h, d.X.shape(1));
  fnv1a(h, d.num_classes);
  for (std::size_t label : d.labels) fnv1a(h, label);
  for (real x : d.X) {
    const float f = static_cast<float>(x);
    fnv1a(h, &f, sizeof f);
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

}  // namespace mytorch::data
