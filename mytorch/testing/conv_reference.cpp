#include "mytorch/testing/conv_reference.hpp"

#include <algorithm>

namespace mytorch::testing {

namespace {
std::size_t out_size(std::size_t size, std::size_t K, std::size_t stride, std::size_t padding) {
  return (size + 2 * padding - K) / stride + 1;
}
}  // namespace

Tensor conv2d_forward(const Tensor& A, nn::ImageShape in, const Tensor& W, const Tensor& b,
                      std::size_t K, std::size_t s, std::size_t p) {
  const std::size_t N = A.shape(0), C_out = W.shape(0);
  const std::size_t H_out = out_size(in.H, K, s, p), W_out = out_size(in.W, K, s, p);
  // A_pad[n, c, y, x]: A with p zeros on every side.
  auto A_pad = [&](std::size_t n, std::size_t c, std::size_t y, std::size_t x) -> real {
    if (y < p || x < p || y - p >= in.H || x - p >= in.W) return 0;
    return A(n, (c * in.H + y - p) * in.W + x - p);
  };
  Tensor Z({N, C_out * H_out * W_out});
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t co = 0; co < C_out; ++co)
      for (std::size_t h = 0; h < H_out; ++h)
        for (std::size_t w = 0; w < W_out; ++w) {
          real z = b(co, 0);
          for (std::size_t c = 0; c < in.C; ++c)
            for (std::size_t i = 0; i < K; ++i)
              for (std::size_t j = 0; j < K; ++j)
                z += W(co, (c * K + i) * K + j) * A_pad(n, c, h * s + i, w * s + j);
          Z(n, (co * H_out + h) * W_out + w) = z;
        }
  return Z;
}

ConvGradients conv2d_backward(const Tensor& A, nn::ImageShape in, const Tensor& W,
                              const Tensor& dLdZ, std::size_t K, std::size_t s, std::size_t p) {
  const std::size_t N = A.shape(0), C_out = W.shape(0);
  const std::size_t H_out = out_size(in.H, K, s, p), W_out = out_size(in.W, K, s, p);
  ConvGradients g{xt::zeros<real>({N, in.size()}), xt::zeros<real>(W.shape()),
                  xt::zeros<real>({C_out, std::size_t{1}})};
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t co = 0; co < C_out; ++co)
      for (std::size_t h = 0; h < H_out; ++h)
        for (std::size_t w = 0; w < W_out; ++w) {
          const real dLdZ_nchw = dLdZ(n, (co * H_out + h) * W_out + w);
          g.dLdb(co, 0) += dLdZ_nchw;
          for (std::size_t c = 0; c < in.C; ++c)
            for (std::size_t i = 0; i < K; ++i)
              for (std::size_t j = 0; j < K; ++j) {
                const std::size_t y = h * s + i, x = w * s + j;  // in A_pad
                if (y < p || x < p || y - p >= in.H || x - p >= in.W) continue;  // a padding zero
                const std::size_t a = (c * in.H + y - p) * in.W + x - p;
                const std::size_t r = (c * K + i) * K + j;
                g.dLdW(co, r) += dLdZ_nchw * A(n, a);
                g.dLdA(n, a) += W(co, r) * dLdZ_nchw;
              }
        }
  return g;
}

Tensor conv1d_forward(const Tensor& A, nn::SignalShape in, const Tensor& W, const Tensor& b,
                      std::size_t K, std::size_t s, std::size_t p) {
  const std::size_t N = A.shape(0), C_out = W.shape(0), W_out = out_size(in.W, K, s, p);
  auto A_pad = [&](std::size_t n, std::size_t c, std::size_t x) -> real {
    return x < p || x - p >= in.W ? 0 : A(n, c * in.W + x - p);
  };
  Tensor Z({N, C_out * W_out});
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t co = 0; co < C_out; ++co)
      for (std::size_t w = 0; w < W_out; ++w) {
        real z = b(co, 0);
        for (std::size_t c = 0; c < in.C; ++c)
          for (std::size_t j = 0; j < K; ++j) z += W(co, c * K + j) * A_pad(n, c, w * s + j);
        Z(n, co * W_out + w) = z;
      }
  return Z;
}

ConvGradients conv1d_backward(const Tensor& A, nn::SignalShape in, const Tensor& W,
                              const Tensor& dLdZ, std::size_t K, std::size_t s, std::size_t p) {
  const std::size_t N = A.shape(0), C_out = W.shape(0), W_out = out_size(in.W, K, s, p);
  ConvGradients g{xt::zeros<real>({N, in.size()}), xt::zeros<real>(W.shape()),
                  xt::zeros<real>({C_out, std::size_t{1}})};
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t co = 0; co < C_out; ++co)
      for (std::size_t w = 0; w < W_out; ++w) {
        const real dLdZ_ncw = dLdZ(n, co * W_out + w);
        g.dLdb(co, 0) += dLdZ_ncw;
        for (std::size_t c = 0; c < in.C; ++c)
          for (std::size_t j = 0; j < K; ++j) {
            const std::size_t x = w * s + j;  // in A_pad
            if (x < p || x - p >= in.W) continue;
            g.dLdW(co, c * K + j) += dLdZ_ncw * A(n, c * in.W + x - p);
            g.dLdA(n, c * in.W + x - p) += W(co, c * K + j) * dLdZ_ncw;
          }
      }
  return g;
}

namespace {
/// The index in a row of entry (c, y, x) of an image.
std::size_t at(nn::ImageShape in, std::size_t c, std::size_t y, std::size_t x) {
  return (c * in.H + y) * in.W + x;
}
}  // namespace

Tensor max_pool2d_forward(const Tensor& A, nn::ImageShape in, std::size_t K, std::size_t s) {
  const std::size_t N = A.shape(0), H_out = out_size(in.H, K, s, 0), W_out = out_size(in.W, K, s, 0);
  Tensor Z({N, in.C * H_out * W_out});
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t c = 0; c < in.C; ++c)
      for (std::size_t h = 0; h < H_out; ++h)
        for (std::size_t w = 0; w < W_out; ++w) {
          real m = A(n, at(in, c, h * s, w * s));
          for (std::size_t i = 0; i < K; ++i)
            for (std::size_t j = 0; j < K; ++j) m = std::max(m, A(n, at(in, c, h * s + i, w * s + j)));
          Z(n, (c * H_out + h) * W_out + w) = m;
        }
  return Z;
}

Tensor max_pool2d_backward(const Tensor& A, nn::ImageShape in, const Tensor& dLdZ, std::size_t K,
                           std::size_t s) {
  const std::size_t N = A.shape(0), H_out = out_size(in.H, K, s, 0), W_out = out_size(in.W, K, s, 0);
  Tensor dLdA = xt::zeros<real>({N, in.size()});
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t c = 0; c < in.C; ++c)
      for (std::size_t h = 0; h < H_out; ++h)
        for (std::size_t w = 0; w < W_out; ++w) {
          // The first entry in row-major order that equals the window's maximum.
          std::size_t first_max = at(in, c, h * s, w * s);
          for (std::size_t i = 0; i < K; ++i)
            for (std::size_t j = 0; j < K; ++j) {
              const std::size_t k = at(in, c, h * s + i, w * s + j);
              if (A(n, k) > A(n, first_max)) first_max = k;
            }
          dLdA(n, first_max) += dLdZ(n, (c * H_out + h) * W_out + w);
        }
  return dLdA;
}

Tensor mean_pool2d_forward(const Tensor& A, nn::ImageShape in, std::size_t K, std::size_t s) {
  const std::size_t N = A.shape(0), H_out = out_size(in.H, K, s, 0), W_out = out_size(in.W, K, s, 0);
  Tensor Z({N, in.C * H_out * W_out});
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t c = 0; c < in.C; ++c)
      for (std::size_t h = 0; h < H_out; ++h)
        for (std::size_t w = 0; w < W_out; ++w) {
          real sum = 0;
          for (std::size_t i = 0; i < K; ++i)
            for (std::size_t j = 0; j < K; ++j) sum += A(n, at(in, c, h * s + i, w * s + j));
          Z(n, (c * H_out + h) * W_out + w) = sum / static_cast<real>(K * K);
        }
  return Z;
}

Tensor mean_pool2d_backward(nn::ImageShape in, const Tensor& dLdZ, std::size_t K, std::size_t s) {
  const std::size_t N = dLdZ.shape(0), H_out = out_size(in.H, K, s, 0), W_out = out_size(in.W, K, s, 0);
  Tensor dLdA = xt::zeros<real>({N, in.size()});
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t c = 0; c < in.C; ++c)
      for (std::size_t h = 0; h < H_out; ++h)
        for (std::size_t w = 0; w < W_out; ++w)
          for (std::size_t i = 0; i < K; ++i)
            for (std::size_t j = 0; j < K; ++j)
              dLdA(n, at(in, c, h * s + i, w * s + j)) +=
                  dLdZ(n, (c * H_out + h) * W_out + w) / static_cast<real>(K * K);
  return dLdA;
}

}  // namespace mytorch::testing
