#pragma once
/// mytorch/linalg.hpp — the matrix product every layer uses.
///
///   C ← alpha · op(A) · op(B) + beta · C,   op(X) = X or Xᵀ
///
/// One call into BLAS (OpenBLAS's dgemm, or sgemm in float32 builds) with the transposes passed as
/// flags, so no transposed copy is ever made. C is resized to the product's shape when it does not
/// have it already, so a layer can keep C between steps and never reallocate it.

#include "mytorch/tensor.hpp"

namespace mytorch {

enum class Op { N, T };  // use the matrix as is, or its transpose

void gemm(Op op_a, Op op_b, real alpha, const Tensor& A, const Tensor& B, real beta, Tensor& C);

/// The same product on matrices that are parts of larger buffers — one sample's block of a batch, as
/// the convolutions multiply — given by the address of their first entry, each stored densely row
/// after row: op(A) is rows × inner, op(B) is inner × cols, C is rows × cols.
void gemm(Op op_a, Op op_b, std::size_t rows, std::size_t cols, std::size_t inner, real alpha,
          const real* A, const real* B, real beta, real* C);

/// Convenience form: returns op(A) · op(B).
Tensor matmul(const Tensor& A, const Tensor& B, Op op_a = Op::N, Op op_b = Op::N);

/// The threads BLAS splits each product over, for the whole process. OpenBLAS starts with
/// OPENBLAS_NUM_THREADS, or one per core; set_blas_threads(n) changes that (1 ≤ n ≤ max_blas_threads,
/// else std::invalid_argument) and returns true. Another BLAS has no such setting: then it changes
/// nothing and returns false, and blas_threads() returns 0 ("cannot tell").
constexpr std::size_t max_blas_threads = 1024;  // more than any machine has (OpenBLAS caps it lower)
bool set_blas_threads(std::size_t n);
std::size_t blas_threads();

}  // namespace mytorch
