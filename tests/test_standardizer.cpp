// Tests of mytorch/data/standardizer.hpp: the statistics of the training split, applied to others.

#include "mytorch/data/standardizer.hpp"

#include <stdexcept>

#include "test_util.hpp"

using namespace mytorch;
using test::T;

TEST_CASE("standardisation subtracts the training mean and divides by the training deviation") {
  data::Standardizer s;
  Tensor train = T({{1, 10}, {3, 10}});  // column 2 is constant: its std becomes 1
  s.fit(train);
  CHECK_TENSOR_CLOSE(s.mean, T({{2, 10}}), 0);
  CHECK_TENSOR_CLOSE(s.std, T({{1, 1}}), 0);
  s.transform(train);
  CHECK_TENSOR_CLOSE(train, T({{-1, 0}, {1, 0}}), 0);
  Tensor test = T({{5, 12}});  // transformed with the training statistics, not its own
  s.transform(test);
  CHECK_TENSOR_CLOSE(test, T({{3, 2}}), 0);
}

TEST_CASE("standardisation rejects use before fit and a wrong number of features") {
  data::Standardizer s;
  Tensor X = T({{1, 2}});
  CHECK_THROWS_WITH_AS(s.transform(X), "Standardizer::transform: called before fit", std::logic_error);
  s.fit(X);
  Tensor wrong = T({{1, 2, 3}});
  CHECK_THROWS_WITH_AS(s.transform(wrong), "Standardizer::transform: X has shape (1, 3), expected (N, 2)",
                       std::invalid_argument);
}

TEST_CASE("features near the largest double standardise without overflow") {
  data::Standardizer s;
#ifdef MYTORCH_FLOAT32
  const double big = 3e38;  // near float's largest
#else
  const double big = 1.5e308;  // Σ x and (x − mean)² overflow double
#endif
  Tensor X = T({{big, 1}, {-big, 2}, {big, 3}, {-big, 4}});
  s.fit(X);
  CHECK(s.mean(0, 0) == 0);
  CHECK(static_cast<double>(s.std(0, 0)) == doctest::Approx(big));
  s.transform(X);
  CHECK_TENSOR_CLOSE(X, T({{1, -1.3416408}, {-1, -0.4472136}, {1, 0.4472136}, {-1, 1.3416408}}), 1e-6);
}

TEST_CASE("a value too far outside the training range to standardise is refused, naming its column") {
  data::Standardizer s;
  Tensor train = T({{1, 0}, {1, 1e-6}});  // column 2: deviation 5e-7
  s.fit(train);
#ifdef MYTORCH_FLOAT32
  Tensor test = T({{1, 3e38}});
#else
  Tensor test = T({{1, 1e308}});
#endif
  CHECK_THROWS_WITH_AS(s.transform(test), doctest::Contains("Standardizer::transform: X(0, 1) = "), std::invalid_argument);
  CHECK_THROWS_WITH_AS(s.transform(test), doctest::Contains("in column 2 lies too far from the training mean"),
                       std::invalid_argument);
}
