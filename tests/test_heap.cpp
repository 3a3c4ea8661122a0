// Tests of mytorch/heap.hpp: after keep_freed_memory(), training steps that free and allocate the same
// tensors again take no new pages from the kernel. Page faults are counted, not time: the count does
// not depend on what else the machine is doing.

#include "mytorch/heap.hpp"

#include <sys/resource.h>

#include "mytorch/mytorch.hpp"
#include "test_util.hpp"

namespace {
long minor_page_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}
}  // namespace

TEST_CASE("keep_freed_memory: training steps of a 784-256-128-10 MLP at batch 64 take no new pages") {
  using namespace mytorch;
#if !defined(__GLIBC__) || defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer's allocator replaces glibc's and ignores mallopt: nothing to test there.
  CHECK_FALSE(keep_freed_memory());
  return;
#endif
  REQUIRE(keep_freed_memory());
  manual_seed(0);
  models::MLP model({784, 256, 128, 10}, "relu");
  nn::CrossEntropyLoss loss;
  optim::SGD sgd(model.parameters(), 0.01, 0.9);
  Tensor X({64, 784});
  for (auto& x : X) x = static_cast<real>(rng().uniform());
  std::vector<std::size_t> labels(64);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = i % 10;
  const Tensor Y = data::one_hot(labels, 10);
  const auto step = [&] {
    loss.forward(model.forward(X), Y);
    model.backward(loss.backward());
    sgd.step();
  };
  step();  // the first step allocates what every later one reuses
  const long before = minor_page_faults();
  for (int k = 0; k < 20; ++k) step();
  // Before keep_freed_memory, glibc gave the freed (64, 256) tensors back to the kernel and every
  // step faulted ~48 pages in again (~1000 here); a handful is allowed for the kernel's own accounting.
  CHECK(minor_page_faults() - before < 20);
}
