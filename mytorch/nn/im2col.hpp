#pragma once
/// mytorch/nn/im2col.hpp — the windows of a convolution or pooling layer, and im2col: one sample's
/// windows unfolded into the columns of a matrix, so that a convolution is one matrix product.
///
/// Windows over one sample of C channels of H × W (a signal is an image of height 1): a KH × KW kernel
/// moved by `stride` over A_pad, the input with pad_h rows of zeros above and below and pad_w columns
/// of zeros left and right. There are H_out × W_out windows,
///   H_out = (H + 2·pad_h − KH) / stride + 1        W_out = (W + 2·pad_w − KW) / stride + 1
/// (integer division: a last partial window is left out), and window (h, w) holds the entries
///   A_pad[c, h·stride + i, w·stride + j]           c < C, i < KH, j < KW.
///
/// im2col(A) is the matrix X (C·KH·KW, H_out·W_out) with one row r per kernel entry (c, i, j) and one
/// column q per window (h, w):
///   X[r, q] = A_pad[c, h·stride + i, w·stride + j]      r = (c·KH + i)·KW + j,  q = h·W_out + w
/// Column q is window q read channel by channel, row by row: the order in which a convolution's W
/// stores the kernel of an output channel c' in its row W[c', r]. So the convolution's triple sum is a
/// matrix product,
///   Σ_c Σ_i Σ_j W[c', c, i, j] · A_pad[c, h·stride + i, w·stride + j] = Σ_r W[c', r] · X[r, q]
///                                                                     = (W · X)[c', q],
/// and W · X (C_out, H_out·W_out), row after row, is exactly one output row: (c', h, w) at
/// c'·H_out·W_out + h·W_out + w.
///
/// col2im is the adjoint of im2col (the transpose of the copy): every entry of a (C·KH·KW, H_out·W_out)
/// matrix dLdX is added to the input entry it was copied from,
///   dLdA[c, h·stride + i − pad_h, w·stride + j − pad_w] += dLdX[r, q]
/// where overlapping windows share an entry; entries in the padding are dropped (they are constants).

#include <cstddef>

#include "mytorch/nn/image_shape.hpp"
#include "mytorch/tensor.hpp"

namespace mytorch::nn {

struct Windows {
  /// Requires every size positive and the kernel within the padded input (the layers check their
  /// arguments first, with messages of their own; this throws std::logic_error).
  Windows(ImageShape in, std::size_t KH, std::size_t KW, std::size_t stride, std::size_t pad_h,
          std::size_t pad_w);

  std::size_t C, H, W;       // the input: C channels of H × W
  std::size_t KH, KW;        // the kernel
  std::size_t stride;
  std::size_t pad_h, pad_w;  // zero rows above and below, zero columns left and right
  std::size_t H_out, W_out;  // windows down and across

  std::size_t in_size() const { return C * H * W; }         // the width of an input row
  std::size_t unfolded_rows() const { return C * KH * KW; }  // rows of X: kernel entries (c, i, j)
  std::size_t positions() const { return H_out * W_out; }    // columns of X: windows (h, w)
};

/// X = im2col(A) for one sample: A points at its C·H·W entries, X at C·KH·KW × H_out·W_out entries.
void im2col(const Windows& g, const real* A, real* X);

/// dLdA = col2im(dLdX) for one sample: overwrites the C·H·W entries at dLdA. Zeroes the entries of
/// dLdX that copy padding (their gradient is dropped): the caller's dLdX is a scratch buffer.
void col2im(const Windows& g, real* dLdX, real* dLdA);

}  // namespace mytorch::nn
