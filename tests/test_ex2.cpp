#include "hw6/exercises/ex2.hpp"
#include "hw6/problems.hpp"
#include "hw6/render.hpp"
#include "input_error.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <random>

using namespace hw6;

namespace {
ex2::Analysis analyze(const std::string& problem) {
  ex2::Problem p = ex2::parse(parse_json(R"({"problems": [)" + problem + "]}"));
  return ex2::analyze(p.problems[0]);
}
std::string error_of(const std::string& text) {
  return hw6::testing::input_error_of([&] { ex2::parse(parse_json(text)); });
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
    REQUIRE(a.dual.size() > 5);
    for (const auto& [mu, inf] : a.dual)
      if (mu > 0) CHECK(inf.value == doctest::Approx(-1.0 / (4 * mu)).epsilon(1e-9));
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

  TEST_CASE("the Markdown write-up: every function in LaTeX, no code block left") {
    // The homework's (b) is piecewise: a cases environment; (a)'s dual q(μ) = −1/(4μ) a fraction in μ.
    const std::string md = render_markdown(ex2::run(parse_json(std::string(builtin_problem_text("ex2")))), "");
    CHECK(md.find("```") == std::string::npos);
    CHECK(md.find("\\begin{cases} e^{x} & \\text{if } x \\le 0 \\\\ 1 - x & \\text{if } 0 \\le x \\le 1") != std::string::npos);
    CHECK(md.find("q(\\mu) &= \\frac{-1}{4 \\mu} && \\mu \\in (0, \\infty) && x = \\frac{-1}{2 \\mu}") != std::string::npos);
    CHECK(md.find("x \\to -\\infty") != std::string::npos);
    // q as a minimum over two cells, each with its own minimizer: x = −μ/2 (from x² + μ(x − 10)) and
    // x = 4 − μ/2 (from (x − 4)² + μ(x − 10)), listed per cell.
    const std::string two = render_markdown(ex2::run(parse_json(R"j({"problems": [{"name": "two", "f": "min(x^2, (x - 4)^2)", "g": "x - 10"}]})j")), "");
    CHECK(two.find("```") == std::string::npos);
    CHECK(two.find("\\text{for } -10 \\mu - \\frac{\\mu^{2}}{4}\\text{: } x = \\frac{-\\mu}{2},\\quad \\text{for } -6 \\mu - \\frac{\\mu^{2}}{4}\\text{: } x = 4 - \\frac{\\mu}{2}") != std::string::npos);
  }

  TEST_CASE("closed-form formulas read back as what they say (a TA's review)") {
    // x(μ) = (12μ − 3)/(6μ) was printed "(12*mu - 3)/6*mu", which reads as ((12μ − 3)/6)·μ: at μ = 2
    // the minimizer of 3x − 1 + 6(x − 2)² is 1.75, the text gave 7. A coefficient of 2.5e-21 was
    // printed "-0". A coefficient that overflows (f = 1e300·x) made the read-back check throw,
    // and the command end in std::terminate; now that check fails and the run goes on.
    Report r = ex2::run(parse_json(R"({"problems": [{"name": "a", "f": "3*x - 1", "g": "3*(x - 2)^2"},
                                                    {"name": "b", "f": "x^2 + 1e-10*x", "g": "x - 1"}]})"));
    const Json& a = r.results["problems"][0]["dual_closed_form"];
    REQUIRE(a.size() == 2);
    std::string x = a[1]["x"].get<std::string>();
    REQUIRE(x.rfind("x = ", 0) == 0);
    x = x.substr(4);
    for (auto at = x.find("mu"); at != std::string::npos; at = x.find("mu")) x.replace(at, 2, "x");
    CHECK(hw6::expr::Expression::parse(x)(2.0) == doctest::Approx(1.75));
    const std::string q = r.results["problems"][1]["dual_closed_form"][0]["q"].get<std::string>();
    CHECK(q.rfind("-2.5e-21 ", 0) == 0);
    Report huge = ex2::run(parse_json(R"({"problems": [{"name": "huge", "f": "1e300*x", "g": "x^2 - 1"}]})"));
    CHECK_FALSE(huge.all_checks_passed());
  }

  TEST_CASE("bad input names the field and the column") {
    CHECK(error_of(R"({"problems": [{"name": "p", "f": "x +", "g": "x"}]})").rfind("/problems/0/f column 4", 0) == 0);
    CHECK(error_of(R"({"problems": [{"name": "p", "f": "x", "g": {"piecewise": [{"if": "x <= ", "then": "1"}]}}]})")
              .rfind("/problems/0/g/piecewise/0/if column", 0) == 0);
    CHECK(error_of(R"({"problems": [{"name": "p", "f": {"piecewise": [{"if": "x < 0", "then": "1"}]}, "g": "x"}]})")
              .rfind("/problems/0/f no branch of the piecewise function applies at x = ", 0) == 0);
    CHECK(error_of(R"({"problems": [{"name": "p", "f": "x", "g": "x", "X": [2, 1]}]})").rfind("/problems/0/X expected lo < hi", 0) == 0);
    // A gap of 1e-13 after 0.3: an input error (found by the sampling grid or the closed form's split).
    CHECK(error_of(R"({"problems": [{"name": "p", "f": {"piecewise": [{"if": "x <= 0.3", "then": "1"}, {"if": "x >= 0.3000000000001", "then": "0"}]}, "g": "x"}]})")
              .rfind("/problems/0/f no branch", 0) == 0);
    // 10,000 nested minus signs: an input error naming the field, its column and the limit.
    const std::string deep = error_of(R"({"problems": [{"name": "p", "f": ")" + std::string(10000, '-') + R"(x", "g": "x"}]})");
    CHECK(deep.rfind("/problems/0/f column 201 of \"----------------------------------------…\" (10001 characters): ", 0) == 0);
    CHECK(deep.find("expression nested deeper than 200 levels") != std::string::npos);
  }
}

namespace {
/// The closed form of a one-problem file.
ex2::closed::ClosedForm closed_of(const std::string& problem) {
  ex2::Problem p = ex2::parse(parse_json(R"({"problems": [)" + problem + "]}"));
  return ex2::closed::derive(p.problems[0]);
}
/// "[lo, hi] q" for each piece, to compare the whole closed form at once.
std::string pieces(const ex2::closed::ClosedForm& cf) {
  std::string s;
  for (const auto& pc : cf.pieces) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%g, %g%s ", pc.lo_closed || pc.lo == pc.hi ? "[" : "(", pc.lo, pc.hi,
                  pc.hi_closed || pc.lo == pc.hi ? "]" : ")");
    s += (s.empty() ? "" : "; ") + std::string(buf) + pc.q;
  }
  return s;
}
}  // namespace

TEST_SUITE("ex2 closed form") {
  TEST_CASE("(a) f = x, g = x²: q(0) = −∞, q(μ) = −1/(4μ)") {
    // L = x + μx². μ = 0: L = x → −∞ as x → −∞. μ > 0: a convex parabola with vertex x = −1/(2μ)
    // and value −1/(2μ) + μ/(4μ²) = −1/(4μ). q* = sup −1/(4μ) = 0, approached as μ → ∞.
    auto cf = closed_of(R"J({"name": "a", "f": "x", "g": "x^2"})J");
    CHECK(pieces(cf) == "[0, 0] -inf; (0, inf) -1/(4*mu)");
    CHECK(cf.pieces[1].x == "x = -1/(2*mu)");
    CHECK(cf.f_star == 0);
    CHECK(cf.f_attained);
    CHECK(cf.q_star == 0);
    CHECK_FALSE(cf.q_attained);
    CHECK(cf.q_where == "μ → ∞");
    CHECK_FALSE(cf.multipliers);
    CHECK(ex2::closed::q_at(cf, 2).value == -0.125);
  }

  TEST_CASE("(b): q(0) = 0, −∞ for μ > 0") {
    // μ = 0: inf f = 0, attained on x ≥ 1. μ > 0: on x < 0, L = eˣ + μx → −∞ as x → −∞.
    // f* = inf_{x ≤ 0} eˣ = 0, not attained; q* = q(0) = 0 = f*: the multipliers are {0}.
    auto cf = closed_of(R"J({"name": "b", "f": {"piecewise": [{"if": "x <= 0", "then": "exp(x)"}, {"if": "0 <= x <= 1", "then": "1 - x"}, {"if": "x > 1", "then": "0"}]}, "g": "x"})J");
    CHECK(pieces(cf) == "[0, 0] 0; (0, inf) -inf");
    CHECK(cf.f_star == 0);
    CHECK_FALSE(cf.f_attained);
    CHECK(cf.f_where == "x → −∞");
    CHECK(cf.q_star == 0);
    CHECK(cf.q_attained);
    REQUIRE(cf.multipliers);
    CHECK(cf.multipliers->first == 0);
    CHECK(cf.multipliers->second == 0);
  }

  TEST_CASE("(c): 0 on [0, 1], −∞ beyond") {
    // x ≤ 0: L = (μ − 1)x, bounded below by its value 0 at x = 0 iff μ ≤ 1; x > 0: L = μx > 0.
    auto cf = closed_of(R"J({"name": "c", "f": {"piecewise": [{"if": "x <= 0", "then": "-x"}, {"if": "x > 0", "then": "0"}]}, "g": "x"})J");
    CHECK(pieces(cf) == "[0, 1] 0; (1, inf) -inf");
    REQUIRE(cf.multipliers);
    CHECK(cf.multipliers->first == 0);
    CHECK(cf.multipliers->second == 1);
  }

  TEST_CASE("f = x², g = 1 − x: q(μ) = μ − μ²/4, μ* = 2") {
    // L = x² − μx + μ, vertex x = μ/2, q = μ − μ²/4; q' = 1 − μ/2 = 0 at μ = 2, q(2) = 1 = f* (x = 1).
    auto cf = closed_of(R"J({"name": "s", "f": "x^2", "g": "1 - x"})J");
    CHECK(pieces(cf) == "[0, inf) mu - mu^2/4");
    CHECK(cf.pieces[0].x == "x = mu/2");
    CHECK(cf.q_star == doctest::Approx(1).epsilon(1e-15));
    REQUIRE(cf.multipliers);
    CHECK(cf.multipliers->first == doctest::Approx(2).epsilon(1e-15));
  }

  TEST_CASE("an exponential piece: f = eˣ, g = 1 − x") {
    // L = eˣ + μ − μx: for μ > 0 the stationary point x = ln μ gives q = μ + μ − μ ln μ = 2μ − μ ln μ;
    // q(0) = inf eˣ = 0 (not attained). q' = 1 − ln μ = 0 at μ = e: q(e) = e = f* = f(1).
    auto cf = closed_of(R"J({"name": "e", "f": "exp(x)", "g": "1 - x"})J");
    CHECK(pieces(cf) == "[0, 0] 0; (0, inf) 2*mu - mu*log(mu)");
    CHECK(cf.pieces[1].x == "x = log(mu)");
    CHECK(cf.f_star == doctest::Approx(std::exp(1.0)).epsilon(1e-15));
    REQUIRE(cf.multipliers);
    CHECK(cf.multipliers->first == doctest::Approx(std::exp(1.0)).epsilon(1e-12));
  }

  TEST_CASE("e^(−x) and max: f = e⁻ˣ + max(x, 0), g = x − 2") {
    // x < 0: L = e⁻ˣ + μ(x − 2), decreasing in x for μ < 1 ... the infimum over x ≥ 0 is at the
    // stationary point of e⁻ˣ + (1 + μ)x: e⁻ˣ = 1 + μ, x = −ln(1 + μ) < 0, outside; so on x ≥ 0
    // L is increasing and its infimum is L(0) = 1 − 2μ. On x < 0: L' = −e⁻ˣ + μ < 0 when μ ≤ 1,
    // so the infimum is the limit at 0⁻, 1 − 2μ too; for μ > 1 the stationary point x = −ln μ < 0
    // gives μ + μ(−ln μ − 2) = −μ − μ ln μ. So q = 1 − 2μ on [0, 1], −μ − μ ln μ beyond.
    // f* = f(0) = 1 (f ≥ 1 everywhere: e⁻ˣ ≥ 1 − x... for x ≥ 0 e⁻ˣ + x ≥ 1). q(0) = 1: μ* = 0.
    auto cf = closed_of(R"J({"name": "m", "f": "exp(-x) + max(x, 0)", "g": "x - 2"})J");
    CHECK(pieces(cf) == "[0, 1] 1 - 2*mu; (1, inf) -mu - mu*log(mu)");
    CHECK(ex2::closed::q_at(cf, 3).value == doctest::Approx(-3 - 3 * std::log(3.0)).epsilon(1e-14));
    CHECK(cf.f_star == 1);
    REQUIRE(cf.multipliers);
    CHECK(cf.multipliers->first == 0);
    CHECK(cf.multipliers->second == 0);
  }

  TEST_CASE("kinks: |x| − x/2 + 1/2 on [−10, 10] has minimum 1/2 at x = 0 (SymPy's minimum says 11/2)") {
    auto cf = closed_of(R"J({"name": "k", "f": "abs(x) - x/2 + 1/2", "g": "x - 20", "X": [-10, 10]})J");
    CHECK(cf.f_star == 0.5);
    CHECK(cf.f_where == "x = 0");
    // f = |x| − x/2, g = x + 1: feasible x ≤ −1 where f = −3x/2 ≥ 3/2; L = (μ − 3/2)x + μ on x < 0
    // and (1/2 + μ)x + μ on x > 0: q = μ on [0, 3/2], −∞ beyond; μ* = 3/2.
    auto k2 = closed_of(R"J({"name": "k", "f": "abs(x) - x/2", "g": "x + 1"})J");
    CHECK(pieces(k2) == "[0, 1.5] mu; (1.5, inf) -inf");
    CHECK(k2.f_star == 1.5);
    REQUIRE(k2.multipliers);
    CHECK(k2.multipliers->first == 1.5);
    CHECK(k2.multipliers->second == 1.5);
  }

  TEST_CASE("infeasible: f = x, g = x² + 1 gives f* = +∞ and q* = +∞") {
    // g > 0 everywhere. L = x + μx² + μ: q = μ − 1/(4μ) → +∞.
    auto cf = closed_of(R"J({"name": "i", "f": "x", "g": "x^2 + 1"})J");
    CHECK_FALSE(cf.feasible);
    CHECK(cf.f_star == INFINITY);
    CHECK(pieces(cf) == "[0, 0] -inf; (0, inf) mu - 1/(4*mu)");
    CHECK(cf.q_star == INFINITY);
  }

  TEST_CASE("outside the class: the reason") {
    auto reason = [](const std::string& problem) {
      try {
        closed_of(problem);
      } catch (const ex2::closed::OutOfClass& e) {
        return std::string(e.what());
      }
      return std::string("<in the class>");
    };
    CHECK(reason(R"J({"name": "r", "f": "1/x", "g": "-x"})J") == "in f, a division by an expression in x");
    CHECK(reason(R"J({"name": "r", "f": "x^3", "g": "-x"})J") == "in f, a power of x other than x^0, x^1, x^2");
    CHECK(reason(R"J({"name": "r", "f": "x^2", "g": "exp(x)"})J") == "a piece mixes x^2, exp(x) and exp(-x)");
  }

  TEST_CASE("outside the class, the numerical method: f = 1/x, g = −x on [0.1, ∞)") {
    // f* = inf_{x ≥ 0.1} 1/x = 0, approached as x → ∞ (not the 1e-300 of the last sample).
    auto a = analyze(R"J({"name": "r", "f": "1/x", "g": "-x", "X": [0.1, "inf"]})J");
    CHECK_FALSE(a.closed_form);
    CHECK(a.primal.value == 0);
    CHECK_FALSE(a.primal.attained);
    CHECK(a.primal.where == "x → +∞");
  }
}

namespace {
/// All the prose and formulas of an ex2 report on a problem file.
std::string report_text(const std::string& problems) {
  Report r = ex2::run(parse_json(R"J({"problems": [)J" + problems + "]}"));
  std::string s;
  for (const auto& step : r.steps)
    for (const auto& b : step.blocks) s += b.plain + "\n";
  return s;
}
bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }
}  // namespace

TEST_SUITE("ex2 sentences") {
  TEST_CASE("each data-dependent sentence appears exactly when its fact holds") {
    const std::string infeasible = report_text(R"J({"name": "i", "f": "x", "g": "x^2 + 1"})J");
    CHECK(has(infeasible, "the problem is infeasible and f* = inf ∅ = +∞"));
    CHECK(has(infeasible, "q* = +∞, approached as μ → ∞"));
    CHECK(has(infeasible, "defined only for finite f*"));
    CHECK_FALSE(has(infeasible, "(0, f*)"));            // no optimum to draw
    CHECK_FALSE(has(infeasible, "Counterexample"));     // f* = +∞ refutes nothing
    CHECK_FALSE(has(infeasible, "Checked on the loaded problems"));

    const std::string unbounded = report_text(R"J({"name": "u", "f": "-x", "g": "-x"})J");
    CHECK(has(unbounded, "f* = −∞, approached as x → +∞"));
    CHECK(has(unbounded, "q(μ) = −∞ for every μ ≥ 0"));
    CHECK_FALSE(has(unbounded, "Counterexample"));      // (a) must not use f* = −∞

    // f = x², g = 1 − x: one multiplier, no gap; claims (b), (e), (f), (g) have no counterexample.
    const std::string smooth = report_text(R"J({"name": "s", "f": "x^2", "g": "1 - x"})J");
    CHECK(has(smooth, "exactly one, μ* = 2"));
    CHECK(has(smooth, "no duality gap"));
    CHECK_FALSE(has(smooth, "there is a duality gap"));
    CHECK_FALSE(has(smooth, "a whole interval"));
    CHECK(has(smooth, "Checked on the loaded problems: 1 problem has a multiplier"));
    CHECK(has(smooth, "None of the loaded problems refutes it"));

    const std::string gap = report_text(R"J({"name": "g", "f": {"piecewise": [{"if": "x <= 0", "then": "1"}, {"if": "x > 0", "then": "0"}]}, "g": "x"})J");
    CHECK(has(gap, "there is a duality gap"));
    CHECK(has(gap, "q(μ) ≤ q* < f*"));
    // Claim (a) refuted by the gap, with its numbers: f* = 1, q* = 0.
    CHECK(has(gap, "Every μ ≥ 0 has q(μ) ≤ q* = 0 < f* = 1"));

    const std::string outside = report_text(R"J({"name": "r", "f": "1/x", "g": "-x", "X": [0.1, "inf"]})J");
    CHECK(has(outside, "outside the class hw6 derives in closed form (in f, a division by an expression in x)"));
    CHECK_FALSE(has(outside, "Derived in closed form"));
  }

  TEST_CASE("the built-in problems: the counterexamples worked out in numbers") {
    const std::string t = report_text(std::string(builtin_problem_text("ex2")).substr(
        std::string(builtin_problem_text("ex2")).find('[') + 1,
        std::string(builtin_problem_text("ex2")).rfind(']') - std::string(builtin_problem_text("ex2")).find('[') - 1));
    // (a), (d): problem (a), q(μ) = −1/(4μ): q(1) = −1/4, q(100) = −1/400.
    CHECK(has(t, "q(1) = −0.25, q(100) = −0.0025, each below f* = 0"));
    // (b): problem (c), multipliers 0 and 1.
    CHECK(has(t, "μ* = 0 and μ* = 1 are both geometric multipliers"));
    // (f): problem (b) at μ* = 0: x = 1 minimizes f (f(1) = 0) but g(1) = 1 > 0.
    CHECK(has(t, "But g(1) = 1 > 0: x is infeasible."));
    // (g): problem (c) at μ* = 1: x = −1 is feasible, L(−1, 1) = 1 − 1 = 0 = q(1), f(−1) = 1 > 0.
    CHECK(has(t, "L(−1, 1) = f(x) + μ* g(x) = 1 + 1 · (−1) = 0 = q(μ*)"));
    CHECK(has(t, "yet f(−1) = 1 > f* = 0"));
  }
}

TEST_SUITE("ex2 closed form more") {
  TEST_CASE("q* at a stationary point of μ − μ·ln μ, and an infinite gap") {
    // f = eˣ, g = −x: feasible x ≥ 0, f* = e⁰ = 1. L = eˣ − μx: for μ > 0 the minimizer x = ln μ
    // gives q = μ − μ ln μ, whose derivative −ln μ vanishes at μ = 1: q* = q(1) = 1 = f*, μ* = 1.
    auto cf = closed_of(R"J({"name": "e", "f": "e^x", "g": "-x"})J");
    CHECK(pieces(cf) == "[0, 0] 0; (0, inf) mu - mu*log(mu)");
    CHECK(cf.q_star == doctest::Approx(1).epsilon(1e-15));
    CHECK(cf.q_argmax == doctest::Approx(1).epsilon(1e-12));
    REQUIRE(cf.multipliers);
    CHECK(cf.multipliers->first == doctest::Approx(1).epsilon(1e-12));
    // f = min(x, 0), g = −x: f* = 0 on x ≥ 0, but L = min(x, 0) − μx → −∞ (x → −∞ for μ < 1,
    // x → +∞ for μ > 0): q ≡ −∞, so the gap f* − q* is +∞.
    auto a = analyze(R"J({"name": "m", "f": "min(x, 0)", "g": "-x"})J");
    CHECK(a.primal.value == 0);
    CHECK(a.q_star == -INFINITY);
    REQUIRE(a.gap);
    CHECK(*a.gap == INFINITY);
    CHECK_FALSE(a.multipliers);
  }
}

TEST_SUITE("ex2 closed form random") {
  TEST_CASE("random problems of the class: closed form = sampled q at several μ, and f* = sampled f*") {
    // Independent methods: the case analysis on cells against L(·, μ) evaluated on a grid of x.
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> coef(-3, 3);
    auto n = [](int v) { return v < 0 ? "(" + std::to_string(v) + ")" : std::to_string(v); };
    auto shape = [&](int k, int a, int b, int c) -> std::string {
      switch (k) {
        case 0: return n(a) + "*x^2 + " + n(b) + "*x + " + n(c);
        case 1: return "abs(x - " + n(a) + ") + " + n(b) + "*x + " + n(c);
        case 2: return "max(" + n(a) + "*x, " + n(b) + ") + " + n(c);
        case 3: return "exp(x) + " + n(b) + "*x + " + n(c);
        case 4: return "min(x^2, " + n(a) + "*x + " + n(b) + ") + " + n(c);
        default: return "exp(-x) + " + n(a) + "*abs(x) + " + n(c);
      }
    };
    int checked = 0;
    for (int trial = 0; trial < 40; ++trial) {
      const int a0 = std::abs(coef(rng)), b0 = coef(rng), c0 = coef(rng);
      const std::string f = shape(trial % 6, a0, b0, c0);
      const int g1 = coef(rng), g0 = coef(rng);
      const std::string g = n(g1) + "*x + " + n(g0);
      const std::string lohi = trial % 3 == 0 ? R"J(, "X": [-2, 3])J" : "";
      const std::string problem = std::string(R"J({"name": "r", "f": ")J") + f + R"J(", "g": ")J" + g + "\"" + lohi + "}";
      INFO(problem);
      ex2::Problem p = ex2::parse(parse_json(R"J({"problems": [)J" + problem + "]}"));
      const ex2::Analysis a = ex2::analyze(p.problems[0]);
      REQUIRE(a.closed_form);
      for (double mu : {0.0, 0.3, 1.0, 2.5, 7.0}) {
        const double exact = ex2::closed::q_at(*a.closed_form, mu).value, sampled = ex2::sampled_q(p.problems[0], mu).value;
        if (std::isinf(exact) || std::isinf(sampled)) CHECK(exact == sampled);
        else CHECK(exact == doctest::Approx(sampled).epsilon(1e-7));
      }
      const double fs = a.sampled_primal.value;
      if (std::isinf(fs) || std::isinf(a.primal.value)) CHECK(fs == a.primal.value);
      else CHECK(a.primal.value == doctest::Approx(fs).epsilon(1e-7));
      ++checked;
    }
    CHECK(checked == 40);
  }
}

TEST_SUITE("ex2") {
  TEST_CASE("claims (f), (g): no near-minimizer is taken for a counterexample") {
    // f = x², g = 1 − x: μ* = 2, L(x, 2) = x² + 2 − 2x = (x − 1)² + 1, unique minimizer x = 1,
    // which is feasible (g(1) = 0) with f(1) = 1 = f*. So neither (f) nor (g) is refuted.
    // f = exp(x), g = 1 − x: f* = e at x = 1; L(x, μ) = eˣ + μ(1 − x), minimized at x = log μ,
    // q(μ) = 2μ − μ log μ, maximal at μ = e with q* = e = f*; the unique minimizer of L(·, e) is
    // x = 1, feasible and optimal: again no counterexample.
    for (const char* f : {"x^2", "exp(x)"}) {
      CAPTURE(f);
      const ex2::Problem p = ex2::parse(parse_json(std::string(R"({"problems": [{"name": "c1", "f": ")") + f + R"(", "g": "1 - x"}]})"));
      const ex2::Result r = ex2::solve(p);
      REQUIRE(r.claims.size() == 7);
      CHECK_FALSE(r.claims[5].counterexample);  // (f)
      CHECK_FALSE(r.claims[6].counterexample);  // (g)
    }
  }

  TEST_CASE("claims (f), (g): genuine counterexamples from a minimizer set") {
    // f = |x| − x/2, g = 1 − x. Feasible x ≥ 1, f = x/2 there: f* = 1/2 at x = 1.
    // L(x, μ) = |x| − x/2 + μ(1 − x): for x ≥ 0 slope 1/2 − μ, for x < 0 slope −3/2 − μ < 0.
    // μ < 1/2: slope 1/2 − μ > 0 for x ≥ 0, so the minimum is at x = 0, q(μ) = μ;
    // μ > 1/2: L → −∞ as x → ∞; μ = 1/2: L = 1/2 for every x ≥ 0, q(1/2) = 1/2 = f*: μ* = 1/2.
    // Every x ≥ 0 minimizes L(·, 1/2): x = 0 has g = 1 > 0 → (f); x = 2 is feasible (g = −1) with
    // f(2) = 1 > 1/2 → (g). A first problem without counterexamples must not hide them.
    const ex2::Problem p = ex2::parse(parse_json(
        R"({"problems": [{"name": "c1", "f": "x^2", "g": "1 - x"}, {"name": "c2", "f": "abs(x) - x/2", "g": "1 - x"}]})"));
    const ex2::Result r = ex2::solve(p);
    REQUIRE(r.claims.size() == 7);
    REQUIRE(r.claims[5].counterexample);
    CHECK(*r.claims[5].counterexample == 1);
    CHECK(r.claims[5].mu == doctest::Approx(0.5));
    CHECK(p.problems[1].g(r.claims[5].x) > 0.5);   // clearly infeasible (x = 0: g = 1)
    REQUIRE(r.claims[6].counterexample);
    CHECK(*r.claims[6].counterexample == 1);
    CHECK(r.claims[6].mu == doctest::Approx(0.5));
    CHECK(p.problems[1].g(r.claims[6].x) <= 0);
    CHECK(p.problems[1].f(r.claims[6].x) > 0.5 + 0.1);  // clearly above f* = 1/2 (x = 2: f = 1)
  }
}
