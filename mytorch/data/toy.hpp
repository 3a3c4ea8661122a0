#pragma once
/// mytorch/data/toy.hpp — small 2-D classification problems drawn from the library's seeded RNG.
///
/// Every generator returns X (K·n, 2) and labels (K·n), class k in rows k·n … (k+1)·n − 1, with n
/// points per class and K classes; `noise` is the standard deviation of the Gaussian jitter.
///
///   spiral(n, K)  arm k, point i, t = i/(n−1):  r = t,  θ = 4t + 2πk/K + noise,  x = (r sin θ, r cos θ)
///                 (the classic CS231n data set)
///   moons(n)      two interleaved half circles, t ~ U(0, π):
///                 class 0: (cos t, sin t);  class 1: (1 − cos t, ½ − sin t);  + noise on both axes
///   circles(n)    two concentric rings, t ~ U(0, 2π): class 0 radius 1, class 1 radius `factor`
///   xor(n)        x ~ U(−1, 1)², a point in the quadrant with x₁·x₂ > 0 is class 0, else class 1
///                 (drawn until each class has n points; `noise` jitters x after labelling)
///   blobs(n, K)   Gaussian blobs of standard deviation `noise` around K centres on a circle of
///                 radius 3

#include <cstddef>

#include "mytorch/data/dataset.hpp"

namespace mytorch::data {

/// K spiral arms of points_per_class points each; noise is the standard deviation of the angle.
Dataset make_spiral(std::size_t points_per_class = 300, std::size_t classes = 3,
                    double noise = 0.2);

Dataset make_moons(std::size_t points_per_class = 500, double noise = 0.1);

Dataset make_circles(std::size_t points_per_class = 500, double factor = 0.5, double noise = 0.08);

Dataset make_xor(std::size_t points_per_class = 500, double noise = 0.0);

Dataset make_blobs(std::size_t points_per_class = 300, std::size_t classes = 4, double noise = 1.0);

}  // namespace mytorch::data
