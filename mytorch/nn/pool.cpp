#include "mytorch/nn/pool.hpp"

#include <stdexcept>

namespace mytorch::nn {

namespace {
Windows pool_windows(const char* layer, ImageShape in, std::size_t K, std::size_t stride) {
  check_no_zero(layer, in);
  check_positive(layer, "kernel_size", K);
  check_positive(layer, "stride", stride);
  if (K > in.H || K > in.W)
    throw std::invalid_argument(std::string(layer) + ": kernel_size " + std::to_string(K) +
                                " is larger than the input " + std::to_string(in.H) + "×" +
                                std::to_string(in.W));
  return Windows(in, K, K, stride, 0, 0);
}

/// Calls f(out, first) for every window of a batch of N images: out is the index of its output entry
/// (n, c, h, w) in Z's data, first the index of its top-left input entry (n, c, h·s, w·s) in A's data;
/// entry (i, j) of the window is at first + i·W + j.
template <class F>
void for_each_window(const Windows& g, std::size_t N, F f) {
  std::size_t out = 0;
  for (std::size_t nc = 0; nc < N * g.C; ++nc)  // image n, channel c: the (n·C + c)-th H × W block
    for (std::size_t h = 0; h < g.H_out; ++h)
      for (std::size_t w = 0; w < g.W_out; ++w)
        f(out++, (nc * g.H + h * g.stride) * g.W + w * g.stride);
}
}  // namespace

Pool2d::Pool2d(const char* layer, ImageShape in, std::size_t kernel_size, std::size_t stride)
    : g_(pool_windows(layer, in, kernel_size, stride)) {}

Tensor Pool2d::forward(const Tensor& A) {
  const std::string where = name() + "::forward";
  check_cols(where.c_str(), "A", A, g_.in_size());
  check_finite(where.c_str(), "A", A);  // a NaN would win or lose every comparison silently
  has_forward_ = false;
  N_ = A.shape(0);
  Tensor Z({N_, g_.C * g_.positions()});
  pool(A, Z);
  has_forward_ = true;
  return Z;
}

Tensor Pool2d::backward(const Tensor& dLdZ) {
  const std::string where = name() + "::backward";
  check_forward_done(where.c_str(), has_forward_);
  check_shape(where.c_str(), "dLdZ", dLdZ, N_, g_.C * g_.positions());
  Tensor dLdA = xt::zeros<real>({N_, g_.in_size()});
  unpool(dLdZ, dLdA);
  return dLdA;
}

MaxPool2d::MaxPool2d(ImageShape in, std::size_t kernel_size, std::size_t stride)
    : Pool2d("MaxPool2d", in, kernel_size, stride) {}

void MaxPool2d::pool(const Tensor& A, Tensor& Z) {
  const Windows& g = windows();
  const real* a = A.data();
  argmax_.resize(Z.size());
  for_each_window(g, A.shape(0), [&](std::size_t out, std::size_t first) {
    // The maximum so far starts at the window's first entry and moves only to a strictly larger one:
    // on ties the first in row-major order stays.
    std::size_t best = first;
    for (std::size_t i = 0; i < g.KH; ++i)
      for (std::size_t j = 0; j < g.KW; ++j) {
        const std::size_t at = first + i * g.W + j;
        if (a[at] > a[best]) best = at;
      }
    Z.data()[out] = a[best];
    argmax_[out] = best;
  });
}

void MaxPool2d::unpool(const Tensor& dLdZ, Tensor& dLdA) const {
  // Z[n, c, h, w] was a copy of the entry at argmax: that entry alone gets its gradient.
  for (std::size_t out = 0; out < dLdZ.size(); ++out) dLdA.data()[argmax_[out]] += dLdZ.data()[out];
}

MeanPool2d::MeanPool2d(ImageShape in, std::size_t kernel_size, std::size_t stride)
    : Pool2d("MeanPool2d", in, kernel_size, stride) {}

void MeanPool2d::pool(const Tensor& A, Tensor& Z) {
  const Windows& g = windows();
  const real* a = A.data();
  const real inv_K2 = real(1) / static_cast<real>(g.KH * g.KW);
  for_each_window(g, A.shape(0), [&](std::size_t out, std::size_t first) {
    real sum = 0;
    for (std::size_t i = 0; i < g.KH; ++i)
      for (std::size_t j = 0; j < g.KW; ++j) sum += a[first + i * g.W + j];
    Z.data()[out] = sum * inv_K2;
  });
}

void MeanPool2d::unpool(const Tensor& dLdZ, Tensor& dLdA) const {
  const Windows& g = windows();
  const real inv_K2 = real(1) / static_cast<real>(g.KH * g.KW);
  for_each_window(g, dLdZ.shape(0), [&](std::size_t out, std::size_t first) {
    const real share = dLdZ.data()[out] * inv_K2;  // every entry of the window weighed 1/K²
    for (std::size_t i = 0; i < g.KH; ++i)
      for (std::size_t j = 0; j < g.KW; ++j) dLdA.data()[first + i * g.W + j] += share;
  });
}

}  // namespace mytorch::nn
