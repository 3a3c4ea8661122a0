#include "mytorch/data/toy.hpp"

#include <cmath>
#include <functional>
#include <stdexcept>
#include <utility>

#include "mytorch/random.hpp"

namespace mytorch::data {

namespace {
using Point = std::pair<double, double>;

/// The shared frame of every generator: K classes of n points, point i of class k from point(k, i).
Dataset generate(const char* name, std::size_t points_per_class, std::size_t classes,
                 const std::function<Point(std::size_t k, std::size_t i)>& point) {
  if (points_per_class < 2 || classes < 2)
    throw std::invalid_argument(std::string("make_") + name +
                                ": needs at least 2 classes of 2 points");
  Dataset d;
  d.name = name;
  d.num_classes = classes;
  d.X = Tensor({points_per_class * classes, 2});
  d.labels.resize(points_per_class * classes);
  for (std::size_t k = 0; k < classes; ++k)
    for (std::size_t i = 0; i < points_per_class; ++i) {
      const std::size_t row = k * points_per_class + i;
      const auto [x1, x2] = point(k, i);
      d.X(row, 0) = static_cast<real>(x1);
      d.X(row, 1) = static_cast<real>(x2);
      d.labels[row] = k;
    }
  return d;
}

void check_noise(const char* where, double noise) {
  if (!(noise >= 0) || !std::isfinite(noise))
    throw std::invalid_argument(std::string(where) + ": noise = " + std::to_string(noise) +
                                " must be a finite number ≥ 0");
}
}  // namespace

Dataset make_spiral(std::size_t points_per_class, std::size_t classes, double noise) {
  check_noise("make_spiral", noise);
  const double turn = 4.0;  // radians each arm turns from centre to rim
  return generate("spiral", points_per_class, classes, [&](std::size_t k, std::size_t i) {
    const double t = static_cast<double>(i) / static_cast<double>(points_per_class - 1);
    const double theta = turn * t +
                         2.0 * M_PI * static_cast<double>(k) / static_cast<double>(classes) +
                         rng().normal(0, noise);
    return Point{t * std::sin(theta), t * std::cos(theta)};
  });
}

Dataset make_moons(std::size_t points_per_class, double noise) {
  check_noise("make_moons", noise);
  return generate("moons", points_per_class, 2, [&](std::size_t k, std::size_t) {
    const double t = rng().uniform(0, M_PI);
    const Point p = k == 0 ? Point{std::cos(t), std::sin(t)} : Point{1 - std::cos(t), 0.5 - std::sin(t)};
    return Point{p.first + rng().normal(0, noise), p.second + rng().normal(0, noise)};
  });
}

Dataset make_circles(std::size_t points_per_class, double factor, double noise) {
  check_noise("make_circles", noise);
  if (!(factor > 0 && factor < 1))
    throw std::invalid_argument("make_circles: factor = " + std::to_string(factor) +
                                " must lie in (0, 1)");
  return generate("circles", points_per_class, 2, [&](std::size_t k, std::size_t) {
    const double t = rng().uniform(0, 2 * M_PI), r = k == 0 ? 1.0 : factor;
    return Point{r * std::cos(t) + rng().normal(0, noise), r * std::sin(t) + rng().normal(0, noise)};
  });
}

Dataset make_xor(std::size_t points_per_class, double noise) {
  check_noise("make_xor", noise);
  return generate("xor", points_per_class, 2, [&](std::size_t k, std::size_t) {
    Point p;
    do p = {rng().uniform(-1, 1), rng().uniform(-1, 1)};
    while ((p.first * p.second > 0) != (k == 0));  // rejection: draw until the quadrant fits class k
    return Point{p.first + rng().normal(0, noise), p.second + rng().normal(0, noise)};
  });
}

Dataset make_blobs(std::size_t points_per_class, std::size_t classes, double noise) {
  check_noise("make_blobs", noise);
  const double radius = 3.0;
  return generate("blobs", points_per_class, classes, [&](std::size_t k, std::size_t) {
    const double angle = 2 * M_PI * static_cast<double>(k) / static_cast<double>(classes);
    return Point{radius * std::cos(angle) + rng().normal(0, noise),
                 radius * std::sin(angle) + rng().normal(0, noise)};
  });
}

}  // namespace mytorch::data
