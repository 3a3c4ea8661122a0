#include "mytorch/linalg.hpp"

#include <stdexcept>
#include <string>

#include <xtensor-blas/xblas.hpp>

// OpenBLAS's own functions, declared weak so that the library also links against another BLAS: there
// they are null, and the thread count cannot be set (set_blas_threads says so).
extern "C" {
void openblas_set_num_threads(int num_threads) __attribute__((weak));
int openblas_get_num_threads(void) __attribute__((weak));
}

namespace mytorch {

void gemm(Op op_a, Op op_b, real alpha, const Tensor& A, const Tensor& B, real beta, Tensor& C) {
  const std::size_t rows = op_a == Op::N ? A.shape(0) : A.shape(1);
  const std::size_t inner = op_a == Op::N ? A.shape(1) : A.shape(0);
  const std::size_t inner_b = op_b == Op::N ? B.shape(0) : B.shape(1);
  const std::size_t cols = op_b == Op::N ? B.shape(1) : B.shape(0);
  if (inner != inner_b)
    throw std::invalid_argument("gemm: op(A) is (" + std::to_string(rows) + ", " +
                                std::to_string(inner) + ") but op(B) is (" +
                                std::to_string(inner_b) + ", " + std::to_string(cols) + ")");
  if (C.shape(0) != rows || C.shape(1) != cols) {
    if (beta != 0) throw std::invalid_argument("gemm: C has shape " + shape_str(C) +
                                               " but beta != 0 needs the product's shape");
    C.resize({rows, cols});
  }
  if (rows == 0 || cols == 0) return;
  if (inner == 0) {  // BLAS would leave C alone; the product of empty matrices is zero
    C *= beta;
    return;
  }
  xt::blas::gemm(A, B, C, op_a == Op::T, op_b == Op::T, alpha, beta);
}

void gemm(Op op_a, Op op_b, std::size_t rows, std::size_t cols, std::size_t inner, real alpha,
          const real* A, const real* B, real beta, real* C) {
  if (rows == 0 || cols == 0) return;
  if (inner == 0) {  // as above: an empty product is zero (and beta = 0 overwrites C, as in BLAS)
    for (std::size_t k = 0; k < rows * cols; ++k) C[k] = beta == 0 ? real(0) : beta * C[k];
    return;
  }
  using cxxblas::Transpose;
  const auto index = [](std::size_t n) { return static_cast<xt::blas_index_t>(n); };
  // Row-major and dense: a matrix's leading dimension is the column count of the stored matrix.
  const std::size_t ld_a = op_a == Op::N ? inner : rows;
  const std::size_t ld_b = op_b == Op::N ? cols : inner;
  cxxblas::gemm<xt::blas_index_t>(cxxblas::StorageOrder::RowMajor,
                                  op_a == Op::T ? Transpose::Trans : Transpose::NoTrans,
                                  op_b == Op::T ? Transpose::Trans : Transpose::NoTrans, index(rows),
                                  index(cols), index(inner), alpha, A, index(ld_a), B, index(ld_b),
                                  beta, C, index(cols));
}

Tensor matmul(const Tensor& A, const Tensor& B, Op op_a, Op op_b) {
  Tensor C;
  gemm(op_a, op_b, 1, A, B, 0, C);
  return C;
}

bool set_blas_threads(std::size_t n) {
  if (n < 1 || n > max_blas_threads)
    throw std::invalid_argument("set_blas_threads: " + std::to_string(n) + " threads; give 1 to " +
                                std::to_string(max_blas_threads));
  if (openblas_set_num_threads == nullptr) return false;
  openblas_set_num_threads(static_cast<int>(n));
  return true;
}

std::size_t blas_threads() {
  if (openblas_get_num_threads == nullptr) return 0;
  return static_cast<std::size_t>(openblas_get_num_threads());
}

}  // namespace mytorch
