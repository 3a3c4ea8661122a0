#pragma once
/// mytorch/data/toy.hpp — small 2-D classification problems drawn from the library's seeded RNG.
///
/// spiral(n, K): K interleaved spiral arms of n points each (the classic CS231n data set):
///   arm k, point i, t = i/(n−1):  r = t,  θ = 4t + 2πk/K + noise,  x = (r sin θ, r cos θ)

#include <cstddef>

#include "mytorch/data/dataset.hpp"

namespace mytorch::data {

/// K spiral arms of points_per_class points each; noise is the standard deviation of the angle.
Dataset make_spiral(std::size_t points_per_class = 300, std::size_t classes = 3,
                    double noise = 0.2);

}  // namespace mytorch::data
