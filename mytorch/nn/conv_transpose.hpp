#pragma once
/// mytorch/nn/conv_transpose.hpp — ConvTranspose1d and ConvTranspose2d as the course defines them:
/// Upsample(factor), then a stride-1 convolution without padding. (Not torch.nn.ConvTranspose2d.)
///
/// ConvTranspose2d(C_out, kernel K, upsampling factor k), A (N, C_in·H·W) -> Z (N, C_out·H_out·W_out):
///   U = Upsample2d(k)(A)                 (N, C_in·H_up·W_up),  H_up = (H − 1)·k + 1: k − 1 zeros between entries
///   Z[n, c', h, w] = b[c'] + Σ_c Σ_i Σ_j W[c', c, i, j] · U[n, c, h + i, w + j]
///                                        H_out = H_up − K + 1 = (H − 1)·k − K + 2, likewise W_out
/// Backward, dLdZ (N, C_out·H_out·W_out) -> through the convolution (nn/conv.hpp) to dLdU, dLdW, dLdb,
/// then through the upsampling (nn/resample.hpp): dLdA[n, c, h, w] = dLdU[n, c, h·k, w·k].
/// ConvTranspose1d is the same on signals (N, C_in·W) -> (N, C_out·W_out), W_out = (W − 1)·k − K + 2.
///
/// Built from the two layers, nothing recomputed by hand: the layer is the Convolution (its W (C_out,
/// C_in·K·K), b (C_out, 1), dLdW, dLdb and initialisation U(±1/√(C_in·K·K)) are that convolution's) of
/// the output of an Upsample2d it holds. A signal is an image of height 1, which Upsample2d leaves at
/// height 1, so ConvTranspose1d uses the same Upsample2d. backward_parameters(dLdZ) skips the upsampling.

#include <cstddef>

#include "mytorch/nn/conv.hpp"
#include "mytorch/nn/resample.hpp"

namespace mytorch::nn {

/// What ConvTranspose1d and ConvTranspose2d share: the upsampling in front of the convolution.
class ConvTranspose : public Convolution {
 public:
  Tensor forward(const Tensor& A) override;      // Z = convolution(upsample(A))
  Tensor backward(const Tensor& dLdZ) override;  // dLdA = upsample.backward(convolution.backward(dLdZ))
  std::string describe() const override;  // "ConvTranspose2d(4→2, 3×3, upsampling 2) 4×5×5 → 2×7×7"

  std::size_t upsampling_factor() const { return upsample_.factor(); }

 protected:
  /// in: the layer's input; windows: the convolution's, over the upsampled input (checked already);
  /// signal: the input is a signal (ConvTranspose1d).
  ConvTranspose(ImageShape in, std::size_t factor, const Windows& windows, std::size_t out_channels, bool signal);

  ImageShape input_image() const { return upsample_.in_shape(); }

 private:
  Upsample2d upsample_;
};

class ConvTranspose1d : public ConvTranspose {
 public:
  ConvTranspose1d(SignalShape in, std::size_t out_channels, std::size_t kernel_size,
                  std::size_t upsampling_factor);

  std::string name() const override { return "ConvTranspose1d"; }
  SignalShape in_shape() const { return {input_image().C, input_image().W}; }
  SignalShape out_shape() const { return {out_channels(), windows().W_out}; }
};

class ConvTranspose2d : public ConvTranspose {
 public:
  ConvTranspose2d(ImageShape in, std::size_t out_channels, std::size_t kernel_size,
                  std::size_t upsampling_factor);

  std::string name() const override { return "ConvTranspose2d"; }
  ImageShape in_shape() const { return input_image(); }
  ImageShape out_shape() const { return {out_channels(), windows().H_out, windows().W_out}; }
};

}  // namespace mytorch::nn
