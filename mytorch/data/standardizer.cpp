#include "mytorch/data/standardizer.hpp"

#include <cmath>
#include <stdexcept>

namespace mytorch::data {

void Standardizer::fit(const Tensor& X) {
  check_cols("Standardizer::fit", "X", X, X.shape(1));
  const std::size_t N = X.shape(0), D = X.shape(1);
  std::vector<double> sum(D, 0.0), square(D, 0.0);  // accumulated in double even in float32 builds
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t j = 0; j < D; ++j) sum[j] += X(i, j);
  mean = Tensor({1, D});
  std = Tensor({1, D});
  for (std::size_t j = 0; j < D; ++j) mean(0, j) = static_cast<real>(sum[j] / static_cast<double>(N));
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t j = 0; j < D; ++j) {
      const double d = X(i, j) - mean(0, j);
      square[j] += d * d;
    }
  for (std::size_t j = 0; j < D; ++j) {
    const double s = std::sqrt(square[j] / static_cast<double>(N));
    std(0, j) = static_cast<real>(s > 1e-12 ? s : 1.0);
  }
}

void Standardizer::transform(Tensor& X) const {
  if (!fitted()) throw std::logic_error("Standardizer::transform: called before fit");
  check_cols("Standardizer::transform", "X", X, mean.shape(1));
  const std::size_t N = X.shape(0), D = X.shape(1);
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t j = 0; j < D; ++j) X(i, j) = (X(i, j) - mean(0, j)) / std(0, j);
}

}  // namespace mytorch::data
