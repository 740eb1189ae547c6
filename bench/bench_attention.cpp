// Times the self-attention forward + backward pass of Exercise 7 (the code hw6 ex7 runs) and
// prints seconds and GFLOP/s. Usage: bench_attention [T d_model d_k repetitions]
#include "hw6/blas.hpp"
#include "hw6/exercises/ex7.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <malloc.h>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

int main(int argc, char** argv) {
  // Keep freed blocks in the heap instead of returning them to the kernel, so that repeated runs
  // do not page-fault their 8 MB temporaries afresh (PyTorch's caching allocator does the same).
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  hw6::blas::choose_kernels();  // as hw6's main() does
  const long T = argc > 1 ? std::atol(argv[1]) : 1024, d = argc > 2 ? std::atol(argv[2]) : 256, dk = argc > 3 ? std::atol(argv[3]) : 64;
  const int reps = argc > 4 ? std::atoi(argv[4]) : 10;
  std::mt19937 rng(1);
  std::normal_distribution<double> normal(0, 1);
  auto rnd = [&](long r, long c, double s) {
    Eigen::MatrixXd m(r, c);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = s * normal(rng);
    return m;
  };
  const Eigen::MatrixXd X = rnd(T, d, 1), WQ = rnd(d, dk, 1 / std::sqrt(double(d))), WK = rnd(d, dk, 1 / std::sqrt(double(d))),
                        WV = rnd(d, d, 1 / std::sqrt(double(d))), dZ = rnd(T, d, 1);
  // Multiply-adds of the matrix products (2 FLOPs each): forward Q, K, V, S, Y; backward dA, dV, dQ,
  // dK, dW_Q, dW_K, dW_V and the three input paths. The softmax's O(T²) work is left out.
  const double t = double(T), D = double(d), k = double(dk);
  const double flops = 2 * (2 * t * D * k + t * D * D + t * t * k + t * t * D)          // forward
                       + 2 * (2 * t * t * D + 2 * t * t * k + 2 * D * t * k + D * t * D)  // dA, dV, dQ, dK, dW_Q, dW_K, dW_V
                       + 2 * (2 * t * k * D + t * D * D);                                 // dX via Q, K, V
  double best = 1e300, checksum = 0;
  for (int r = 0; r < reps; ++r) {
    auto start = std::chrono::steady_clock::now();
    hw6::ex7::Forward f = hw6::ex7::forward(X, WQ, WK, WV);
    hw6::ex7::Gradients g = hw6::ex7::backward(X, WQ, WK, WV, f, dZ);
    auto stop = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double>(stop - start).count());
    checksum += g.X(0, 0);
  }
  const std::string blas = hw6::blas::dgemm() ? hw6::blas::core_name() : "none";
  std::printf("hw6 (Eigen %d.%d.%d, OpenBLAS kernels: %s, double): T=%ld d_model=%ld d_k=%ld  best of %d: %.4f s  %.1f GFLOP/s  (checksum %.6g)\n",
              EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION, blas.c_str(), T, d, dk, reps, best, flops / best / 1e9, checksum);
  return 0;
}
