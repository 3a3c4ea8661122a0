#include "mytorch/nn/conv.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "mytorch/detail/copy.hpp"
#include "mytorch/linalg.hpp"
#include "mytorch/nn/init.hpp"

namespace mytorch::nn {

namespace {
void check_arguments(const char* layer, std::size_t out_channels, std::size_t kernel_size,
                     std::size_t stride) {
  check_positive(layer, "out_channels", out_channels);
  check_positive(layer, "kernel_size", kernel_size);
  check_positive(layer, "stride", stride);
}

/// A signal is an image of height 1: a 1 × K kernel, padding on the left and right only.
Windows conv1d_windows(SignalShape in, std::size_t out_channels, std::size_t K, std::size_t stride,
                       std::size_t padding) {
  check_no_zero("Conv1d", in);
  check_arguments("Conv1d", out_channels, K, stride);
  if (K > in.W + 2 * padding)
    throw std::invalid_argument("Conv1d: kernel_size " + std::to_string(K) +
                                " is larger than the padded input width " +
                                std::to_string(in.W + 2 * padding) + " (" + std::to_string(in.W) +
                                " with padding " + std::to_string(padding) + ")");
  return Windows({in.C, 1, in.W}, 1, K, stride, 0, padding);
}

Windows conv2d_windows(ImageShape in, std::size_t out_channels, std::size_t K, std::size_t stride,
                       std::size_t padding) {
  check_no_zero("Conv2d", in);
  check_arguments("Conv2d", out_channels, K, stride);
  if (K > in.H + 2 * padding || K > in.W + 2 * padding)
    throw std::invalid_argument("Conv2d: kernel_size " + std::to_string(K) +
                                " is larger than the padded input " +
                                std::to_string(in.H + 2 * padding) + "×" +
                                std::to_string(in.W + 2 * padding) + " (" + std::to_string(in.H) +
                                "×" + std::to_string(in.W) + " with padding " +
                                std::to_string(padding) + ")");
  return Windows(in, K, K, stride, padding, padding);
}
}  // namespace

Convolution::Convolution(const Windows& windows, std::size_t out_channels, bool signal)
    : g_(windows), C_out_(out_channels), signal_(signal) {
  if (C_out_ == 0) throw std::logic_error("Convolution: out_channels must be positive");
  const std::size_t R = g_.unfolded_rows();  // the fan-in: C_in·KH·KW
  const double bound = 1.0 / std::sqrt(static_cast<double>(R));
  W = uniform_init(C_out_, R, bound);
  b = uniform_init(C_out_, 1, bound);
  dLdW = xt::zeros<real>({C_out_, R});
  dLdb = xt::zeros<real>({C_out_, std::size_t{1}});
}

void Convolution::check_parameters(const std::string& where) const {
  const std::size_t R = g_.unfolded_rows();
  check_shape(where.c_str(), "W", W, C_out_, R);
  check_shape(where.c_str(), "b", b, C_out_, 1);
  check_shape(where.c_str(), "dLdW", dLdW, C_out_, R);
  check_shape(where.c_str(), "dLdb", dLdb, C_out_, 1);
}

// The bias is the weight of an input that is always 1: with a row of ones under X_n and b as one more
// column of W,
//   Z_n = W · X_n + b · ι_Pᵀ = [W b] · [X_n; ι_Pᵀ]
// and backward's one product [X_n; ι_Pᵀ] · dLdZ_nᵀ gives dLdWᵀ and, in its last row, dLdbᵀ. So X_ has
// R + 1 rows, im2col writes the first R, and the last stays all ones.
void Convolution::unfold(std::size_t n) {
  const std::size_t R = g_.unfolded_rows(), P = g_.positions();
  if (X_.shape(0) != R + 1 || X_.shape(1) != P) {
    X_.resize({R + 1, P});
    std::fill(X_.data() + R * P, X_.data() + (R + 1) * P, real(1));
  }
  im2col(g_, A_.data() + n * g_.in_size(), X_.data());  // X_n (R, P): window (h, w) in column h·W_out + w
}

Tensor Convolution::forward(const Tensor& A) {
  const std::string where = name() + "::forward";
  check_cols(where.c_str(), "A", A, g_.in_size());
  check_parameters(where);
  has_forward_ = false;  // until A_ holds a finite input
  detail::copy_finite(where.c_str(), "A", A, A_);  // A_ = A, checked in the same pass
  const std::size_t N = A_.shape(0), R = g_.unfolded_rows(), P = g_.positions();
  Wb_.resize({C_out_, R + 1});  // [W b]
  for (std::size_t co = 0; co < C_out_; ++co) {
    std::copy(W.data() + co * R, W.data() + (co + 1) * R, Wb_.data() + co * (R + 1));
    Wb_(co, R) = b(co, 0);
  }
  Tensor Z({N, C_out_ * P});
  // One sample at a time: X_ (R × P, a few hundred KiB at most here) stays in the cache between
  // im2col and the product, where one unfolding of the whole batch would go to memory and back
  // (measured: the per-sample loop was the faster one).
  for (std::size_t n = 0; n < N; ++n) {
    unfold(n);
    real* Z_n = Z.data() + n * C_out_ * P;  // (C_out, P): row n of Z, output channel by channel
    // Z_n = [W b] · [X_n; ι_Pᵀ]: for every window, the sum over (c, i, j), plus b.
    gemm(Op::N, Op::N, C_out_, P, R + 1, 1, Wb_.data(), X_.data(), 0, Z_n);
  }
  has_forward_ = true;
  return Z;
}

void Convolution::backward_into(const Tensor& dLdZ, Tensor* dLdA) {
  const std::string where = name() + "::backward";
  check_forward_done(where.c_str(), has_forward_);
  const std::size_t N = A_.shape(0), R = g_.unfolded_rows(), P = g_.positions();
  check_shape(where.c_str(), "dLdZ", dLdZ, N, C_out_ * P);
  check_parameters(where);

  dLdWbt_.resize({R + 1, C_out_});  // [dLdW dLdb]ᵀ
  if (dLdA) {
    dLdA->resize({N, g_.in_size()});
    dLdX_.resize({R, P});
  }
  for (std::size_t n = 0; n < N; ++n) {
    const real* dLdZ_n = dLdZ.data() + n * C_out_ * P;  // (C_out, P): row n of dLdZ
    // In the forward pass Z_n = [W b] · [X_n; ι_Pᵀ] with X_n = im2col(A_n); X_ holds the last sample's
    // by now, so sample n's windows are unfolded again.
    unfold(n);
    // [dLdW dLdb] = Σ_n dLdZ_n · [X_n; ι_Pᵀ]ᵀ, summed here as its transpose Σ_n [X_n; ι_Pᵀ] · dLdZ_nᵀ
    // (R + 1, C_out): the same numbers, and OpenBLAS computes products of this shape (long side
    // first) up to twice as fast. Its last row is Σ_n ι_Pᵀ · dLdZ_nᵀ: dLdb[c'] = Σ_n Σ_(h, w) dLdZ[n, c', h, w].
    gemm(Op::N, Op::T, R + 1, C_out_, P, 1, X_.data(), dLdZ_n, n == 0 ? 0 : 1, dLdWbt_.data());
    if (dLdA) {
      // dLdX_n = Wᵀ · dLdZ_n (R, P): the gradient of every copy im2col made; col2im adds each copy's
      // gradient back onto the input entry it came from.
      gemm(Op::T, Op::N, R, P, C_out_, 1, W.data(), dLdZ_n, 0, dLdX_.data());
      col2im(g_, dLdX_.data(), dLdA->data() + n * g_.in_size());
    }
  }
  for (std::size_t co = 0; co < C_out_; ++co) {
    for (std::size_t r = 0; r < R; ++r) dLdW(co, r) = dLdWbt_(r, co);
    dLdb(co, 0) = dLdWbt_(R, co);
  }
}

void Convolution::backward_parameters(const Tensor& dLdZ) { backward_into(dLdZ, nullptr); }

Tensor Convolution::backward(const Tensor& dLdZ) {
  Tensor dLdA;  // (N, C_in·H·W)
  backward_into(dLdZ, &dLdA);
  return dLdA;
}

std::vector<Parameter> Convolution::parameters() { return {{"W", &W, &dLdW}, {"b", &b, &dLdb}}; }

std::string Convolution::settings() const {
  const std::string K = std::to_string(g_.KW);
  std::string s = std::to_string(g_.C) + "→" + std::to_string(C_out_) + ", " + (signal_ ? "kernel " + K : K + "×" + K);
  if (g_.stride != 1) s += ", stride " + std::to_string(g_.stride);
  if (g_.pad_w != 0) s += ", padding " + std::to_string(g_.pad_w);
  return s;
}

std::string Convolution::describe() const {
  return describe_layer(name(), settings(), to_string(ImageShape{g_.C, g_.H, g_.W}, signal_), output_geometry());
}

std::string Convolution::output_geometry() const { return to_string(ImageShape{C_out_, g_.H_out, g_.W_out}, signal_); }

Conv1d::Conv1d(SignalShape in, std::size_t out_channels, std::size_t kernel_size, std::size_t stride,
               std::size_t padding)
    : Convolution(conv1d_windows(in, out_channels, kernel_size, stride, padding), out_channels, true) {}

Conv2d::Conv2d(ImageShape in, std::size_t out_channels, std::size_t kernel_size, std::size_t stride,
               std::size_t padding)
    : Convolution(conv2d_windows(in, out_channels, kernel_size, stride, padding), out_channels, false) {}

}  // namespace mytorch::nn
