// Tests of mytorch/data/batcher.hpp: every sample once per epoch, one-hot targets, reused buffers.

#include "mytorch/data/batcher.hpp"

#include <algorithm>
#include <stdexcept>

#include "test_util.hpp"

using namespace mytorch;

namespace {
data::Dataset numbered(std::size_t N, std::size_t K) {
  data::Dataset d;
  d.name = "numbered";
  d.num_classes = K;
  d.X = Tensor({N, 2});
  for (std::size_t i = 0; i < N; ++i) {
    d.X(i, 0) = static_cast<real>(i);
    d.X(i, 1) = static_cast<real>(-static_cast<double>(i));
    d.labels.push_back(i % K);
  }
  return d;
}
}  // namespace

TEST_CASE("an epoch of batches visits every sample once, with a short last batch") {
  manual_seed(2);
  const data::Dataset d = numbered(10, 3);
  data::Batcher batches(d, 4);
  CHECK(batches.batches_per_epoch() == 3);
  batches.start_epoch();
  std::vector<std::size_t> seen, sizes;
  while (batches.next()) {
    sizes.push_back(batches.X().shape(0));
    for (std::size_t r = 0; r < batches.X().shape(0); ++r) {
      const auto row = static_cast<std::size_t>(batches.X()(r, 0));
      CHECK(batches.X()(r, 1) == -static_cast<real>(row));
      CHECK(batches.labels()[r] == row % 3);
      for (std::size_t k = 0; k < 3; ++k) CHECK(batches.Y()(r, k) == (k == row % 3 ? 1 : 0));
      seen.push_back(row);
    }
  }
  CHECK(sizes == std::vector<std::size_t>{4, 4, 2});
  std::vector<std::size_t> sorted = seen;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < 10; ++i) CHECK(sorted[i] == i);
  CHECK_FALSE(std::is_sorted(seen.begin(), seen.end()));
}

TEST_CASE("batches reuse the same buffers epoch after epoch and follow the seed") {
  const data::Dataset d = numbered(12, 2);
  manual_seed(9);
  data::Batcher batches(d, 5);
  batches.start_epoch();
  batches.next();
  const real* full = batches.X().data();
  std::vector<real> first_epoch(batches.X().begin(), batches.X().end());
  for (int epoch = 0; epoch < 3; ++epoch) {
    batches.start_epoch();
    batches.next();
    CHECK(batches.X().data() == full);
  }
  manual_seed(9);
  data::Batcher again(d, 5);
  again.start_epoch();
  again.next();
  CHECK(std::equal(first_epoch.begin(), first_epoch.end(), again.X().begin()));
}

TEST_CASE("an unshuffled batcher serves the rows in order") {
  const data::Dataset d = numbered(5, 2);
  data::Batcher batches(d, 2, false);
  batches.start_epoch();
  std::vector<real> rows;
  while (batches.next())
    for (std::size_t r = 0; r < batches.X().shape(0); ++r) rows.push_back(batches.X()(r, 0));
  CHECK(rows == std::vector<real>{0, 1, 2, 3, 4});
}

TEST_CASE("a batcher rejects batch size 0 and an empty dataset") {
  const data::Dataset d = numbered(5, 2);
  CHECK_THROWS_AS(data::Batcher(d, 0), std::invalid_argument);
  CHECK_THROWS_AS(data::Batcher(numbered(0, 2), 4), std::invalid_argument);
}

TEST_CASE("a batcher resumed from a saved order and position serves the rest of that epoch") {
  manual_seed(5);
  const data::Dataset d = numbered(10, 3);
  data::Batcher whole(d, 3), resumed(d, 3);
  whole.start_epoch();
  whole.next();
  const std::vector<std::size_t> order = whole.order();
  const std::size_t position = whole.position();
  CHECK(position == 3);
  resumed.resume_epoch(order, position);
  while (whole.next()) {
    REQUIRE(resumed.next());
    CHECK_TENSOR_CLOSE(resumed.X(), whole.X(), 0);
  }
  CHECK_FALSE(resumed.next());
}

TEST_CASE("a batcher refuses a saved order that does not fit its dataset") {
  const data::Dataset d = numbered(4, 2);
  data::Batcher batches(d, 2);
  CHECK_THROWS_WITH_AS(batches.resume_epoch({0, 1, 1, 3}, 0), doctest::Contains("not a permutation"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(batches.resume_epoch({0, 1, 2}, 0), doctest::Contains("has 4"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(batches.resume_epoch({0, 1, 2, 3}, 5), doctest::Contains("position 5"),
                       std::invalid_argument);
}
