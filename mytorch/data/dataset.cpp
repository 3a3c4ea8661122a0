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

namespace mytorch::data {

std::vector<std::size_t> class_counts(const Dataset& d) {
  std::vector<std::size_t> counts(d.num_classes, 0);
  for (const std::size_t label : d.labels) {
    if (label >= d.num_classes)
      throw std::invalid_argument("class_counts: label " + std::to_string(label) + " of " + d.name + " is not below " +
                                  std::to_string(d.num_classes));
    ++counts[label];
  }
  return counts;
}

std::string check_classes(const Dataset& d) {
  const std::vector<std::size_t> counts = class_counts(d);
  std::vector<std::size_t> missing;
  for (std::size_t k = 0; k < counts.size(); ++k)
    if (counts[k] == 0) missing.push_back(k);
  if (d.size() > 0 && missing.size() + 1 == counts.size()) {
    const std::size_t only = d.labels.front();
    throw std::invalid_argument(d.name + " has only one class (label " + std::to_string(only) +
                                "): nothing to classify");
  }
  if (missing.empty()) return "";
  std::string list;
  for (std::size_t i = 0; i < missing.size() && i < 5; ++i) list += (i ? ", " : "") + std::to_string(missing[i]);
  if (missing.size() > 5) list += ", …, " + std::to_string(missing.back()) + " (" + std::to_string(missing.size()) + " in all)";
  const bool starts_at_1 = missing.size() == 1 && missing[0] == 0;
  return d.name + ": labels 0 … " + std::to_string(counts.size() - 1) + " make " + std::to_string(counts.size()) +
         " classes, but no sample has label " + list + (starts_at_1 ? " (labels should start at 0)" : "") + ": " +
         (missing.size() == 1 ? "that class's output" : "those classes' outputs") + " will never be trained";
}

}  // namespace mytorch::data
