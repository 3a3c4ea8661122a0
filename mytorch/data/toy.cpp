#include "mytorch/data/toy.hpp"

#include <cmath>
#include <stdexcept>

namespace mytorch::data {

Dataset make_spiral(std::size_t points_per_class, std::size_t classes, double noise) {
  if (points_per_class < 2 || classes < 2)
    throw std::invalid_argument("make_spiral: needs at least 2 classes of 2 points");
  Dataset d;
  d.name = "spiral";
  d.num_classes = classes;
  d.X = Tensor({points_per_class * classes, 2});
  d.labels.resize(points_per_class * classes);
  const double turn = 4.0;  // radians each arm turns from centre to rim
  for (std::size_t k = 0; k < classes; ++k) {
    for (std::size_t i = 0; i < points_per_class; ++i) {
      const std::size_t row = k * points_per_class + i;
      const double t = static_cast<double>(i) / static_cast<double>(points_per_class - 1);
      const double theta = turn * t + 2.0 * M_PI * static_cast<double>(k) /
                                          static_cast<double>(classes) + rng().normal(0, noise);
      d.X(row, 0) = static_cast<real>(t * std::sin(theta));
      d.X(row, 1) = static_cast<real>(t * std::cos(theta));
      d.labels[row] = k;
    }
  }
  return d;
}

}  // namespace mytorch::data
