#include "mytorch/nn/batchnorm2d.hpp"

namespace mytorch::nn {

namespace {
ImageShape checked(ImageShape in) {
  check_no_zero("BatchNorm2d", in);
  return in;
}
}  // namespace

BatchNorm2d::BatchNorm2d(ImageShape in, double alpha)
    : BatchNorm1d(checked(in).C, alpha, "BatchNorm2d"), in_(in) {}

std::string BatchNorm2d::describe() const {
  return describe_layer(name(), settings(), to_string(in_), to_string(in_));
}

std::string BatchNorm2d::output_geometry() const { return to_string(in_); }

Tensor BatchNorm2d::forward(const Tensor& Z) {
  check_cols("BatchNorm2d::forward", "Z", Z, in_.size());
  check_finite("BatchNorm2d::forward", "Z", Z);  // here, where a bad entry's position is Z's own
  has_forward_ = false;
  Tensor BZ = to_images(BatchNorm1d::forward(to_pixels(Z)));
  N_ = Z.shape(0);
  has_forward_ = true;
  return BZ;
}

Tensor BatchNorm2d::backward(const Tensor& dLdBZ) {
  check_forward_done("BatchNorm2d::backward", has_forward_);
  check_shape("BatchNorm2d::backward", "dLdBZ", dLdBZ, N_, in_.size());
  return to_images(BatchNorm1d::backward(to_pixels(dLdBZ)));
}

// Image entry (n, c, h, w) at n·C·H·W + c·H·W + p, with p = h·W + w, is pixel entry (n·H·W + p, c).
Tensor BatchNorm2d::to_pixels(const Tensor& images) const {
  const std::size_t N = images.shape(0), C = in_.C, P = in_.H * in_.W;
  Tensor pixels({N * P, C});
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t c = 0; c < C; ++c) {
      const real* channel = images.data() + (n * C + c) * P;
      for (std::size_t p = 0; p < P; ++p) pixels(n * P + p, c) = channel[p];
    }
  return pixels;
}

Tensor BatchNorm2d::to_images(const Tensor& pixels) const {
  const std::size_t C = in_.C, P = in_.H * in_.W, N = pixels.shape(0) / P;
  Tensor images({N, C * P});
  for (std::size_t n = 0; n < N; ++n)
    for (std::size_t c = 0; c < C; ++c) {
      real* channel = images.data() + (n * C + c) * P;
      for (std::size_t p = 0; p < P; ++p) channel[p] = pixels(n * P + p, c);
    }
  return images;
}

}  // namespace mytorch::nn
