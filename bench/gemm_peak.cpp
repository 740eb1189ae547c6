// The machine's measured GEMM rate on one thread, for comparing attention's GFLOP/s with:
// C = A·B for n × n doubles, through OpenBLAS (when installed; loaded as hw6 loads it, with the
// same kernels, hw6/blas.hpp) and through Eigen. Usage: gemm_peak [n repetitions]
#include "hw6/blas.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 1024, reps = argc > 2 ? std::atoi(argv[2]) : 5;
  const Eigen::MatrixXd A = Eigen::MatrixXd::Random(n, n), B = Eigen::MatrixXd::Random(n, n);
  Eigen::MatrixXd C(n, n);
  const double flops = 2.0 * n * n * n;
  auto best = [&](auto&& f) {
    double t = 1e300;
    for (int r = 0; r < reps; ++r) {
      const auto start = std::chrono::steady_clock::now();
      f();
      t = std::min(t, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return flops / t / 1e9;
  };
  hw6::blas::choose_kernels();
  if (const hw6::blas::Dgemm dgemm = hw6::blas::dgemm())
    std::printf("GEMM peak, n=%d, best of %d: OpenBLAS dgemm (%s kernels) %.1f GFLOP/s\n", n, reps, hw6::blas::core_name().c_str(), best([&] {
      dgemm(hw6::blas::kColMajor, hw6::blas::kNoTrans, hw6::blas::kNoTrans, n, n, n, 1.0, A.data(), n, B.data(), n, 0.0, C.data(), n);
    }));
  std::printf("GEMM peak, n=%d, best of %d: Eigen %d.%d.%d (this build's flags) %.1f GFLOP/s\n", n, reps, EIGEN_WORLD_VERSION,
              EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION, best([&] { C.noalias() = A * B; }));
  return C(0, 0) > 1e300;  // keeps C alive
}
