// Tests of mytorch/train/schedule.hpp: the learning rate of each epoch.

#include "mytorch/train/schedule.hpp"

#include <stdexcept>

#include "test_util.hpp"

using namespace mytorch::train;

TEST_CASE("the constant schedule keeps the base rate every epoch") {
  for (std::size_t e = 1; e <= 4; ++e) CHECK(scheduled_lr("constant", 0.05, e, 4) == 0.05);
}

TEST_CASE("the cosine schedule starts at the base rate and falls along half a cosine") {
  // E = 4: ½(1 + cos(π·k/4)) for k = 0..3 is 1, 0.853553, 0.5, 0.146447.
  CHECK(scheduled_lr("cosine", 0.1, 1, 4) == doctest::Approx(0.1));
  CHECK(scheduled_lr("cosine", 0.1, 2, 4) == doctest::Approx(0.0853553));
  CHECK(scheduled_lr("cosine", 0.1, 3, 4) == doctest::Approx(0.05));
  CHECK(scheduled_lr("cosine", 0.1, 4, 4) == doctest::Approx(0.0146447));
  CHECK(scheduled_lr("cosine", 0.1, 1, 1) == doctest::Approx(0.1));
}

TEST_CASE("an unknown schedule or an epoch out of range is rejected by name") {
  CHECK_THROWS_WITH_AS(scheduled_lr("step", 0.1, 1, 4), doctest::Contains("'step' (known: constant, cosine)"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(scheduled_lr("cosine", 0.1, 0, 4), doctest::Contains("epoch 0 is not in 1..4"),
                       std::invalid_argument);
  CHECK_THROWS_AS(scheduled_lr("cosine", 0.1, 5, 4), std::invalid_argument);
}
