// Micro-benchmarks of the layers of one training step (Google Benchmark), at the shapes of the
// Fashion-MNIST MLP 784-256-128-10 with batch 64, and Softmax's Jacobian loop next to the closed form;
// Conv2d and MaxPool2d at the shapes of the demo's CNN, and one whole training step of that CNN.
//
//   build/bin/mytorch_bench [--benchmark_filter=Softmax]
#include <benchmark/benchmark.h>

#include "mytorch/models/cnn.hpp"
#include "mytorch/mytorch.hpp"

using namespace mytorch;

namespace {

Tensor random_tensor(std::size_t N, std::size_t C, std::uint64_t seed, double scale = 1.0) {
  Rng g(seed);
  Tensor t({N, C});
  for (auto& x : t) x = static_cast<real>(g.uniform(-scale, scale));
  return t;
}

/// dLdZ = A ⊙ (dLdA − rowsum(dLdA ⊙ A)) over raw rows: the closed form Softmax::backward is
/// measured against (the target: the Jacobian loop costs at most 2× this at C = 10).
void softmax_closed_form(const Tensor& A, const Tensor& dLdA, Tensor& dLdZ) {
  const std::size_t N = A.shape(0), C = A.shape(1);
  for (std::size_t i = 0; i < N; ++i) {
    const real* a = A.data() + i * C;
    const real* dlda = dLdA.data() + i * C;
    real* dldz = dLdZ.data() + i * C;
    real s = 0;
    for (std::size_t j = 0; j < C; ++j) s += dlda[j] * a[j];
    for (std::size_t j = 0; j < C; ++j) dldz[j] = a[j] * (dlda[j] - s);
  }
}

void BM_LinearForward(benchmark::State& state) {
  const auto N = static_cast<std::size_t>(state.range(0)), in = static_cast<std::size_t>(state.range(1)),
             out = static_cast<std::size_t>(state.range(2));
  manual_seed(0);
  nn::Linear linear(in, out);
  const Tensor A = random_tensor(N, in, 1);
  for (auto _ : state) benchmark::DoNotOptimize(linear.forward(A));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(N));
}

void BM_LinearBackward(benchmark::State& state) {
  const auto N = static_cast<std::size_t>(state.range(0)), in = static_cast<std::size_t>(state.range(1)),
             out = static_cast<std::size_t>(state.range(2));
  manual_seed(0);
  nn::Linear linear(in, out);
  linear.forward(random_tensor(N, in, 1));
  const Tensor dLdZ = random_tensor(N, out, 2);
  for (auto _ : state) benchmark::DoNotOptimize(linear.backward(dLdZ));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(N));
}

void linear_shapes(benchmark::internal::Benchmark* b) {
  b->Args({64, 784, 256})->Args({64, 256, 128})->Args({64, 128, 10});
}
BENCHMARK(BM_LinearForward)->Apply(linear_shapes);
BENCHMARK(BM_LinearBackward)->Apply(linear_shapes);

void BM_ReLUForward(benchmark::State& state) {
  nn::ReLU relu;
  const Tensor Z = random_tensor(64, 256, 1);
  for (auto _ : state) benchmark::DoNotOptimize(relu.forward(Z));
}
void BM_ReLUBackward(benchmark::State& state) {
  nn::ReLU relu;
  relu.forward(random_tensor(64, 256, 1));
  const Tensor dLdA = random_tensor(64, 256, 2);
  for (auto _ : state) benchmark::DoNotOptimize(relu.backward(dLdA));
}
BENCHMARK(BM_ReLUForward);
BENCHMARK(BM_ReLUBackward);

void softmax_shapes(benchmark::internal::Benchmark* b) {
  for (int N : {64, 256})
    for (int C : {10, 100, 1000}) b->Args({N, C});
}

void BM_SoftmaxForward(benchmark::State& state) {
  const auto N = static_cast<std::size_t>(state.range(0)), C = static_cast<std::size_t>(state.range(1));
  nn::Softmax softmax;
  const Tensor Z = random_tensor(N, C, 1, 3.0);
  for (auto _ : state) benchmark::DoNotOptimize(softmax.forward(Z));
}
void BM_SoftmaxBackwardJacobian(benchmark::State& state) {
  const auto N = static_cast<std::size_t>(state.range(0)), C = static_cast<std::size_t>(state.range(1));
  nn::Softmax softmax;
  softmax.forward(random_tensor(N, C, 1, 3.0));
  const Tensor dLdA = random_tensor(N, C, 2);
  for (auto _ : state) benchmark::DoNotOptimize(softmax.backward(dLdA));
}
// The closed form, returning a fresh Tensor as Softmax::backward does, so the two compare like for like.
void BM_SoftmaxBackwardClosedForm(benchmark::State& state) {
  const auto N = static_cast<std::size_t>(state.range(0)), C = static_cast<std::size_t>(state.range(1));
  nn::Softmax softmax;
  const Tensor A = softmax.forward(random_tensor(N, C, 1, 3.0));
  const Tensor dLdA = random_tensor(N, C, 2);
  for (auto _ : state) {
    Tensor dLdZ({N, C});
    softmax_closed_form(A, dLdA, dLdZ);
    benchmark::DoNotOptimize(dLdZ);
  }
}
BENCHMARK(BM_SoftmaxForward)->Apply(softmax_shapes);
BENCHMARK(BM_SoftmaxBackwardJacobian)->Apply(softmax_shapes);
BENCHMARK(BM_SoftmaxBackwardClosedForm)->Apply(softmax_shapes);

void BM_CrossEntropy(benchmark::State& state) {
  const Tensor A = random_tensor(64, 10, 1, 3.0);
  std::vector<std::size_t> labels(64);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = i % 10;
  const Tensor Y = data::one_hot(labels, 10);
  nn::CrossEntropyLoss loss;
  for (auto _ : state) {
    benchmark::DoNotOptimize(loss.forward(A, Y));
    benchmark::DoNotOptimize(loss.backward());
  }
}
BENCHMARK(BM_CrossEntropy);

void BM_SGDStep(benchmark::State& state) {
  manual_seed(0);
  models::MLP model({784, 256, 128, 10}, "relu");
  optim::SGD sgd(model.parameters(), 0.01, 0.9);
  for (auto _ : state) sgd.step();
}
BENCHMARK(BM_SGDStep);

/// One whole step of the Fashion-MNIST MLP: forward, loss, backward, SGD with momentum, batch 64.
void BM_TrainingStep(benchmark::State& state) {
  manual_seed(0);
  models::MLP model({784, 256, 128, 10}, "relu");
  nn::CrossEntropyLoss loss;
  optim::SGD sgd(model.parameters(), 0.01, 0.9);
  const Tensor X = random_tensor(64, 784, 1);
  std::vector<std::size_t> labels(64);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = i % 10;
  const Tensor Y = data::one_hot(labels, 10);
  for (auto _ : state) {
    loss.forward(model.forward(X), Y);
    model.backward_parameters(loss.backward());  // as the trainer: no dL/dX for the data
    sgd.step();
  }
  state.SetItemsProcessed(state.iterations() * 64);
}
BENCHMARK(BM_TrainingStep)->Unit(benchmark::kMicrosecond);

// ---- the convolution family, at the shapes of the demo's CNN on Fashion-MNIST (batch 64) ----------
// Conv2d(1→16, 3×3, padding 1) on 1×28×28 and Conv2d(16→32, 3×3, padding 1) on 16×14×14.
void conv_shapes(benchmark::internal::Benchmark* b) { b->Args({1, 28, 16})->Args({16, 14, 32}); }

nn::Conv2d conv_at(const benchmark::State& state) {
  const auto C = static_cast<std::size_t>(state.range(0)), H = static_cast<std::size_t>(state.range(1)),
             C_out = static_cast<std::size_t>(state.range(2));
  manual_seed(0);
  return nn::Conv2d({C, H, H}, C_out, 3, 1, 1);
}

void BM_Conv2dForward(benchmark::State& state) {
  nn::Conv2d conv = conv_at(state);
  const Tensor A = random_tensor(64, conv.in_shape().size(), 1);
  for (auto _ : state) benchmark::DoNotOptimize(conv.forward(A));
  state.SetItemsProcessed(state.iterations() * 64);
}
void BM_Conv2dBackward(benchmark::State& state) {
  nn::Conv2d conv = conv_at(state);
  conv.forward(random_tensor(64, conv.in_shape().size(), 1));
  const Tensor dLdZ = random_tensor(64, conv.out_shape().size(), 2);
  for (auto _ : state) benchmark::DoNotOptimize(conv.backward(dLdZ));
  state.SetItemsProcessed(state.iterations() * 64);
}
// The first layer's backward in a training step: dLdW and dLdb only (its input is the data).
void BM_Conv2dBackwardParameters(benchmark::State& state) {
  nn::Conv2d conv = conv_at(state);
  conv.forward(random_tensor(64, conv.in_shape().size(), 1));
  const Tensor dLdZ = random_tensor(64, conv.out_shape().size(), 2);
  for (auto _ : state) conv.backward_parameters(dLdZ);
  state.SetItemsProcessed(state.iterations() * 64);
}
BENCHMARK(BM_Conv2dForward)->Apply(conv_shapes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Conv2dBackward)->Apply(conv_shapes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Conv2dBackwardParameters)->Apply(conv_shapes)->Unit(benchmark::kMicrosecond);

// MaxPool2d(2, 2) after each convolution: on 16×28×28 and on 32×14×14.
void pool_shapes(benchmark::internal::Benchmark* b) { b->Args({16, 28})->Args({32, 14}); }

void BM_MaxPool2dForward(benchmark::State& state) {
  const auto C = static_cast<std::size_t>(state.range(0)), H = static_cast<std::size_t>(state.range(1));
  nn::MaxPool2d pool({C, H, H}, 2, 2);
  const Tensor A = random_tensor(64, C * H * H, 1);
  for (auto _ : state) benchmark::DoNotOptimize(pool.forward(A));
}
void BM_MaxPool2dBackward(benchmark::State& state) {
  const auto C = static_cast<std::size_t>(state.range(0)), H = static_cast<std::size_t>(state.range(1));
  nn::MaxPool2d pool({C, H, H}, 2, 2);
  pool.forward(random_tensor(64, C * H * H, 1));
  const Tensor dLdZ = random_tensor(64, pool.out_shape().size(), 2);
  for (auto _ : state) benchmark::DoNotOptimize(pool.backward(dLdZ));
}
BENCHMARK(BM_MaxPool2dForward)->Apply(pool_shapes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_MaxPool2dBackward)->Apply(pool_shapes)->Unit(benchmark::kMicrosecond);

/// One whole step of the demo's CNN (mytorch-train --model cnn: conv blocks 16, 32, head 128) on
/// Fashion-MNIST-sized inputs, batch 64: forward, loss, backward, SGD with momentum
/// (bench/torch_cnn.py is the same network in PyTorch).
void BM_CNNTrainingStep(benchmark::State& state) {
  manual_seed(0);
  models::CNN model({1, 28, 28}, {16, 32}, {128}, 10);
  nn::CrossEntropyLoss loss;
  optim::SGD sgd(model.parameters(), 0.01, 0.9);
  const Tensor X = random_tensor(64, 784, 1);
  std::vector<std::size_t> labels(64);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = i % 10;
  const Tensor Y = data::one_hot(labels, 10);
  for (auto _ : state) {
    loss.forward(model.forward(X), Y);
    model.backward_parameters(loss.backward());
    sgd.step();
  }
  state.SetItemsProcessed(state.iterations() * 64);
}
BENCHMARK(BM_CNNTrainingStep)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
