// Helper of tests/test_heap.cpp: runs training steps through the public API only, in a process of its
// own, and prints the minor page faults of the steps after the first. Nothing here touches malloc: if
// the steps reuse the pages earlier steps freed, the library has done it (mytorch/detail/heap.hpp).
//
//   heap_probe [STEPS]   prints one number: the page faults of STEPS steps (default 20)
//
// A 784-1024-128-10 MLP at batch 64, stepped as the trainer does: its (64, 1024) tensors are 512 KiB
// in float64 and 256 KiB in float32, so a few of them freed in one step pass glibc's default trim
// threshold in both precisions.

#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>

#include "mytorch/mytorch.hpp"

using namespace mytorch;

namespace {
long minor_page_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}
}  // namespace

int main(int argc, char** argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 20;
  manual_seed(0);
  models::MLP model({784, 1024, 128, 10}, "relu");
  nn::CrossEntropyLoss loss;
  optim::SGD sgd(model.parameters(), 0.01, 0.9);
  Rng g(1);  // a generator of its own for the batch
  Tensor X({64, 784});
  for (real& x : X) x = static_cast<real>(g.uniform(-3, 3));
  std::vector<std::size_t> labels(64);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = i % 10;
  const Tensor Y = data::one_hot(labels, 10);
  const auto step = [&] {
    loss.forward(model.forward(X), Y);
    model.backward_parameters(loss.backward());
    sgd.step();
  };
  step();  // allocates what every later step reuses
  const long before = minor_page_faults();
  for (int k = 0; k < steps; ++k) step();
  std::printf("%ld\n", minor_page_faults() - before);
  return 0;
}
