// Tests of mytorch/train/metrics.hpp: the confusion matrix and the per-class rates.

#include "mytorch/train/metrics.hpp"

#include <stdexcept>

#include "test_util.hpp"

using mytorch::train::ConfusionMatrix;

TEST_CASE("the confusion matrix counts true against predicted classes, and precision and recall follow") {
  //                   true:  0  0  0  1  1  2
  const ConfusionMatrix m({0, 0, 0, 1, 1, 2}, {0, 0, 1, 1, 2, 2}, 3);
  CHECK(m.count(0, 0) == 2);
  CHECK(m.count(0, 1) == 1);
  CHECK(m.count(1, 2) == 1);
  CHECK(m.total() == 6);
  CHECK(m.accuracy() == doctest::Approx(4.0 / 6));
  CHECK(m.precision(1) == doctest::Approx(0.5));  // predicted 1 twice, right once
  CHECK(m.recall(0) == doctest::Approx(2.0 / 3));
  CHECK(m.precision(2) == doctest::Approx(0.5));
  CHECK(m.recall(2) == doctest::Approx(1.0));
  CHECK(m.to_string().find("precision") != std::string::npos);
}

TEST_CASE("a class never predicted has precision 0, not NaN") {
  const ConfusionMatrix m({0, 1}, {0, 0}, 2);
  CHECK(m.precision(1) == 0);
  CHECK(m.recall(1) == 0);
}

TEST_CASE("the confusion matrix rejects mismatched lengths and classes out of range") {
  CHECK_THROWS_AS(ConfusionMatrix({0, 1}, {0}, 2), std::invalid_argument);
  CHECK_THROWS_WITH_AS(ConfusionMatrix({0, 3}, {0, 0}, 2), doctest::Contains("sample 1 has class 3"),
                       std::invalid_argument);
}
