#pragma once
// The matrix products of Exercise 7's forward and backward passes. When OpenBLAS is installed
// (scripts/deps.sh installs it; loaded on first use, hw6/blas.hpp), large products call its dgemm,
// which runs the widest vector kernels of the processor (AVX-512 here), while an Eigen build
// without -march=native is held to SSE2. Small products (the homework's T = 3) stay in Eigen, so
// the printed small examples do not depend on the BLAS.
#include "hw6/blas.hpp"

#include <Eigen/Dense>

#include <algorithm>

namespace hw6::ex7::detail {

enum class Op { N, T };

/// C = alpha · op(A) · op(B) (+ C when accumulate), C resized unless accumulating.
inline void gemm(Eigen::MatrixXd& C, const Eigen::MatrixXd& A, Op opA, const Eigen::MatrixXd& B, Op opB, double alpha = 1.0,
                 bool accumulate = false) {
  const Eigen::Index m = opA == Op::N ? A.rows() : A.cols(), k = opA == Op::N ? A.cols() : A.rows();
  const Eigen::Index n = opB == Op::N ? B.cols() : B.rows();
  if (!accumulate) C.resize(m, n);
  // 32-bit dimensions (blas.hpp): larger ones, never reached by a problem that fits in memory, stay in Eigen.
  constexpr Eigen::Index int_max = 2147483647;
  if (m * n * k >= 32 * 32 * 32 && std::max({m, n, k, A.rows(), B.rows()}) <= int_max) {
    if (const blas::Dgemm dgemm = blas::dgemm()) {
      using blas::kNoTrans, blas::kTrans;
      dgemm(blas::kColMajor, opA == Op::N ? kNoTrans : kTrans, opB == Op::N ? kNoTrans : kTrans, static_cast<int>(m),
            static_cast<int>(n), static_cast<int>(k), alpha, A.data(), static_cast<int>(A.rows()), B.data(),
            static_cast<int>(B.rows()), accumulate ? 1.0 : 0.0, C.data(), static_cast<int>(C.rows()));
      return;
    }
  }
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
