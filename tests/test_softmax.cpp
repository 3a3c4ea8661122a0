// Tests of mytorch/nn/softmax.hpp: the writeup's worked example, the Jacobian loop against the closed
// form, PyTorch's values, the gradient check and the errors.

#include "mytorch/nn/softmax.hpp"

#include <stdexcept>

#include "mytorch/testing/gradcheck.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::nn::Softmax;
using test::random_tensor;
using test::T;

namespace {
/// dLdZ = A ⊙ (dLdA − rowsum(dLdA ⊙ A)): the vectorised form, an independent check of the loop.
Tensor closed_form_dLdZ(const Tensor& A, const Tensor& dLdA) {
  Tensor dLdZ(A.shape());
  for (std::size_t i = 0; i < A.shape(0); ++i) {
    double s = 0;
    for (std::size_t j = 0; j < A.shape(1); ++j) s += dLdA(i, j) * A(i, j);
    for (std::size_t j = 0; j < A.shape(1); ++j)
      dLdZ(i, j) = static_cast<mytorch::real>(A(i, j) * (dLdA(i, j) - s));
  }
  return dLdZ;
}
}  // namespace

TEST_CASE("softmax matches the writeup's worked example: A, J for both samples, dLdZ") {
  Softmax softmax;
  const Tensor Z = T({{1, 2, 3}, {2, 2, 1}});
  const Tensor dLdA = T({{0.1, -0.2, 0.1}, {-0.1, 0.3, -0.2}});

  const Tensor A = softmax.forward(Z);
  CHECK_TENSOR_CLOSE(A, T({{0.09003057, 0.24472847, 0.66524096}, {0.42231880, 0.42231880, 0.15536240}}),
                     test::tol(1e-6));
  CHECK_TENSOR_CLOSE(softmax.A, A, 0);

  // Exact values; the writeup rounds A to two decimals first and so prints J(1)_22 = 0.1824.
  CHECK_TENSOR_CLOSE(softmax.jacobian(0), T({{0.08192507, -0.02203304, -0.05989202},
                                             {-0.02203304, 0.18483645, -0.16280340},
                                             {-0.05989202, -0.16280340, 0.22269543}}),
                     test::tol(1e-6));
  CHECK_TENSOR_CLOSE(softmax.jacobian(1), T({{0.24396563, -0.17835317, -0.06561246},
                                             {-0.17835317, 0.24396563, -0.06561246},
                                             {-0.06561246, -0.06561246, 0.13122493}}),
                     test::tol(1e-6));

  const Tensor dLdZ = softmax.backward(dLdA);
  CHECK_TENSOR_CLOSE(dLdZ, T({{0.00660991, -0.05545093, 0.04884102}, {-0.06478002, 0.10414750, -0.03936748}}),
                     test::tol(1e-6));
}

TEST_CASE("softmax with the writeup's rounded A reproduces its printed Jacobian") {
  // The writeup forms J(1) from A(1) = [0.09, 0.24, 0.67]: check our Jacobian formula gives its numbers.
  Softmax softmax;
  softmax.forward(T({{1, 2, 3}}));
  softmax.A = T({{0.09, 0.24, 0.67}});
  CHECK_TENSOR_CLOSE(softmax.jacobian(0), T({{0.0819, -0.0216, -0.0603},
                                             {-0.0216, 0.1824, -0.1608},
                                             {-0.0603, -0.1608, 0.2211}}),
                     1e-6);
}

TEST_CASE("softmax backward's Jacobian loop equals the closed form on random batches") {
  for (std::size_t C : {1, 2, 10, 37}) {
    for (std::size_t N : {1, 5, 64}) {
      CAPTURE(N);
      CAPTURE(C);
      Softmax softmax;
      const Tensor A = softmax.forward(random_tensor(N, C, 100 + N + C));
      const Tensor dLdA = random_tensor(N, C, 200 + N + C, 1.0);
      CHECK_TENSOR_CLOSE(softmax.backward(dLdA), closed_form_dLdZ(A, dLdA), test::tol(1e-12));
    }
  }
}

TEST_CASE("softmax backward is dLdA_i · jacobian(i) summed in the writeup's order, bit for bit") {
  // For every C, with and without the fast path (C ≤ 10 hands groups of 4 samples, 8 in float32,
  // to softmax_lanes.cpp; test_softmax_lanes.cpp checks that part sample by sample).
  for (std::size_t C = 1; C <= 12; ++C) {
    CAPTURE(C);
    const std::size_t N = 13;  // lane groups and a remainder, in float64 and in float32
    Softmax softmax;
    softmax.forward(random_tensor(N, C, 300 + C, 3.0));
    const Tensor dLdA = random_tensor(N, C, 400 + C, 1.0);
    const Tensor dLdZ = softmax.backward(dLdA);
    for (std::size_t i = 0; i < N; ++i) {
      const Tensor J = softmax.jacobian(i);  // (C, C)
      for (std::size_t n = 0; n < C; ++n) {
        mytorch::real dldz = 0;
        for (std::size_t m = 0; m < C; ++m) dldz += dLdA(i, m) * J(m, n);
        CHECK(dLdZ(i, n) == dldz);
      }
    }
  }
}

TEST_CASE("softmax forward, backward and every sample's Jacobian match PyTorch") {
  const test::Golden golden("core_softmax.json");
  for (const auto& c : golden.cases()) {
    CAPTURE(c["name"].get<std::string>());
    Softmax softmax;
    CHECK_TENSOR_CLOSE(softmax.forward(test::Golden::tensor(c["Z"])), test::Golden::tensor(c["A"]),
                       test::tol(1e-6));
    for (std::size_t i = 0; i < c["J"].size(); ++i)
      CHECK_TENSOR_CLOSE(softmax.jacobian(i), test::Golden::tensor(c["J"][i]), test::tol(1e-6));
    CHECK_TENSOR_CLOSE(softmax.backward(test::Golden::tensor(c["dLdA"])),
                       test::Golden::tensor(c["dLdZ"]), test::tol(1e-6));
  }
}

TEST_CASE("softmax rows sum to one and survive huge logits") {
  Softmax softmax;
  const Tensor A = softmax.forward(T({{1000, -1000, 0}, {-1000, -1000, -1000}}));
  CHECK_TENSOR_CLOSE(A, T({{1, 0, 0}, {1.0 / 3, 1.0 / 3, 1.0 / 3}}), test::tol(1e-12));
}

TEST_CASE("softmax passes the finite-difference gradient check") {
  Softmax softmax;
  const auto r = mytorch::testing::gradcheck(softmax, random_tensor(4, 6, 7));
  CHECK_MESSAGE(r.ok, r.report);
}

TEST_CASE("softmax rejects bad input with a message naming it") {
  Softmax softmax;
  CHECK_THROWS_WITH_AS(softmax.backward(T({{1, 2}})), "Softmax::backward: called before forward",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(softmax.jacobian(0), "Softmax::jacobian: called before forward",
                       std::logic_error);
  softmax.forward(T({{1, 2, 3}, {4, 5, 6}}));
  CHECK_THROWS_WITH_AS(softmax.backward(T({{1, 2, 3}})),
                       "Softmax::backward: dLdA has shape (1, 3) but A has shape (2, 3); they must match",
                       std::invalid_argument);
  CHECK_THROWS_AS(softmax.jacobian(2), std::out_of_range);
  CHECK_THROWS_WITH_AS(softmax.forward(Tensor({0, 3})),
                       "Softmax::forward: Z has shape (0, 3): the batch is empty (N = 0)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(softmax.forward(T({{1, NAN}})),
                       "Softmax::forward: Z has a non-finite value nan at (0, 1)", std::invalid_argument);
}
