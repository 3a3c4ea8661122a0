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
// Three more figures say how much of the gap between that bound and a real step the design itself
// sets, and what leaving the design would change:
//   in step order  the same products, called in the order of a step (forward layer by layer, then
//                  backward from the last layer), each layer on tensors of its own, so that a product
//                  no longer finds its operands warm from the same product a moment before (each
//                  layer's input is a fixed tensor here, not the previous layer's fresh output);
//   floor          those plus optim::SGD's one pass over the weight matrices (momentum 0.9; the
//                  biases, 394 numbers, are left out): the memory traffic of an optimizer that
//                  updates the weights after backward wrote dLdW.
//   fused floor    what the floor would be if the optimizer were fused into backward, which this
//                  design rules out: each dLdW product accumulates straight into the velocity
//                  (gemm with beta = μ: v ← μ·v + dLdZᵀ·A), then one pass W ← W − lr·v. It tells
//                  whether giving up the design would buy speed (OpenBLAS scales C by beta in a
//                  pass of its own, so the traffic saved is small).
//
//   mytorch-gemm-bound --sizes 784,256,128,10 --batch-size 64 --samples 60000 [--json]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <numeric>
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

using Work = std::function<void()>;

double seconds_of(const Work& f, std::size_t calls) {
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t r = 0; r < calls; ++r) f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Seconds per call of each piece of work, measured side by side: every round times each piece once
/// (enough calls for ~20 ms), and each figure is the median of its 9 rounds. The machine's slow and
/// fast minutes then fall on all pieces alike, so their ratios hold better than their times.
std::vector<double> seconds_per_call(const std::vector<Work>& work) {
  std::vector<std::size_t> calls(work.size(), 1);
  for (std::size_t k = 0; k < work.size(); ++k) {
    work[k]();  // warm up: threads started, results allocated
    while (seconds_of(work[k], calls[k]) < 0.02) calls[k] *= 2;
  }
  constexpr int kRounds = 9;
  std::vector<std::vector<double>> times(work.size());
  for (int round = 0; round < kRounds; ++round)
    for (std::size_t k = 0; k < work.size(); ++k)
      times[k].push_back(seconds_of(work[k], calls[k]) / static_cast<double>(calls[k]));
  std::vector<double> medians;
  for (std::vector<double>& t : times) {
    std::nth_element(t.begin(), t.begin() + kRounds / 2, t.end());
    medians.push_back(t[kRounds / 2]);
  }
  return medians;
}

Tensor filled(std::size_t rows, std::size_t cols, real value) {
  Tensor t({rows, cols});
  t.fill(value);
  return t;
}

/// One product alone, on the same operands every call.
struct Alone {
  explicit Alone(const Product& product)
      : p(product), A(filled(p.rows_a, p.cols_a, real(0.5))), B(filled(p.rows_b, p.cols_b, real(0.25))) {}
  void operator()() { gemm(p.op_a, p.op_b, 1, A, B, 0, C); }
  Product p;
  Tensor A, B, C;
};

/// One layer's tensors for the in-order timing: the products' operands and results.
struct LayerTensors {
  Tensor A, W, Z, dLdZ, dLdW, dLdA;
  LayerTensors(std::size_t N, std::size_t in, std::size_t out)
      : A(filled(N, in, real(0.5))), W(filled(out, in, real(0.01))), Z(filled(N, out, 0)),
        dLdZ(filled(N, out, real(0.25))), dLdW(filled(out, in, 0)), dLdA(filled(N, in, 0)) {}
};

enum class Update { none, sgd, fused };  // after the products: nothing, SGD::step, fused (above)

/// One step's products in the step's order, each layer on tensors of its own, then the update.
/// Not copyable: the optimizer points into the layers.
class StepInOrder {
 public:
  StepInOrder(const std::vector<std::size_t>& sizes, std::size_t N, Update update)
      : layers_(make_layers(sizes, N)), sgd_(weights(layers_), kLr, kMu), update_(update) {}
  StepInOrder(const StepInOrder&) = delete;
  StepInOrder& operator=(const StepInOrder&) = delete;

  void operator()() {
    for (LayerTensors& t : layers_) gemm(Op::N, Op::T, 1, t.A, t.W, 0, t.Z);  // Z = A · Wᵀ
    for (std::size_t l = layers_.size(); l-- > 0;) {
      LayerTensors& t = layers_[l];
      if (update_ != Update::fused) {
        gemm(Op::T, Op::N, 1, t.dLdZ, t.A, 0, t.dLdW);             // dLdW = dLdZᵀ · A
        if (l > 0) gemm(Op::N, Op::N, 1, t.dLdZ, t.W, 0, t.dLdA);  // dLdA = dLdZ · W
        continue;
      }
      if (l > 0) gemm(Op::N, Op::N, 1, t.dLdZ, t.W, 0, t.dLdA);    // dLdA with W before its update
      Tensor& v = sgd_.velocities()[l];
      gemm(Op::T, Op::N, 1, t.dLdZ, t.A, kMu, v);                  // v ← μ·v + dLdZᵀ · A
      real* W = t.W.data();
      const real* velocity = v.data();
      for (std::size_t j = 0; j < t.W.size(); ++j) W[j] -= kLr * velocity[j];  // W ← W − lr·v
    }
    if (update_ == Update::sgd) sgd_.step();
  }

 private:
  static std::vector<LayerTensors> make_layers(const std::vector<std::size_t>& sizes, std::size_t N) {
    std::vector<LayerTensors> layers;
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) layers.emplace_back(N, sizes[l], sizes[l + 1]);
    return layers;
  }
  static std::vector<nn::Parameter> weights(std::vector<LayerTensors>& layers) {
    std::vector<nn::Parameter> params;
    for (LayerTensors& t : layers) params.push_back({"W", &t.W, &t.dLdW});
    return params;
  }

  static constexpr real kLr = real(0.01), kMu = real(0.9);  // both updates: lr and momentum μ
  std::vector<LayerTensors> layers_;
  optim::SGD sgd_;
  Update update_;
};

/// Seconds per step at batch N: [0] the products alone, summed; [1] in step order; [2] the floor;
/// [3] the fused floor.
std::vector<double> seconds_per_step(const std::vector<std::size_t>& sizes, std::size_t N) {
  std::vector<std::unique_ptr<Alone>> alone;
  std::vector<Work> work;
  for (const Product& p : step_products(sizes, N)) {
    alone.push_back(std::make_unique<Alone>(p));
    work.push_back([a = alone.back().get()] { (*a)(); });
  }
  std::vector<std::unique_ptr<StepInOrder>> steps;
  for (Update u : {Update::none, Update::sgd, Update::fused}) {
    steps.push_back(std::make_unique<StepInOrder>(sizes, N, u));
    work.push_back([s = steps.back().get()] { (*s)(); });
  }
  const std::vector<double> t = seconds_per_call(work);
  const auto first_step = t.end() - static_cast<std::ptrdiff_t>(steps.size());
  return {std::accumulate(t.begin(), first_step, 0.0), first_step[0], first_step[1], first_step[2]};
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
  double flops = 0, seconds = 0, in_order = 0, floor = 0, fused = 0;
  for (auto [N, count] : {std::pair{batch_size, full}, std::pair{last, std::size_t{last > 0}}}) {
    if (count == 0) continue;
    const double steps = static_cast<double>(count);
    for (const Product& p : step_products(sizes, N)) flops += steps * p.flops();
    const std::vector<double> t = seconds_per_step(sizes, N);
    seconds += steps * t[0];
    in_order += steps * t[1];
    floor += steps * t[2];
    fused += steps * t[3];
  }
  const char* precision = sizeof(real) == 8 ? "float64" : "float32";
  if (json)
    std::printf("{\"precision\": \"%s\", \"flops_per_epoch\": %.6g, \"seconds_per_epoch\": %.6g, "
                "\"gflops\": %.4g, \"in_step_order_seconds_per_epoch\": %.6g, "
                "\"floor_seconds_per_epoch\": %.6g, \"fused_floor_seconds_per_epoch\": %.6g}\n",
                precision, flops, seconds, flops / seconds * 1e-9, in_order, floor, fused);
  else
    std::printf("%s: %.4g GFLOP per epoch in %.4f s of matrix products (%.2f GFLOP/s); in step order "
                "%.4f s; with the SGD pass (floor) %.4f s; with SGD fused into backward %.4f s\n",
                precision, flops * 1e-9, seconds, flops / seconds * 1e-9, in_order, floor, fused);
  return 0;
}
