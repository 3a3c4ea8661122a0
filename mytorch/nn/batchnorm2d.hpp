#pragma once
/// mytorch/nn/batchnorm2d.hpp — batch normalisation of images, channel by channel (the course's
/// BatchNorm2d).
///
/// Forward in training mode, Z (N, C·H·W) -> BZ (N, C·H·W); the statistics of channel c are over all
/// N·H·W of its entries, every image and every position:
///   M[c]  = (1/(N·H·W)) Σ_n Σ_h Σ_w Z[n, c, h, w]                      batch mean        (1, C)
///   V[c]  = (1/(N·H·W)) Σ_n Σ_h Σ_w (Z[n, c, h, w] − M[c])²            biased variance   (1, C)
///   NZ[n, c, h, w] = (Z[n, c, h, w] − M[c]) / √(V[c] + ε)               ε = 1e−8
///   BZ[n, c, h, w] = BW[c] · NZ[n, c, h, w] + Bb[c]
///   running_M ← α · running_M + (1 − α) · M,   running_V ← α · running_V + (1 − α) · V     α = 0.9
/// Evaluation mode uses running_M and running_V and leaves them alone.
///
/// That is BatchNorm1d with C features in which every pixel (n, h, w) is one sample. So this layer is a
/// BatchNorm1d (its BW, Bb, dLdBW, dLdBb, running_M, running_V (1, C), alpha, eps, parameters() and
/// buffers()) whose forward rearranges the (N, C·H·W) images into the (N·H·W, C) matrix of pixels —
/// row (n·H + h)·W + w holds the C channel values of pixel (h, w) of image n — runs BatchNorm1d's
/// forward on it, and rearranges the result back; backward likewise. Every equation of
/// nn/batchnorm.hpp holds with N·H·W in place of N. (torch.nn.BatchNorm2d gives the same BZ and
/// gradients; its running_var averages the unbiased variance instead.)

#include <cstddef>

#include "mytorch/nn/batchnorm.hpp"
#include "mytorch/nn/image_shape.hpp"

namespace mytorch::nn {

class BatchNorm2d : public BatchNorm1d {
 public:
  explicit BatchNorm2d(ImageShape in, double alpha = 0.9);

  Tensor forward(const Tensor& Z) override;
  Tensor backward(const Tensor& dLdBZ) override;
  std::string name() const override { return "BatchNorm2d"; }
  std::string describe() const override;         // "BatchNorm2d(16, alpha=0.9, eps=1e-08) 16×14×14"
  std::string output_geometry() const override;  // "16×14×14", the input's

  ImageShape in_shape() const { return in_; }
  ImageShape out_shape() const { return in_; }

 private:
  Tensor to_pixels(const Tensor& images) const;  // (N, C·H·W) -> (N·H·W, C)
  Tensor to_images(const Tensor& pixels) const;  // (N·H·W, C) -> (N, C·H·W)

  ImageShape in_;
  std::size_t N_ = 0;  // images in the last forward
  bool has_forward_ = false;
};

}  // namespace mytorch::nn
