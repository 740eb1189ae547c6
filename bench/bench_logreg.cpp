// ℓ1-logistic-regression path benchmark (Exercise 3): m samples, p features, 20 values of λ from
// λ_max down to 0.05·λ_max, with and without GAP safe screening. Usage: bench_logreg [m p]
#include "hw6/optim/l1logreg.hpp"

#include <chrono>
#include <cmath>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <random>

int main(int argc, char** argv) {
  const int m = argc > 1 ? std::atoi(argv[1]) : 2000, p = argc > 2 ? std::atoi(argv[2]) : 5000;
  std::mt19937 rng(3);
  std::normal_distribution<double> normal(0, 1);
  Eigen::MatrixXd X(m, p);
  Eigen::VectorXd b(m);
  for (int i = 0; i < m; ++i) {
    double s = 0;
    for (int j = 0; j < p; ++j) {
      X(i, j) = normal(rng);
      if (j < 20) s += (j % 2 ? -1.0 : 1.0) * X(i, j) / 4;  // 20 informative features
    }
    b(i) = s + normal(rng) > 0 ? 1 : -1;
  }
  const Eigen::MatrixXd Xbar = b.asDiagonal() * X;
  const double lmax = hw6::optim::l1_logreg_lambda_max(Xbar, b);
  std::vector<double> lambdas;
  for (int k = 0; k < 20; ++k) lambdas.push_back(lmax * std::pow(0.05, k / 19.0));
  std::vector<hw6::optim::L1LogRegSolution> paths[2];
  double seconds[2] = {0, 0};
  hw6::optim::PathStats stats;
  for (int screening = 0; screening < 2; ++screening) {
    stats = {};
    auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    // Without the end-of-solve check of the screened features (the rule is a proof); the KKT
    // residual over every feature is computed below, outside the timing, for both paths.
    paths[screening] = hw6::optim::l1_logreg_path(Xbar, b, lambdas, screening == 1, 1e-9, &stats, {}, false);
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = double(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    seconds[screening] = cpu;
    double worst_kkt = 0;
    for (std::size_t k = 0; k < lambdas.size(); ++k)
      worst_kkt = std::max(worst_kkt, hw6::optim::l1_logreg_kkt(Xbar, b, lambdas[k], paths[screening][k].beta, paths[screening][k].c));
    std::printf("m=%d p=%d, 20 values of λ down to 0.05 λ_max, %s: %.2f s (CPU %.2f s), final nonzeros %ld, worst KKT residual %.1e",
                m, p, screening ? "GAP safe screening" : "no screening      ", t, cpu, static_cast<long>((paths[screening].back().beta.array() != 0).count()), worst_kkt);
    if (screening) std::printf(", features screened out %.1f%% over the path", 100.0 - 100.0 * double(stats.kept_total) / double(stats.features_total));
    std::printf("\n");
  }
  std::printf("rejection ratio per λ/λ_max:");
  for (std::size_t k = 0; k < lambdas.size(); ++k) std::printf(" %.3f:%.3f", lambdas[k] / lmax, stats.rejection[k]);
  std::printf("\nspeed-up from screening (CPU time): %.2fx\n", seconds[0] / seconds[1]);
  double diff = 0;
  for (std::size_t k = 0; k < lambdas.size(); ++k) diff = std::max(diff, std::fabs(paths[0][k].objective - paths[1][k].objective));
  std::printf("largest difference of the objective between the two paths: %.1e\n", diff);
  return 0;
}
