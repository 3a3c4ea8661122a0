#pragma once
/// mytorch/random.hpp — the library's one random number generator.
///
/// Weight initialisation, shuffling, dropout masks and the toy datasets all draw from this one
/// generator, so `manual_seed(s)` makes a whole run repeatable. It is our own xoshiro256** (seeded
/// through splitmix64) with our own uniform and normal transforms: the standard library's
/// distributions differ between toolchains, ours give the same numbers everywhere.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mytorch {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) { seed_with(seed); }
  void seed_with(std::uint64_t seed);

  std::uint64_t next_u64();
  double uniform();                          // [0, 1), 53 random bits
  double uniform(double low, double high);   // [low, high)
  double normal(double mean = 0.0, double stddev = 1.0);  // Box–Muller
  std::uint64_t below(std::uint64_t n);      // uniform integer in [0, n), n > 0, unbiased
  void shuffle(std::vector<std::size_t>& v);  // Fisher–Yates: every order equally likely

  /// The whole generator state (4 state words, the Box–Muller spare flag and its bits), so a
  /// checkpoint can store it and a resumed run draws exactly the numbers the first run would have.
  using State = std::array<std::uint64_t, 6>;
  State state() const;
  void set_state(const State& state);

 private:
  std::uint64_t s_[4];
  bool has_spare_ = false;  // Box–Muller makes normals in pairs
  double spare_ = 0.0;
};

/// The library's generator (one per process).
Rng& rng();

/// Seeds the library's generator: same seed, same initial weights, batches, masks and data.
void manual_seed(std::uint64_t seed);

}  // namespace mytorch
