#include "mytorch/data/standardizer.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "mytorch/detail/number.hpp"

namespace mytorch::data {

namespace {
/// Column j's mean and deviation computed on X / scale, with scale = max_i |X_ij|, then scaled
/// back: for values near the largest double, where Σ X_ij or (X_ij − mean_j)² overflow although
/// the mean and deviation themselves are finite (the deviation is at most (max − min) / 2).
void fit_scaled(const Tensor& X, std::size_t j, double& mean, double& deviation) {
  const std::size_t N = X.shape(0);
  double scale = 0;
  for (std::size_t i = 0; i < N; ++i) scale = std::max(scale, std::abs(static_cast<double>(X(i, j))));
  double sum = 0, square = 0;
  for (std::size_t i = 0; i < N; ++i) sum += X(i, j) / scale;
  const double m = sum / static_cast<double>(N);
  for (std::size_t i = 0; i < N; ++i) {
    const double d = X(i, j) / scale - m;
    square += d * d;
  }
  mean = m * scale;
  deviation = std::sqrt(square / static_cast<double>(N)) * scale;
}
}  // namespace

void Standardizer::fit(const Tensor& X) {
  check_cols("Standardizer::fit", "X", X, X.shape(1));
  const std::size_t N = X.shape(0), D = X.shape(1);
  std::vector<double> sum(D, 0.0), square(D, 0.0);  // accumulated in double even in float32 builds
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t j = 0; j < D; ++j) sum[j] += X(i, j);
  std::vector<double> m(D);
  for (std::size_t j = 0; j < D; ++j) m[j] = sum[j] / static_cast<double>(N);
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t j = 0; j < D; ++j) {
      const double d = X(i, j) - m[j];
      square[j] += d * d;
    }
  mean = Tensor({1, D});
  std = Tensor({1, D});
  for (std::size_t j = 0; j < D; ++j) {
    double s = std::sqrt(square[j] / static_cast<double>(N));
    if (!std::isfinite(m[j]) || !std::isfinite(s)) fit_scaled(X, j, m[j], s);
    mean(0, j) = static_cast<real>(m[j]);
    std(0, j) = static_cast<real>(s > 1e-12 ? s : 1.0);
  }
}

void Standardizer::transform(Tensor& X) const {
  if (!fitted()) throw std::logic_error("Standardizer::transform: called before fit");
  check_cols("Standardizer::transform", "X", X, mean.shape(1));
  const std::size_t N = X.shape(0), D = X.shape(1);
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t j = 0; j < D; ++j) {
      real z = (X(i, j) - mean(0, j)) / std(0, j);
      if (!std::isfinite(z))  // x − mean overflowed: divide first
        z = static_cast<real>(static_cast<double>(X(i, j)) / std(0, j) - static_cast<double>(mean(0, j)) / std(0, j));
      if (!std::isfinite(z))
        throw std::invalid_argument("Standardizer::transform: X(" + std::to_string(i) + ", " + std::to_string(j) +
                                    ") = " + detail::number(X(i, j)) + " in column " + std::to_string(j + 1) +
                                    " lies too far from the training mean " + detail::number(mean(0, j)) +
                                    " for the training deviation " + detail::number(std(0, j)) +
                                    ": standardised, it overflows");
      X(i, j) = z;
    }
}

}  // namespace mytorch::data
