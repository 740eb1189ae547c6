#include "hw6/gradcheck.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>

using hw6::gradcheck;
using hw6::GradCheckOptions;

namespace {
Eigen::MatrixXd random_matrix(Eigen::Index r, Eigen::Index c, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  Eigen::MatrixXd m(r, c);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = normal(rng);
  return m;
}

// L(M) = ½‖M − C‖²_F + Σ sin(M_ij): gradient M − C + cos(M) entrywise (by hand).
const Eigen::MatrixXd C = random_matrix(20, 30, 1), M = random_matrix(20, 30, 2);
double L(const Eigen::MatrixXd& X) { return 0.5 * (X - C).squaredNorm() + X.array().sin().sum(); }
const Eigen::MatrixXd G = M - C + Eigen::MatrixXd(M.array().cos());
}  // namespace

TEST_SUITE("gradcheck") {

  TEST_CASE("the right gradient passes, by directions and sampled entries") {
    auto r = gradcheck(L, M, G);
    CHECK(r.directions == 3);
    CHECK(r.entries_checked == 3);
    CHECK(r.entries_total == 600);
    CHECK(r.max_error < 1e-8);
    CHECK(r.worst_row >= 0);
  }

  TEST_CASE("a gradient wrong in one entry is caught by the random directions alone") {
    // E = 0.05 e_7 e_11ᵀ: uᵀEv = 0.05 u_7 v_11, nonzero for the seed's u, v; ‖G‖_F ≈ 25, so the
    // scaled error is of order 0.05/25 = 2e-3, far above round-off (1e-10).
    Eigen::MatrixXd wrong = G;
    wrong(7, 11) += 0.05;
    GradCheckOptions directions_only;
    directions_only.entries = 0;
    auto r = gradcheck(L, M, wrong, directions_only);
    CHECK(r.entries_checked == 0);
    CHECK(r.direction_error > 1e-5);
    CHECK(r.max_error == r.direction_error);
  }

  TEST_CASE("a transposed gradient of a square matrix is caught") {
    const Eigen::MatrixXd S = random_matrix(12, 12, 3), D = random_matrix(12, 12, 4);
    auto Ls = [&](const Eigen::MatrixXd& X) { return (D.array() * X.array()).sum(); };  // gradient D
    CHECK(gradcheck(Ls, S, D).max_error < 1e-9);
    CHECK(gradcheck(Ls, S, Eigen::MatrixXd(D.transpose())).max_error > 1e-3);
  }

  TEST_CASE("a small matrix: every entry, no directions") {
    const Eigen::MatrixXd m = random_matrix(3, 4, 5), c = random_matrix(3, 4, 6);
    auto Lm = [&](const Eigen::MatrixXd& X) { return 0.5 * (X - c).squaredNorm(); };
    auto r = gradcheck(Lm, m, m - c);
    CHECK(r.entries_checked == 12);
    CHECK(r.directions == 0);
    CHECK(r.max_error < 1e-9);
  }

  TEST_CASE("a NaN in L makes the error NaN, never a pass") {
    auto Lnan = [](const Eigen::MatrixXd& X) { return X(0, 0) > 100 ? 0.0 : std::nan(""); };
    auto r = gradcheck(Lnan, M, G);
    CHECK(std::isnan(r.max_error));
  }
}
