#pragma once
/// mytorch/nn/conv.hpp — Conv1d and Conv2d, the convolutional layers (the course's second homework).
///
/// Conv2d, A (N, C_in·H·W) -> Z (N, C_out·H_out·W_out), each row one image (nn/image_shape.hpp);
/// kernel K × K, stride s, padding p; A_pad is A with p rows and columns of zeros on every side:
///   Z[n, c', h, w] = b[c'] + Σ_c Σ_i Σ_j W[c', c, i, j] · A_pad[n, c, h·s + i, w·s + j]
///       c' < C_out, h < H_out = (H + 2p − K)/s + 1, w < W_out = (W + 2p − K)/s + 1;  c < C_in, i, j < K
/// Backward, dLdZ (N, C_out·H_out·W_out) ->
///   dLdW[c', c, i, j] = Σ_n Σ_h Σ_w dLdZ[n, c', h, w] · A_pad[n, c, h·s + i, w·s + j]   (C_out, C_in·K·K)
///   dLdb[c']          = Σ_n Σ_h Σ_w dLdZ[n, c', h, w]                                   (C_out, 1)
///   dLdA_pad[n, c, h·s + i, w·s + j] += W[c', c, i, j] · dLdZ[n, c', h, w]     for every c', h, w, i, j
///   dLdA = dLdA_pad without its border                                              (N, C_in·H·W)
///   (each input entry collects the gradient of every window it is in, through the kernel entry it
///    met there; the padding zeros are constants, their gradient is dropped).
/// W (C_out, C_in·K·K) holds PyTorch's (C_out, C_in, K, K) weight row by row: W[c', (c·K + i)·K + j].
///
/// Conv1d is the same with signals (N, C_in·W) -> (N, C_out·W_out), W (C_out, C_in·K):
///   Z[n, c', w] = b[c'] + Σ_c Σ_j W[c', c, j] · A_pad[n, c, w·s + j],   W_out = (W + 2p − K)/s + 1
/// — a signal is an image of height 1 with a 1 × K kernel and padding on the left and right only, so
/// both layers share one implementation (Convolution, below).
///
/// How it is computed (nn/im2col.hpp): for each sample n, X_n = im2col(A_n) (C_in·K·K, H_out·W_out)
/// holds window (h, w) in column h·W_out + w, so the triple sum is one matrix product through BLAS:
///   Z_n = W · X_n + b·ι_Pᵀ                 (C_out, H_out·W_out): row n of Z, channel by channel
///   dLdW = Σ_n dLdZ_n · X_nᵀ               dLdb = Σ_n dLdZ_n · ι_P
///   dLdA_n = col2im(Wᵀ · dLdZ_n)           the adjoint of the unfolding puts each window's gradient back
/// with dLdZ_n (C_out, H_out·W_out) row n of dLdZ and P = H_out·W_out (ι_P a column of P ones; the bias
/// rides along as the weight of a row of ones under X_n, see conv.cpp). backward_parameters(dLdZ)
/// writes dLdW and dLdb only (no dLdA: for a first layer, whose input is the data).
///
/// The course builds a strided convolution as the stride-1 convolution followed by Downsample(s);
/// Conv2d(stride s) computes only the windows that survive, and gives the same numbers (tests, and
/// docs/layers/convolution.md). Initialisation as PyTorch's: W and b ~ U(±1/√(C_in·K·K)) (Conv1d:
/// U(±1/√(C_in·K))) from the library's RNG, W row by row first, then b.

#include <cstddef>

#include "mytorch/nn/im2col.hpp"
#include "mytorch/nn/image_shape.hpp"
#include "mytorch/nn/module.hpp"

namespace mytorch::nn {

/// The forward and backward shared by Conv1d, Conv2d and the convolution inside ConvTranspose1d/2d:
/// everything but the constructors, which describe the windows.
class Convolution : public Module {
 public:
  Tensor W;     // (C_out, C_in·KH·KW) kernels, one output channel per row, entry (c, i, j) at (c·KH + i)·KW + j
  Tensor dLdW;  // (C_out, C_in·KH·KW) gradient of the loss w.r.t. W, written by backward
  Tensor b;     // (C_out, 1) bias, one per output channel
  Tensor dLdb;  // (C_out, 1) gradient of the loss w.r.t. b, written by backward

  Tensor forward(const Tensor& A) override;
  Tensor backward(const Tensor& dLdZ) override;
  void backward_parameters(const Tensor& dLdZ) override;  // dLdW and dLdb only: no dLdA
  std::vector<Parameter> parameters() override;           // {W with dLdW, b with dLdb}
  std::string describe() const override;         // "Conv2d(1→16, 3×3, padding 1) 1×28×28 → 16×28×28"
  std::string output_geometry() const override;  // "16×28×28" (Conv1d: C_out×W_out, "4×8")

  std::size_t out_channels() const { return C_out_; }
  std::size_t kernel_size() const { return g_.KW; }
  std::size_t stride() const { return g_.stride; }
  std::size_t padding() const { return g_.pad_w; }

 protected:
  /// The windows of the convolution (already checked by the layer) and C_out > 0; draws W and b.
  /// `signal`: the windows' input is a signal, an image of height 1 (Conv1d, ConvTranspose1d).
  Convolution(const Windows& windows, std::size_t out_channels, bool signal);

  const Windows& windows() const { return g_; }
  bool signal() const { return signal_; }
  /// describe()'s settings: "1→16, 3×3, stride 2, padding 1" — channels in → out, the kernel
  /// ("kernel 3" for a signal), and the stride and padding unless they are 1 and 0.
  std::string settings() const;

 private:
  void check_parameters(const std::string& where) const;  // W, b, dLdW, dLdb still have their shapes
  /// X_ = [im2col(A_n); ι_Pᵀ] for sample n of the last forward's input.
  void unfold(std::size_t n);
  /// dLdW, dLdb, and dLdA unless it is null.
  void backward_into(const Tensor& dLdZ, Tensor* dLdA);

  Windows g_;
  std::size_t C_out_;
  bool signal_;
  // Buffers kept between steps (R = C_in·KH·KW kernel entries, P = H_out·W_out windows):
  Tensor A_;       // (N, C_in·H·W) input of the last forward, unfolded again sample by sample in backward
  Tensor X_;       // (R + 1, P) one sample's windows, im2col(A_n), over a row of ones; reused for every n
  Tensor Wb_;      // (C_out, R + 1) [W b]: the bias as the weight of the row of ones
  Tensor dLdX_;    // (R, P) Wᵀ · dLdZ_n, before col2im
  Tensor dLdWbt_;  // (R + 1, C_out) [dLdW dLdb]ᵀ as it is summed over the samples
  bool has_forward_ = false;
};

class Conv1d : public Convolution {
 public:
  Conv1d(SignalShape in, std::size_t out_channels, std::size_t kernel_size, std::size_t stride = 1,
         std::size_t padding = 0);

  std::string name() const override { return "Conv1d"; }
  SignalShape in_shape() const { return {windows().C, windows().W}; }
  SignalShape out_shape() const { return {out_channels(), windows().W_out}; }
};

class Conv2d : public Convolution {
 public:
  Conv2d(ImageShape in, std::size_t out_channels, std::size_t kernel_size, std::size_t stride = 1,
         std::size_t padding = 0);

  std::string name() const override { return "Conv2d"; }
  ImageShape in_shape() const { return {windows().C, windows().H, windows().W}; }
  ImageShape out_shape() const { return {out_channels(), windows().H_out, windows().W_out}; }
};

}  // namespace mytorch::nn
