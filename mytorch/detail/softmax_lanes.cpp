// softmax_lanes.cpp — the fast path of Softmax::backward: the same loop as softmax.cpp's, run on
// several samples at once. Nothing here is needed to understand Softmax; read softmax.cpp first.
//
// The loop of Softmax::backward, for one sample i with a = A_i:
//   J_mn = a_m (1 − a_m) if m = n, else −a_m a_n;   dLdZ_in = Σ_m dLdA_im · J_mn  (m = 0, 1, …)
// Here every "a_m" is a `Lanes`: a SIMD register (GCC's vector extension) holding entry m of
// kLanes consecutive samples, one sample per lane. Arithmetic on Lanes is the scalar arithmetic on
// each lane, so the loop below performs, for each sample, the same operations in the same order as
// the plain loop, and every bit of dLdZ is the plain loop's (tests/test_softmax_lanes.cpp checks it
// for C = 1 … 12, in float64 and float32).
//
// What makes it fast (about 8× the plain loop at C = 10; bench/RESULTS.md):
//  - kLanes samples per instruction (4 doubles or 8 floats: one AVX2 register, or two SSE2 ones);
//  - C is a compile-time constant (one copy of the loop for each C = 1 … 10): the loops unroll
//    completely, the m = n test disappears and J's entries need not go through memory;
//  - target_clones compiles the whole thing twice, for any x86-64 CPU and for CPUs with AVX2, and
//    the loader picks one for the CPU it runs on.
#include "mytorch/detail/softmax_lanes.hpp"

namespace mytorch::detail {

namespace {
using Lanes = real __attribute__((vector_size(32)));  // 4 doubles or 8 floats
constexpr std::size_t kLanes = sizeof(Lanes) / sizeof(real);
constexpr std::size_t kMaxC = 10;  // every dataset the demo knows; each more costs compile time

/// The loop, for C known at compile time: every whole group of kLanes samples of A, dLdA, dLdZ
/// (N, C), each group in one pass. Returns how many samples that was.
template <std::size_t C>
__attribute__((always_inline)) inline std::size_t backward_in_lanes(const Tensor& A,
                                                                    const Tensor& dLdA,
                                                                    Tensor& dLdZ) {
  const std::size_t N = A.shape(0);
  std::size_t i = 0;
  for (; i + kLanes <= N; i += kLanes) {  // samples i, i + 1, …, i + kLanes − 1, one per lane
    Lanes a[C], dlda[C];  // lane l of a[m] is A(i + l, m); of dlda[m], dLdA(i + l, m)
    for (std::size_t m = 0; m < C; ++m) {
      Lanes a_m{}, dlda_m{};
      for (std::size_t l = 0; l < kLanes; ++l) {
        a_m[l] = A(i + l, m);
        dlda_m[l] = dLdA(i + l, m);
      }
      a[m] = a_m;
      dlda[m] = dlda_m;
    }
    Lanes J[C][C];  // J = J(A_i), each lane its own sample's
    for (std::size_t m = 0; m < C; ++m) {
      for (std::size_t n = 0; n < C; ++n) {
        if (m == n)
          J[m][n] = a[m] * (1 - a[m]);
        else
          J[m][n] = -a[m] * a[n];
      }
    }
    for (std::size_t n = 0; n < C; ++n) {  // dLdZ_i = dLdA_i · J, summed over m in order
      Lanes sum{};
      for (std::size_t m = 0; m < C; ++m) sum += dlda[m] * J[m][n];
      for (std::size_t l = 0; l < kLanes; ++l) dLdZ(i + l, n) = sum[l];
    }
  }
  return i;
}
}  // namespace

// backward_in_lanes is always_inline, so each clone has its own copy: the AVX2 one runs with AVX2.
#if defined(__x86_64__)
__attribute__((target_clones("avx2", "default")))
#endif
std::size_t softmax_backward_lanes(const Tensor& A, const Tensor& dLdA, Tensor& dLdZ) {
  static_assert(kMaxC == 10, "one case per C below");
  switch (A.shape(1)) {
    case 1: return backward_in_lanes<1>(A, dLdA, dLdZ);
    case 2: return backward_in_lanes<2>(A, dLdA, dLdZ);
    case 3: return backward_in_lanes<3>(A, dLdA, dLdZ);
    case 4: return backward_in_lanes<4>(A, dLdA, dLdZ);
    case 5: return backward_in_lanes<5>(A, dLdA, dLdZ);
    case 6: return backward_in_lanes<6>(A, dLdA, dLdZ);
    case 7: return backward_in_lanes<7>(A, dLdA, dLdZ);
    case 8: return backward_in_lanes<8>(A, dLdA, dLdZ);
    case 9: return backward_in_lanes<9>(A, dLdA, dLdZ);
    case 10: return backward_in_lanes<10>(A, dLdA, dLdZ);
    default: return 0;  // C > kMaxC: the plain loop does every sample
  }
}

}  // namespace mytorch::detail
