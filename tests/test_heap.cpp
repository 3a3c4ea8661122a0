// Tests of mytorch/heap.hpp: after keep_freed_memory(), training steps that free and allocate the same
// tensors again take no new pages from the kernel. Page faults are counted, not time: the count does
// not depend on what else the machine is doing.

#include "mytorch/heap.hpp"

#include <sys/resource.h>

#include "mytorch/mytorch.hpp"
#include "test_util.hpp"

// AddressSanitizer's allocator replaces glibc's and ignores mallopt (GCC and clang spell it apart).
#if defined(__SANITIZE_ADDRESS__)
#define MYTORCH_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MYTORCH_TEST_ASAN 1
#endif
#endif

#if defined(__GLIBC__) && !defined(MYTORCH_TEST_ASAN)

namespace {
long minor_page_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

/// Page faults of `steps` training steps of a 784-1024-128-10 MLP at batch 64, run as the trainer
/// runs them, after one step that allocates what every later one reuses. Its (64, 1024) tensors are
/// 512 KiB in float64 and 256 KiB in float32: a few of them freed in one step pass the trim
/// threshold in both precisions.
long page_faults_of_training_steps(int steps) {
  using namespace mytorch;
  manual_seed(0);
  models::MLP model({784, 1024, 128, 10}, "relu");
  nn::CrossEntropyLoss loss;
  optim::SGD sgd(model.parameters(), 0.01, 0.9);
  const Tensor X = test::random_tensor(64, 784, 1);
  std::vector<std::size_t> labels(64);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = i % 10;
  const Tensor Y = data::one_hot(labels, 10);
  const auto step = [&] {
    loss.forward(model.forward(X), Y);
    model.backward_parameters(loss.backward());
    sgd.step();
  };
  step();
  const long before = minor_page_faults();
  for (int k = 0; k < steps; ++k) step();
  return minor_page_faults() - before;
}
}  // namespace

// ctest runs each test case in a process of its own, where glibc's thresholds are still at their
// start. Run among all the others in one process, earlier tests may have raised them already, and
// this check then passes with or without the call.
TEST_CASE("keep_freed_memory: training steps of an MLP at batch 64 take no new pages") {
  REQUIRE(mytorch::keep_freed_memory());
  // Without the call glibc handed the freed tensors back to the kernel and every step faulted them
  // in again (10808 faults here in float64, 4327 in float32); a few are allowed for the kernel's own
  // accounting.
  CHECK(page_faults_of_training_steps(20) < 20);
}

#else

TEST_CASE("keep_freed_memory changes nothing where malloc is not glibc's") {
  CHECK_FALSE(mytorch::keep_freed_memory());
}

#endif
