#include "mytorch/nn/resample.hpp"

#include <stdexcept>

namespace mytorch::nn {

namespace {
std::size_t upsampled(std::size_t size, std::size_t k) { return (size - 1) * k + 1; }
std::size_t downsampled(std::size_t size, std::size_t k) { return (size + k - 1) / k; }  // ⌈size/k⌉
}  // namespace

Resample::Resample(const char* layer, ImageShape in, bool signal, std::size_t factor, bool upsampling)
    : k_H_(signal ? 1 : factor), k_W_(factor), signal_(signal), upsampling_(upsampling) {
  if (signal)
    check_no_zero(layer, SignalShape{in.C, in.W});
  else
    check_no_zero(layer, in);
  check_positive(layer, "factor", factor);
  if (upsampling) {
    small_ = in;
    large_ = {in.C, upsampled(in.H, k_H_), upsampled(in.W, k_W_)};
  } else {
    large_ = in;
    small_ = {in.C, downsampled(in.H, k_H_), downsampled(in.W, k_W_)};
  }
}

Tensor Resample::forward(const Tensor& A) {
  const std::string where = name() + "::forward";
  check_cols(where.c_str(), "A", A, input_image().size());
  check_finite(where.c_str(), "A", A);
  N_ = A.shape(0);
  has_forward_ = true;
  return upsampling_ ? spread(A) : pick(A);
}

Tensor Resample::backward(const Tensor& dLdZ) {
  const std::string where = name() + "::backward";
  check_forward_done(where.c_str(), has_forward_);
  check_shape(where.c_str(), "dLdZ", dLdZ, N_, output_image().size());
  // Upsample copied each input entry to one place and added constants: its gradient reads that place
  // back. Downsample copied some input entries and dropped the rest: theirs get 0.
  return upsampling_ ? pick(dLdZ) : spread(dLdZ);
}

// Entry (c, h, w) of the small image is entry (c, h·k_H, w·k_W) of the large one.
Tensor Resample::spread(const Tensor& small) const {
  const std::size_t N = small.shape(0);
  Tensor large = xt::zeros<real>({N, large_.size()});
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t c = 0; c < small_.C; ++c)
      for (std::size_t h = 0; h < small_.H; ++h) {
        const real* from = small.data() + n * small_.size() + (c * small_.H + h) * small_.W;
        real* to = large.data() + n * large_.size() + (c * large_.H + h * k_H_) * large_.W;
        for (std::size_t w = 0; w < small_.W; ++w) to[w * k_W_] = from[w];
      }
  return large;
}

Tensor Resample::pick(const Tensor& large) const {
  const std::size_t N = large.shape(0);
  Tensor small({N, small_.size()});
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t c = 0; c < small_.C; ++c)
      for (std::size_t h = 0; h < small_.H; ++h) {
        const real* from = large.data() + n * large_.size() + (c * large_.H + h * k_H_) * large_.W;
        real* to = small.data() + n * small_.size() + (c * small_.H + h) * small_.W;
        for (std::size_t w = 0; w < small_.W; ++w) to[w] = from[w * k_W_];
      }
  return small;
}

std::string Resample::describe() const {
  return describe_layer(name(), "factor " + std::to_string(k_W_), to_string(input_image(), signal_),
                        output_geometry());
}

std::string Resample::output_geometry() const { return to_string(output_image(), signal_); }

Upsample1d::Upsample1d(SignalShape in, std::size_t k)
    : Resample("Upsample1d", {in.C, 1, in.W}, true, k, true) {}
Upsample2d::Upsample2d(ImageShape in, std::size_t k) : Resample("Upsample2d", in, false, k, true) {}
Downsample1d::Downsample1d(SignalShape in, std::size_t k)
    : Resample("Downsample1d", {in.C, 1, in.W}, true, k, false) {}
Downsample2d::Downsample2d(ImageShape in, std::size_t k)
    : Resample("Downsample2d", in, false, k, false) {}

}  // namespace mytorch::nn
