// The machine's measured GEMM rate on one thread, for comparing attention's GFLOP/s with:
// C = A·B for n × n doubles, through OpenBLAS (when built with it) and through Eigen.
// Usage: gemm_peak [n repetitions]
#include <Eigen/Dense>
#ifdef HW6_HAVE_OPENBLAS
#include <cblas.h>
#endif

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
#ifdef HW6_HAVE_OPENBLAS
  std::printf("GEMM peak, n=%d, best of %d: OpenBLAS dgemm %.1f GFLOP/s\n", n, reps, best([&] {
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, A.data(), n, B.data(), n, 0.0, C.data(), n);
  }));
#endif
  std::printf("GEMM peak, n=%d, best of %d: Eigen %d.%d.%d (this build's flags) %.1f GFLOP/s\n", n, reps, EIGEN_WORLD_VERSION,
              EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION, best([&] { C.noalias() = A * B; }));
  return C(0, 0) > 1e300;  // keeps C alive
}
