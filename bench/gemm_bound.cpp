// mytorch-gemm-bound: the GEMM-only lower bound of one training epoch of an MLP.
//
// A training step of Linear layers does three matrix products per layer (forward Z = A · Wᵀ,
// backward dLdW = dLdZᵀ · A and dLdA = dLdZ · W, the last skipped for the first layer, whose input is
// the data). This program times each of those products at its exact shape through mytorch::gemm —
// the same OpenBLAS call, with the same transpose flags, as the layers — and adds them up over the
// batches of one epoch. Nothing else a step does (activations, loss, optimizer, batching) is counted,
// so no implementation of the same step on the same BLAS should be faster than this (on a shared
// machine a measurement taken at another moment may be, by the machine's noise of ±10 % or more).
//
// Two more figures say how much of the gap between that bound and a real step no implementation of
// this design can close:
//   in step order  the same products, called in the order of a step (forward layer by layer, then
//                  backward from the last layer), each layer on tensors of its own, so that a product
//                  no longer finds its operands warm from the same product a moment before (each
//                  layer's input is a fixed tensor here, not the previous layer's fresh output);
//   floor          those plus optim::SGD's one pass over the weight matrices (momentum 0.9; the
//                  biases, 394 numbers, are left out): the memory traffic of an optimizer that
//                  updates the weights after backward wrote dLdW.
//
//   mytorch-gemm-bound --sizes 784,256,128,10 --batch-size 64 --samples 60000 [--json]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include <CLI/CLI.hpp>

#include "mytorch/linalg.hpp"
#include "mytorch/optim/sgd.hpp"

using namespace mytorch;

namespace {

struct Product {
  Op op_a, op_b;
  std::size_t rows_a, cols_a, rows_b, cols_b;  // stored shapes of A and B
  double flops() const {
    const double m = op_a == Op::N ? rows_a : cols_a, k = op_a == Op::N ? cols_a : rows_a;
    const double n = op_b == Op::N ? cols_b : rows_b;
    return 2 * m * n * k;
  }
};

/// The products of one training step with batch N (see the file comment).
std::vector<Product> step_products(const std::vector<std::size_t>& sizes, std::size_t N) {
  std::vector<Product> products;
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
    const std::size_t in = sizes[l], out = sizes[l + 1];
    products.push_back({Op::N, Op::T, N, in, out, in});     // Z = A · Wᵀ
    products.push_back({Op::T, Op::N, N, out, N, in});      // dLdW = dLdZᵀ · A
    if (l > 0) products.push_back({Op::N, Op::N, N, out, out, in});  // dLdA = dLdZ · W
  }
  return products;
}

/// Seconds per call of f: the median of 7 timings, each of enough calls for ~20 ms.
template <class F>
double seconds_per_call(F f) {
  f();  // warm up: threads started, results allocated
  std::size_t calls = 1;
  for (;;) {
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t r = 0; r < calls; ++r) f();
    if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > 0.02) break;
    calls *= 2;
  }
  std::vector<double> times;
  for (int t = 0; t < 7; ++t) {
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t r = 0; r < calls; ++r) f();
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
                    static_cast<double>(calls));
  }
  std::nth_element(times.begin(), times.begin() + 3, times.end());
  return times[3];
}

Tensor filled(std::size_t rows, std::size_t cols, real value) {
  Tensor t({rows, cols});
  t.fill(value);
  return t;
}

/// Seconds per call of one product alone, on the same operands every call.
double seconds_alone(const Product& p) {
  const Tensor A = filled(p.rows_a, p.cols_a, real(0.5)), B = filled(p.rows_b, p.cols_b, real(0.25));
  Tensor C;
  return seconds_per_call([&] { gemm(p.op_a, p.op_b, 1, A, B, 0, C); });
}

/// One layer's tensors for the in-order timing: the products' operands and results, W's velocity.
struct LayerTensors {
  Tensor A, W, Z, dLdZ, dLdW, dLdA;
  LayerTensors(std::size_t N, std::size_t in, std::size_t out)
      : A(filled(N, in, real(0.5))), W(filled(out, in, real(0.01))), Z(filled(N, out, 0)),
        dLdZ(filled(N, out, real(0.25))), dLdW(filled(out, in, 0)), dLdA(filled(N, in, 0)) {}
};

/// Seconds per step of the step's products in the step's order, with optim::SGD's pass if with_sgd.
double seconds_in_step_order(const std::vector<std::size_t>& sizes, std::size_t N, bool with_sgd) {
  std::vector<LayerTensors> layers;
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) layers.emplace_back(N, sizes[l], sizes[l + 1]);
  std::vector<nn::Parameter> params;
  for (LayerTensors& t : layers) params.push_back({"W", &t.W, &t.dLdW});
  optim::SGD sgd(params, 0.01, 0.9);
  return seconds_per_call([&] {
    for (LayerTensors& t : layers) gemm(Op::N, Op::T, 1, t.A, t.W, 0, t.Z);  // Z = A · Wᵀ
    for (std::size_t l = layers.size(); l-- > 0;) {
      LayerTensors& t = layers[l];
      gemm(Op::T, Op::N, 1, t.dLdZ, t.A, 0, t.dLdW);              // dLdW = dLdZᵀ · A
      if (l > 0) gemm(Op::N, Op::N, 1, t.dLdZ, t.W, 0, t.dLdA);   // dLdA = dLdZ · W
    }
    if (with_sgd) sgd.step();
  });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mytorch-gemm-bound: matrix-product time of one MLP training epoch"};
  std::vector<std::size_t> sizes = {784, 256, 128, 10};
  std::size_t batch_size = 64, samples = 60000;
  bool json = false;
  app.add_option("--sizes", sizes, "layer widths, input first")->delimiter(',');
  app.add_option("--batch-size", batch_size, "samples per step")->check(CLI::PositiveNumber);
  app.add_option("--samples", samples, "training samples per epoch")->check(CLI::PositiveNumber);
  app.add_flag("--json", json, "print one JSON object");
  CLI11_PARSE(app, argc, argv);
  if (sizes.size() < 2) {
    std::fprintf(stderr, "mytorch-gemm-bound: --sizes needs at least two widths\n");
    return 2;
  }

  // The epoch's batches: full ones, and one smaller last batch when batch_size does not divide.
  const std::size_t full = samples / batch_size, last = samples % batch_size;
  double flops = 0, seconds = 0, in_order = 0, floor = 0;
  for (auto [N, count] : {std::pair{batch_size, full}, std::pair{last, std::size_t{last > 0}}}) {
    if (count == 0) continue;
    const double steps = static_cast<double>(count);
    for (const Product& p : step_products(sizes, N)) {
      flops += steps * p.flops();
      seconds += steps * seconds_alone(p);
    }
    in_order += steps * seconds_in_step_order(sizes, N, false);
    floor += steps * seconds_in_step_order(sizes, N, true);
  }
  const char* precision = sizeof(real) == 8 ? "float64" : "float32";
  if (json)
    std::printf("{\"precision\": \"%s\", \"flops_per_epoch\": %.6g, \"seconds_per_epoch\": %.6g, "
                "\"gflops\": %.4g, \"in_step_order_seconds_per_epoch\": %.6g, "
                "\"floor_seconds_per_epoch\": %.6g}\n",
                precision, flops, seconds, flops / seconds * 1e-9, in_order, floor);
  else
    std::printf("%s: %.4g GFLOP per epoch in %.4f s of matrix products (%.2f GFLOP/s); in step order "
                "%.4f s; with the SGD pass (floor) %.4f s\n",
                precision, flops * 1e-9, seconds, flops / seconds * 1e-9, in_order, floor);
  return 0;
}
