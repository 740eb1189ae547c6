#include "hw6/gradcheck.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>

using hw6::Evaluation;
using hw6::gradcheck;
using hw6::GradCheckOptions;
using hw6::rounding_level;

namespace {
Eigen::MatrixXd random_matrix(Eigen::Index r, Eigen::Index c, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  Eigen::MatrixXd m(r, c);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = normal(rng);
  return m;
}

// L(M) = ½‖M − C‖²_F + Σ sin(M_ij): gradient M − C + cos(M) entrywise (by hand). Its rounding
// level: a sum of 2·600 terms, rated against the sum of their absolute values.
const Eigen::MatrixXd C = random_matrix(20, 30, 1), M = random_matrix(20, 30, 2);
Evaluation L(const Eigen::MatrixXd& X) {
  const double squares = 0.5 * (X - C).squaredNorm();
  return {squares + X.array().sin().sum(), rounding_level(2.0 * static_cast<double>(X.size())) * (squares + X.array().sin().abs().sum())};
}
const Eigen::MatrixXd G = M - C + Eigen::MatrixXd(M.array().cos());
}  // namespace

TEST_SUITE("gradcheck") {

  TEST_CASE("the right gradient passes, by directions and sampled entries") {
    auto r = gradcheck(L, M, G);
    CHECK(r.directions == 3);
    CHECK(r.entries_checked == 3);
    CHECK(r.entries_total == 600);
    CHECK(r.max_error < 1e-8);
    CHECK(r.passed);
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
    auto Ls = [&](const Eigen::MatrixXd& X) {  // gradient D
      return Evaluation{(D.array() * X.array()).sum(), rounding_level(144) * (D.array() * X.array()).abs().sum()};
    };
    CHECK(gradcheck(Ls, S, D).max_error < 1e-9);
    CHECK(gradcheck(Ls, S, Eigen::MatrixXd(D.transpose())).max_error > 1e-3);
    CHECK_FALSE(gradcheck(Ls, S, Eigen::MatrixXd(D.transpose())).passed);
  }

  TEST_CASE("a small matrix: every entry, no directions") {
    const Eigen::MatrixXd m = random_matrix(3, 4, 5), c = random_matrix(3, 4, 6);
    auto Lm = [&](const Eigen::MatrixXd& X) { return Evaluation{0.5 * (X - c).squaredNorm(), rounding_level(12) * 0.5 * (X - c).squaredNorm()}; };
    auto r = gradcheck(Lm, m, m - c);
    CHECK(r.entries_checked == 12);
    CHECK(r.directions == 0);
    CHECK(r.max_error < 1e-9);
  }

  TEST_CASE("a NaN in L fails the check, says where, and leaves every error a number") {
    auto Lnan = [](const Eigen::MatrixXd& X) { return Evaluation{X(0, 0) > 100 ? 0.0 : std::nan(""), 0.0}; };
    auto r = gradcheck(Lnan, M, G);
    CHECK_FALSE(r.passed);
    CHECK_FALSE(r.finite);
    CHECK(std::isfinite(r.max_error));
    CHECK(r.nonfinite_row >= 0);
    CHECK(r.nonfinite_step == 1e-5);
  }

  TEST_CASE("an exactly zero gradient against exactly zero differences passes with error 0") {
    // L constant: every quotient is 0 − 0 = 0 exactly, the rounding level is 0, and so is the scale.
    auto Lconst = [](const Eigen::MatrixXd&) { return Evaluation{42.0, 0.0}; };
    auto r = gradcheck(Lconst, M, Eigen::MatrixXd::Zero(M.rows(), M.cols()));
    CHECK(r.passed);
    CHECK(r.max_error == 0.0);
    CHECK(r.entry_scale == 0.0);
  }

  TEST_CASE("the scale is the gradient's own: a gradient of size 1e-20 that is wrong by 1e-3 of itself fails") {
    // L = 1e-20·Σ sin(M_ij): gradient 1e-20·cos(M). Under a floor of 1 (the old scale) any
    // gradient below 1e-6 passed; relative to max |G| the wrong one is off by 1e-3 ≫ 1e-6.
    auto Lsmall = [](const Eigen::MatrixXd& X) {
      return Evaluation{1e-20 * X.array().sin().sum(), rounding_level(600) * 1e-20 * X.array().sin().abs().sum()};
    };
    const Eigen::MatrixXd right = 1e-20 * Eigen::MatrixXd(M.array().cos());
    Eigen::Index i = 0, j = 0;
    right.cwiseAbs().maxCoeff(&i, &j);
    Eigen::MatrixXd wrong = right;
    wrong(i, j) *= 1 + 1e-3;
    GradCheckOptions all;
    all.exhaustive_up_to = 1000;  // every entry, so the wrong one is among those checked
    CHECK(gradcheck(Lsmall, M, right, all).passed);
    const auto r = gradcheck(Lsmall, M, wrong, all);
    CHECK_FALSE(r.passed);
    // The planted error, 1e-3·|G_ij|, over the entry scale max |G| + R/tolerance (Approx(1e-3).epsilon(1e-3)
    // took anything below 2e-3, and the rounding allowance puts the value near 6e-4).
    CHECK(r.entry_scale > right.cwiseAbs().maxCoeff());
    CHECK(std::fabs(r.entry_error / (1e-3 * std::fabs(right(i, j)) / r.entry_scale) - 1) < 1e-2);
  }

  TEST_CASE("the rounding level the caller declares is the floor: a noisy L with a right gradient passes only with it") {
    // L(M) = Σ (M_ij + 1e8) − 600·1e8, gradient 1 everywhere: each evaluation rounds the sum of 600
    // terms near 1e8, so the quotient is off by about u·1e8·√600/1e-5 ≈ 0.03 — rounding, not a
    // wrong gradient. Declared (λ√n·u times the sum of absolute values), it widens the scale.
    auto noisy = [](double declared) {
      return [declared](const Eigen::MatrixXd& X) {
        const double sum = (X.array() + 1e8).sum();
        return Evaluation{sum - 600 * 1e8, declared * (X.array() + 1e8).abs().sum()};
      };
    };
    const Eigen::MatrixXd ones = Eigen::MatrixXd::Ones(M.rows(), M.cols());
    CHECK_FALSE(gradcheck(noisy(0.0), M, ones).passed);
    const auto r = gradcheck(noisy(rounding_level(600)), M, ones);
    CHECK(r.passed);
    CHECK(r.entry_rounding > 1e-3);
  }
}
