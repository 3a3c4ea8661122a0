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

/// Calls f(out, first) for every row of windows of a batch of N images: out is the index in Z's data of
/// the row's first output entry (n, c, h, 0), first the index in A's data of that window's top-left
/// entry (n, c, h·s, 0). Window w of the row is output out + w; its entry (i, j) is at
/// first + i·W + w·s + j.
template <class F>
void for_each_row_of_windows(const Windows& g, std::size_t N, F f) {
  for (std::size_t nc = 0; nc < N * g.C; ++nc)  // image n, channel c: the (n·C + c)-th H × W block
    for (std::size_t h = 0; h < g.H_out; ++h) f((nc * g.H_out + h) * g.W_out, (nc * g.H + h * g.stride) * g.W);
}
}  // namespace

Pool2d::Pool2d(const char* layer, ImageShape in, std::size_t kernel_size, std::size_t stride)
    : g_(pool_windows(layer, in, kernel_size, stride)) {}

Tensor Pool2d::forward(const Tensor& A) {
  const std::string where = name() + "::forward";
  check_cols(where.c_str(), "A", A, g_.in_size());
  has_forward_ = false;
  N_ = A.shape(0);
  Tensor Z({N_, g_.C * g_.positions()});
  // A NaN would win or lose every comparison silently: A must be finite. MaxPool2d checks that in
  // the pass that pools, when its windows read every entry (the demo's 2 × 2, stride 2 do), which
  // saves a pass over the layer's largest tensor.
  if (!pool(A, Z)) check_finite(where.c_str(), "A", A);
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

std::string Pool2d::describe() const {
  const std::string K = std::to_string(g_.KW);
  return describe_layer(name(), K + "×" + K + ", stride " + std::to_string(g_.stride), to_string(in_shape()),
                        output_geometry());
}

std::string Pool2d::output_geometry() const { return to_string(out_shape()); }

MaxPool2d::MaxPool2d(ImageShape in, std::size_t kernel_size, std::size_t stride)
    : Pool2d("MaxPool2d", in, kernel_size, stride) {}

bool MaxPool2d::pool(const Tensor& A, Tensor& Z) {
  const Windows& g = windows();
  const std::size_t KH = g.KH, KW = g.KW, W = g.W, s = g.stride, W_out = g.W_out;  // kept in registers
  const real* a = A.data();
  real* z = Z.data();
  argmax_.resize(Z.size());
  std::size_t* argmax = argmax_.data();
  // Σ x·0 over the entries read: 0 exactly when all of them are finite (x·0 is NaN for ±Inf, NaN).
  real non_finite = 0;
  for_each_row_of_windows(g, A.shape(0), [&](std::size_t out, std::size_t first) {
    for (std::size_t w = 0; w < W_out; ++w) {
      const std::size_t window = first + w * s;  // its entry (0, 0)
      // The maximum so far starts at the window's first entry and moves only to a strictly larger
      // one: on ties the first in row-major order stays. (Selected, not branched on: on real data the
      // comparison goes either way, and a mispredicted branch per entry cost more than the rest.)
      std::size_t best = window;
      real max = a[window], window_non_finite = a[window] * 0;
      auto consider = [&](std::size_t at) {
        const bool larger = a[at] > max;
        max = larger ? a[at] : max;
        best = larger ? at : best;
        window_non_finite += a[at] * 0;
      };
      for (std::size_t j = 1; j < KW; ++j) consider(window + j);  // the rest of row 0, then the others
      for (std::size_t i = 1; i < KH; ++i)
        for (std::size_t j = 0; j < KW; ++j) consider(window + i * W + j);
      z[out + w] = max;
      argmax[out + w] = best;
      non_finite += window_non_finite;
    }
  });
  // The windows read every entry when they start every stride ≤ K entries and the last one ends at the
  // edge: then the sum above has seen all of A.
  const bool read_all = s <= KH && s <= KW && (g.H - KH) % s == 0 && (W - KW) % s == 0;
  return read_all && non_finite == 0;
}

void MaxPool2d::unpool(const Tensor& dLdZ, Tensor& dLdA) const {
  // Z[n, c, h, w] was a copy of the entry at argmax: that entry alone gets its gradient.
  for (std::size_t out = 0; out < dLdZ.size(); ++out) dLdA.data()[argmax_[out]] += dLdZ.data()[out];
}

MeanPool2d::MeanPool2d(ImageShape in, std::size_t kernel_size, std::size_t stride)
    : Pool2d("MeanPool2d", in, kernel_size, stride) {}

bool MeanPool2d::pool(const Tensor& A, Tensor& Z) {
  const Windows& g = windows();
  const real* a = A.data();
  const real inv_K2 = real(1) / static_cast<real>(g.KH * g.KW);
  for_each_row_of_windows(g, A.shape(0), [&](std::size_t out, std::size_t first) {
    real* mean = Z.data() + out;
    std::fill(mean, mean + g.W_out, real(0));
    for (std::size_t i = 0; i < g.KH; ++i)
      for (std::size_t j = 0; j < g.KW; ++j)
        for (std::size_t w = 0; w < g.W_out; ++w) mean[w] += a[first + i * g.W + w * g.stride + j];
    for (std::size_t w = 0; w < g.W_out; ++w) mean[w] *= inv_K2;
  });
  return false;  // forward checks A
}

void MeanPool2d::unpool(const Tensor& dLdZ, Tensor& dLdA) const {
  const Windows& g = windows();
  const real inv_K2 = real(1) / static_cast<real>(g.KH * g.KW);
  for_each_row_of_windows(g, dLdZ.shape(0), [&](std::size_t out, std::size_t first) {
    // Every entry of window w weighed 1/K² in its mean: each gets dLdZ[w] / K².
    for (std::size_t i = 0; i < g.KH; ++i)
      for (std::size_t j = 0; j < g.KW; ++j)
        for (std::size_t w = 0; w < g.W_out; ++w)
          dLdA.data()[first + i * g.W + w * g.stride + j] += dLdZ.data()[out + w] * inv_K2;
  });
}

}  // namespace mytorch::nn
