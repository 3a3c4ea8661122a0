// Tests of mytorch/linalg.hpp: gemm with every pair of transposes, beta, resizing C, empty inner
// dimensions and the errors; the BLAS threads.

#include "mytorch/linalg.hpp"

#include <stdexcept>

#include "test_util.hpp"

using mytorch::Op;
using mytorch::Tensor;
using test::T;

namespace {
/// op(X) as a new tensor, by loops: the reference the BLAS call is compared with.
Tensor op(const Tensor& X, Op o) {
  if (o == Op::N) return X;
  Tensor Xt({X.shape(1), X.shape(0)});
  for (std::size_t i = 0; i < X.shape(0); ++i)
    for (std::size_t j = 0; j < X.shape(1); ++j) Xt(j, i) = X(i, j);
  return Xt;
}

Tensor naive_product(const Tensor& A, const Tensor& B) {
  Tensor C = xt::zeros<mytorch::real>({A.shape(0), B.shape(1)});
  for (std::size_t i = 0; i < A.shape(0); ++i)
    for (std::size_t j = 0; j < B.shape(1); ++j)
      for (std::size_t k = 0; k < A.shape(1); ++k) C(i, j) += A(i, k) * B(k, j);
  return C;
}
}  // namespace

TEST_CASE("matmul matches worked examples for every pair of transposes") {
  const Tensor A = T({{1, 2, 3}, {4, 5, 6}});
  const Tensor B = T({{1, 0}, {0, 1}, {1, 1}});
  CHECK_TENSOR_CLOSE(mytorch::matmul(A, B), T({{4, 5}, {10, 11}}), 0);
  CHECK_TENSOR_CLOSE(mytorch::matmul(A, A, Op::N, Op::T), T({{14, 32}, {32, 77}}), 0);
  CHECK_TENSOR_CLOSE(mytorch::matmul(A, A, Op::T, Op::N),
                     T({{17, 22, 27}, {22, 29, 36}, {27, 36, 45}}), 0);
  CHECK_TENSOR_CLOSE(mytorch::matmul(B, A, Op::T, Op::T), T({{4, 10}, {5, 11}}), 0);
}

TEST_CASE("gemm equals the textbook triple loop on random matrices") {
  for (Op op_a : {Op::N, Op::T})
    for (Op op_b : {Op::N, Op::T}) {
      CAPTURE(op_a == Op::T);
      CAPTURE(op_b == Op::T);
      const Tensor A = op(test::random_tensor(7, 5, 1), op_a);  // op(A) is (7, 5)
      const Tensor B = op(test::random_tensor(5, 3, 2), op_b);  // op(B) is (5, 3)
      Tensor C = test::random_tensor(7, 3, 3);
      const Tensor expected = 0.5 * naive_product(op(A, op_a), op(B, op_b)) + 2.0 * C;
      mytorch::gemm(op_a, op_b, 0.5, A, B, 2.0, C);
      CHECK_TENSOR_CLOSE(C, expected, test::tol(1e-12));
    }
}

TEST_CASE("gemm resizes C when beta is 0 and treats an empty inner dimension as a zero product") {
  Tensor C = T({{9}});
  mytorch::gemm(Op::N, Op::N, 1, T({{1, 2}}), T({{3}, {4}}), 0, C);
  CHECK_TENSOR_CLOSE(C, T({{11}}), 0);
  mytorch::gemm(Op::N, Op::N, 1, T({{1}, {2}}), T({{3, 4}}), 0, C);
  CHECK_TENSOR_CLOSE(C, T({{3, 4}, {6, 8}}), 0);

  const Tensor A({2, 0}), B({0, 3});
  Tensor D = xt::ones<mytorch::real>({2, 3});
  mytorch::gemm(Op::N, Op::N, 1, A, B, 2, D);
  CHECK_TENSOR_CLOSE(D, 2.0 * xt::ones<mytorch::real>({2, 3}), 0);
  CHECK_TENSOR_CLOSE(mytorch::matmul(A, B), xt::zeros<mytorch::real>({2, 3}), 0);
}

TEST_CASE("gemm names both shapes when they do not fit") {
  const Tensor A = T({{1, 2, 3}, {4, 5, 6}});
  CHECK_THROWS_WITH_AS(mytorch::matmul(A, A), "gemm: op(A) is (2, 3) but op(B) is (2, 3)",
                       std::invalid_argument);
  Tensor C = T({{1}});
  CHECK_THROWS_WITH_AS(mytorch::gemm(Op::N, Op::T, 1, A, A, 1, C),
                       "gemm: C has shape (1, 1) but beta != 0 needs the product's shape",
                       std::invalid_argument);
}

TEST_CASE("set_blas_threads sets the threads BLAS runs on, and a product agrees on any count") {
  const std::size_t before = mytorch::blas_threads();
  if (!mytorch::set_blas_threads(1)) {  // not OpenBLAS: no such setting, and it says so
    CHECK(before == 0);
    CHECK(mytorch::blas_threads() == 0);
    return;
  }
  CHECK(mytorch::blas_threads() == 1);
  // large enough for OpenBLAS to split it over threads (it keeps small products on one)
  const Tensor A = test::random_tensor(256, 300, 1, 0.5), B = test::random_tensor(300, 200, 2, 0.5);
  const Tensor one = mytorch::matmul(A, B);
  CHECK(mytorch::set_blas_threads(2));
  CHECK(mytorch::blas_threads() == 2);
  const Tensor two = mytorch::matmul(A, B);
  CHECK_TENSOR_CLOSE(two, naive_product(A, B), test::tol(1e-11));
  // Not always to the last bit: on two threads OpenBLAS blocks the sums differently (4.9e-15 here).
  CHECK_TENSOR_CLOSE(two, one, test::tol(1e-13));
  mytorch::set_blas_threads(before);
}

TEST_CASE("set_blas_threads refuses a count of none or more than any machine has") {
  CHECK_THROWS_WITH_AS(mytorch::set_blas_threads(0), "set_blas_threads: 0 threads; give 1 to 1024",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(mytorch::set_blas_threads(1025), "set_blas_threads: 1025 threads; give 1 to 1024",
                       std::invalid_argument);
}
