#include "mytorch/data/split.hpp"

#include <cmath>
#include <algorithm>
#include <cstring>
#include <numeric>
#include <stdexcept>

#include "mytorch/detail/number.hpp"
#include "mytorch/random.hpp"

namespace mytorch::data {

namespace {
void check_fraction(const char* name, double f) {
  if (!(f >= 0 && f < 1))
    throw std::invalid_argument(std::string("split: ") + name + " = " + std::to_string(f) +
                                " must lie in [0, 1)");
}

std::size_t count_of(double fraction, std::size_t N) {
  return static_cast<std::size_t>(std::llround(fraction * static_cast<double>(N)));
}

/// Shuffled row indices cut at the given counts: [0, a), [a, a+b), [a+b, N).
std::vector<std::vector<std::size_t>> shuffled_parts(std::size_t N, std::size_t a, std::size_t b) {
  std::vector<std::size_t> order(N);
  std::iota(order.begin(), order.end(), 0);
  rng().shuffle(order);
  const auto cut = [&](std::size_t from, std::size_t to) {
    return std::vector<std::size_t>(order.begin() + static_cast<std::ptrdiff_t>(from),
                                    order.begin() + static_cast<std::ptrdiff_t>(to));
  };
  return {cut(0, a), cut(a, a + b), cut(a + b, N)};
}
}  // namespace

Dataset subset(const Dataset& d, const std::vector<std::size_t>& rows) {
  Dataset s;
  s.name = d.name;
  s.num_classes = d.num_classes;
  const std::size_t D = d.features();
  s.X = Tensor({rows.size(), D});
  s.labels.resize(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows[r] >= d.size())
      throw std::out_of_range("subset: row " + std::to_string(rows[r]) + " of a dataset of " +
                              std::to_string(d.size()));
    std::memcpy(&s.X(r, 0), &d.X(rows[r], 0), D * sizeof(real));
    s.labels[r] = d.labels[rows[r]];
  }
  return s;
}

namespace {
/// The sizes of test, validation and training split for N samples.
struct Counts {
  std::size_t test, val, train;
};

Counts counts_of(std::size_t N, double val_fraction, double test_fraction) {
  const std::size_t test = count_of(test_fraction, N);
  const std::size_t val = count_of(val_fraction, N - test);
  return {test, val, N - test - std::min(val, N - test)};
}

/// The fewest samples that give every split asked for at least one sample.
std::size_t fewest_samples(double val_fraction, double test_fraction) {
  // Below 0.49 / fraction a split of that fraction would round to nothing: start there.
  const double start = std::max({1.0, test_fraction > 0 ? 0.49 / test_fraction : 1.0,
                                 val_fraction > 0 ? 0.49 / val_fraction : 1.0});
  if (start > 1e15) return static_cast<std::size_t>(1e15);  // a fraction of almost nothing
  for (auto N = static_cast<std::size_t>(start);; ++N) {
    const Counts c = counts_of(N, val_fraction, test_fraction);
    if (c.train >= 1 && (c.test >= 1 || test_fraction == 0) && (c.val >= 1 || val_fraction == 0)) return N;
  }
}

std::string percent(double fraction) { return detail::number(100 * fraction) + " %"; }
}  // namespace

Splits split(const Dataset& d, double val_fraction, double test_fraction) {
  check_fraction("val_fraction", val_fraction);
  check_fraction("test_fraction", test_fraction);
  const std::size_t N = d.size();
  const Counts c = counts_of(N, val_fraction, test_fraction);
  if (c.train == 0 || (c.test == 0 && test_fraction > 0) || (c.val == 0 && val_fraction > 0))
    throw std::invalid_argument((d.name.empty() ? std::string("split") : d.name) + ": " + std::to_string(N) +
                                " samples are too few for a test split of " + percent(test_fraction) +
                                ", a validation split of " + percent(val_fraction) +
                                " of the rest and a training split: they need at least " +
                                std::to_string(fewest_samples(val_fraction, test_fraction)) + " samples");
  const auto parts = shuffled_parts(N, c.test, c.val);
  return {subset(d, parts[2]), subset(d, parts[1]), subset(d, parts[0]), {}};
}

void permute_rows(Dataset& d, const std::vector<std::size_t>& order) {
  const std::size_t N = d.size(), D = d.features();
  if (order.size() != N)
    throw std::invalid_argument("permute_rows: " + std::to_string(order.size()) +
                                " indices for a dataset of " + std::to_string(N));
  std::vector<bool> placed(N, false);
  std::vector<real> row(D);  // the one row of scratch
  for (std::size_t start = 0; start < N; ++start) {
    if (placed[start]) continue;
    // Follow the cycle start <- order[start] <- order[order[start]] … back to start.
    std::memcpy(row.data(), &d.X(start, 0), D * sizeof(real));
    const std::size_t label = d.labels[start];
    std::size_t r = start;
    for (;;) {
      const std::size_t from = order[r];
      if (from >= N || (from != start && placed[from]))
        throw std::invalid_argument("permute_rows: the order is not a permutation of 0 … " +
                                    std::to_string(N - 1));
      placed[r] = true;
      if (from == start) break;
      std::memcpy(&d.X(r, 0), &d.X(from, 0), D * sizeof(real));
      d.labels[r] = d.labels[from];
      r = from;
    }
    std::memcpy(&d.X(r, 0), row.data(), D * sizeof(real));
    d.labels[r] = label;
  }
}

Splits split_off(Dataset train, Dataset test, double val_fraction) {
  check_fraction("val_fraction", val_fraction);
  const std::size_t N = train.size(), n_val = count_of(val_fraction, N);
  if (n_val >= N || (n_val == 0 && val_fraction > 0))
    throw std::invalid_argument((train.name.empty() ? std::string("split_off") : train.name) + ": " +
                                std::to_string(N) + " training samples are too few for a validation split of " +
                                percent(val_fraction) + " and a training split: they need at least " +
                                std::to_string(fewest_samples(val_fraction, 0)) + " samples");
  const auto parts = shuffled_parts(N, 0, n_val);
  Dataset val = subset(train, parts[1]);  // (n_val, D); no rows without a validation set
  if (n_val == 0)
    permute_rows(train, parts[2]);  // every row stays a training row: shuffle without a copy
  else
    train = subset(train, parts[2]);
  return {std::move(train), std::move(val), std::move(test), {}};
}

}  // namespace mytorch::data
