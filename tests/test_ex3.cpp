#include "hw6/exercises/ex3.hpp"
#include "hw6/problems.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <algorithm>
#include <random>

using namespace hw6;

namespace {
std::string error_of(const std::string& text) {
  try {
    ex3::parse(parse_json(text));
  } catch (const InputError& e) {
    return e.pointer() + " " + e.what();
  }
  return "<none>";
}
}  // namespace

TEST_SUITE("ex3") {
  TEST_CASE("λ ≥ λ_max by hand: β* = 0, c* = ln(m₊/m₋)") {
    // 3 positive samples and 1 negative: c* = ln 3 and the value of (4) is
    // (1/4)[3 ln(1 + e^(−ln 3)) + ln(1 + e^(ln 3))] = (1/4)[3 ln(4/3) + ln 4].
    Report r = ex3::run(parse_json(R"({"X": [[1], [2], [-1], [0.5]], "b": [1, 1, 1, -1], "lambda_ratio": 1.5})"));
    CHECK(r.all_checks_passed());
    CHECK(r.results["primal"]["beta"][0].get<double>() == 0.0);
    CHECK(r.results["primal"]["c"].get<double>() == doctest::Approx(std::log(3.0)).epsilon(1e-9));
    CHECK(r.results["primal"]["objective"].get<double>() == doctest::Approx((3 * std::log(4.0 / 3) + std::log(4.0)) / 4).epsilon(1e-10));
    // λ_max = (1/m)|Σ_i x̄_i θ_i| with θ = m₋/m = ¼ for positives and m₊/m = ¾ for the negative:
    // x̄ = (1, 2, −1, −0.5): |¼(1 + 2 − 1) + ¾(−0.5)| / 4 = |0.5 − 0.375| / 4 = 0.03125.
    CHECK(r.results["lambda_max"].get<double>() == doctest::Approx(0.03125).epsilon(1e-12));
  }

  TEST_CASE("λ_max agrees with a bisection on solves") {
    Report r = ex3::run(parse_json(std::string(builtin_problem_text("ex3"))));
    const double lmax = r.results["lambda_max"].get<double>();
    ex3::Problem p = ex3::parse(parse_json(std::string(builtin_problem_text("ex3"))));
    const Eigen::MatrixXd Xbar = p.b.asDiagonal() * p.X;
    double lo = 0.5 * lmax, hi = 2 * lmax;  // β = 0 at hi, not at lo
    for (int k = 0; k < 40; ++k) {
      const double mid = 0.5 * (lo + hi);
      const bool zero = optim::l1_logreg(Xbar, p.b, mid, 1e-12).beta.cwiseAbs().maxCoeff() == 0;
      (zero ? hi : lo) = mid;
    }
    CHECK(hi == doctest::Approx(lmax).epsilon(1e-6));
  }

  TEST_CASE("random instances: zero gap, feasible θ*, screening consistent") {
    std::mt19937 rng(11);
    std::normal_distribution<double> normal(0, 1);
    for (int trial = 0; trial < 8; ++trial) {
      const int m = 10 + 10 * trial, p = 3 + 4 * trial;
      Json X = Json::array(), b = Json::array();
      for (int i = 0; i < m; ++i) {
        Json row = Json::array();
        double s = 0;
        for (int j = 0; j < p; ++j) {
          const double x = normal(rng);
          row.push_back(x);
          s += (j < 2 ? 1.0 : 0.0) * x;
        }
        X.push_back(row);
        b.push_back(s + normal(rng) > 0 ? 1 : -1);
      }
      if (std::abs(std::count(b.begin(), b.end(), 1) - m / 2) == m / 2) continue;  // one class drawn
      Report r = ex3::run(Json{{"X", X}, {"b", b}, {"lambda_ratio", 0.2 + 0.1 * trial}});
      INFO("trial " << trial);
      for (const auto& c : r.checks) {
        INFO(c.name << ": " << c.detail);
        CHECK(c.passed);
      }
    }
  }

  TEST_CASE("bad input") {
    CHECK(error_of(R"({"X": [[1], [2]], "b": [1, -1], "lambda": 0})").rfind("/lambda expected a number > 0", 0) == 0);
    CHECK(error_of(R"({"X": [[1], [2]], "b": [1, 3], "lambda": 1})").rfind("/b/1 label must be 1 or -1", 0) == 0);
    CHECK(error_of(R"({"X": [[1], [2]], "b": [1, 1], "lambda": 1})").rfind("/b both classes are needed", 0) == 0);
    CHECK(error_of(R"({"X": [[1]], "b": [1], "lambda": 1})").rfind("/X expected at least 2 samples", 0) == 0);
    CHECK(error_of(R"({"X": [[1], [2]], "b": [1, -1], "lambda": 1, "lambda_ratio": 0.5})").find("exactly one of") != std::string::npos);
  }

  TEST_CASE("zero and constant columns are situations, reported") {
    Report r = ex3::run(parse_json(R"({"X": [[0, 1, 2], [0, 1, -1], [0, 1, 0.5], [0, 1, 3]], "b": [1, -1, -1, 1], "lambda_ratio": 0.5})"));
    CHECK(r.all_checks_passed());
    CHECK(r.results["primal"]["beta"][0].get<double>() == 0.0);
    CHECK(r.results["primal"]["beta"][1].get<double>() == 0.0);
  }
}
