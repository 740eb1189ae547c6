#pragma once
// The matrix products of Exercise 7's forward and backward passes. With OpenBLAS (the default
// build when scripts/deps.sh has installed it; HW6_HAVE_OPENBLAS), large products call its dgemm,
// which picks the widest vector kernels of the processor at run time (AVX-512 here), while an
// Eigen build without -march=native is held to SSE2. Small products (the homework's T = 3) stay
// in Eigen, so the printed small examples do not depend on the BLAS.
#include <Eigen/Dense>

#ifdef HW6_HAVE_OPENBLAS
#include <cblas.h>
#endif

namespace hw6::ex7::detail {

enum class Op { N, T };

/// C = alpha · op(A) · op(B) (+ C when accumulate), C resized unless accumulating.
inline void gemm(Eigen::MatrixXd& C, const Eigen::MatrixXd& A, Op opA, const Eigen::MatrixXd& B, Op opB, double alpha = 1.0,
                 bool accumulate = false) {
  const Eigen::Index m = opA == Op::N ? A.rows() : A.cols(), k = opA == Op::N ? A.cols() : A.rows();
  const Eigen::Index n = opB == Op::N ? B.cols() : B.rows();
  if (!accumulate) C.resize(m, n);
#ifdef HW6_HAVE_OPENBLAS
  if (m * n * k >= 32 * 32 * 32) {
    cblas_dgemm(CblasColMajor, opA == Op::N ? CblasNoTrans : CblasTrans, opB == Op::N ? CblasNoTrans : CblasTrans,
                static_cast<blasint>(m), static_cast<blasint>(n), static_cast<blasint>(k), alpha, A.data(),
                static_cast<blasint>(A.rows()), B.data(), static_cast<blasint>(B.rows()), accumulate ? 1.0 : 0.0, C.data(),
                static_cast<blasint>(C.rows()));
    return;
  }
#endif
  auto product = [&](const auto& a, const auto& b) {
    if (accumulate) C.noalias() += alpha * a * b;
    else C.noalias() = alpha * a * b;
  };
  if (opA == Op::N && opB == Op::N) product(A, B);
  else if (opA == Op::N) product(A, B.transpose());
  else if (opB == Op::N) product(A.transpose(), B);
  else product(A.transpose(), B.transpose());
}

}  // namespace hw6::ex7::detail
