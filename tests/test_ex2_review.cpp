// Exercise 2 on problems a TA's review added: a constant q that is a vertex formula, a gap that is
// rounding, overflow to −∞ far out, f and μg cancelling far out. Each case failed before its fix.
#include "hw6/exercises/ex2.hpp"
#include "hw6/problems.hpp"
#include "hw6/render.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <regex>
#include <sstream>

using namespace hw6;

namespace {
ex2::Analysis analyze_one(const std::string& problem) {
  ex2::Problem p = ex2::parse(parse_json(R"({"problems": [)" + problem + "]}"));
  return ex2::analyze(p.problems[0]);
}
/// The text of the report (prose, formulas' plain lines, table cells), one block a line.
std::string report_text(const std::string& problems) {
  const Report r = ex2::run(parse_json(R"({"problems": [)" + problems + "]}"));
  std::string s;
  for (const auto& step : r.steps)
    for (const auto& b : step.blocks) s += b.plain + "\n";
  return s;
}
bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }
/// The closed form's pieces as printed in the JSON: "[lo, hi] q | x" each.
std::string pieces_json(const std::string& problem) {
  const Report r = ex2::run(parse_json(R"({"problems": [)" + problem + "]}"));
  std::string s;
  for (const auto& pc : r.results["problems"][0]["dual_closed_form"])
    s += pc["mu"].dump() + " " + pc["q"].get<std::string>() + " | " + pc["x"].get<std::string>() + "\n";
  return s;
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

  TEST_CASE("the text writes the closed form in μ, the JSON keeps the problem language's mu") {
    // f = x², g = 1 − x²: L = (1 − μ)x² + μ, q(μ) = μ on [0, 1) (vertex x = 0). The text printed
    // "q(μ) = mu   on [0, 1)", and for (x − 0.5)² "x = -1/(2*(mu - 1))".
    const char* two = R"({"name": "p", "f": "x^2", "g": "1 - x^2"})";
    const std::string text = report_text(two);
    CHECK(has(text, "q(μ) = μ "));
    const char* shifted = R"({"name": "p", "f": "(x - 0.5)^2", "g": "1 - x^2"})";
    const std::string t2 = report_text(shifted);
    CHECK(has(t2, "q(μ) = 1/4 + μ + 1/(4·(μ − 1))"));
    CHECK(has(t2, "x = −1/(2·(μ − 1))"));
    for (const std::string& t : {text, t2}) {
      CHECK_FALSE(std::regex_search(t, std::regex(R"(\bmu\b)")));
      CHECK_FALSE(std::regex_search(t, std::regex(R"([0-9)]\*)")));  // a product written 4*(…)
    }
    // The JSON: the contract's problem language, parsed back by the expression parser.
    CHECK(has(pieces_json(two), "[0.0,1.0] mu | x = 0"));
    CHECK(has(pieces_json(shifted), "1/4 + mu + 1/(4*(mu - 1)) | x = -1/(2*(mu - 1))"));
  }

  TEST_CASE("a degenerate interval [a, a] is printed as {a}") {
    // f = x², g = 1 − x²: q(μ) = μ on [0, 1], −∞ beyond; f* = 1, so the multipliers are {1}.
    const std::string text = report_text(R"({"name": "p", "f": "x^2", "g": "1 - x^2"})");
    CHECK(has(text, "Geometric multipliers {μ ≥ 0 : q(μ) = f*} = {1}: exactly one, μ* = 1."));
    CHECK_FALSE(has(text, "[1, 1]"));
    // f = x², g = 1 − x on [0, 5]: the one multiplier μ* = 2 (q(μ) = μ − μ²/4 near it).
    CHECK(has(report_text(R"({"name": "p", "f": "x^2", "g": "1 - x", "X": [0, 5]})"), "= {2}: exactly one"));
  }

  TEST_CASE("where L(·, μ) falls without bound: x → ±∞ when both directions, from the data") {
    // f = x, g = 1 − x²: L = x + μ − μx². At μ = 0, L = x falls only as x → −∞; for μ > 0 the
    // term −μx² falls both ways. It printed "x → −∞" on [0, ∞).
    const std::string rays = pieces_json(R"({"name": "p", "f": "x", "g": "1 - x^2"})");
    CHECK(has(rays, "x → ±∞"));
    CHECK(has(rays, "at mu = 0: x → −∞"));
    // f = x², g = 1 − x²: for μ > 1, L = (1 − μ)x² + μ falls both ways.
    CHECK(has(pieces_json(R"({"name": "p", "f": "x^2", "g": "1 - x^2"})"), "[1.0,\"inf\"] -inf | x → ±∞"));
    // f = (x − 0.5)², g = 1 − x²: at μ = 1, L = 1.25 − x falls only as x → +∞ (it said −∞ on
    // [1, ∞)); beyond, both ways.
    const std::string shifted = pieces_json(R"({"name": "p", "f": "(x - 0.5)^2", "g": "1 - x^2"})");
    CHECK(has(shifted, "x → ±∞"));
    CHECK(has(shifted, "at mu = 1: x → +∞"));
    // One direction only: f = x, g = x² − 1 on [0, ∞)... is bounded; f = −x on [0, ∞), g = −x:
    // L = −(1 + μ)x falls as x → +∞ only.
    CHECK(has(pieces_json(R"({"name": "p", "f": "-x", "g": "-x", "X": [0, "inf"]})"), "-inf | x → +∞\n"));
    // Two cells, one falling each way: f = |x|, g = −2|x| (μ > 1/2: L = (1 − 2μ)|x|).
    CHECK(has(pieces_json(R"J({"name": "p", "f": "abs(x)", "g": "-2*abs(x)"})J"), "-inf | x → ±∞"));
    // The sampled check names both directions too.
    const auto a = analyze_one(R"({"name": "p", "f": "x", "g": "1 - x^2"})");
    for (const auto& [mu, s] : a.dual) {
      CAPTURE(mu);
      CHECK(s.where == (mu == 0 ? "x → −∞" : "x → ±∞"));
    }
  }

  TEST_CASE("a piece's closed end: every minimizer there, when there are more than the formula's") {
    // The homework's (c): f = −x (x ≤ 0), 0 (x > 0), g = x. On (0, 1) L = (μ − 1)x on x ≤ 0 and μx
    // on x > 0: x = 0 alone. At μ = 0, L = f is 0 on all of [0, ∞); at μ = 1, L = 0 on (−∞, 0].
    // It printed "x = 0" for the whole of [0, 1].
    const std::string c = pieces_json(R"J({"name": "c", "f": {"piecewise": [{"if": "x <= 0", "then": "-x"}, {"if": "x > 0", "then": "0"}]}, "g": "x"})J");
    CHECK(has(c, "[0.0,1.0] 0 | x = 0; at mu = 0: every x in [0, ∞); at mu = 1: every x in (−∞, 0]\n"));
    // f = x, g = 1 − x on X = [0, 1]: L = μ + (1 − μ)x, minimal at x = 0 for μ < 1, at x = 1 for
    // μ > 1, and constant (every x of [0, 1]) at μ = 1.
    const std::string seg = pieces_json(R"({"name": "p", "f": "x", "g": "1 - x", "X": [0, 1]})");
    CHECK(has(seg, "[0.0,1.0] mu | x = 0; at mu = 1: every x in [0, 1]\n"));
    CHECK(has(seg, "[1.0,\"inf\"] 1 | x = 1\n"));
    // f = x, g = 2 − x on X = [1, ∞): L = 2μ + (1 − μ)x: x = 1 for μ < 1, every x ≥ 1 at μ = 1,
    // −∞ (x → +∞) beyond.
    CHECK(has(pieces_json(R"({"name": "p", "f": "x", "g": "2 - x", "X": [1, "inf"]})"), "[0.0,1.0] 1 + mu | x = 1; at mu = 1: every x in [1, ∞)\n"));
    // f = |x − 1| + |x + 1| on [−3, 3], g = x: slopes −2 + μ, μ, 2 + μ on the three pieces, so
    // x = −1 on (0, 2), every x in [−1, 1] at μ = 0 and every x in [−3, −1] at μ = 2.
    CHECK(has(pieces_json(R"J({"name": "p", "f": "abs(x - 1) + abs(x + 1)", "g": "x", "X": [-3, 3]})J"),
              "[0.0,2.0] 2 - mu | x = -1; at mu = 0: every x in [-1, 1]; at mu = 2: every x in [-3, -1]\n"));
    // No note where the end adds nothing: f = x², g = 1 − x, x = μ/2 throughout.
    CHECK_FALSE(has(pieces_json(R"({"name": "p", "f": "x^2", "g": "1 - x"})"), "at mu"));
    // The Markdown says it in LaTeX.
    const Report r = ex2::run(parse_json(R"({"problems": [{"name": "p", "f": "x", "g": "1 - x", "X": [0, 1]}, {"name": "q", "f": "x", "g": "1 - x^2"}]})"));
    const std::string md = render_markdown(r, "");
    CHECK(has(md, "x = 0,\\quad \\text{at } \\mu = 1\\text{: } \\text{every } x \\in [0, 1]"));
    CHECK(has(md, "x \\to \\pm \\infty,\\quad \\text{at } \\mu = 0\\text{: } x \\to -\\infty"));
  }

  TEST_CASE("a closed end's note is not what the piece already says") {
    // f = −x − 1 (x < 0), 1 − x (x ≥ 0), g = −x on X = [−1, 1]. On [−1, 0), L = −(1 + μ)x − 1
    // falls towards x = 0 to −1, not attained; on [0, 1], L = 1 − (1 + μ)x is least at x = 1: −μ.
    // So q(μ) = min(−1, −μ) on [0, ∞), and at μ = 0 the minimum is the −1 "not attained,
    // x → 0⁻" beside it. It printed that twice: "…; at mu = 0: not attained, x → 0⁻".
    const std::string kink = pieces_json(
        R"J({"name": "p", "f": {"piecewise": [{"if": "x < 0", "then": "-x - 1"}, {"if": "x >= 0", "then": "1 - x"}]}, "g": "-x", "X": [-1, 1]})J");
    CHECK(has(kink, "[0.0,\"inf\"] min(-1, -mu) | for -1: not attained, x → 0⁻; for -mu: x = 1\n"));
    CHECK_FALSE(has(kink, "at mu"));
    // f = −x (x ≤ −1), x² − 1 (x > −1), g = −x². q(0) = −1 at x = 0. For μ > 0, L = −x − μx²
    // falls as x → −∞; on x > −1, L = (1 − μ)x² − 1 falls as x → +∞ only for μ > 1. Merged into
    // one piece, it read "x → −∞; at mu = 1: x → −∞" on (0, ∞), the second direction lost.
    const std::string rays = pieces_json(
        R"J({"name": "p", "f": {"piecewise": [{"if": "x <= -1", "then": "-x"}, {"if": "x > -1", "then": "x^2 - 1"}]}, "g": "-x^2"})J");
    CHECK(rays == "[0.0,0.0] -1 | x = 0\n[0.0,1.0] -inf | x → −∞\n[1.0,\"inf\"] -inf | x → ±∞\n");
    // The claims' one-line q reads two such −∞ pieces as one interval. With g = 1 − x² the
    // feasible set is |x| ≥ 1 and f* = 0 (x = 1), while q(0) = −1 and L = −x + μ − μx² falls as
    // x → −∞ for μ > 0 (both ways for μ > 1): a gap, the counterexample to claim (a).
    const std::string text = report_text(
        R"J({"name": "p", "f": {"piecewise": [{"if": "x <= -1", "then": "-x"}, {"if": "x > -1", "then": "x^2 - 1"}]}, "g": "1 - x^2"})J");
    CHECK(has(text, "q(μ) = −1 at μ = 0, −∞ on (0, ∞). Every μ ≥ 0"));
  }

  TEST_CASE("the primal: every point where f* is attained, every way f falls without bound") {
    // f = x², g = 1 − x²: the feasible set |x| ≥ 1, f* = 1 at x = −1 and at x = 1 (it named x = −1).
    CHECK(analyze_one(R"({"name": "p", "f": "x^2", "g": "1 - x^2"})").primal.where == "x = -1 and x = 1");
    // f = −x², g = −1: every x feasible, f falls both ways (it said x → −∞).
    CHECK(analyze_one(R"({"name": "p", "f": "-x^2", "g": "-1"})").primal.where == "x → ±∞");
  }

  TEST_CASE("f and μg cancel exactly at a critical μ: the sampled check judges against rounding") {
    // f = 0.1x², g = 1 − 0.3x²: L = (0.1 − 0.3μ)x² + μ, q(μ) = μ for μ < 1/3 (x = 0), L ≡ 1/3 at
    // μ = 1/3, −∞ beyond; f* = 1/3 (|x| ≥ √(10/3)), the multiplier 1/3. At the sampled μ = 0.1/0.3
    // the sampled q was −∞ (0.3x² overflowed to −∞ at x = 10^154 while 0.1x² did not) and, that
    // left out, 0.3333283 at x = 10⁶ (terms of 10¹¹ cancelling): "closed-form q(μ) = sampled q(μ)"
    // failed on a right answer. The same for the other pairs that cancel exactly.
    const char* problems[] = {R"({"name": "p", "f": "0.1*x^2", "g": "1 - 0.3*x^2"})", R"({"name": "p", "f": "x^2", "g": "1 - 3*x^2"})",
                              R"({"name": "p", "f": "0.1*x^2 + 1", "g": "2 - 0.7*x^2"})",
                              R"({"name": "p", "f": "0.1*x^2 + 0.2*x", "g": "1 - 0.3*x^2 - 0.6*x"})",
                              R"J({"name": "p", "f": "0.3*(x - 1)^2", "g": "0.1*(1 - x^2)"})J", R"({"name": "p", "f": "0.7*x^2", "g": "1 - 0.1*x^2"})"};
    for (const std::string q : problems) {
      CAPTURE(q);
      CHECK(all_checks_pass(q));
    }
    const auto a = analyze_one(problems[0]);
    REQUIRE(a.closed_form);
    REQUIRE(a.multipliers);
    const double mu = a.multipliers->first;
    CHECK(mu == doctest::Approx(1.0 / 3));
    bool seen = false;
    for (const auto& [m, s] : a.dual)
      if (m == mu) {
        seen = true;
        const double exact = ex2::closed::q_value(*a.closed_form, mu);
        CHECK(exact == doctest::Approx(1.0 / 3));
        REQUIRE(std::isfinite(s.value));  // not the overflow's −∞
        CHECK(ex2::sampled_excess(exact, s) <= 1e-6);
        // A wrong closed form still fails: 1e-3 off, or −∞, is far beyond the rounding.
        CHECK(s.rounding < 1e-3);
        CHECK(ex2::sampled_excess(exact + 1e-3, s) > 1e-6);
        CHECK(ex2::sampled_excess(exact - 1e-3, s) > 1e-6);
        CHECK(ex2::sampled_excess(-std::numeric_limits<double>::infinity(), s) > 1e-6);
      }
    CHECK(seen);
    // Away from the cancellation the rounding is ulps: q(1/4) = 1/4 sampled at x = 0.
    ex2::Infimum s = ex2::sampled_q(ex2::parse(parse_json(std::string(R"({"problems": [)") + problems[0] + "]}")).problems[0], 0.25,
                                    a.closed_form.get());
    CHECK(s.value == doctest::Approx(0.25));
    CHECK(s.rounding < 1e-14);
    CHECK(ex2::sampled_excess(0.25 * (1 + 1e-5), s) > 1e-6);
    // f = 0.3(x − 1)², g = 0.1(1 − x²): at μ = 3, L = 0.6 − 0.6x → −∞ as x → +∞ (the closed form).
    // The x² terms, 0.3x² and 0.3x² rounded, cancel: beyond x ≈ 3e7 every sample is rounding noise
    // and left out, so the samples reached only −1.9e7 (the check failed). They were still falling
    // at the cut: q(3) ≤ −1.9e7 is all they show, and −∞ agrees; a value above them does not.
    const char* lin = problems[4];
    const auto b = analyze_one(lin);
    REQUIRE(b.closed_form);
    // The table's μ near 3 is the closed form's critical 0.3/0.1 = 2.9999999999999996 (one row, not
    // two rows printed "3").
    int rows = 0;
    for (const auto& [m, t] : b.dual)
      if (std::fabs(m - 3) < 1e-9) {
        ++rows;
        CHECK(ex2::closed::q_value(*b.closed_form, m) == -std::numeric_limits<double>::infinity());
        CHECK(t.upper_bound_only);
        CHECK(ex2::sampled_excess(-std::numeric_limits<double>::infinity(), t) == 0);
        CHECK(ex2::sampled_excess(0.9 * t.value, t) > 1e-6);  // 10% above the samples
      }
    CHECK(rows == 1);
  }

  TEST_CASE("the text writes a minus sign as the prose does, −; the JSON and the LaTeX keep -") {
    // f = x, g = x² − 1 on X = [−3, 3]: f* = −1 at x = −1; L = x + μ(x² − 1) is least at x = −3
    // for μ ≤ 1/6 (q = 8μ − 3) and at x = −1/(2μ) beyond (q = −μ − 1/(4μ)), so every q(μ) and
    // every sampled minimizer is negative. The text printed them "-1", "x = -0.5", "1e-09" beside
    // "−1/(2·μ)" and "−∞".
    const char* p = R"({"name": "p", "f": "x", "g": "x^2 - 1", "X": [-3, 3]})";
    const Report r = ex2::run(parse_json(std::string(R"({"problems": [)") + p + "]}"));
    // The solution without the list of checks, whose tolerances (1.000e-06) every exercise writes alike.
    Report steps = r;
    steps.checks.clear();
    TextOptions wide;
    wide.width = 1000;  // no wrapping: each sentence on one line
    const std::string text = render_text(steps, wide);
    CHECK(has(text, "s.t. g(x) = x^2 − 1 ≤ 0,   x ∈ X = [−3, 3]"));
    CHECK(has(text, "f* = inf{f(x) : g(x) ≤ 0, x ∈ X} = −1, attained at x = −1."));
    CHECK(has(text, "attained, x = −0.5"));  // the sampled check at μ = 1, from the sampled method's own text
    CHECK(std::regex_search(text, std::regex(R"(−1\.25 +−1\.25 +attained, x = −0\.5)")));  // q(1) = −1 − 1/4
    // No ASCII minus sign before a number (a sign or an exponent's) anywhere in the text.
    CHECK_FALSE(std::regex_search(text, std::regex(R"((^|[ (\[,=])-[0-9.])")));
    CHECK_FALSE(std::regex_search(text, std::regex(R"([0-9.]e-[0-9])")));
    // The JSON: plain numbers, and the closed form in the problem language.
    CHECK(r.results["problems"][0]["f_star"].get<double>() == -1);
    CHECK(has(pieces_json(p), "x = -1/(2*mu)"));
    // The Markdown's LaTeX: X = [-3, 3] with the ASCII minus TeX reads as one.
    CHECK(has(render_markdown(r, ""), "x \\in X = [-3, 3]"));
    // Why a problem is outside the class, in the text as its formulas are; the JSON as it was.
    const char* mixed = R"J({"name": "p", "f": "x^2 + exp(x)", "g": "1 - x"})J";
    CHECK(has(report_text(mixed), "(in f, a piece mixes x^2, exp(x) and exp(−x))"));
    const Report rm = ex2::run(parse_json(std::string(R"({"problems": [)") + mixed + "]}"));
    CHECK(rm.results["problems"][0]["dual_closed_form_reason"] == "in f, a piece mixes x^2, exp(x) and exp(-x)");
  }

  TEST_CASE("the sampled table: two μ that print alike with the same values are one row") {
    // f = x − 1 (x ≤ −1), x² (x > −1), g = 1 − x. For μ ≥ 1, L is least at x = −1 (2μ − 2) or at
    // the vertex x = μ/2 (μ − μ²/4), so q = min(2μ − 2, μ − μ²/4), and f* = 1 (x = 1) = q(2): the
    // multiplier 2, which the golden-section search on the minimum finds as 2.00000002. The table
    // holds μ = 2 and that μ, and printed "2  1  1  attained, x = 1" twice.
    const Report r = ex2::run(parse_json(
        R"J({"problems": [{"name": "p", "f": {"piecewise": [{"if": "x <= -1", "then": "x - 1"}, {"if": "x > -1", "then": "x^2"}]}, "g": "1 - x"}]})J"));
    const std::string text = render_text(r, TextOptions{});
    std::size_t rows = 0;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) rows += std::regex_match(line, std::regex(R"( +2 +1 +1  attained, x = 1)"));
    CHECK(rows == 1);
  }

  TEST_CASE("the JSON: multipliers always [lo, hi], and q_star_where names the whole interval") {
    // The homework's (c): q = 0 = f* exactly on [0, 1] (see above). q_star_where said "μ = 0".
    const Report c = ex2::run(parse_json(
        R"J({"problems": [{"name": "c", "f": {"piecewise": [{"if": "x <= 0", "then": "-x"}, {"if": "x > 0", "then": "0"}]}, "g": "x"}]})J"));
    CHECK(c.results["problems"][0]["multipliers"] == parse_json("[0, 1]"));
    CHECK(c.results["problems"][0]["q_star_where"] == "every μ in [0, 1]");
    // f = −x, g = x on X = [0, 1]: L = (μ − 1)x, q(μ) = μ − 1 on [0, 1] (x = 1) and 0 beyond (x = 0);
    // f* = 0 at x = 0, so every μ ≥ 1 is a multiplier: an unbounded end, "inf".
    const Report ray = ex2::run(parse_json(R"({"problems": [{"name": "p", "f": "-x", "g": "x", "X": [0, 1]}]})"));
    CHECK(ray.results["problems"][0]["multipliers"] == parse_json(R"([1, "inf"])"));
    CHECK(ray.results["problems"][0]["q_star_where"] == "every μ in [1, ∞)");
    // One multiplier: f = x², g = 1 − x, q(μ) = μ − μ²/4, μ* = 2: the contract's shape [2, 2], and
    // q* attained at the point.
    const Report one = ex2::run(parse_json(R"({"problems": [{"name": "p", "f": "x^2", "g": "1 - x"}]})"));
    CHECK(one.results["problems"][0]["multipliers"] == parse_json("[2, 2]"));
    CHECK(one.results["problems"][0]["q_star_where"] == "μ = 2");
  }

  TEST_CASE("q* attained on a whole interval says so") {
    // The homework's (c): q = 0 = f* on [0, 1], so q* = 0 is attained at every μ of [0, 1] (it said
    // "attained at μ = 0"). f = x², g = 1 − x: attained at the one μ = 2.
    const std::string c = report_text(R"J({"name": "c", "f": {"piecewise": [{"if": "x <= 0", "then": "-x"}, {"if": "x > 0", "then": "0"}]}, "g": "x"})J");
    CHECK(has(c, "Dual optimum: q* = sup_{μ≥0} q(μ) = 0, attained at every μ in [0, 1] (the multipliers)."));
    CHECK(has(report_text(R"({"name": "p", "f": "x^2", "g": "1 - x"})"), "Dual optimum: q* = sup_{μ≥0} q(μ) = 1, attained at μ = 2."));
  }

  TEST_CASE("g touching 0 at one point: the feasible set {r}, in the closed form and the samples") {
    // f = x, g = 3(x − 0.7)² on [0, 3]: g ≤ 0 only at x = 0.7, so f* = 0.7 there. The closed form
    // collects g as 3x² − 4.2x + 1.47, whose discriminant rounds to −3.6e-15: it found no root and
    // said "no x of X satisfies g(x) ≤ 0", f* = +∞ (and the samples, missing 0.7 too, agreed).
    for (const char* g : {"3*(x - 0.7)^2", "x^2 - 2*x*sqrt(3) + 3"}) {
      CAPTURE(g);
      const auto a = analyze_one(std::string(R"({"name": "p", "f": "x", "X": [0, 3], "g": ")") + g + "\"}");
      CHECK(a.feasible);
      CHECK(a.primal.value == doctest::Approx(std::string(g)[0] == '3' ? 0.7 : std::sqrt(3.0)));
      CHECK(a.primal.attained);
      CHECK(a.sampled_primal.value == doctest::Approx(a.primal.value));
    }
    // f = x, g = (x − 1)² on [0, 3]: the grid (step 0.0015) steps over x = 1, and the sampled f*
    // was +∞ against the closed form's 1: "closed-form f* = sampled f*" failed on a right answer.
    // The same for (x − 1/3)² on [0.1, 1000], where the grid's first points are 0.1 and 0.6 and the
    // minimum of L(·, μ) = x + μ(x − 1/3)², at 1/3 − 1/(2μ), lies between them.
    CHECK(all_checks_pass(R"({"name": "p", "f": "x", "g": "(x - 1)^2", "X": [0, 3]})"));
    CHECK(all_checks_pass(R"({"name": "p", "f": "x", "g": "(x - 1/3)^2", "X": [0.1, 1000]})"));
    CHECK(analyze_one(R"({"name": "p", "f": "x", "g": "(x - 1)^2", "X": [0, 3]})").sampled_primal.value == doctest::Approx(1));
  }

  TEST_CASE("a minimizer n(μ)/d(μ) with n a multiple of d is that constant") {
    // f = 0.1x² + 0.2x, g = 1 − 0.3x² − 0.6x: L = (0.1 − 0.3μ)((x + 1)² − 1) + μ, so the vertex is
    // x = −1 for every μ < 1/3. It was printed x = (3*mu/5 - 1/5)/(1/5 - 3*mu/5).
    const std::string p = pieces_json(R"({"name": "p", "f": "0.1*x^2 + 0.2*x", "g": "1 - 0.3*x^2 - 0.6*x"})");
    CHECK(has(p, "13*mu/10 - 1/10 | x = -1\n"));
    CHECK(all_checks_pass(R"({"name": "p", "f": "0.1*x^2 + 0.2*x", "g": "1 - 0.3*x^2 - 0.6*x"})"));
  }

  TEST_CASE("the cells against an expression that rounds: abs(x) + exp(x) - exp(x)") {
    // The closed form collects f = |x| exactly (the eˣ cancel); the expression evaluates to 0 at
    // x = 50, where |x| + e⁵⁰ rounds to e⁵⁰. "The cells of the closed form reproduce f and g"
    // failed on that rounding of the expression, not on an error of the cells.
    const std::string p = R"J({"name": "n", "f": "abs(x) + exp(x) - exp(x)", "g": "x"})J";
    const auto a = analyze_one(p);
    REQUIRE(a.closed_form);
    CHECK(a.cells_error <= 1e-12);
    CHECK(a.primal.value == 0);
    CHECK(all_checks_pass(p));
  }

  TEST_CASE("g = exp(x) - 1 rounds to 0 just beyond its root, where f jumps: f* from the feasible side") {
    // g = eˣ − 1 ≤ 0 exactly for x ≤ 0, but in doubles eˣ rounds to 1 for 0 < x < 1.1e-16, so the
    // search for g's roots puts a sample there with g = 0, on the branch of f for x > 0. The
    // sampled f* took it and "closed-form f* = sampled f*" failed on the right closed form (exit 1).
    struct Case {
      const char* problem;
      double f_star;
      bool attained;
    };
    const Case cases[] = {
        // f = 2 − x on x ≤ 0, falling to x = 0: f* = 2 there (the samples said −1, from −x − 1).
        {R"({"name": "a", "f": {"piecewise": [{"if": "x <= 0", "then": "2 - x"}, {"if": "x > 0", "then": "-x - 1"}]}, "g": "exp(x) - 1"})", 2, true},
        // f = 1 on all of x ≤ 0: f* = 1 (the samples said −1.1e-16, from −x).
        {R"({"name": "b", "f": {"piecewise": [{"if": "x <= 0", "then": "1"}, {"if": "x > 0", "then": "-x"}]}, "g": "exp(x) - 1"})", 1, true},
        // X = [−1, 1], feasible [−1, 0], f = x + 1 there: f* = 0 at x = −1 (the samples said −1).
        {R"({"name": "c", "f": {"piecewise": [{"if": "x <= 0", "then": "x + 1"}, {"if": "x > 0", "then": "-1"}]}, "g": "exp(x) - 1", "X": [-1, 1]})", 0,
         true},
        // f = eˣ on x ≤ 0: f* = 0 as x → −∞, not attained (the samples said −1, from x − 1).
        {R"J({"name": "d", "f": {"piecewise": [{"if": "x <= 0", "then": "exp(x)"}, {"if": "x > 0", "then": "x - 1"}]}, "g": "exp(x) - 1"})J", 0, false},
    };
    for (const Case& c : cases) {
      CAPTURE(c.problem);
      const auto a = analyze_one(c.problem);
      REQUIRE(a.closed_form);
      CHECK(a.primal.value == c.f_star);
      CHECK(a.primal.attained == c.attained);
      // The samples surely feasible agree with the closed form; those counting g = 0 in doubles
      // as feasible do not, so the check takes the range between them.
      CHECK(a.sampled_primal_sure.value == doctest::Approx(c.f_star).epsilon(1e-8));
      CHECK(a.sampled_primal.value < c.f_star - 0.5);
      CHECK(all_checks_pass(c.problem));
    }
  }

  TEST_CASE("a feasible set {x0} where every sample near x0 is feasible only within rounding, and f jumps at x0") {
    // No sample has g(x) ≤ 0 beyond its rounding, and beside x0 the samples with g = 0 in doubles
    // take f's other branch: the sampled f* was that branch's value, and the check failed (exit 1).
    struct Case {
      const char* problem;
      double f_star;
    };
    const Case cases[] = {
        // g = (x − 1)² ≥ 0, 0 only at x = 1; f(1) = −1 from x ≥ 1 (the samples said −2, from −x − 1).
        {R"({"name": "a", "f": {"piecewise": [{"if": "x <= -1", "then": "2 - x"}, {"if": "-1 < x < 1", "then": "-x - 1"}, {"if": "x >= 1", "then": "-x"}]},
             "g": "x^2 - 2*x + 1", "X": [-1, 1]})",
         -1},
        // The same g on all of ℝ; f(1) = 2 from 0 ≤ x ≤ 1 (the samples said −2, from −2x).
        {R"({"name": "b", "f": {"piecewise": [{"if": "x < 0", "then": "x + 1"}, {"if": "0 <= x <= 1", "then": "2"}, {"if": "x > 1", "then": "-2*x"}]},
             "g": "x^2 - 2*x + 1"})",
         2},
        // g = 1 − e⁻ˣ ≤ 0 exactly for x ≤ 0, so {0} in X = [0, 1]: f(0) = 1 (the samples said −1).
        {R"J({"name": "c", "f": {"piecewise": [{"if": "x <= 0", "then": "1 - x"}, {"if": "x > 0", "then": "-x - 1"}]}, "g": "1 - exp(-x)", "X": [0, 1]})J", 1},
    };
    for (const Case& c : cases) {
      CAPTURE(c.problem);
      const auto a = analyze_one(c.problem);
      REQUIRE(a.closed_form);
      CHECK(a.primal.value == c.f_star);
      CHECK(a.primal.attained);
      CHECK(a.sampled_primal_sure.value == std::numeric_limits<double>::infinity());
      CHECK(a.sampled_primal.value <= c.f_star);
      CHECK(a.sampled_primal_maybe_max >= c.f_star);
      CHECK(all_checks_pass(c.problem));
    }
  }

  TEST_CASE("a piecewise f with a negative breakpoint: the samples look beside it") {
    // f = e⁻ˣ for x ≤ −0.5, 0.5 beyond; g = x/3 − 0.1. For μ ≥ 3e^0.5 = 4.946, L(·, μ) on
    // (−0.5, ∞) is 0.5 + μ(x/3 − 0.1), smallest as x → −0.5⁺: q(5) = 0.5 − 4·5/15 = −5/6. The
    // condition's only number was 0.5, so no sample lay beside −0.5 and the samples gave −0.8
    // (x = −0.48 on the grid): "closed-form q(μ) = sampled q(μ)" failed, exit 1.
    const std::string p =
        R"J({"name": "p", "f": {"piecewise": [{"if": "x <= -1", "then": "exp(-x)"}, {"if": "-1 < x <= -0.5", "then": "exp(-x)"}, {"if": "x > -0.5", "then": "0.5"}]}, "g": "x/3 - 0.1"})J";
    const auto a = analyze_one(p);
    bool seen = false;
    for (const auto& [mu, inf] : a.dual) {
      if (mu != 5) continue;
      seen = true;
      CHECK(inf.value == doctest::Approx(-5.0 / 6));
    }
    CHECK(seen);
    CHECK(all_checks_pass(p));
  }

  TEST_CASE("a root of g a few ulps from a breakpoint of f is that breakpoint") {
    // g = x/3 − 0.1 ≤ 0 for x ≤ 0.3, but the closed form's root −a/b is 0.30000000000000004, 1 ulp
    // above the breakpoint 0.3: the sliver (0.3, 0.30000000000000004] was feasible, with f's
    // branch for x > 0.3. f = 0.1x on [0, 0.3], −x beyond, X = [0, 1]: f* = 0 at x = 0 (it said
    // −0.3). f = 2 − x for x ≤ 0.3, x + 1 beyond: f* = 1.7 at x = 0.3 (it said 1.3).
    // g = 3(x − 0.7)², 0 only at x = 0.7, where f = 2 − x: f* = 1.3 (it said −1, from f = −1 for
    // x < 0.7 on [0.6999999999999998, 0.7): the double root of 3x² − 4.2x + 1.47 is 2 ulps below).
    struct Case {
      const char* problem;
      double f_star;
      const char* where;
    };
    const Case cases[] = {
        {R"({"name": "a", "f": {"piecewise": [{"if": "x <= 0.3", "then": "0.1*x"}, {"if": "0.3 < x <= 0.7", "then": "-x"}, {"if": "x > 0.7", "then": "3*x^2 - 2*x"}]},
             "g": "x/3 - 0.1", "X": [0, 1]})",
         0, "x = 0"},
        {R"({"name": "b", "f": {"piecewise": [{"if": "x <= 0.3", "then": "2 - x"}, {"if": "x > 0.3", "then": "x + 1"}]}, "g": "x/3 - 0.1"})", 1.7, "x = 0.3"},
        {R"J({"name": "c", "f": {"piecewise": [{"if": "x < 0.7", "then": "-1"}, {"if": "0.7 <= x <= 1", "then": "2 - x"}, {"if": "x > 1", "then": "x^2 - 1"}]},
              "g": "3*(x - 0.7)^2", "X": [0.5, 2]})J",
         1.3, "x = 0.7"},
    };
    for (const Case& c : cases) {
      CAPTURE(c.problem);
      const auto a = analyze_one(c.problem);
      REQUIRE(a.closed_form);
      CHECK(a.primal.value == doctest::Approx(c.f_star).epsilon(1e-15));
      CHECK(a.primal.attained);
      CHECK(a.primal.where == c.where);
    }
  }

  TEST_CASE("a vertex value whose μ² coefficient is rounding: q rises to f* as μ → ∞, not beyond") {
    // f = 0 for x ≤ 0.1, x + 1 beyond; g = 3(x − 0.7)², feasible {0.7}, f* = 1.7. On x > 0.1,
    // L = x + 1 + 3μ(x − 0.7)² has its vertex value 1.7 − 1/(12μ), rising to 1.7 as μ → ∞. The
    // numerator 4ac − b² had μ² coefficient 4·1.47·3 − 4.2² = 3.6e-15 for 0 (printed
    // "17/10 + 2.960594732e-16*mu - 1/(12*mu)"), and q* was 1.7000002 > f* at μ = 4.6e8: weak
    // duality failed, exit 1.
    const std::string p = R"({"name": "p", "f": {"piecewise": [{"if": "x <= 0.1", "then": "0"}, {"if": "x > 0.1", "then": "x + 1"}]}, "g": "3*(x - 0.7)^2"})";
    const auto a = analyze_one(p);
    REQUIRE(a.closed_form);
    CHECK(a.primal.value == doctest::Approx(1.7).epsilon(1e-15));
    CHECK(a.q_star == doctest::Approx(1.7).epsilon(1e-15));
    CHECK(a.q_star <= a.primal.value);
    CHECK_FALSE(a.q_attained);
    CHECK(a.q_where == "μ → ∞");
    CHECK(has(pieces_json(p), "min(27*mu/25, 17/10 - 1/(12*mu))"));
    CHECK(all_checks_pass(p));
  }

  TEST_CASE("a vertex of L a few ulps inside a cell's end is a limit at that end") {
    // f = −1 for x < 0.7, 2 − x on [0.7, 1], x² − 1 beyond; g = 3(x − 0.7)², X = [0.5, 2]. On
    // [0.5, 0.7), L = −1 + 3μ(x − 0.7)² > −1 and → −1 as x → 0.7⁻, so q(μ) = −1, not attained for
    // μ > 0. The collected g's vertex is 0.6999999999999998, inside the cell: q was said attained
    // at "x = 7/10", where f = 2 − x gives L = 1.3 (the minimizer check failed, exit 1).
    const std::string p = R"J({"name": "c", "f": {"piecewise": [{"if": "x < 0.7", "then": "-1"}, {"if": "0.7 <= x <= 1", "then": "2 - x"}, {"if": "x > 1", "then": "x^2 - 1"}]}, "g": "3*(x - 0.7)^2", "X": [0.5, 2]})J";
    CHECK(has(pieces_json(p), "[0.0,\"inf\"] -1 | not attained, x → 0.7⁻; at mu = 0: every x in [0.5, 0.7)"));
    CHECK(analyze_one(p).q_star == -1);
    CHECK(all_checks_pass(p));
  }

  TEST_CASE("critical μ a few ulps apart are one μ") {
    // f = 2 − x, g = x/3 − 0.1 on [−1, ∞): L = 2 − 0.1μ + (μ/3 − 1)x, so q = −∞ for μ < 3, 1.7 at
    // μ = 3 (every x), 3 − 13μ/30 beyond; f* = 1.7 at x = 0.3 and μ* = 3. The critical μ came out
    // as 2.9999999999999996, 3 and 3.0000000000000004, with "2 - mu/10" on the sliver between,
    // where the samples found −∞ (exit 1).
    const std::string p = R"({"name": "p", "f": "2 - x", "g": "x/3 - 0.1", "X": [-1, "inf"]})";
    const std::string pieces = pieces_json(p);
    CHECK(pieces == "[0.0,3.0] -inf | x → +∞\n[3.0,\"inf\"] 3 - 13*mu/30 | x = -1; at mu = 3: every x in [-1, ∞)\n");
    const auto a = analyze_one(p);
    REQUIRE(a.multipliers);
    CHECK(a.multipliers->first == 3);
    CHECK(a.multipliers->second == 3);
    CHECK(all_checks_pass(p));
  }

  TEST_CASE("samples cut off by an overflow beside a falling L show only an upper bound") {
    // f = −x for x ≤ 1, −eˣ beyond; g = eˣ − e. At μ = 1/e (a critical μ), L on x > 1 is
    // (μ − 1)eˣ − μe → −∞; the samples fall to −1.4e137 at x = 316 and overflow (∞ − ∞) at x = 1000,
    // and q = −1.4e137 sampled against the closed form's −∞ failed the check (exit 1).
    const std::string p = R"J({"name": "p", "f": {"piecewise": [{"if": "x <= 1", "then": "-x"}, {"if": "x > 1", "then": "-exp(x)"}]}, "g": "exp(x) - exp(1)"})J";
    const auto a = analyze_one(p);
    bool seen = false;
    for (const auto& [mu, inf] : a.dual) {
      if (std::fabs(mu - std::exp(-1.0)) > 1e-12) continue;
      seen = true;
      CHECK(inf.upper_bound_only);
    }
    CHECK(seen);
    CHECK(all_checks_pass(p));
  }
}

