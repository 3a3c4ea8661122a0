#include "mytorch/nn/init.hpp"

namespace mytorch::nn {

Tensor uniform_init(std::size_t rows, std::size_t cols, double bound) {
  Tensor t({rows, cols});
  for (auto& x : t) x = static_cast<real>(rng().uniform(-bound, bound));
  return t;
}

}  // namespace mytorch::nn
