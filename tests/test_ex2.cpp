#include "hw6/exercises/ex2.hpp"
#include "hw6/problems.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace hw6;

namespace {
ex2::Analysis analyze(const std::string& problem) {
  ex2::Problem p = ex2::parse(parse_json(R"({"problems": [)" + problem + "]}"));
  return ex2::analyze(p.problems[0]);
}
std::string error_of(const std::string& text) {
  try {
    ex2::parse(parse_json(text));
  } catch (const InputError& e) {
    return e.pointer() + " " + e.what();
  }
  return "<none>";
}
}  // namespace

TEST_SUITE("ex2") {
  TEST_CASE("smooth convex: f = x², g = 1 − x") {
    // Feasible x ≥ 1, so f* = 1 at x = 1. q(μ) = min_x x² + μ(1 − x) = μ − μ²/4 (x = μ/2),
    // maximized at μ = 2 with q* = 1: no gap, the unique multiplier 2.
    auto a = analyze(R"({"name": "p", "f": "x^2", "g": "1 - x"})");
    CHECK(a.primal.value == doctest::Approx(1));
    CHECK(a.primal.attained);
    for (const auto& [mu, inf] : a.dual)
      if (mu <= 10) CHECK(inf.value == doctest::Approx(mu - mu * mu / 4).epsilon(1e-9));
    CHECK(a.q_star == doctest::Approx(1).epsilon(1e-12));
    REQUIRE(a.multipliers);
    CHECK(a.multipliers->first == doctest::Approx(2).epsilon(1e-6));
    CHECK(a.multipliers->second == doctest::Approx(2).epsilon(1e-6));
  }

  TEST_CASE("the homework's (a): zero gap, no multiplier, q* approached as μ → ∞") {
    // q(μ) = min_x x + μx² = −1/(4μ) for μ > 0 and −∞ at μ = 0.
    auto a = analyze(R"({"name": "a", "f": "x", "g": "x^2"})");
    CHECK(a.primal.value == 0);
    CHECK(a.dual[0].second.value == -INFINITY);
    CHECK(a.dual[20].second.value == doctest::Approx(-1.0 / (4 * a.dual[20].first)));
    CHECK_FALSE(a.q_attained);
    CHECK(a.q_star == 0);
    CHECK_FALSE(a.multipliers);
  }

  TEST_CASE("the homework's (c): the multipliers form [0, 1]") {
    auto a = analyze(R"({"name": "c", "f": {"piecewise": [{"if": "x <= 0", "then": "-x"}, {"if": "x > 0", "then": "0"}]}, "g": "x"})");
    REQUIRE(a.multipliers);
    CHECK(a.multipliers->first == 0);
    CHECK(a.multipliers->second == doctest::Approx(1).epsilon(1e-9));
  }

  TEST_CASE("f* = −∞, an infeasible constraint, a bounded X, a gap") {
    auto unbounded = analyze(R"J({"name": "u", "f": "-log(x)", "g": "-x"})J");  // −log x → −∞ as x → ∞
    CHECK(unbounded.primal.value == -INFINITY);
    auto bounded = analyze(R"({"name": "u", "f": "1/x - 5", "g": "-x"})");  // x ≥ 0: → −5 as x → ∞, not −∞
    CHECK(bounded.primal.value == doctest::Approx(-5).epsilon(1e-9));
    CHECK_FALSE(bounded.primal.attained);
    auto pole = analyze(R"({"name": "u", "f": "-1/x - 5", "g": "-x"})");  // → −∞ as x → 0⁺: a pole, not −10¹²
    CHECK(pole.primal.value == -INFINITY);
    CHECK(pole.primal.where == "x → 0⁺");
    auto infeasible = analyze(R"({"name": "i", "f": "x", "g": "x^2 + 1"})");
    CHECK(infeasible.primal.value == INFINITY);
    CHECK_FALSE(infeasible.feasible);
    auto box = analyze(R"({"name": "b", "f": "-x", "g": "x - 1", "X": [0, 5]})");  // f* = −1 at x = 1
    CHECK(box.primal.value == doctest::Approx(-1));
    REQUIRE(box.multipliers);
    CHECK(box.multipliers->first == doctest::Approx(1).epsilon(1e-6));  // q(μ) = min_{[0,5]} −x + μ(x − 1)
    auto gap = analyze(R"({"name": "g", "f": {"piecewise": [{"if": "x <= 0", "then": "1"}, {"if": "x > 0", "then": "0"}]}, "g": "x"})");
    REQUIRE(gap.gap);
    CHECK(*gap.gap == doctest::Approx(1));
  }

  TEST_CASE("the built-in problems: every false claim has its counterexample") {
    Report r = ex2::run(parse_json(std::string(builtin_problem_text("ex2"))));
    CHECK(r.all_checks_passed());
    for (const auto& c : r.results["claims"]) {
      INFO(c.dump());
      CHECK(c["holds"] == (c["claim"] == "c"));
      if (c["claim"] != "c") CHECK_FALSE(c["counterexample"].is_null());
    }
  }

  TEST_CASE("bad input names the field and the column") {
    CHECK(error_of(R"({"problems": [{"name": "p", "f": "x +", "g": "x"}]})").rfind("/problems/0/f column 4", 0) == 0);
    CHECK(error_of(R"({"problems": [{"name": "p", "f": "x", "g": {"piecewise": [{"if": "x <= ", "then": "1"}]}}]})")
              .rfind("/problems/0/g/piecewise/0/if column", 0) == 0);
    CHECK(error_of(R"({"problems": [{"name": "p", "f": {"piecewise": [{"if": "x < 0", "then": "1"}]}, "g": "x"}]})")
              .rfind("/problems/0/f no branch of the piecewise function applies at x = ", 0) == 0);
    CHECK(error_of(R"({"problems": [{"name": "p", "f": "x", "g": "x", "X": [2, 1]}]})").rfind("/problems/0/X expected lo < hi", 0) == 0);
  }
}
