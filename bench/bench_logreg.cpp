// ℓ1-logistic-regression path benchmark (Exercise 3): m samples, p features, 20 values of λ from
// λ_max down to 0.05·λ_max, with and without GAP safe screening. Usage: bench_logreg [m p [repeats]]
#include "hw6/optim/l1logreg.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <random>

int main(int argc, char** argv) {
  const int m = argc > 1 ? std::atoi(argv[1]) : 2000, p = argc > 2 ? std::atoi(argv[2]) : 5000;
  const int repeats = argc > 3 ? std::max(1, std::atoi(argv[3])) : 5;
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
  // Each path is solved `repeats` times, the two alternating (so that a change in the machine's
  // load falls on both); the median CPU time of each is reported.
  std::vector<hw6::optim::L1LogRegSolution> paths[2];
  std::vector<double> seconds[2], wall[2];
  hw6::optim::PathStats stats;
  for (int rep = 0; rep < repeats; ++rep)
    for (int screening = 0; screening < 2; ++screening) {
      hw6::optim::PathStats st;
      const auto start = std::chrono::steady_clock::now();
      const std::clock_t cpu_start = std::clock();
      // Without the end-of-solve check of the screened features (the rule is a proof); the KKT
      // residual over every feature is computed below, outside the timing, for both paths.
      paths[screening] = hw6::optim::l1_logreg_path(Xbar, b, lambdas, screening == 1, 1e-9, &st, {}, false);
      wall[screening].push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      seconds[screening].push_back(double(std::clock() - cpu_start) / CLOCKS_PER_SEC);
      if (screening) stats = st;
    }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double cpu[2] = {median(seconds[0]), median(seconds[1])};
  for (int screening = 0; screening < 2; ++screening) {
    double worst_kkt = 0;
    for (std::size_t k = 0; k < lambdas.size(); ++k)
      worst_kkt = std::max(worst_kkt, hw6::optim::l1_logreg_kkt(Xbar, b, lambdas[k], paths[screening][k].beta, paths[screening][k].c));
    std::printf("m=%d p=%d, 20 values of λ down to 0.05 λ_max, %s: CPU %.3f s (median of %d; wall %.3f s), final nonzeros %ld, worst KKT residual over every feature %.1e",
                m, p, screening ? "GAP safe screening" : "no screening      ", cpu[screening], repeats, median(wall[screening]),
                static_cast<long>((paths[screening].back().beta.array() != 0).count()), worst_kkt);
    if (screening) std::printf(", features screened out %.1f%% over the path", 100.0 - 100.0 * double(stats.kept_total) / double(stats.features_total));
    // The work that screening cannot remove, the same in both paths: Newton steps and coordinate updates.
    long long updates = 0, newton = 0;
    for (const auto& s : paths[screening]) updates += s.updates, newton += s.iterations;
    std::printf(", %lld Newton steps, %lld coordinate updates\n", newton, updates);
  }
  std::printf("rejection ratio per λ/λ_max:");
  for (std::size_t k = 0; k < lambdas.size(); ++k) std::printf(" %.3f:%.3f", lambdas[k] / lmax, stats.rejection[k]);
  // Each repeat's two paths ran one after the other, so their ratio shares that moment's load; the
  // median of these ratios moves less with a noisy machine than the ratio of the medians.
  std::vector<double> ratios;
  for (int rep = 0; rep < repeats; ++rep) ratios.push_back(seconds[0][static_cast<std::size_t>(rep)] / seconds[1][static_cast<std::size_t>(rep)]);
  std::sort(ratios.begin(), ratios.end());
  std::printf("\nspeed-up from screening (median CPU times): %.2fx; median of the %d paired ratios %.2fx (from %.2fx to %.2fx)\n",
              cpu[0] / cpu[1], repeats, median(ratios), ratios.front(), ratios.back());
  double diff = 0;
  for (std::size_t k = 0; k < lambdas.size(); ++k) diff = std::max(diff, std::fabs(paths[0][k].objective - paths[1][k].objective));
  std::printf("largest difference of the objective between the two paths: %.1e\n", diff);
  return 0;
}
