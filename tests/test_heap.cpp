// Tests of mytorch/detail/heap.hpp: a training program that only builds a model and steps it through
// the public API takes no new pages from the kernel after its first step — the library sets up malloc
// by itself. Page faults are counted, not time: the count does not depend on what else the machine is
// doing.

#include "mytorch/detail/heap.hpp"

#include <cstdio>
#include <memory>
#include <string>

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
constexpr bool kGlibcMalloc = true;
#else
constexpr bool kGlibcMalloc = false;
#endif

namespace {
/// What tests/heap_probe.cpp prints: the page faults of `steps` training steps of an MLP, run in a
/// fresh process — glibc's thresholds at their start, as in any program, whatever the tests before
/// this one allocated and freed in this process (which could have raised them already).
long page_faults_of_training_steps_in_a_fresh_process(int steps) {
  const std::string command = std::string(MYTORCH_HEAP_PROBE) + " " + std::to_string(steps);
  const std::unique_ptr<FILE, int (*)(FILE*)> probe(popen(command.c_str(), "r"), pclose);
  REQUIRE(probe);
  long faults = -1;
  REQUIRE(std::fscanf(probe.get(), "%ld", &faults) == 1);
  return faults;
}
}  // namespace

// Where malloc is not glibc's there is nothing to set up, and nothing to check: reported skipped.
TEST_CASE("training steps through the public API take no new pages after the first" *
          doctest::skip(!kGlibcMalloc)) {
  // Without the library's malloc settings glibc handed the freed tensors back to the kernel and every
  // step faulted them in again: 8960 faults in 20 steps in float64, about 4000 in float32 (with them:
  // 1 and 2). A few are allowed for the kernel's own accounting.
  CHECK(page_faults_of_training_steps_in_a_fresh_process(20) < 20);
}

TEST_CASE("the library's malloc settings take where malloc is glibc's, and only there") {
  CHECK(mytorch::detail::keep_freed_memory() == kGlibcMalloc);
  CHECK(mytorch::detail::keep_freed_memory() == kGlibcMalloc);  // once: a second call changes nothing
}
