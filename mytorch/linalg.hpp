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

/// Convenience form: returns op(A) · op(B).
Tensor matmul(const Tensor& A, const Tensor& B, Op op_a = Op::N, Op op_b = Op::N);

}  // namespace mytorch
