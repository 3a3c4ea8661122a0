// Tests of mytorch/train/history.hpp: metrics.csv and the checkpoint's history array.

#include "mytorch/train/history.hpp"

#include <cmath>

#include "test_util.hpp"

using namespace mytorch::train;

TEST_CASE("metrics.csv has a header and one line per epoch, NaN where there is no validation") {
  const History h = {{1, 0.75, 0.5, 0.8, 0.25, 1.5}, {2, 0.25, 0.875, NAN, NAN, 1.25}};
  CHECK(metrics_csv(h) ==
        "epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds\n"
        "1,0.750000,0.500000,0.800000,0.250000,1.500\n"
        "2,0.250000,0.875000,nan,nan,1.250\n");
  CHECK(metrics_csv({}) == "epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds\n");
}

TEST_CASE("the history goes into the checkpoint's (epochs, 6) array and comes back the same") {
  const History h = {{1, 0.75, 0.5, 0.8, 0.25, 1.5}, {2, 0.25, 0.875, 0.5, 0.75, 1.25}};
  const mytorch::Tensor table = history_table(h);
  CHECK_TENSOR_CLOSE(table, test::T({{1, 0.75, 0.5, 0.8, 0.25, 1.5}, {2, 0.25, 0.875, 0.5, 0.75, 1.25}}), 0);
  const History back = history_of(table);
  REQUIRE(back.size() == 2);
  CHECK(back[1].epoch == 2);
  CHECK(back[1].train_accuracy == 0.875);
  CHECK(back[0].seconds == 1.5);
  CHECK(history_of(mytorch::Tensor({0, 6})).empty());
}

TEST_CASE("a history array of the wrong width or with a broken epoch is refused") {
  CHECK_THROWS_WITH_AS(history_of(test::T({{1, 2, 3}})), doctest::Contains("expected (N, 6)"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(history_of(test::T({{0.5, 0, 0, 0, 0, 0}})), doctest::Contains("row 0 has epoch 0.5"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(history_of(test::T({{NAN, 0, 0, 0, 0, 0}})), doctest::Contains("not a whole number"),
                       std::invalid_argument);
}
