// Tests of mytorch/data/toy.hpp: the spiral's geometry, labels, seeding and errors.

#include "mytorch/data/toy.hpp"

#include <cmath>
#include <stdexcept>

#include "test_util.hpp"

using mytorch::data::make_spiral;
using namespace mytorch;  // data::, manual_seed, real for the other generators

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

TEST_CASE("every toy generator gives K·n two-dimensional points labelled class by class") {
  manual_seed(1);
  for (const data::Dataset& d : {data::make_spiral(10, 3), data::make_moons(10), data::make_circles(10),
                                 data::make_xor(10), data::make_blobs(10, 4)}) {
    CAPTURE(d.name);
    CHECK(d.X.shape(0) == 10 * d.num_classes);
    CHECK(d.features() == 2);
    for (std::size_t i = 0; i < d.size(); ++i) CHECK(d.labels[i] == i / 10);
    for (real x : d.X) CHECK(std::isfinite(x));
  }
}

TEST_CASE("the same seed draws the same toy data, another seed different data") {
  manual_seed(7);
  const data::Dataset a = data::make_moons(50);
  manual_seed(7);
  const data::Dataset b = data::make_moons(50);
  manual_seed(8);
  const data::Dataset c = data::make_moons(50);
  CHECK_TENSOR_CLOSE(a.X, b.X, 0);
  CHECK(test::max_abs_diff(a.X, c.X) > 0.01);
}

TEST_CASE("circles without noise put class 0 on the unit circle and class 1 on radius factor") {
  manual_seed(3);
  const data::Dataset d = data::make_circles(20, 0.4, 0.0);
  for (std::size_t i = 0; i < d.size(); ++i)
    CHECK(std::hypot(d.X(i, 0), d.X(i, 1)) == doctest::Approx(d.labels[i] == 0 ? 1.0 : 0.4).epsilon(1e-6));
}

TEST_CASE("xor without noise labels a point by the signs of its coordinates") {
  manual_seed(4);
  const data::Dataset d = data::make_xor(50, 0.0);
  for (std::size_t i = 0; i < d.size(); ++i) CHECK((d.X(i, 0) * d.X(i, 1) > 0) == (d.labels[i] == 0));
}

TEST_CASE("toy generators reject too few points or classes and negative noise") {
  CHECK_THROWS_AS(data::make_spiral(1, 3), std::invalid_argument);
  CHECK_THROWS_AS(data::make_blobs(10, 1), std::invalid_argument);
  CHECK_THROWS_WITH_AS(data::make_moons(10, -1.0), doctest::Contains("make_moons"), std::invalid_argument);
  CHECK_THROWS_AS(data::make_circles(10, 1.5), std::invalid_argument);
}
