#pragma once
/// mytorch/testing/conv_reference.hpp — the convolution family's equations as literal loops.
///
/// Each function is one equation of nn/conv.hpp or nn/pool.hpp written as its nested sums, index by
/// index, with no unfolding and no BLAS: the reference the fast layers are tested against (and a
/// second reading of the sums). Slow; for tests and small examples. Tensors are rows as in the layers
/// (nn/image_shape.hpp); W is (C_out, C_in·K·K) (Conv1d: (C_out, C_in·K)), b is (C_out, 1);
/// A_pad is A with `padding` zeros on every side.
///   conv2d:  Z[n, c', h, w] = b[c'] + Σ_c Σ_i Σ_j W[c', c, i, j] · A_pad[n, c, h·s + i, w·s + j]
///   conv1d:  Z[n, c', w]    = b[c'] + Σ_c Σ_j W[c', c, j] · A_pad[n, c, w·s + j]
/// and their gradients: dLdW and dLdb as the sums of nn/conv.hpp; dLdA by adding, for every output
/// entry and every kernel entry, W · dLdZ onto the input entry the two met at.
///   max_pool2d:   Z[n, c, h, w] = max_(i, j) A[n, c, h·s + i, w·s + j], gradient to the first maximum
///   mean_pool2d:  Z[n, c, h, w] = (1/K²) Σ_i Σ_j A[n, c, h·s + i, w·s + j]

#include <cstddef>

#include "mytorch/nn/image_shape.hpp"
#include "mytorch/tensor.hpp"

namespace mytorch::testing {

struct ConvGradients {
  Tensor dLdA, dLdW, dLdb;
};

Tensor conv2d_forward(const Tensor& A, nn::ImageShape in, const Tensor& W, const Tensor& b,
                      std::size_t K, std::size_t stride, std::size_t padding);
ConvGradients conv2d_backward(const Tensor& A, nn::ImageShape in, const Tensor& W,
                              const Tensor& dLdZ, std::size_t K, std::size_t stride,
                              std::size_t padding);

Tensor conv1d_forward(const Tensor& A, nn::SignalShape in, const Tensor& W, const Tensor& b,
                      std::size_t K, std::size_t stride, std::size_t padding);
ConvGradients conv1d_backward(const Tensor& A, nn::SignalShape in, const Tensor& W,
                              const Tensor& dLdZ, std::size_t K, std::size_t stride,
                              std::size_t padding);

Tensor max_pool2d_forward(const Tensor& A, nn::ImageShape in, std::size_t K, std::size_t stride);
Tensor max_pool2d_backward(const Tensor& A, nn::ImageShape in, const Tensor& dLdZ, std::size_t K,
                           std::size_t stride);  // dLdA

Tensor mean_pool2d_forward(const Tensor& A, nn::ImageShape in, std::size_t K, std::size_t stride);
Tensor mean_pool2d_backward(nn::ImageShape in, const Tensor& dLdZ, std::size_t K,
                            std::size_t stride);  // dLdA

}  // namespace mytorch::testing
