// Tests of mytorch/train/memory.hpp: the estimate's numbers for a small MLP, sizes in and out of
// text, and the refusal of a run larger than the memory there is.

#include "mytorch/train/memory.hpp"

#include <fstream>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mytorch/models/mlp.hpp"
#include "test_util.hpp"

using namespace mytorch;
using namespace mytorch::train;

TEST_CASE("the estimate of a 2-3-2 MLP, part by part") {
  const double r = sizeof(real);
  const models::ModelSpec spec = models::ModelSpec::mlp({2, 3, 2}, {"relu", false, 0});
  const MemoryEstimate sgd = estimate_memory(spec, "sgd", 4, 10);
  CHECK(sgd.parameters == 17);                       // 2·3 + 3 + 3·2 + 2
  CHECK(sgd.parameter_bytes == 17 * r);
  CHECK(sgd.gradient_bytes == 17 * r);
  CHECK(sgd.optimizer_bytes == 17 * r);              // one velocity each
  CHECK(sgd.activation_bytes == 2000 * 7 * r);      // max(4·4, 2·1000) samples × (2 + 3 + 2) widths
  CHECK(sgd.data_bytes == 2 * 10 * (2 * r + 8));     // loaded and split: features and labels
  CHECK(sgd.confusion_bytes == 4 * 8);
  CHECK(sgd.total() == 51 * r + 14000 * r + 20 * (2 * r + 8) + 32);
  CHECK(estimate_memory(spec, "adamw", 4, 10).optimizer_bytes == 34 * r);  // two moments each
  CHECK(estimate_memory(spec, "sgd", 1000, 10).activation_bytes == 4000 * 7 * r);
  const models::ModelSpec bn = models::ModelSpec::mlp({2, 3, 2}, {"relu", true, 0});
  CHECK(estimate_memory(bn, "sgd", 4, 10).parameters == 17 + 6);  // BW, Bb
}

TEST_CASE("the estimate counts every parameter the model has") {
  const models::ModelSpec spec = models::ModelSpec::mlp({64, 128, 64, 10}, {"gelu", true, 0.1});
  const auto model = models::build_model(spec);
  double P = 0;
  for (const nn::Parameter& p : model->parameters()) P += static_cast<double>(p.value->size());
  CHECK(estimate_memory(spec, "sgd", 32, 100).parameters == P);
}

TEST_CASE("a network larger than any machine is refused with its size, in double, without overflow") {
  const models::ModelSpec huge = models::ModelSpec::mlp({2, 100000, 100000, 3}, {"relu", false, 0});
  const MemoryEstimate e = estimate_memory(huge, "sgd", 32, 3000);
  CHECK(e.parameters == doctest::Approx(1.0e10).epsilon(0.001));
  CHECK_THROWS_WITH_AS(check_memory(e, 8ull << 30, false),
                       doctest::Contains("the run needs about "), NotEnoughMemory);
  CHECK_THROWS_WITH_AS(check_memory(e, 8ull << 30, false), doctest::Contains("more than the 8.0 GiB available"),
                       NotEnoughMemory);
  CHECK_THROWS_WITH_AS(check_memory(e, 4ull << 30, true), doctest::Contains("more than the limit of 4.0 GiB"),
                       NotEnoughMemory);
  CHECK_NOTHROW(check_memory(e, 0, false));  // nothing known: nothing checked
  CHECK_NOTHROW(check_memory(estimate_memory(models::ModelSpec::mlp({2, 8, 2}), "sgd", 32, 100), 8ull << 30, false));
}

TEST_CASE("sizes in bytes are read with binary units and shown in the largest that fits") {
  CHECK(parse_bytes("500M") == 500ull << 20);
  CHECK(parse_bytes("4G") == 4ull << 30);
  CHECK(parse_bytes("1.5GiB") == 3ull << 29);
  CHECK(parse_bytes("64k") == 64ull << 10);
  CHECK(parse_bytes("2t") == 2ull << 40);
  CHECK(parse_bytes("123456") == 123456);
  CHECK(parse_bytes("100B") == 100);
  for (const char* bad : {"", "G", "4X", "-1G", "0", "4GG", "nan", "inf", "1e30T", "0x10"})
    CHECK_THROWS_WITH_AS(parse_bytes(bad), doctest::Contains("is not a size in bytes (e.g. 500M, 4G, 1.5GiB)"),
                         std::invalid_argument);
  CHECK(format_bytes(812) == "812 bytes");
  CHECK(format_bytes(3.25 * 1024) == "3.2 KiB");
  CHECK(format_bytes(21.6 * 1024 * 1024 * 1024) == "22 GiB");
}

TEST_CASE("the memory available is what the machine has free, and an address-space limit lowers it") {
  std::ifstream meminfo("/proc/meminfo");
  if (!meminfo) return;  // not Linux: nothing to compare with
  const std::uint64_t free = available_memory();
  CHECK(free > (16ull << 20));
#ifndef __SANITIZE_ADDRESS__  // AddressSanitizer maps terabytes: under a 2 GB limit it cannot allocate at all
  const pid_t child = ::fork();  // setrlimit is for good: in a child of its own
  REQUIRE(child >= 0);
  if (child == 0) {
    const rlimit limit{std::uint64_t{2} << 30, std::uint64_t{2} << 30};
    const bool lowered = ::setrlimit(RLIMIT_AS, &limit) == 0 && available_memory() < (std::uint64_t{2} << 30);
    ::_exit(lowered ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
#endif
}
