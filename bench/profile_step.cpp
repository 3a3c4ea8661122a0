// mytorch-profile-step: runs training steps of the Fashion-MNIST MLP (784-256-128-10 ReLU,
// CrossEntropy, SGD momentum, batch 64) on random data, for a profiler. Instruction counts of one step:
//
//   OPENBLAS_NUM_THREADS=1 valgrind --tool=callgrind --toggle-collect='*training_step*'
//     build/bin/mytorch-profile-step 10
//   callgrind_annotate --inclusive=yes callgrind.out.<pid>
#include <cstdio>
#include <cstdlib>

#include "mytorch/mytorch.hpp"

using namespace mytorch;

namespace {
struct Step {
  models::MLP model{{784, 256, 128, 10}, "relu"};
  nn::CrossEntropyLoss loss;
  optim::SGD sgd{model.parameters(), 0.01, 0.9};
};

// Not inlined, so that callgrind can count exactly this.
[[gnu::noinline]] double training_step(Step& s, const Tensor& X, const Tensor& Y) {
  const double L = s.loss.forward(s.model.forward(X), Y);
  s.model.backward_parameters(s.loss.backward());  // as the trainer: no dL/dX for the data
  s.sgd.step();
  return L;
}
}  // namespace

int main(int argc, char** argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 10;
  manual_seed(0);
  Step s;
  Tensor X({64, 784});
  for (auto& x : X) x = static_cast<real>(rng().uniform());
  std::vector<std::size_t> labels(64);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = i % 10;
  const Tensor Y = data::one_hot(labels, 10);
  double L = 0;
  for (int k = 0; k < steps; ++k) L = training_step(s, X, Y);
  std::printf("%d steps, last loss %.6f\n", steps, L);
  return 0;
}
