// Tests of mytorch/detail/softmax_lanes.hpp: Softmax::backward's fast path gives exactly the bits of
// the plain loop in softmax.cpp, sample by sample, in float64 and in float32.

#include "mytorch/detail/softmax_lanes.hpp"

#include <xtensor/xview.hpp>

#include "mytorch/nn/softmax.hpp"
#include "test_util.hpp"

using mytorch::real;
using mytorch::Tensor;
using mytorch::nn::Softmax;
using mytorch::detail::softmax_backward_lanes;
using test::random_tensor;

namespace {
constexpr std::size_t kLanes = 32 / sizeof(real);  // samples per SIMD register: 4 doubles, 8 floats

/// Row i of M as a (1, C) batch of its own.
Tensor row(const Tensor& M, std::size_t i) { return xt::view(M, xt::range(i, i + 1), xt::all()); }

/// dLdZ of sample i by the plain loop: Softmax::backward on a batch of one sample, which is below
/// the lane count, so the fast path leaves it all to the loop (checked below).
Tensor plain_loop_dLdZ(const Tensor& A, const Tensor& dLdA, std::size_t i) {
  Softmax one;
  one.forward(row(A, i));  // any Z of the right shape: A is set next
  one.A = row(A, i);       // exactly the batch's a = A_i
  return one.backward(row(dLdA, i));
}
}  // namespace

TEST_CASE("softmax's lane fast path leaves a batch of one sample to the plain loop") {
  for (std::size_t C = 1; C <= 12; ++C) {
    Softmax softmax;
    softmax.forward(random_tensor(1, C, 10 + C));
    Tensor dLdZ({1, C});
    CHECK(softmax_backward_lanes(softmax.A, random_tensor(1, C, 20 + C), dLdZ) == 0);
  }
}

TEST_CASE("softmax's lane fast path gives the plain loop's bits for C = 1 … 12 and several N") {
  for (std::size_t C = 1; C <= 12; ++C) {
    for (std::size_t N : {1, 3, 4, 5, 8, 9, 13, 16, 64, 67}) {
      CAPTURE(C);
      CAPTURE(N);
      Softmax softmax;
      softmax.forward(random_tensor(N, C, 300 + 100 * C + N, 3.0));
      const Tensor dLdA = random_tensor(N, C, 400 + 100 * C + N, 1.0);
      const real untouched = -7;  // no dLdZ entry: |dLdZ_in| = a_n |dLdA_in − Σ_m a_m dLdA_im| ≤ 2
      Tensor dLdZ = xt::full_like(dLdA, untouched);

      const std::size_t k = softmax_backward_lanes(softmax.A, dLdA, dLdZ);

      // Whole groups of kLanes samples when C ≤ 10, nothing otherwise.
      CHECK(k == (C <= 10 ? N / kLanes * kLanes : 0));
      std::size_t differ = 0, left_alone = 0;
      for (std::size_t i = 0; i < N; ++i) {
        if (i < k) {
          const Tensor plain = plain_loop_dLdZ(softmax.A, dLdA, i);  // (1, C)
          for (std::size_t n = 0; n < C; ++n) differ += dLdZ(i, n) != plain(0, n);
        } else {
          for (std::size_t n = 0; n < C; ++n) left_alone += dLdZ(i, n) == untouched;
        }
      }
      CHECK_MESSAGE(differ == 0, "entries of the fast path that differ from the plain loop's bits");
      CHECK(left_alone == (N - k) * C);  // the rows it did not do are the caller's, unwritten
      // And the whole of Softmax::backward (fast path + plain loop for the rest) agrees.
      const Tensor whole = softmax.backward(dLdA);
      for (std::size_t i = 0; i < N; ++i) {
        const Tensor plain = plain_loop_dLdZ(softmax.A, dLdA, i);
        for (std::size_t n = 0; n < C; ++n) differ += whole(i, n) != plain(0, n);
      }
      CHECK_MESSAGE(differ == 0, "entries of Softmax::backward that differ from the plain loop");
    }
  }
}
