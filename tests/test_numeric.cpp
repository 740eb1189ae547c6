#include "hw6/numeric.hpp"

#include <doctest/doctest.h>

#include <cmath>

TEST_SUITE("numeric") {
  TEST_CASE("softmax of (0, ln 2) is (1/3, 2/3)") {
    // exp(0) = 1, exp(ln 2) = 2, sum 3.
    Eigen::Vector2d x(0.0, std::log(2.0));
    Eigen::VectorXd p = hw6::softmax(x);
    CHECK(p(0) == doctest::Approx(1.0 / 3).epsilon(1e-15));
    CHECK(p(1) == doctest::Approx(2.0 / 3).epsilon(1e-15));
  }

  TEST_CASE("stable where the naive formula is not") {
    Eigen::Vector3d x(1000, 1000, 1000);
    CHECK_FALSE(hw6::softmax_naive(x).allFinite());
    CHECK(hw6::softmax(x)(0) == doctest::Approx(1.0 / 3));
    // log-softmax of (−1000, 0, 1000): logsumexp = 1000 + log(1 + e^−1000 + e^−2000) = 1000 in doubles.
    Eigen::Vector3d y(-1000, 0, 1000);
    Eigen::VectorXd l = hw6::log_softmax(y);
    CHECK(l(0) == doctest::Approx(-2000));
    CHECK(l(1) == doctest::Approx(-1000));
    CHECK(l(2) == doctest::Approx(0));
    CHECK(hw6::softmax(y)(0) == 0.0);  // a true underflow, not a clamped exp
  }

  TEST_CASE("log-softmax subtracts the maximum before adding log Σ, so large equal inputs give −ln n") {
    // x − (max + log Σ) lost log Σ = ln 3 to the rounding of max = 1e300 and gave 0: Exercise 5's
    // loss of a network with outputs near 1e300 was printed as 0 instead of ln 3.
    Eigen::Vector3d x(1e300, 1e300, 1e300);
    Eigen::VectorXd l = hw6::log_softmax(x);
    for (int i = 0; i < 3; ++i) CHECK(l(i) == doctest::Approx(-std::log(3.0)).epsilon(1e-15));
    Eigen::Vector2d y(1e20, 1e20 - 65536);  // exact differences: −ln(1 + e^−65536) = −0 and −65536
    CHECK(hw6::log_softmax(y)(1) == doctest::Approx(-65536).epsilon(1e-15));
  }

  TEST_CASE("central differences of a quadratic are exact up to rounding") {
    // f(X) = Σ X_ij² has gradient 2X.
    Eigen::MatrixXd X(2, 3);
    X << 1, -2, 3, 0.5, 100, -7;
    auto G = hw6::numeric_gradient([](const Eigen::MatrixXd& M) { return M.squaredNorm(); }, X);
    CHECK(hw6::scaled_max_error(G, 2 * X) < 1e-8);
  }

  TEST_CASE("numeric Jacobian of a linear map is the matrix") {
    Eigen::Matrix2d A;
    A << 1, 2, 3, 4;
    auto J = hw6::numeric_jacobian([&](const Eigen::VectorXd& v) { return Eigen::VectorXd(A * v); }, Eigen::Vector2d(5, -1));
    CHECK(hw6::scaled_max_error(J, A) < 1e-9);
  }
}

TEST_SUITE("adaptive differences") {
  // L(W) = log(1 + exp(w·x)) with x of size `scale` and W of size 1/scale: w·x is O(1) at every
  // scale, so the true gradient is σ(w·x)·x, of size `scale`, and a fixed step of 1e-5 on W would
  // move w·x by 1e-5·scale. The check must pass the right gradient and fail a wrong one at every
  // scale from 1e-6 to 1e6.
  TEST_CASE("a right gradient passes and a gradient wrong by 1e-5 in one entry fails, at every scale") {
    for (double scale : {1e-6, 1e-3, 1.0, 1e3, 1e6}) {
      CAPTURE(scale);
      const Eigen::Vector3d x = scale * Eigen::Vector3d(1.0, -2.0, 0.5);
      Eigen::MatrixXd W(1, 3);
      W << 0.3 / scale, 0.1 / scale, -0.4 / scale;
      auto L = [&](const Eigen::MatrixXd& M) { return std::log1p(std::exp(M.row(0).dot(x))); };
      const double s = 1 / (1 + std::exp(-W.row(0).dot(x)));
      const Eigen::MatrixXd G = s * x.transpose();
      const hw6::Differences d = hw6::adaptive_gradient(L, W);
      CHECK(hw6::difference_error(G, d) < 1e-6);
      Eigen::MatrixXd wrong = G;
      wrong(0, 1) *= 1 + 1e-5;
      CHECK(hw6::difference_error(wrong, d) > 1e-6);
    }
  }

  TEST_CASE("a kink: steps that straddle it agree on the wrong slope unless they are capped") {
    // relu(w·x) with w·x = 1e-9 > 0: the derivative in w is x. Steps above 1e-9 straddle the kink
    // and all give x/2 (the average of the two slopes), which looks settled.
    const Eigen::Vector2d x(1.0, 2.0);
    Eigen::MatrixXd W(1, 2);
    W << 1e-9, 0;
    auto L = [&](const Eigen::MatrixXd& M) { return std::max(0.0, M.row(0).dot(x)); };
    const Eigen::MatrixXd G = x.transpose();
    const double z = W.row(0).dot(x);
    const hw6::Differences capped = hw6::adaptive_gradient(L, W, [&](Eigen::Index k) { return 0.5 * z / x(k); });
    CHECK(hw6::difference_error(G, capped) < 1e-6);
    CHECK(hw6::difference_error(G, hw6::adaptive_gradient(L, W)) > 0.1);  // uncapped: fooled, as the cap's comment says
  }

  TEST_CASE("a zero gradient against differences that are only rounding passes; a nonzero claim fails") {
    Eigen::MatrixXd X(2, 2);
    X << 1, 2, 3, 4;
    auto constant = [](const Eigen::MatrixXd& M) { return 5.0 + 0 * M.sum(); };
    const hw6::Differences d = hw6::adaptive_gradient(constant, X);
    CHECK(hw6::difference_error(Eigen::MatrixXd::Zero(2, 2), d) == 0);
    Eigen::MatrixXd claim = Eigen::MatrixXd::Zero(2, 2);
    claim(1, 0) = 1e-3;
    CHECK(hw6::difference_error(claim, d) > 1e-6);
  }

  TEST_CASE("past 256 entries: random directions and sampled entries, still failing a wrong entry") {
    // L(W) = log(1 + exp(Σ_ij W_ij c_ij)) on a 40×30 W: gradient σ(⟨W, C⟩)·C.
    Eigen::MatrixXd W = Eigen::MatrixXd::Random(40, 30) * 0.05, C = Eigen::MatrixXd::Random(40, 30);
    auto L = [&](const Eigen::MatrixXd& M) { return std::log1p(std::exp(M.cwiseProduct(C).sum())); };
    const Eigen::MatrixXd G = C / (1 + std::exp(-W.cwiseProduct(C).sum()));
    CHECK(hw6::derivative_check_coverage(1200) == " (3 random directions and 32 of 1,200 entries)");
    CHECK(hw6::derivative_check_coverage(256).empty());
    CHECK(hw6::gradient_check(L, W, G) < 1e-6);
    // One entry off by 1e-3 of the largest: no sampled entry needs to hit it, the directions see it.
    for (Eigen::Index k : {Eigen::Index(0), Eigen::Index(517), Eigen::Index(1199)}) {
      Eigen::MatrixXd wrong = G;
      wrong.data()[k] += 1e-3 * G.cwiseAbs().maxCoeff();
      CHECK(hw6::gradient_check(L, W, wrong) > 1e-6);
    }
  }

  TEST_CASE("a function that is not smooth anywhere near the point does not pass unmeasured") {
    // sign-like: the differences never settle, so the error is the size of their own disagreement.
    Eigen::MatrixXd X(1, 1);
    X << 0.0;
    auto step = [](const Eigen::MatrixXd& M) { return M(0, 0) > 0 ? 1.0 : 0.0; };
    CHECK(hw6::difference_error(Eigen::MatrixXd::Zero(1, 1), hw6::adaptive_gradient(step, X)) > 1e-3);
  }
}

TEST_CASE("golden-section search finds the minimizer of a unimodal function") {
  // (x − 2)² on [0, 5]: the minimizer is 2. Comparing function values resolves x only to about
  // √(machine epsilon) ≈ 1.5e-8 relative (f is flat to second order there), hence the tolerance.
  const auto [a, b] = hw6::golden_section_min([](double x) { return (x - 2) * (x - 2); }, 0, 5, 1e-15);
  CHECK(0.5 * (a + b) == doctest::Approx(2).epsilon(1e-7));
  // |x + 1| on [−3, 4]: a kink, still unimodal; the bracket closes on −1.
  const auto [c, d] = hw6::golden_section_min([](double x) { return std::fabs(x + 1); }, -3, 4, 1e-12);
  CHECK(std::fabs(0.5 * (c + d) + 1) < 1e-10);
  // A trial point where f is not finite stops the search with the bracket so far.
  const auto [e, f] = hw6::golden_section_min([](double x) { return x > 1 ? std::nan("") : -x; }, 0, 2, 1e-12);
  CHECK(e <= f);
}
