// Exercise 2 on problems a TA's review added: a constant q that is a vertex formula, a gap that is
// rounding, overflow to −∞ far out, f and μg cancelling far out. Each case failed before its fix.
#include "hw6/exercises/ex2.hpp"
#include "hw6/problems.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using namespace hw6;

namespace {
ex2::Analysis analyze_one(const std::string& problem) {
  ex2::Problem p = ex2::parse(parse_json(R"({"problems": [)" + problem + "]}"));
  return ex2::analyze(p.problems[0]);
}
bool all_checks_pass(const std::string& problem) {
  const Report r = ex2::run(parse_json(R"({"problems": [)" + problem + "]}"));
  for (const auto& c : r.checks)
    if (!c.passed) return false;
  return true;
}
}  // namespace

TEST_SUITE("ex2 review") {
  TEST_CASE("q ≡ f* on [0, ∞) from a vertex formula: every μ ≥ 0 is a multiplier") {
    // f = g = x²: L = (1 + μ)x², q(μ) = 0 = f* for every μ ≥ 0 (it said [0, 0], "exactly one").
    for (const char* p : {R"({"name": "p", "f": "x^2", "g": "x^2"})", R"({"name": "p", "f": "0", "g": "x^2"})",
                          R"({"name": "p", "f": "2*x^2 + 3", "g": "x^2"})"}) {
      CAPTURE(p);
      const auto a = analyze_one(p);
      REQUIRE(a.multipliers);
      CHECK(a.multipliers->first == 0);
      CHECK(a.multipliers->second == std::numeric_limits<double>::infinity());
    }
  }

  TEST_CASE("a multiplier exists, so the gap is 0, not rounding noise") {
    // f = 1e-8·x, g = x² − 1: f* = −1e-8 at x = −1, q(μ) = −μ − 2.5e-17/μ, q* = −1e-8 at μ = 5e-9.
    // It printed "Duality gap f* − q* = 1.654361e-24: there is a duality gap." beside the multiplier.
    const auto a = analyze_one(R"({"name": "p", "f": "1e-8*x", "g": "x^2 - 1"})");
    REQUIRE(a.multipliers);
    REQUIRE(a.gap);
    CHECK(*a.gap == 0);
    // The same outside the closed form: f = x⁴, g = 1 − x (multiplier 4; the gap was 2.2e-16).
    const auto b = analyze_one(R"({"name": "p", "f": "x^4", "g": "1 - x"})");
    REQUIRE(b.multipliers);
    REQUIRE(b.gap);
    CHECK(*b.gap == 0);
  }

  TEST_CASE("overflow to −∞ far out is −∞, not a finite minimum") {
    // f = x³ (outside the class), g = x: f* = −∞. It said f* = −3.162278e+307, a finite q* and the
    // multipliers [0, ∞).
    const auto a = analyze_one(R"({"name": "p", "f": "x^3", "g": "x"})");
    CHECK(a.primal.value == -std::numeric_limits<double>::infinity());
    CHECK(a.q_star == -std::numeric_limits<double>::infinity());
    CHECK_FALSE(a.multipliers);
    // f = −e⁻ˣ, g = x (in the class: q ≡ −∞): the sampled check saw e⁻ˣ overflow beyond x = −709
    // and reported q(μ) = −2.2e137 "attained at x = −316", so the self-check failed (exit 1).
    CHECK(all_checks_pass(R"J({"name": "p", "f": "-exp(-x)", "g": "x"})J"));
  }

  TEST_CASE("f + μg cancelling far out: the sampled q(μ) is read from the collected coefficients") {
    // f = (x − 0.5)², g = 1 − x². L(x, μ) = f + μg = (1 − μ)x² − x + 0.25 + μ. For μ < 1 a convex
    // parabola with vertex x = 1/(2(1 − μ)): q(μ) = 0.25 + μ − 1/(4(1 − μ)) = 1/4 + μ + 1/(4(μ − 1))
    // (q(0) = 0 at x = 0.5). At μ = 1, L = 1.25 − x → −∞ as x → +∞; for μ > 1 the x² term is
    // negative: q = −∞ on [1, ∞). q'(μ) = 1 − 1/(4(1 − μ)²) = 0 at μ* = 1/2, q(1/2) = 0.25 + 0.5 −
    // 0.5 = 0.25 = f* (feasible set |x| ≥ 1, nearest to 0.5 is x = 1, where the vertex lies).
    // The sampled check added f(x) and μg(x), two terms of size x² that cancel at μ = 1: beyond
    // x ≈ 5e7 every sample was left out as noise, and it reported q(1) = −3.162278e+07 "attained
    // far out" against the closed form's −∞: "closed-form q(μ) = sampled q(μ)" failed (exit 1).
    const char* q = R"({"name": "p", "f": "(x - 0.5)^2", "g": "1 - x^2"})";
    const auto a = analyze_one(q);
    REQUIRE(a.closed_form);
    const double inf = std::numeric_limits<double>::infinity();
    for (double mu : {0.0, 0.25, 0.5, 0.75, 0.9})
      CHECK(ex2::closed::q_value(*a.closed_form, mu) == doctest::Approx(0.25 + mu + 1 / (4 * (mu - 1))).epsilon(1e-14));
    for (double mu : {1.0, 1.5, 10.0}) CHECK(ex2::closed::q_value(*a.closed_form, mu) == -inf);
    CHECK(a.primal.value == doctest::Approx(0.25));
    CHECK(a.q_star == doctest::Approx(0.25));
    REQUIRE(a.multipliers);
    CHECK(a.multipliers->first == doctest::Approx(0.5));
    CHECK(a.multipliers->second == doctest::Approx(0.5));
    bool seen = false;
    for (const auto& [mu, s] : a.dual)
      if (mu == 1) {
        seen = true;
        CHECK(s.value == -inf);
        CHECK(s.where == "x → +∞");
      }
    CHECK(seen);
    CHECK(all_checks_pass(q));
    // The same cancellation at a rounding-free μ: 10¹⁰x² + x with 1 − 10¹⁰x² (q(1) printed
    // −524288), and within 10⁶: x²/3 with 1 − x² at μ* = 1/3, where L ≡ 1/3 and the sum gave
    // 0.333313 at x = 10⁶ (relative difference 1.5e-5).
    CHECK(all_checks_pass(R"({"name": "p", "f": "1e10*x^2 + x", "g": "1 - 1e10*x^2"})"));
    CHECK(all_checks_pass(R"({"name": "p", "f": "x^2/3", "g": "1 - x^2"})"));
  }

  TEST_CASE("claims (f), (g): a sampled near-minimizer beside the optimum is no counterexample") {
    // f = x⁴, g = 1 − x (outside the class): μ* = 4, L(x, 4) = x⁴ + 4 − 4x has the one minimizer
    // x = 1, feasible and optimal. The sampled grid's x = 1 + 1e-9 has L within rounding of q(4)
    // (excess 6e-18) and f(x) − f* = 4e-9: it was printed as "x = 1 ... yet f(1) = 1 > f* = 1".
    // The same for x³ on [0, ∞) with g = 1 − x (μ* = 3).
    for (const char* q : {R"({"name": "c", "f": "x^4", "g": "1 - x"})", R"({"name": "c", "f": "x^3", "g": "1 - x", "X": [0, "inf"]})"}) {
      CAPTURE(q);
      const ex2::Problem p = ex2::parse(parse_json(std::string(R"({"problems": [)") + q + "]}"));
      const ex2::Result r = ex2::solve(p);
      REQUIRE(r.claims.size() == 7);
      CHECK_FALSE(r.claims[5].counterexample);  // (f)
      CHECK_FALSE(r.claims[6].counterexample);  // (g)
    }
  }
}
