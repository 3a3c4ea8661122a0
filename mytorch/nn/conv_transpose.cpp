#include "mytorch/nn/conv_transpose.hpp"

#include <stdexcept>

namespace mytorch::nn {

namespace {
void check_arguments(const char* layer, std::size_t out_channels, std::size_t kernel_size,
                     std::size_t factor) {
  check_positive(layer, "out_channels", out_channels);
  check_positive(layer, "kernel_size", kernel_size);
  check_positive(layer, "upsampling_factor", factor);
}

/// The stride-1 convolution without padding over the upsampled signal: a 1 × K kernel.
Windows transpose1d_windows(SignalShape in, std::size_t out_channels, std::size_t K, std::size_t k) {
  check_no_zero("ConvTranspose1d", in);
  check_arguments("ConvTranspose1d", out_channels, K, k);
  const std::size_t W_up = Upsample1d(in, k).out_shape().W;
  if (K > W_up)
    throw std::invalid_argument("ConvTranspose1d: kernel_size " + std::to_string(K) +
                                " is larger than the upsampled input width " + std::to_string(W_up) +
                                " (" + std::to_string(in.W) + " upsampled by " + std::to_string(k) +
                                ")");
  return Windows({in.C, 1, W_up}, 1, K, 1, 0, 0);
}

Windows transpose2d_windows(ImageShape in, std::size_t out_channels, std::size_t K, std::size_t k) {
  check_no_zero("ConvTranspose2d", in);
  check_arguments("ConvTranspose2d", out_channels, K, k);
  const ImageShape up = Upsample2d(in, k).out_shape();
  const std::size_t H_up = up.H, W_up = up.W;
  if (K > H_up || K > W_up)
    throw std::invalid_argument("ConvTranspose2d: kernel_size " + std::to_string(K) +
                                " is larger than the upsampled input " + std::to_string(H_up) + "×" +
                                std::to_string(W_up) + " (" + std::to_string(in.H) + "×" +
                                std::to_string(in.W) + " upsampled by " + std::to_string(k) + ")");
  return Windows({in.C, H_up, W_up}, K, K, 1, 0, 0);
}
}  // namespace

ConvTranspose::ConvTranspose(ImageShape in, std::size_t factor, const Windows& windows,
                             std::size_t out_channels, bool signal)
    : Convolution(windows, out_channels, signal), upsample_(in, factor) {}

std::string ConvTranspose::describe() const {
  return describe_layer(name(), settings() + ", upsampling " + std::to_string(upsampling_factor()),
                        to_string(input_image(), signal()), output_geometry());
}

Tensor ConvTranspose::forward(const Tensor& A) {
  // The layer's own checks first, so that a bad A is reported under this layer's name.
  const std::string where = name() + "::forward";
  check_cols(where.c_str(), "A", A, input_image().size());
  check_finite(where.c_str(), "A", A);
  return Convolution::forward(upsample_.forward(A));
}

Tensor ConvTranspose::backward(const Tensor& dLdZ) {
  return upsample_.backward(Convolution::backward(dLdZ));
}

ConvTranspose1d::ConvTranspose1d(SignalShape in, std::size_t out_channels, std::size_t kernel_size,
                                 std::size_t upsampling_factor)
    : ConvTranspose({in.C, 1, in.W}, upsampling_factor,
                    transpose1d_windows(in, out_channels, kernel_size, upsampling_factor),
                    out_channels, true) {}

ConvTranspose2d::ConvTranspose2d(ImageShape in, std::size_t out_channels, std::size_t kernel_size,
                                 std::size_t upsampling_factor)
    : ConvTranspose(in, upsampling_factor,
                    transpose2d_windows(in, out_channels, kernel_size, upsampling_factor),
                    out_channels, false) {}

}  // namespace mytorch::nn
