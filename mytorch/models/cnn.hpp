#pragma once
/// mytorch/models/cnn.hpp — a small convolutional classifier for images: conv blocks, then an MLP.
///
///   CNN(in, {C_1, …, C_k}, hidden, classes, options), for an image in = C×H×W:
///     block j:  Conv2d(C_{j−1} → C_j, 3×3, stride 1, padding 1)     C_{j−1}×H×W → C_j×H×W
///               act                                                  (options.activation, as the MLP)
///               MaxPool2d(2×2, stride 2)                             C_j×H×W → C_j×⌊H/2⌋×⌊W/2⌋
///     Flatten, then the MLP Linear(C_k·H_k·W_k → hidden_1), act, …, Linear(→ classes)
/// The padding keeps each block's image size, the pooling halves it; the MLP head's hidden blocks
/// are built as MLP's (BatchNorm1d and Dropout as options say). Images are rows of the 2-D Tensor,
/// channel-major (nn/image_shape.hpp), so the model is an ordinary Sequential.
///
/// e.g. CNN({1, 28, 28}, {16, 32}, {128}, 10): 1×28×28 → 16×14×14 → 32×7×7 → 1568 → 128 → 10.

#include <cstddef>
#include <vector>

#include "mytorch/models/mlp.hpp"
#include "mytorch/nn/image_shape.hpp"

namespace mytorch::models {

class CNN : public nn::Sequential {
 public:
  /// Throws std::invalid_argument naming the fault: no conv block, an image with a zero, or one too
  /// small for the blocks (each needs an image of at least 2×2 to pool).
  CNN(nn::ImageShape in, const std::vector<std::size_t>& conv_channels, const std::vector<std::size_t>& hidden,
      std::size_t classes, const MLPOptions& options = {});

  /// The image size after the conv blocks: C_k×H_k×W_k (its size() is the MLP head's input width).
  static nn::ImageShape features_shape(nn::ImageShape in, const std::vector<std::size_t>& conv_channels);
};

}  // namespace mytorch::models
