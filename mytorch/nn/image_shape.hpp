#pragma once
/// mytorch/nn/image_shape.hpp — the geometry of one sample of a signal or an image.
///
/// Signals and images stay rows of the 2-D Tensor, so Sequential, the optimizers, checkpoints and the
/// gradient check work unchanged: a batch is (N, C·W) or (N, C·H·W), one sample per row, channel by
/// channel, each channel row by row:
///   SignalShape{C, W}      entry (c, w)     at  c·W + w                 row width C·W
///   ImageShape{C, H, W}    entry (c, h, w)  at  (c·H + h)·W + w         row width C·H·W
/// This is exactly PyTorch's contiguous (N, C, W) or (N, C, H, W) tensor with each sample flattened
/// (`x.reshape(N, -1)`). A layer of the convolution family is given the shape of its input when it is
/// built; a signal is treated as an image of height 1.

#include <cstddef>
#include <string>

namespace mytorch::nn {

struct SignalShape {
  std::size_t C, W;  // channels, width
  std::size_t size() const { return C * W; }  // the width of a row
};

struct ImageShape {
  std::size_t C, H, W;  // channels, height, width
  std::size_t size() const { return C * H * W; }  // the width of a row
};

inline bool operator==(SignalShape a, SignalShape b) { return a.C == b.C && a.W == b.W; }
inline bool operator!=(SignalShape a, SignalShape b) { return !(a == b); }
inline bool operator==(ImageShape a, ImageShape b) { return a.C == b.C && a.H == b.H && a.W == b.W; }
inline bool operator!=(ImageShape a, ImageShape b) { return !(a == b); }

/// "16×28" and "16×28×28": C×W and C×H×W, as the layers' messages and model printouts show them.
std::string to_string(SignalShape s);
std::string to_string(ImageShape s);
/// An image of height 1 that a layer holds for a signal prints as the signal: C×W when `signal`.
std::string to_string(ImageShape s, bool signal);

/// describe() of a layer of the convolution family (the one formatting they share): its name and
/// settings, then the shape of a sample going in and coming out,
///   describe_layer("Conv2d", "1→16, 3×3, padding 1", "1×28×28", "16×28×28")
///     = "Conv2d(1→16, 3×3, padding 1) 1×28×28 → 16×28×28"
/// and one shape when the two are the same: "BatchNorm2d(16, alpha=0.9, eps=1e-08) 16×14×14".
std::string describe_layer(const std::string& name, const std::string& settings, const std::string& in,
                           const std::string& out);

/// The constructors' checks: std::invalid_argument naming the layer, e.g.
/// `Conv2d: in_shape (C, H, W) = (1, 0, 28) has a zero`, `Conv2d: stride must be positive, got 0`.
void check_no_zero(const char* layer, SignalShape in);
void check_no_zero(const char* layer, ImageShape in);
void check_positive(const char* layer, const char* what, std::size_t value);

}  // namespace mytorch::nn
