#pragma once
/// mytorch/nn/resample.hpp — Upsample1d/2d and Downsample1d/2d, the course's resampling layers.
///
/// Upsample2d(factor k), A (N, C·H·W) -> Z (N, C·H_up·W_up), H_up = (H − 1)·k + 1, W_up = (W − 1)·k + 1:
///   Z[n, c, h·k, w·k] = A[n, c, h, w],   every other entry of Z is 0      (k − 1 zeros between entries)
///   backward: dLdA[n, c, h, w] = dLdZ[n, c, h·k, w·k]                     (the zeros are constants)
/// Downsample2d(factor k), A (N, C·H·W) -> Z (N, C·H_down·W_down), H_down = ⌈H/k⌉, W_down = ⌈W/k⌉:
///   Z[n, c, h, w] = A[n, c, h·k, w·k]                                     (rows and columns 0, k, 2k, …)
///   backward: dLdA[n, c, h·k, w·k] = dLdZ[n, c, h, w],   every other entry of dLdA is 0
/// Upsample1d and Downsample1d do the same to signals (N, C·W), along W: W_up = (W − 1)·k + 1,
/// W_down = ⌈W/k⌉.
///
/// Both relate a large image to a small one made of its entries at rows h·k and columns w·k: Upsample
/// goes from small to large, Downsample from large to small, and each one's backward is the other's
/// forward. So the four layers are one class, Resample, told which of the two images is its input.
/// The course builds a strided convolution as a stride-1 convolution followed by Downsample(stride),
/// and its transposed convolution (nn/conv_transpose.hpp) as Upsample followed by a convolution.

#include <cstddef>

#include "mytorch/nn/image_shape.hpp"
#include "mytorch/nn/module.hpp"

namespace mytorch::nn {

class Resample : public Module {
 public:
  Tensor forward(const Tensor& A) override;
  Tensor backward(const Tensor& dLdZ) override;
  std::string describe() const override;         // "Upsample2d(factor 2) 3×4×4 → 3×7×7"
  std::string output_geometry() const override;  // "3×7×7" (a signal's: "3×7")

  std::size_t factor() const { return k_W_; }

 protected:
  /// Checks the arguments (messages naming `layer`) and sets up the two images: `in` is the small one
  /// when `upsampling` (Upsample), the large one otherwise (Downsample). A signal (C, 1, W) is
  /// resampled along W only.
  Resample(const char* layer, ImageShape in, bool signal, std::size_t factor, bool upsampling);

  ImageShape input_image() const { return upsampling_ ? small_ : large_; }
  ImageShape output_image() const { return upsampling_ ? large_ : small_; }

 private:
  Tensor spread(const Tensor& small) const;  // (N, small) -> (N, large): zeros between the entries
  Tensor pick(const Tensor& large) const;    // (N, large) -> (N, small): the entries at h·k_H, w·k_W

  ImageShape large_{}, small_{};
  std::size_t k_H_, k_W_;
  bool signal_;
  bool upsampling_;
  std::size_t N_ = 0;  // rows of the last forward
  bool has_forward_ = false;
};

class Upsample1d : public Resample {
 public:
  Upsample1d(SignalShape in, std::size_t factor);
  std::string name() const override { return "Upsample1d"; }
  SignalShape in_shape() const { return {input_image().C, input_image().W}; }
  SignalShape out_shape() const { return {output_image().C, output_image().W}; }
};

class Upsample2d : public Resample {
 public:
  Upsample2d(ImageShape in, std::size_t factor);
  std::string name() const override { return "Upsample2d"; }
  ImageShape in_shape() const { return input_image(); }
  ImageShape out_shape() const { return output_image(); }
};

class Downsample1d : public Resample {
 public:
  Downsample1d(SignalShape in, std::size_t factor);
  std::string name() const override { return "Downsample1d"; }
  SignalShape in_shape() const { return {input_image().C, input_image().W}; }
  SignalShape out_shape() const { return {output_image().C, output_image().W}; }
};

class Downsample2d : public Resample {
 public:
  Downsample2d(ImageShape in, std::size_t factor);
  std::string name() const override { return "Downsample2d"; }
  ImageShape in_shape() const { return input_image(); }
  ImageShape out_shape() const { return output_image(); }
};

}  // namespace mytorch::nn
