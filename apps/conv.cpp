// mytorch-conv: a convolution by hand — input, windows, Z and the three gradients — with nn::Conv1d and
// nn::Conv2d doing the work, for checking a homework step by step.
//   mytorch-conv                                     a 1-D and a 2-D worked example
//   mytorch-conv --a "1,2,0;0,1,3;2,1,0" --w "1,0;0,-1" --b 1 --dldz "1,2;0,-1"     your own numbers
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli.hpp"
#include "mytorch/nn/conv.hpp"

using namespace mytorch;

namespace {

const char* kFormat =
    "Numbers: ',' between the entries of a row, ';' between rows (2-D only), '|' between channels,\n"
    "'/' between output channels (--w only). One sample (N = 1).\n"
    "  1-D  --a  C_in signals of W:          \"1,2,3,4|0,1,0,1\"          (C_in = 2, W = 4)\n"
    "       --w  C_out × C_in kernels of K:  \"1,0,-1|2,1,0\"             (C_out = 1, C_in = 2, K = 3)\n"
    "  2-D  --a  C_in images of H rows:      \"1,2,0;0,1,3;2,1,0\"        (C_in = 1, 3×3)\n"
    "       --w  C_out × C_in kernels K×K:   \"1,0;0,-1 / 0,1;1,0\"       (C_out = 2, C_in = 1, K = 2)\n"
    "  --b one number per output channel (default 0); --dldz like --a with C_out channels of Z's size.\n"
    "The dimension is 2 when --a has a ';', else 1 (or say --dim).\n";

/// A tensor written with the separators above, outermost first: its extents (out channels, channels,
/// rows, entries; missing levels are 1) and its entries in that order.
struct Nested {
  std::vector<std::size_t> shape;  // {out channels, channels, rows, entries per row}
  std::vector<real> values;
};

const char kSeparators[] = "/|;,";  // out channels, channels, rows, entries

Nested parse_nested(const std::string& text) {
  Nested t{{0, 0, 0, 0}, {}};
  // Splits text at separator `level` and parses each piece one level down, checking equal extents.
  std::function<void(const std::string&, std::size_t)> parse = [&](const std::string& piece, std::size_t level) {
    if (level == 4) {
      t.values.push_back(static_cast<real>(cli::entry(piece)));
      return;
    }
    std::vector<std::string> parts;
    std::stringstream in(piece);
    for (std::string part; std::getline(in, part, kSeparators[level]);) parts.push_back(part);
    if (parts.empty() || (!piece.empty() && piece.back() == kSeparators[level])) parts.push_back("");
    if (t.shape[level] == 0) t.shape[level] = parts.size();
    if (parts.size() != t.shape[level])
      throw std::invalid_argument(std::string("the pieces between '") + kSeparators[level] + "' differ in length: " +
                                  std::to_string(parts.size()) + " here, " + std::to_string(t.shape[level]) +
                                  " before");
    for (const std::string& part : parts) parse(part, level + 1);
  };
  parse(text, 0);
  return t;
}

/// The tensor as one row (N = 1), after checking that it uses only the separators in `allowed`.
Tensor as_row(const Nested& t, const std::string& allowed, const char* flag) {
  for (std::size_t level = 0; level < 4; ++level)
    if (t.shape[level] != 1 && allowed.find(kSeparators[level]) == std::string::npos)
      throw cli::UsageError(std::string(flag) + " has a '" + kSeparators[level] +
                            "', which this tensor does not have here (see --help)");
  Tensor row({std::size_t{1}, t.values.size()});
  std::copy(t.values.begin(), t.values.end(), row.begin());
  return row;
}

std::string number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", std::abs(x) < 1e-12 ? 0.0 : x);
  return buffer;
}

/// Prints C channels of H × W stored one after another from `data` on.
void print_channels(const std::string& title, const real* data, std::size_t C, std::size_t H, std::size_t W) {
  std::cout << title << "\n";
  for (std::size_t c = 0; c < C; ++c) {
    if (C > 1) std::cout << "  channel " << c << ":\n";
    for (std::size_t h = 0; h < H; ++h) {
      std::cout << "    [";
      for (std::size_t w = 0; w < W; ++w)
        std::printf("%s%6s", w ? " " : "", number(data[(c * H + h) * W + w]).c_str());
      std::cout << " ]\n";
    }
  }
}

struct Example {
  Tensor A, W, b, dLdZ;
  std::size_t C_in, H, W_in, C_out, K, stride, padding;
  bool two_d;
};

/// Checks that the numbers fit together and builds the example; a misfit is a usage error.
Example make_example(const std::string& a, const std::string& w, const std::string& b, const std::string& dldz,
                     std::size_t stride, std::size_t padding, int dim) {
  Example e{};
  const Nested A = parse_nested(a), Wn = parse_nested(w);
  e.two_d = dim == 2 || (dim == 0 && a.find(';') != std::string::npos);
  const std::string image = e.two_d ? "|;," : "|,";  // channels, (rows,) entries
  e.A = as_row(A, image, "--a");
  e.C_in = A.shape[1];
  e.H = A.shape[2];
  e.W_in = A.shape[3];
  e.W = as_row(Wn, "/" + image, "--w");
  e.C_out = Wn.shape[0];
  e.K = Wn.shape[3];
  if (Wn.shape[1] != e.C_in)
    throw cli::UsageError("--w has kernels for " + std::to_string(Wn.shape[1]) + " input channels, --a has " +
                          std::to_string(e.C_in));
  if (e.two_d && Wn.shape[2] != e.K)
    throw cli::UsageError("--w: a kernel has " + std::to_string(Wn.shape[2]) + " rows of " + std::to_string(e.K) +
                          " entries; kernels are square");
  e.W.reshape({e.C_out, e.W.size() / e.C_out});
  e.b = xt::zeros<real>({e.C_out, std::size_t{1}});
  if (!b.empty()) {
    const Nested bn = parse_nested(b);
    const Tensor b_row = as_row(bn, ",", "--b");
    if (b_row.size() != e.C_out)
      throw cli::UsageError("--b has " + std::to_string(b_row.size()) + " numbers, one per output channel: " +
                            std::to_string(e.C_out));
    for (std::size_t k = 0; k < e.C_out; ++k) e.b(k, 0) = b_row(0, k);
  }
  e.stride = stride;
  e.padding = padding;
  e.dLdZ = as_row(parse_nested(dldz), image, "--dldz");
  return e;
}

std::string window_sum(const Example& e, const Tensor& A_pad, std::size_t Hp, std::size_t Wp, std::size_t co,
                       std::size_t h, std::size_t w) {
  // b[c'] + Σ_c Σ_i Σ_j W[c', c, i, j] · A_pad[c, h·s + i, w·s + j], term by term.
  std::string sum = number(e.b(co, 0));
  const std::size_t KH = e.two_d ? e.K : 1;
  for (std::size_t c = 0; c < e.C_in; ++c)
    for (std::size_t i = 0; i < KH; ++i)
      for (std::size_t j = 0; j < e.K; ++j) {
        const double weight = e.W(co, (c * KH + i) * e.K + j);
        const double entry = A_pad(0, (c * Hp + h * e.stride + i) * Wp + w * e.stride + j);
        sum += " + " + (weight < 0 ? "(" + number(weight) + ")" : number(weight)) + "*" +
               (entry < 0 ? "(" + number(entry) + ")" : number(entry));
      }
  return sum;
}

/// The layer the example describes, and its output's height and width.
void build(const Example& e, std::unique_ptr<nn::Convolution>& conv, std::size_t& H_out, std::size_t& W_out) {
  if (e.two_d) {
    auto conv2d = std::make_unique<nn::Conv2d>(nn::ImageShape{e.C_in, e.H, e.W_in}, e.C_out, e.K, e.stride, e.padding);
    H_out = conv2d->out_shape().H, W_out = conv2d->out_shape().W;
    conv = std::move(conv2d);
  } else {
    auto conv1d = std::make_unique<nn::Conv1d>(nn::SignalShape{e.C_in, e.W_in}, e.C_out, e.K, e.stride, e.padding);
    W_out = conv1d->out_shape().W;
    conv = std::move(conv1d);
  }
}

void walk_through(const Example& e) {
  const std::size_t KH = e.two_d ? e.K : 1, pad_h = e.two_d ? e.padding : 0;
  std::unique_ptr<nn::Convolution> conv;
  std::size_t H_out = 1, W_out = 0;
  try {
    build(e, conv, H_out, W_out);
  } catch (const std::invalid_argument& error) {  // the layer refuses the sizes: the flags are at fault
    throw cli::UsageError(error.what());
  }
  if (e.dLdZ.size() != e.C_out * H_out * W_out)
    throw cli::UsageError("--dldz has " + std::to_string(e.dLdZ.size()) + " numbers, Z has " +
                          std::to_string(e.C_out * H_out * W_out) + " (" + std::to_string(e.C_out) +
                          " channels of " + (e.two_d ? std::to_string(H_out) + "x" : "") + std::to_string(W_out) + ")");

  if (e.two_d)
    std::cout << "Conv2d: Z[c', h, w] = b[c'] + sum_c sum_i sum_j W[c', c, i, j] * A_pad[c, h*s + i, w*s + j]\n";
  else
    std::cout << "Conv1d: Z[c', w] = b[c'] + sum_c sum_j W[c', c, j] * A_pad[c, w*s + j]\n";
  std::cout << "C_in = " << e.C_in << ", C_out = " << e.C_out << ", kernel " << (e.two_d ? number(e.K) + "x" : "")
            << e.K << ", stride s = " << e.stride << ", padding p = " << e.padding << "\n\n";
  conv->W = e.W;
  conv->b = e.b;

  print_channels("A =", e.A.data(), e.C_in, e.H, e.W_in);
  const std::size_t Hp = e.H + 2 * pad_h, Wp = e.W_in + 2 * e.padding;
  Tensor A_pad = xt::zeros<real>({std::size_t{1}, e.C_in * Hp * Wp});
  for (std::size_t c = 0; c < e.C_in; ++c)
    for (std::size_t y = 0; y < e.H; ++y)
      for (std::size_t x = 0; x < e.W_in; ++x)
        A_pad(0, (c * Hp + y + pad_h) * Wp + x + e.padding) = e.A(0, (c * e.H + y) * e.W_in + x);
  if (e.padding > 0) print_channels("A_pad (A with p zeros around it) =", A_pad.data(), e.C_in, Hp, Wp);
  for (std::size_t co = 0; co < e.C_out; ++co)
    print_channels("W[" + std::to_string(co) + "] (the kernels of output channel " + std::to_string(co) + "), b = " +
                       number(e.b(co, 0)),
                   e.W.data() + co * e.C_in * KH * e.K, e.C_in, KH, e.K);

  const Tensor Z = conv->forward(e.A);
  std::cout << "\nThe windows and their sums (window (h, w) starts at row h*s, column w*s of A_pad):\n";
  for (std::size_t co = 0; co < e.C_out; ++co)
    for (std::size_t h = 0; h < H_out; ++h)
      for (std::size_t w = 0; w < W_out; ++w)
        std::cout << "  Z[" << co << ", " << (e.two_d ? std::to_string(h) + ", " : "") << w
                  << "] = " << window_sum(e, A_pad, Hp, Wp, co, h, w) << " = "
                  << number(Z(0, (co * H_out + h) * W_out + w)) << "\n";
  // The same windows as the columns of one matrix: what the layer multiplies by W (nn/im2col.hpp).
  const nn::Windows windows({e.C_in, e.H, e.W_in}, KH, e.K, e.stride, pad_h, e.padding);
  Tensor X({windows.unfolded_rows(), windows.positions()});
  nn::im2col(windows, e.A.data(), X.data());
  print_channels("\nim2col: X, one window per column (h, w), one kernel entry (c, i, j) per row;\n"
                 "Z = W . X + b, row c' of W (all kernels of output channel c') times each column:",
                 X.data(), 1, X.shape(0), X.shape(1));
  print_channels("\nZ =", Z.data(), e.C_out, H_out, W_out);

  if (e.two_d)
    std::cout << "\nBackward, given dLdZ:\n"
                 "  dLdb[c']          = sum_h sum_w dLdZ[c', h, w]\n"
                 "  dLdW[c', c, i, j] = sum_h sum_w dLdZ[c', h, w] * A_pad[c, h*s + i, w*s + j]\n"
                 "  dLdA[c, y, x]     = sum over every window (c', h, w) that covers (y, x), at its kernel\n"
                 "                      entry (i, j), of W[c', c, i, j] * dLdZ[c', h, w]\n";
  else
    std::cout << "\nBackward, given dLdZ:\n"
                 "  dLdb[c']       = sum_w dLdZ[c', w]\n"
                 "  dLdW[c', c, j] = sum_w dLdZ[c', w] * A_pad[c, w*s + j]\n"
                 "  dLdA[c, x]     = sum over every window (c', w) that covers x, at its kernel entry j,\n"
                 "                   of W[c', c, j] * dLdZ[c', w]\n";
  print_channels("dLdZ =", e.dLdZ.data(), e.C_out, H_out, W_out);
  const Tensor dLdA = conv->backward(e.dLdZ);
  print_channels("dLdA =", dLdA.data(), e.C_in, e.H, e.W_in);
  for (std::size_t co = 0; co < e.C_out; ++co)
    print_channels("dLdW[" + std::to_string(co) + "] =", conv->dLdW.data() + co * e.C_in * KH * e.K, e.C_in, KH,
                   e.K);
  std::cout << "dLdb =";
  for (std::size_t co = 0; co < e.C_out; ++co) std::cout << " " << number(conv->dLdb(co, 0));
  std::cout << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mytorch-conv: a convolution's forward and backward by hand (Conv1d, Conv2d)", "mytorch-conv"};
  app.footer(kFormat);
  std::string a, w, b, dldz;
  std::size_t stride = 1, padding = 0;
  int dim = 0;
  const auto numbers = cli::parsed_by([](const std::string& text) { parse_nested(text); }, "NUMBERS");
  app.add_option("--a", a, "the input A (one sample)")->check(numbers);
  app.add_option("--w", w, "the kernels W")->check(numbers);
  app.add_option("--b", b, "the bias b, one number per output channel (default 0)")->check(numbers);
  app.add_option("--dldz", dldz, "the gradient dLdZ, Z's shape")->check(numbers);
  app.add_option("--stride", stride, "stride s")->check(cli::whole_number(false))->capture_default_str();
  app.add_option("--padding", padding, "padding p (zeros on every side)")
      ->check(cli::whole_number(true))
      ->capture_default_str();
  app.add_option("--dim", dim, "1 or 2 (default: 2 if --a has a ';')")->check(CLI::IsMember({1, 2}));

  return cli::run(app, argc, argv, [&] {
    const bool own = !a.empty() || !w.empty() || !dldz.empty();
    if (own && (a.empty() || w.empty() || dldz.empty()))
      throw cli::UsageError("give --a, --w and --dldz together (and --b, or it is 0)");
    if (own) {
      walk_through(make_example(a, w, b, dldz, stride, padding, dim));
      return 0;
    }
    std::cout << "== 1-D: two input channels, stride 2, padding 1 ==\n";
    walk_through(make_example("1,2,3,4|0,1,0,1", "1,0,-1|2,1,0", "1", "1,2", 2, 1, 1));
    std::cout << "\n== 2-D: one 3x3 image, a 2x2 kernel ==\n";
    walk_through(make_example("1,2,0;0,1,3;2,1,0", "1,0;0,-1", "1", "1,2;0,-1", 1, 0, 2));
    std::cout << "\nYour own numbers: mytorch-conv --a ... --w ... --b ... --dldz ... [--stride s] [--padding p]"
                 " (see --help)\n";
    return 0;
  });
}
