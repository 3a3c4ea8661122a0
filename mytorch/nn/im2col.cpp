#include "mytorch/nn/im2col.hpp"

#include <algorithm>
#include <stdexcept>

namespace mytorch::nn {

Windows::Windows(ImageShape in, std::size_t KH_, std::size_t KW_, std::size_t stride_,
                 std::size_t pad_h_, std::size_t pad_w_)
    : C(in.C), H(in.H), W(in.W), KH(KH_), KW(KW_), stride(stride_), pad_h(pad_h_), pad_w(pad_w_) {
  if (in.size() == 0 || KH == 0 || KW == 0 || stride == 0 || KH > H + 2 * pad_h ||
      KW > W + 2 * pad_w)
    throw std::logic_error("Windows: a zero size or a kernel larger than the padded input");
  H_out = (H + 2 * pad_h - KH) / stride + 1;
  W_out = (W + 2 * pad_w - KW) / stride + 1;
}

namespace {
/// The windows whose kernel entry at offset k (i or j) lands inside the input, not in the padding:
/// 0 ≤ out·stride + k − pad < size exactly for first ≤ out < end. The same for rows and columns.
struct Inside {
  std::size_t first, end;
};
Inside inside(std::size_t k, std::size_t pad, std::size_t stride, std::size_t size,
              std::size_t out_size) {
  const std::size_t first = k >= pad ? 0 : (pad - k + stride - 1) / stride;  // out·stride ≥ pad − k
  const std::size_t last_ok = size - 1 + pad;                              // out·stride + k ≤ this
  const std::size_t end = last_ok < k ? 0 : std::min(out_size, (last_ok - k) / stride + 1);
  return {std::min(first, end), end};
}

/// Zeroes x[0], …, x[n − 1]: entries of X that copy padding (in col2im: whose gradient is dropped).
void zero(real* x, std::size_t n) { std::fill(x, x + n, real(0)); }

/// Walks the entries of X in row-major order, calling on_run(x, a, n) for each run of n entries
/// x[0], …, x[n − 1] of X that are copies of the input entries a[0], a[stride], …, a[(n − 1)·stride]
/// (one row of windows, where the kernel entry lands inside the input), and zeroing the entries that
/// are copies of padding zeros. im2col and col2im are this walk with opposite copies, so they cannot
/// disagree about which entry goes where.
///
/// When the stride is 1 and W_out = W (the padding keeps the width, "same"), the rows of windows h and
/// h + 1 sit next to each other in X as input rows h + i − pad_h and h + i − pad_h + 1 do in A: all
/// rows of a kernel entry are one run, one long copy instead of H_out short ones (twice as fast). That
/// run also covers the entries where a row wraps around into the next, which are padding. im2col
/// copies first and zeroes them after (zeroes_first = false); col2im zeroes those entries of dLdX first
/// (zeroes_first = true), so that its run adds 0 for them.
template <class A_t, class OnRun>
void walk(const Windows& g, real* X, A_t* A, OnRun on_run, bool zeroes_first) {
  const std::size_t s = g.stride;
  const bool merge = s == 1 && g.W_out == g.W;
  for (std::size_t c = 0; c < g.C; ++c)
    for (std::size_t i = 0; i < g.KH; ++i) {
      const Inside rows = inside(i, g.pad_h, s, g.H, g.H_out);
      for (std::size_t j = 0; j < g.KW; ++j) {
        const Inside cols = inside(j, g.pad_w, s, g.W, g.W_out);
        real* X_r = X + ((c * g.KH + i) * g.KW + j) * g.positions();  // row r = (c, i, j) of X
        if (cols.first == cols.end) {  // this column of the kernel never touches the input
          zero(X_r, g.positions());
          continue;
        }
        zero(X_r, rows.first * g.W_out);                                  // windows above the input
        zero(X_r + rows.end * g.W_out, (g.H_out - rows.end) * g.W_out);  // windows below
        // The padding entries left and right in each row of windows inside the input: a few columns
        // of X_r seen as H_out × W_out (zeroed column by column: a tight loop, where a call per row
        // cost more than the stores).
        auto zero_row_ends = [&] {
          auto zero_column = [&](std::size_t w) {
            for (std::size_t h = rows.first; h < rows.end; ++h) X_r[h * g.W_out + w] = 0;
          };
          for (std::size_t w = 0; w < cols.first; ++w) zero_column(w);
          for (std::size_t w = cols.end; w < g.W_out; ++w) zero_column(w);
        };
        // In the input: row h·s + i − pad_h of channel c, from column cols.first·s + j − pad_w on.
        auto A_row = [&](std::size_t h) {
          return A + (c * g.H + h * s + i - g.pad_h) * g.W + cols.first * s + j - g.pad_w;
        };
        if (zeroes_first) zero_row_ends();
        if (merge && rows.first < rows.end)
          on_run(X_r + rows.first * g.W_out + cols.first, A_row(rows.first),
                 (rows.end - 1 - rows.first) * g.W_out + cols.end - cols.first);
        else
          for (std::size_t h = rows.first; h < rows.end; ++h)  // windows (h, 0), …, (h, W_out − 1)
            on_run(X_r + h * g.W_out + cols.first, A_row(h), cols.end - cols.first);
        if (!zeroes_first) zero_row_ends();
      }
    }
}
}  // namespace

void im2col(const Windows& g, const real* A, real* X) {
  const std::size_t s = g.stride;
  walk(
      g, X, A,
      [s](real* __restrict x, const real* __restrict a, std::size_t n) {
        if (s == 1)  // a contiguous run
          for (std::size_t k = 0; k < n; ++k) x[k] = a[k];
        else
          for (std::size_t k = 0; k < n; ++k) x[k] = a[k * s];
      },
      false);
}

void col2im(const Windows& g, real* dLdX, real* dLdA) {
  const std::size_t s = g.stride;
  std::fill(dLdA, dLdA + g.in_size(), real(0));
  walk(
      g, dLdX, dLdA,
      [s](const real* __restrict dx, real* __restrict da, std::size_t n) {
        if (s == 1)  // a contiguous run, which the compiler vectorises
          for (std::size_t k = 0; k < n; ++k) da[k] += dx[k];
        else
          for (std::size_t k = 0; k < n; ++k) da[k * s] += dx[k];
      },
      true);
}

}  // namespace mytorch::nn
