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
