#pragma once
/// mytorch/nn/init.hpp — how layers draw their initial weights.

#include <cstddef>

#include "mytorch/tensor.hpp"

namespace mytorch::nn {

/// A (rows, cols) tensor of draws from U(−bound, +bound), row by row, from the library's RNG: PyTorch's
/// initialisation of Linear and of the convolutions, with bound = 1/√(fan-in).
Tensor uniform_init(std::size_t rows, std::size_t cols, double bound);

}  // namespace mytorch::nn
