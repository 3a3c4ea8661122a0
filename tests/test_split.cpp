// Tests of mytorch/data/split.hpp: sizes, disjointness and repeatability of the splits.

#include "mytorch/data/split.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "test_util.hpp"

using namespace mytorch;

namespace {
/// N samples whose single feature is their row index, so a split shows where each row went.
data::Dataset numbered(std::size_t N) {
  data::Dataset d;
  d.name = "numbered";
  d.num_classes = 2;
  d.X = Tensor({N, 1});
  for (std::size_t i = 0; i < N; ++i) {
    d.X(i, 0) = static_cast<real>(i);
    d.labels.push_back(i % 2);
  }
  return d;
}

std::vector<std::size_t> rows_of(const data::Dataset& d) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < d.size(); ++i) rows.push_back(static_cast<std::size_t>(d.X(i, 0)));
  return rows;
}
}  // namespace

TEST_CASE("a split cuts every sample into exactly one of train, validation and test") {
  manual_seed(0);
  const data::Splits s = data::split(numbered(100), 0.1, 0.2);
  CHECK(s.test.size() == 20);  // 20 % of all
  CHECK(s.val.size() == 8);    // 10 % of the 80 the test split leaves: a fraction of the training data
  CHECK(s.train.size() == 72);
  std::vector<std::size_t> all = rows_of(s.train), val = rows_of(s.val), test = rows_of(s.test);
  all.insert(all.end(), val.begin(), val.end());
  all.insert(all.end(), test.begin(), test.end());
  std::sort(all.begin(), all.end());
  for (std::size_t i = 0; i < 100; ++i) CHECK(all[i] == i);
  for (std::size_t i = 0; i < s.train.size(); ++i) CHECK(s.train.labels[i] == rows_of(s.train)[i] % 2);
}

TEST_CASE("the same seed gives the same split and the split is shuffled") {
  manual_seed(5);
  const data::Splits a = data::split(numbered(50), 0.2, 0.2);
  manual_seed(5);
  const data::Splits b = data::split(numbered(50), 0.2, 0.2);
  CHECK(rows_of(a.test) == rows_of(b.test));
  CHECK(rows_of(a.train) == rows_of(b.train));
  const auto train = rows_of(a.train);
  CHECK_FALSE(std::is_sorted(train.begin(), train.end()));
}

TEST_CASE("split_off keeps the given test set and cuts validation from the training set") {
  manual_seed(1);
  const data::Splits s = data::split_off(numbered(40), numbered(7), 0.25);
  CHECK(s.train.size() == 30);
  CHECK(s.val.size() == 10);
  CHECK(rows_of(s.test) == rows_of(numbered(7)));
}

TEST_CASE("split_off shuffles in place into the same sets as copying the chosen rows") {
  for (const double val : {0.0, 0.25}) {
    CAPTURE(val);
    manual_seed(3);
    const data::Splits s = data::split_off(numbered(40), numbered(7), val);
    manual_seed(3);  // the same draws, applied by copying rows instead
    std::vector<std::size_t> order(40);
    std::iota(order.begin(), order.end(), 0);
    rng().shuffle(order);
    const std::size_t n_val = val > 0 ? 10 : 0;
    const std::vector<std::size_t> val_rows(order.begin(), order.begin() + n_val),
        train_rows(order.begin() + n_val, order.end());
    CHECK(rows_of(s.train) == rows_of(data::subset(numbered(40), train_rows)));
    CHECK(rows_of(s.val) == rows_of(data::subset(numbered(40), val_rows)));
    CHECK(s.train.labels == data::subset(numbered(40), train_rows).labels);
  }
}

TEST_CASE("permute_rows reorders rows and labels, and refuses what is not a permutation") {
  data::Dataset d = numbered(6);
  const std::vector<std::size_t> order = {3, 0, 4, 1, 5, 2};
  const data::Dataset expected = data::subset(numbered(6), order);
  data::permute_rows(d, order);
  CHECK(rows_of(d) == rows_of(expected));
  CHECK(d.labels == expected.labels);
  CHECK_THROWS_WITH_AS(data::permute_rows(d, {0, 0, 1, 2, 3, 4}),
                       "permute_rows: the order is not a permutation of 0 … 5", std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::permute_rows(d, {0, 1}), "permute_rows: 2 indices for a dataset of 6",
                       std::invalid_argument);
}

TEST_CASE("split rejects fractions outside 0 ≤ f < 1") {
  CHECK_THROWS_AS(data::split(numbered(10), -0.1, 0.2), std::invalid_argument);
  CHECK_THROWS_AS(data::split(numbered(10), 0.1, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(data::split(numbered(10), 1.0, 0.2), std::invalid_argument);
}

TEST_CASE("every validation fraction below 1 leaves training data when there are enough samples") {
  for (const double val : {0.0, 0.1, 0.5, 0.9}) {
    manual_seed(1);
    const data::Splits s = data::split(numbered(100), val, 0.2);
    CHECK(s.test.size() == 20);
    CHECK(s.val.size() == static_cast<std::size_t>(std::llround(val * 80)));
    CHECK(s.train.size() == 80 - s.val.size());
  }
}

TEST_CASE("too few samples for the splits name the dataset and the fewest that would do") {
  // 2 samples: test 0.2·2 rounds to 0. 5 samples: 1 test, 0.1·4 rounds to 0 validation. 6 do.
  CHECK_THROWS_WITH_AS(data::split(numbered(2), 0.1, 0.2),
                       "numbered: 2 samples are too few for a test split of 20 %, a validation split of 10 % "
                       "of the rest and a training split: they need at least 6 samples",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::split(numbered(5), 0.1, 0.2), doctest::Contains("at least 6 samples"),
                       std::invalid_argument);
  CHECK(data::split(numbered(6), 0.1, 0.2).train.size() == 4);
  CHECK(data::split(numbered(3), 0.0, 0.2).train.size() == 2);  // no validation asked for: 3 do
  CHECK_THROWS_WITH_AS(data::split(numbered(6), 0.9, 0.2), doctest::Contains("at least 7 samples"),
                       std::invalid_argument);  // 1 test, round(0.9·5) = 5 validation: no training left
  CHECK_THROWS_WITH_AS(data::split_off(numbered(1), numbered(1), 0.5),
                       "numbered: 1 training samples are too few for a validation split of 50 % and a training "
                       "split: they need at least 2 samples",
                       std::invalid_argument);
}
