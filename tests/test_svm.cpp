#include "hw6/optim/svm.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>

using namespace hw6::optim;

namespace {
SvmProblem make(std::initializer_list<std::initializer_list<double>> rows, std::initializer_list<double> labels, double C = kInfinity,
                double p = 1) {
  SvmProblem P;
  P.X = Eigen::MatrixXd(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows.begin()->size()));
  Eigen::Index i = 0;
  for (auto r : rows) {
    Eigen::Index j = 0;
    for (double v : r) P.X(i, j++) = v;
    ++i;
  }
  P.y = Eigen::VectorXd(static_cast<Eigen::Index>(labels.size()));
  i = 0;
  for (double v : labels) P.y(i++) = v;
  P.C = C;
  P.p = p;
  return P;
}

/// Overlapping Gaussian classes in d dimensions.
SvmProblem random_problem(int n, int d, double C, double p, unsigned seed, double separation = 1.0) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  SvmProblem P;
  P.X = Eigen::MatrixXd(n, d);
  P.y = Eigen::VectorXd(n);
  for (int i = 0; i < n; ++i) {
    P.y(i) = i % 2 ? 1.0 : -1.0;
    for (int j = 0; j < d; ++j) P.X(i, j) = normal(rng) + (j == 0 ? separation * P.y(i) : 0.0);
  }
  P.C = C;
  P.p = p;
  return P;
}
}  // namespace

TEST_SUITE("svm solvers") {
  TEST_CASE("hard margin, hand-derived") {
    // (0,0)−, (2,0)+, (0,2)+: the nearest point of the segment [(2,0),(0,2)] to the origin is (1,1),
    // so w = 2(u − v)/‖u − v‖² = (1, 1), b = −⟨w, (u + v)/2⟩ = −1; all three points are on the margin.
    SvmProblem P = make({{0, 0}, {2, 0}, {0, 2}}, {-1, 1, 1});
    for (auto s : {svm_polish(P, svm_interior_point(P)), svm_smo(P)}) {
      INFO(s.method);
      CHECK(s.converged);
      CHECK(s.w(0) == doctest::Approx(1).epsilon(1e-9));
      CHECK(s.w(1) == doctest::Approx(1).epsilon(1e-9));
      CHECK(s.b == doctest::Approx(-1).epsilon(1e-9));
      CHECK(s.primal == doctest::Approx(1).epsilon(1e-9));  // ½‖w‖² = 1
      CHECK(s.dual == doctest::Approx(1).epsilon(1e-8));
    }
    NearestPoints h = nearest_hull_points(P.X, P.y);
    CHECK(h.distance == doctest::Approx(std::sqrt(2.0)).epsilon(1e-9));
    CHECK(h.u(0) == doctest::Approx(1).epsilon(1e-9));
  }

  TEST_CASE("soft margin with a small C, hand-derived") {
    // (1,0)+ and (−1,0)−. The hard margin has α = ½ each; with C < ½ both α = C, w = (2C, 0),
    // b = 0 by symmetry, ξ = 1 − 2C; P = ½(2C)² + 2C(1 − 2C) = 2C − 2C² = D = Σα − ½‖w‖².
    const double C = 0.2;
    SvmProblem P = make({{1, 0}, {-1, 0}}, {1, -1}, C);
    for (auto s : {svm_interior_point(P), svm_smo(P)}) {
      INFO(s.method);
      CHECK(s.w(0) == doctest::Approx(2 * C).epsilon(1e-9));
      CHECK(std::fabs(s.b) < 1e-9);
      CHECK(s.xi(0) == doctest::Approx(1 - 2 * C).epsilon(1e-9));
      CHECK(s.primal == doctest::Approx(2 * C - 2 * C * C).epsilon(1e-9));
      CHECK(s.dual == doctest::Approx(2 * C - 2 * C * C).epsilon(1e-8));
    }
  }

  TEST_CASE("p = 2, hand-derived") {
    // Same two points: by symmetry b = 0, ξ = 1 − w, F = ½w² + 2C(1 − w)²; F' = w − 4C(1 − w) = 0
    // gives w = 4C/(1 + 4C): ½ for C = ¼. α = 2Cξ = 2·¼·½ = ¼.
    SvmProblem P = make({{1, 0}, {-1, 0}}, {1, -1}, 0.25, 2);
    for (auto s : {svm_primal_newton(P), svm_smo(P)}) {
      INFO(s.method);
      CHECK(s.w(0) == doctest::Approx(0.5).epsilon(1e-9));
      CHECK(s.alpha(0) == doctest::Approx(0.25).epsilon(1e-8));
      CHECK(s.primal == doctest::Approx(0.125 + 2 * 0.25 * 0.25).epsilon(1e-9));  // ½·¼ + C·2·¼
      CHECK(s.dual == doctest::Approx(s.primal).epsilon(1e-8));
    }
  }

  TEST_CASE("interior point, SMO and Newton agree on random data") {
    for (auto [n, d, C, p] : {std::tuple{40, 2, 1.0, 1.0}, {100, 5, 0.1, 1.0}, {60, 3, 10.0, 1.0}, {50, 4, 1.0, 2.0}, {50, 2, 0.5, 1.5}, {50, 3, 2.0, 3.0}}) {
      SvmProblem P = random_problem(n, d, C, p, static_cast<unsigned>(n + d));
      SvmSolution a = p == 1 ? svm_polish(P, svm_interior_point(P)) : svm_primal_newton(P);
      SvmSolution b = svm_smo(P, 1e-11);
      INFO("n=" << n << " d=" << d << " C=" << C << " p=" << p);
      CHECK(a.converged);
      CHECK(b.converged);
      CHECK(a.primal == doctest::Approx(b.primal).epsilon(1e-7));
      CHECK(a.dual == doctest::Approx(a.primal).epsilon(1e-7));
      CHECK((a.w - b.w).cwiseAbs().maxCoeff() < 1e-5);
      CHECK(a.kkt_residual < 1e-7);
    }
  }

  TEST_CASE("separable data with a large C gives the hard-margin hyperplane") {
    SvmProblem P = random_problem(60, 2, kInfinity, 1, 11, 4.0);
    SvmSolution hard = svm_polish(P, svm_interior_point(P));
    REQUIRE(hard.converged);
    P.C = 1e6;
    SvmSolution soft = svm_polish(P, svm_interior_point(P));
    CHECK((hard.w - soft.w).cwiseAbs().maxCoeff() < 1e-6);
    CHECK(hard.b == doctest::Approx(soft.b).epsilon(1e-6));
  }

  TEST_CASE("not separable: the interior point does not converge, the hulls meet") {
    // (0,0)+, (2,0)+, (1,0)−, (1,1)−: the segment between the positives contains (1,0).
    SvmProblem P = make({{0, 0}, {2, 0}, {1, 0}, {1, 1}}, {1, 1, -1, -1});
    CHECK_FALSE(svm_interior_point(P).converged);
    NearestPoints h = nearest_hull_points(P.X, P.y);
    CHECK(h.distance < 1e-9);
    CHECK(h.lambda(0) == doctest::Approx(0.5).epsilon(1e-6));  // ½(0,0) + ½(2,0) = (1,0)
  }

  TEST_CASE("polish on a margin of 1e-10 and 1e-12 of the spread: exact on the two nearest points") {
    // (±g/2, 0) are the nearest points of the hulls: w* = (2/g, 0), b* = 0, α = 2/g² on both. The
    // start is the hulls' hyperplane with a stray 1e-16 of weight on (−g/2, −½), as MDM leaves it.
    // The Gram block of the active set is g² next to the 1s of b's row: unbalanced, the rank
    // threshold took it for 0 and the polish kept w₂ = 2e4 (g = 1e-10), a relative 1e-6.
    for (double g : {1e-10, 1e-12}) {
      INFO("g = " << g);
      SvmProblem P = make({{g / 2, 0}, {1, 1}, {1, -1}, {g / 2, 0.5}, {0.3, 0.2}, {-g / 2, 0}, {-1, 1}, {-1, -1}, {-g / 2, -0.5}, {-0.4, 0.7}},
                          {1, 1, 1, 1, 1, -1, -1, -1, -1, -1});
      SvmSolution s;
      s.alpha = Eigen::VectorXd::Zero(10);
      s.alpha(0) = s.alpha(5) = 2 / (g * g);
      s.alpha(8) = 1e-16 * s.alpha(0);
      s.w = P.X.transpose() * s.alpha.cwiseProduct(P.y);
      s.b = 0;
      s.xi = Eigen::VectorXd::Zero(10);
      s.kkt_residual = svm_kkt_residual(P, s.w, s.b, s.xi, s.alpha);
      const SvmSolution t = svm_polish(P, s);
      CHECK(t.kkt_residual <= 1e-15);
      CHECK(t.w(0) == doctest::Approx(2 / g).epsilon(1e-14));
      CHECK(std::fabs(t.w(1)) <= 1e-14 * t.w(0));
      CHECK(std::fabs(t.alpha(8)) <= 1e-14 * t.alpha(0));
    }
  }
}

TEST_SUITE("svm solvers") {
  TEST_CASE("interior point stopped early: slacks belong to the returned (w, b) and are finite") {
    // The method returns the best iterate it has evaluated; the last step taken is never evaluated,
    // so with max_iterations = k the returned (w, b) is iterate k−1 while the loop's variables hold
    // iterate k. The slacks must be ξ_i = max(0, 1 − y_i(⟨w,x_i⟩ + b)) of the returned (w, b) (the
    // only ξ for which (w, b, ξ) is feasible and optimal given w, b), and the reported objective and
    // KKT residual must be those of that point.
    for (int iterations : {1, 2, 3, 5}) {
      const SvmProblem P = random_problem(60, 3, 1.0, 1, 11u + unsigned(iterations), 0.5);
      const SvmSolution s = svm_interior_point(P, 1e-11, iterations);
      INFO("max_iterations = " << iterations);
      CHECK_FALSE(s.converged);
      REQUIRE(s.xi.size() == P.X.rows());
      CHECK(s.xi.allFinite());
      CHECK(std::isfinite(s.primal));
      CHECK(std::isfinite(s.kkt_residual));
      const Eigen::VectorXd expected = svm_slacks(P, s.w, s.b);
      CHECK((s.xi - expected).cwiseAbs().maxCoeff() == 0.0);
      CHECK(s.primal == doctest::Approx(svm_primal_value(P, s.w, expected)).epsilon(1e-14));
    }
  }
}

TEST_SUITE("svm solvers") {
  TEST_CASE("nearest hull points of 20,000 points: a working set and affine jumps, the same optimality test") {
    // MDM over all points costs O(n·d) a step and, from uniform weights, a step per point dropped,
    // then geometrically shrinking steps: 10,000 separable points of 30 features took 1.2 million
    // steps and 70 s, and 100,000 ran out of its 2 million steps (ex1 exit 1, after about an hour).
    // Separable data: feature 1 is pushed to y·(|x₁| + 0.5). Expected values come from the
    // independent interior point: the hulls' nearest points give w = 2(u − v)/‖u − v‖², which must
    // be the hard margin's w*, and ‖u − v‖ its margin 2/‖w*‖. MDM's own optimality test is
    // re-checked on every point: in each class, no point's gradient ⟨y_i x_i, u − v⟩ is below the
    // largest one of a point with λ_i > 0 by more than the tolerance (1e-13 of max‖x_i‖², slack 10×).
    SvmProblem P = random_problem(20000, 30, kInfinity, 1, 5u, 0.0);
    for (Eigen::Index i = 0; i < P.X.rows(); ++i) P.X(i, 0) = P.y(i) * (std::fabs(P.X(i, 0)) + 0.5);
    const NearestPoints h = nearest_hull_points(P.X, P.y);
    REQUIRE(h.converged);
    CHECK(h.iterations < 200000);
    CHECK((h.lambda.array() >= 0).all());
    const Eigen::VectorXd g = P.y.cwiseProduct(P.X * h.difference);
    const double scale = P.X.rowwise().squaredNorm().maxCoeff();
    for (double cls : {1.0, -1.0}) {
      double top = -kInfinity, low = kInfinity, sum = 0;
      for (Eigen::Index i = 0; i < P.X.rows(); ++i) {
        if (P.y(i) != cls) continue;
        sum += h.lambda(i);
        low = std::min(low, g(i));
        if (h.lambda(i) > 0) top = std::max(top, g(i));
      }
      CHECK(sum == doctest::Approx(1).epsilon(1e-12));
      CHECK(top - low <= 1e-12 * scale);
    }
    const SvmSolution s = svm_polish(P, svm_interior_point(P));
    REQUIRE(s.converged);
    const Eigen::VectorXd w = 2 * h.difference / h.difference.squaredNorm();
    CHECK((w - s.w).norm() <= 1e-6 * s.w.norm());
    CHECK(h.distance == doctest::Approx(2 / s.w.norm()).epsilon(1e-8));
  }
}
