#pragma once
/// mytorch/nn/pool.hpp — MaxPool2d and MeanPool2d (the course's pooling layers; no padding).
///
/// Both slide a K × K window by `stride` over each channel of each image, A (N, C·H·W) -> Z (N, C·H_out·W_out),
///   H_out = (H − K) / stride + 1,   W_out = (W − K) / stride + 1      (integer division)
/// MaxPool2d:
///   Z[n, c, h, w] = max_(i, j < K) A[n, c, h·s + i, w·s + j]
///   dLdA[n, c, h·s + i*, w·s + j*] += dLdZ[n, c, h, w]   where (i*, j*) is where the window's maximum
///                                    sat in the forward pass: the first one in row-major order on ties
///                                    (as PyTorch); every other entry of the window gets nothing
/// MeanPool2d:
///   Z[n, c, h, w] = (1/K²) Σ_i Σ_j A[n, c, h·s + i, w·s + j]
///   dLdA[n, c, h·s + i, w·s + j] += dLdZ[n, c, h, w] / K²   for every i, j < K
/// The "+=" matters when stride < K: an entry in several windows collects from each of them. Channels
/// never mix. Same numbers as PyTorch's max_pool2d / avg_pool2d without padding.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "mytorch/nn/im2col.hpp"
#include "mytorch/nn/image_shape.hpp"
#include "mytorch/nn/module.hpp"

namespace mytorch::nn {

/// The checks and the window geometry both pooling layers share; a subclass gives pool and unpool.
class Pool2d : public Module {
 public:
  Tensor forward(const Tensor& A) override;
  Tensor backward(const Tensor& dLdZ) override;
  std::string describe() const override;         // "MaxPool2d(2×2, stride 2) 16×28×28 → 16×14×14"
  std::string output_geometry() const override;  // "16×14×14"

  ImageShape in_shape() const { return {g_.C, g_.H, g_.W}; }
  ImageShape out_shape() const { return {g_.C, g_.H_out, g_.W_out}; }
  std::size_t kernel_size() const { return g_.KW; }
  std::size_t stride() const { return g_.stride; }

 protected:
  Pool2d(const char* layer, ImageShape in, std::size_t kernel_size, std::size_t stride);

  /// Z = the pooled A; Z is already shaped (N, C·H_out·W_out). Returns true if it found every entry
  /// of A finite on the way; otherwise (or if it did not look) forward checks A itself.
  virtual bool pool(const Tensor& A, Tensor& Z) = 0;
  /// dLdA from dLdZ; dLdA is already shaped (N, C·H·W) and zero.
  virtual void unpool(const Tensor& dLdZ, Tensor& dLdA) const = 0;

  const Windows& windows() const { return g_; }

 private:
  Windows g_;
  std::size_t N_ = 0;  // rows of the last forward
  bool has_forward_ = false;
};

class MaxPool2d : public Pool2d {
 public:
  MaxPool2d(ImageShape in, std::size_t kernel_size, std::size_t stride);
  std::string name() const override { return "MaxPool2d"; }

 protected:
  bool pool(const Tensor& A, Tensor& Z) override;  // checks A as it goes, when the windows cover it
  void unpool(const Tensor& dLdZ, Tensor& dLdA) const override;

 private:
  std::vector<std::size_t> argmax_;  // per output entry: where in A its window's (first) maximum was
};

class MeanPool2d : public Pool2d {
 public:
  MeanPool2d(ImageShape in, std::size_t kernel_size, std::size_t stride);
  std::string name() const override { return "MeanPool2d"; }

 protected:
  bool pool(const Tensor& A, Tensor& Z) override;  // leaves the check to forward
  void unpool(const Tensor& dLdZ, Tensor& dLdA) const override;
};

}  // namespace mytorch::nn
