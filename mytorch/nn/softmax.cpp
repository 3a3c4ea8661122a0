#include "mytorch/nn/softmax.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "mytorch/detail/copy.hpp"

namespace mytorch::nn {

Tensor Softmax::forward(const Tensor& Z) {
  check_cols("Softmax::forward", "Z", Z, Z.shape(1));
  check_finite("Softmax::forward", "Z", Z);
  const std::size_t N = Z.shape(0), C = Z.shape(1);
  A.resize({N, C});
  for (std::size_t i = 0; i < N; ++i) {
    const real* z = &Z(i, 0);  // row i of Z
    real* a = &A(i, 0);        // row i of A
    const real z_max = *std::max_element(z, z + C);
    real sum = 0;
    for (std::size_t j = 0; j < C; ++j) sum += (a[j] = std::exp(z[j] - z_max));
    for (std::size_t j = 0; j < C; ++j) a[j] /= sum;
  }
  has_forward_ = true;
  return detail::copy_of(A);  // the caller's copy, not by memcpy (see mytorch/detail/copy.hpp)
}

namespace {
// Fast path of the writeup's two loops (profiled with bench/'s mytorch_bench). The loops are
// written once, as templates:
//  - on T, what one "a_m" is: a real (one sample), or `Lanes`, a SIMD register holding the same
//    entry of kLanes samples, one sample per lane. GCC's vector arithmetic on Lanes is the scalar
//    arithmetic on each lane, so the loop below runs the writeup's loop for kLanes samples at once
//    with the very same operations, in the same order: every result bit is the one of the scalar
//    loop;
//  - on kC, the number of classes C when it is small enough to be a compile-time constant
//    (kC = 1 … kMaxFixedC: the loops unroll completely and J stays in registers), 0 for any C.
// Raw contiguous rows; __restrict promises the compiler that J, a and the rows of dLdA and dLdZ
// never overlap, so the loops vectorise without run-time overlap checks.

using Lanes = real __attribute__((vector_size(32)));  // 4 doubles or 8 floats: one AVX2 register
constexpr std::size_t kLanes = sizeof(Lanes) / sizeof(real);
constexpr std::size_t kMaxFixedC = 10;  // every dataset the demo knows; each more costs compile time

/// J (C×C, row-major) = the Jacobian of softmax at a = A_i.
template <std::size_t kC, typename T>
inline void jacobian_of(const T* __restrict a, std::size_t C_, T* __restrict J) {
  const std::size_t C = kC ? kC : C_;
#pragma GCC unroll 16
  for (std::size_t m = 0; m < C; ++m) {
    // J_mn = −a_m a_n if m ≠ n: written for every n (the loop vectorises), then the diagonal.
#pragma GCC unroll 16
    for (std::size_t n = 0; n < C; ++n) J[m * C + n] = -a[m] * a[n];
    J[m * C + m] = a[m] * (real(1) - a[m]);  // J_mn = a_m (1 − a_m) if m = n
  }
}

/// dldz = dlda · J for one sample: (1, C) = (1, C) · (C, C), as Σ_m dlda_m · (row m of J).
template <std::size_t kC, typename T>
inline void row_times_jacobian(const T* __restrict dlda, const T* __restrict J, std::size_t C_,
                               T* __restrict dldz) {
  const std::size_t C = kC ? kC : C_;
  for (std::size_t n = 0; n < C; ++n) dldz[n] = T{};
#pragma GCC unroll 16
  for (std::size_t m = 0; m < C; ++m) {
    const T g = dlda[m];
    const T* J_m = J + m * C;
#pragma GCC unroll 16
    for (std::size_t n = 0; n < C; ++n) dldz[n] += g * J_m[n];
  }
}

/// Rows i … i + kLanes − 1 of an (N, C) matrix M, as C Lanes: lanes[c][l] = M(i + l, c).
template <std::size_t C>
inline void to_lanes(const real* __restrict M_i, Lanes* __restrict lanes) {
  for (std::size_t c = 0; c < C; ++c) {
    Lanes column{};
    for (std::size_t l = 0; l < kLanes; ++l) column[l] = M_i[l * C + c];
    lanes[c] = column;
  }
}

/// The inverse: M(i + l, c) = lanes[c][l].
template <std::size_t C>
inline void from_lanes(const Lanes* __restrict lanes, real* __restrict M_i) {
  for (std::size_t c = 0; c < C; ++c)
    for (std::size_t l = 0; l < kLanes; ++l) M_i[l * C + c] = lanes[c][l];
}

/// The arguments of one backward: A, dLdA, dLdZ (N, C) row-major; J_buffer: C×C, used when C is
/// not a compile-time constant.
struct BackwardArgs {
  const real* A;
  const real* dLdA;
  std::size_t N, C;
  real* J_buffer;
  real* dLdZ;
};

/// The writeup's loop over the batch: for each sample i, J = J(A_i), then dLdZ_i = dLdA_i · J.
template <std::size_t kC>
__attribute__((always_inline)) inline void jacobian_backward(const BackwardArgs& args) {
  const real* __restrict A = args.A;
  const real* __restrict dLdA = args.dLdA;
  real* __restrict dLdZ = args.dLdZ;
  const std::size_t N = args.N, C = kC ? kC : args.C;
  std::size_t i = 0;
  if constexpr (kC > 0) {
    for (; i + kLanes <= N; i += kLanes) {  // kLanes samples at a time, one per lane
      Lanes a[kC], dlda[kC], J[kC * kC], dldz[kC];
      to_lanes<kC>(A + i * C, a);
      to_lanes<kC>(dLdA + i * C, dlda);
      jacobian_of<kC>(a, C, J);                  // J = J(A_i), each lane its own sample's
      row_times_jacobian<kC>(dlda, J, C, dldz);  // dLdZ_i = dLdA_i · J
      from_lanes<kC>(dldz, dLdZ + i * C);
    }
  }
  real J_local[kC ? kC * kC : 1];  // a local J the compiler may keep in registers
  real* __restrict J = kC ? J_local : args.J_buffer;
  for (; i < N; ++i) {  // the rest, one sample at a time
    jacobian_of<kC>(A + i * C, C, J);                          // J = J(A_i)
    row_times_jacobian<kC>(dLdA + i * C, J, C, dLdZ + i * C);  // dLdZ_i = dLdA_i · J
  }
}

// The loop compiled twice, for any x86-64 CPU and for CPUs with AVX2 (4 doubles per instruction
// instead of 2); backward picks one by asking the CPU once.
template <std::size_t kC>
void jacobian_backward_any_cpu(const BackwardArgs& args) {
  jacobian_backward<kC>(args);
}
#if defined(__x86_64__)
template <std::size_t kC>
__attribute__((target("avx2"))) void jacobian_backward_avx2(const BackwardArgs& args) {
  jacobian_backward<kC>(args);
}
#endif

using BackwardKernel = void (*)(const BackwardArgs&);

/// kernels[C] is the loop compiled for C ≤ kMaxFixedC (kernels[0]: the one for any C).
template <std::size_t... Cs>
std::array<BackwardKernel, sizeof...(Cs)> make_kernels(std::index_sequence<Cs...>) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2")) return {&jacobian_backward_avx2<Cs>...};
#endif
  return {&jacobian_backward_any_cpu<Cs>...};
}
}  // namespace

void Softmax::fill_jacobian(std::size_t i, real* J) const {
  jacobian_of<0, real>(&A(i, 0), A.shape(1), J);
}

Tensor Softmax::backward(const Tensor& dLdA) {
  check_forward_done("Softmax::backward", has_forward_);
  check_same_shape("Softmax::backward", "dLdA", dLdA, "A", A);
  const std::size_t N = A.shape(0), C = A.shape(1);
  J_.resize({C, C});     // one buffer for every sample (and every step) when C is large
  Tensor dLdZ({N, C});   // (N, C)
  static const auto kernels = make_kernels(std::make_index_sequence<kMaxFixedC + 1>{});
  kernels[C <= kMaxFixedC ? C : 0]({A.data(), dLdA.data(), N, C, J_.data(), dLdZ.data()});
  return dLdZ;
}

Tensor Softmax::jacobian(std::size_t i) const {
  check_forward_done("Softmax::jacobian", has_forward_);
  if (i >= A.shape(0))
    throw std::out_of_range("Softmax::jacobian: sample " + std::to_string(i) +
                            " is out of range for a batch of N = " + std::to_string(A.shape(0)));
  const std::size_t C = A.shape(1);
  Tensor J({C, C});
  fill_jacobian(i, J.data());
  return J;
}

void log_softmax_row(const real* z, std::size_t C, real* out) {
  const real z_max = *std::max_element(z, z + C);
  real sum = 0;
  for (std::size_t j = 0; j < C; ++j) sum += std::exp(z[j] - z_max);
  const real log_sum = std::log(sum);
  for (std::size_t j = 0; j < C; ++j) out[j] = z[j] - z_max - log_sum;
}

Tensor log_softmax(const Tensor& Z) {
  const std::size_t N = Z.shape(0), C = Z.shape(1);
  Tensor out({N, C});
  for (std::size_t i = 0; i < N; ++i) log_softmax_row(&Z(i, 0), C, &out(i, 0));
  return out;
}

}  // namespace mytorch::nn
