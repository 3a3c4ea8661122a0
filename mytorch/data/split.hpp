#pragma once
/// mytorch/data/split.hpp — train / validation / test splits, shuffled with the library's RNG.
///
/// split(d, val, test) shuffles the N rows once and cuts them into
///   test:        the first N_test = round(test·N) rows of the shuffled order
///   validation:  the next round(val·(N − N_test)): val is a fraction of the training data, the
///                rows the test split leaves
///   train:       the rest
/// so the same seed gives the same three sets. A dataset with its own test set (Fashion-MNIST)
/// uses split_off(train, val) to cut only the validation set from its training set: val means the
/// same there. (Before validation counted from the rest, it was round(val·N): the test split is
/// the same either way.)

#include <cstddef>
#include <string>
#include <vector>

#include "mytorch/data/dataset.hpp"

namespace mytorch::data {

struct Splits {
  Dataset train, val, test;
  std::vector<std::string> notes;  // what loading noticed, one line each (a skipped header row, …)
};

/// The rows `rows` of d, in that order (same classes and name).
Dataset subset(const Dataset& d, const std::vector<std::size_t>& rows);

/// Shuffles d and cuts it into train, validation and test as described above. Fractions in
/// [0, 1); throws std::invalid_argument otherwise, or when d has too few samples to give each split
/// (test, validation if val > 0, train) at least one: the message names d and the fewest samples
/// needed.
Splits split(const Dataset& d, double val_fraction, double test_fraction);

/// Reorders the rows of d in place: afterwards row r holds what row order[r] held (order: a
/// permutation of 0 … N−1). One row of scratch memory, so a large dataset is never held twice.
void permute_rows(Dataset& d, const std::vector<std::size_t>& order);

/// Cuts a validation set of round(val·N) shuffled rows off `train`; `test` is kept as it is. The
/// training rows are shuffled in place: without a validation set, the data is never copied. Throws
/// std::invalid_argument like split when train is too small for both.
Splits split_off(Dataset train, Dataset test, double val_fraction);

}  // namespace mytorch::data
