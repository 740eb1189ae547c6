#pragma once
// Random ℓ1-logistic-regression instances for the solver tests (test_ex3.cpp,
// test_l1logreg_screen.cpp): m × p standard Gaussian features; label b_i = sign(Σ_{j < informative}
// c_j x_ij + noise), with c_j = 1 (`Weights::Equal`) or ±½ alternating (`Weights::Alternating`,
// as bench/bench_logreg.cpp makes them); returns X̄ = diag(b) X and sets b.
#include <Eigen/Dense>

#include <random>

namespace hw6::testing {

enum class Weights { Equal, Alternating };

inline Eigen::MatrixXd random_xbar(int m, int p, int informative, unsigned seed, Eigen::VectorXd& b, Weights weights) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  Eigen::MatrixXd X(m, p);
  b.resize(m);
  for (int i = 0; i < m; ++i) {
    double s = 0;
    for (int j = 0; j < p; ++j) {
      X(i, j) = normal(rng);
      if (j < informative) s += weights == Weights::Equal ? X(i, j) : (j % 2 ? -1.0 : 1.0) * X(i, j) / 2;
    }
    b(i) = s + normal(rng) > 0 ? 1 : -1;
  }
  return b.asDiagonal() * X;
}

}  // namespace hw6::testing
