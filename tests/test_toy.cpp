// Tests of mytorch/data/toy.hpp: the spiral's geometry, labels, seeding and errors.

#include "mytorch/data/toy.hpp"

#include <cmath>
#include <stdexcept>

#include "test_util.hpp"

using mytorch::data::make_spiral;

TEST_CASE("the spiral has K arms of n points, labelled arm by arm") {
  const auto d = make_spiral(50, 4);
  CHECK(d.name == "spiral");
  CHECK(d.num_classes == 4);
  CHECK(d.size() == 200);
  CHECK(mytorch::shape_str(d.X) == "(200, 2)");
  for (std::size_t row = 0; row < d.size(); ++row) CHECK(d.labels[row] == row / 50);
}

TEST_CASE("spiral point i of n lies at radius i/(n-1), noise or not") {
  const auto d = make_spiral(11, 3, 0.5);
  for (std::size_t row = 0; row < d.size(); ++row) {
    const double r = std::hypot(d.X(row, 0), d.X(row, 1));
    CHECK(r == doctest::Approx((row % 11) / 10.0).epsilon(test::tol(1e-12)));
  }
}

TEST_CASE("without noise the spiral follows theta = 4t + 2 pi k / K exactly") {
  const auto d = make_spiral(5, 2, 0.0);
  // Arm 1, point 2: t = 1/2, θ = 2 + π; x = (t sin θ, t cos θ).
  const double t = 0.5, theta = 2 + M_PI;
  CHECK(d.X(7, 0) == doctest::Approx(t * std::sin(theta)).epsilon(test::tol(1e-12)));
  CHECK(d.X(7, 1) == doctest::Approx(t * std::cos(theta)).epsilon(test::tol(1e-12)));
}

TEST_CASE("the spiral is drawn from the library's seeded RNG") {
  mytorch::manual_seed(11);
  const auto a = make_spiral(30, 3);
  mytorch::manual_seed(11);
  const auto b = make_spiral(30, 3);
  CHECK_TENSOR_CLOSE(a.X, b.X, 0);
  mytorch::manual_seed(12);
  CHECK(test::max_abs_diff(make_spiral(30, 3).X, a.X) > 0);
}

TEST_CASE("the spiral rejects too few points or classes and bad noise") {
  CHECK_THROWS_WITH_AS(make_spiral(1, 3), "make_spiral: needs at least 2 classes of 2 points",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(make_spiral(10, 1), "make_spiral: needs at least 2 classes of 2 points",
                       std::invalid_argument);
  CHECK_THROWS_AS(make_spiral(10, 3, -1.0), std::invalid_argument);
  CHECK_THROWS_AS(make_spiral(10, 3, NAN), std::invalid_argument);
}
