// Whole-command speed (issue 10, goal 2) without changing any result: the sampled method of
// Exercise 2 shares f and g between μ (a table per problem), figures are drawn only when written,
// q(μ) can be had without its description. Each shortcut is compared here with the plain
// computation it replaces.
#include "hw6/exercises/ex2.hpp"
#include "hw6/plot.hpp"
#include "hw6/problems.hpp"
#include "hw6/report.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

using namespace hw6;

namespace {

/// The sampled q(μ) as the method defines it, h evaluated point by point (the code before the
/// shared table): f and g from the closed form's cells when given one, else from the expressions;
/// μ = 0 looks at f alone; a value that cancels to rounding noise is taken from the closed form's
/// collected coefficients or, far out, left out (ex2::lagrangian_sample).
ex2::Infimum pointwise_q(const ex2::OneProblem& p, double mu, const ex2::closed::ClosedForm* cf) {
  return ex2::infimum(
      [&](double x) {
        double fx, gx;
        if (cf) std::tie(fx, gx) = ex2::closed::fg_at(*cf, x);
        else fx = p.f(x), gx = mu == 0 ? 0 : p.g(x);
        return ex2::lagrangian_sample(fx, gx, x, mu, cf);
      },
      p.lo, p.hi, p.sample_breakpoints);
}

/// Same number (bit for bit, or both NaN), same attainment, same description, same minimizers.
void check_same(const ex2::Infimum& got, const ex2::Infimum& want) {
  if (std::isnan(want.value)) CHECK(std::isnan(got.value));
  else CHECK(got.value == want.value);
  CHECK(got.attained == want.attained);
  if (std::isnan(want.at)) CHECK(std::isnan(got.at));
  else CHECK(got.at == want.at);
  CHECK(got.where == want.where);
  CHECK(got.argmin == want.argmin);
}

}  // namespace

TEST_SUITE("fast2") {
  TEST_CASE("ex2: the sampled method's shared table gives exactly the point-by-point infimum") {
    // The homework's six problems and problems of other shapes: poles (log, 1/x), a bounded X,
    // piecewise functions with jumps, an expression outside the closed-form class (sqrt of x). The
    // problems are visited in turn, twice, so a table kept for the wrong problem would show.
    std::vector<ex2::OneProblem> problems = ex2::parse(parse_json(std::string(builtin_problem_text("ex2")))).problems;
    const ex2::Problem more = ex2::parse(parse_json(R"J({"problems": [
      {"name": "log", "f": "-log(x)", "g": "1 - x", "X": [0, "inf"]},
      {"name": "pole", "f": "1/x", "g": "x - 2", "X": [0, "inf"]},
      {"name": "box", "f": "x^2 - 3*x", "g": "x - 1", "X": [-2, 3]},
      {"name": "jump", "f": {"piecewise": [{"if": "x < 1", "then": "2"}, {"if": "x >= 1", "then": "x - 1"}]}, "g": "1 - x"},
      {"name": "tail", "f": "exp(-x)", "g": "-x"},
      {"name": "root", "f": "x^2 - sqrt(x)", "g": "x - 1", "X": [0, "inf"]}
    ]})J"));
    problems.insert(problems.end(), more.problems.begin(), more.problems.end());
    std::vector<ex2::Analysis> analyses;
    for (const auto& p : problems) analyses.push_back(ex2::analyze(p));
    int compared = 0;
    for (int round = 0; round < 2; ++round)
      for (std::size_t k = 0; k < problems.size(); ++k) {
        const ex2::OneProblem& p = problems[k];
        const ex2::closed::ClosedForm* cf = analyses[k].closed_form.get();
        for (double mu : {0.0, 0.25, 1.0, 2.0, 7.5, 1e6}) {
          INFO(p.name, " μ = ", mu);
          check_same(ex2::sampled_q(p, mu, nullptr), pointwise_q(p, mu, nullptr));
          if (cf) check_same(ex2::sampled_q(p, mu, cf), pointwise_q(p, mu, cf));
          ++compared;
        }
      }
    CHECK(compared == 2 * 6 * static_cast<int>(problems.size()));
    // The last one is outside the class: the comparison above covered the expressions' path too.
    CHECK_FALSE(analyses.back().closed_form);
  }

  TEST_CASE("ex2: the sampled primal equals the point-by-point infimum over the feasible x") {
    const ex2::Problem p = ex2::parse(parse_json(std::string(builtin_problem_text("ex2"))));
    for (const auto& q : p.problems) {
      const ex2::Analysis a = ex2::analyze(q);
      const ex2::closed::ClosedForm* cf = a.closed_form.get();
      const ex2::Infimum want = ex2::infimum(
          [&](double x) {
            double fx, gx;
            if (cf) std::tie(fx, gx) = ex2::closed::fg_at(*cf, x);
            else fx = q.f(x), gx = q.g(x);
            return std::isfinite(gx) && gx <= 0 ? fx : std::numeric_limits<double>::quiet_NaN();
          },
          q.lo, q.hi, q.sample_breakpoints);
      INFO(q.name);
      check_same(a.sampled_primal, want);
    }
  }

  TEST_CASE("ex2: divergence read from the far end still tells −∞ from a finite limit") {
    const double inf = std::numeric_limits<double>::infinity();
    // −log x → −∞ as x → +∞ (it falls by ln 10^100 ≈ 230 from 10^200 to 10^300).
    const ex2::Infimum tail = ex2::infimum([](double x) { return x > 0 ? -std::log(x) : std::nan(""); }, 0, inf, {});
    CHECK(tail.value == -inf);
    CHECK(tail.where == "x → +∞");
    // −1/x on (0, ∞): −∞ as x → 0⁺ (a pole at the edge of X).
    const ex2::Infimum pole = ex2::infimum([](double x) { return x > 0 ? -1 / x : std::nan(""); }, 0, inf, {});
    CHECK(pole.value == -inf);
    CHECK(pole.where == "x → 0⁺");
    // 1/x on (0, ∞) keeps falling as x → +∞ but by less than 1: its infimum 0 is a limit, not −∞.
    const ex2::Infimum limit = ex2::infimum([](double x) { return x > 0 ? 1 / x : std::nan(""); }, 0, inf, {});
    CHECK(limit.value == 0);
    CHECK_FALSE(limit.attained);
    CHECK(limit.where == "x → +∞");
    // x² − 2x: a finite minimum, attained at 1 (no tail or pole may fire).
    const ex2::Infimum parabola = ex2::infimum([](double x) { return x * x - 2 * x; }, -inf, inf, {});
    CHECK(parabola.value == doctest::Approx(-1));
    CHECK(parabola.attained);
  }

  TEST_CASE("ex2: q_value is q_at's value") {
    const ex2::Problem p = ex2::parse(parse_json(std::string(builtin_problem_text("ex2"))));
    int compared = 0;
    for (const auto& q : p.problems) {
      const ex2::Analysis a = ex2::analyze(q);
      if (!a.closed_form) continue;
      for (int i = 0; i <= 200; ++i) {
        const double mu = 0.05 * i, want = ex2::closed::q_at(*a.closed_form, mu).value, got = ex2::closed::q_value(*a.closed_form, mu);
        if (std::isnan(want)) CHECK(std::isnan(got));
        else CHECK(got == want);
        ++compared;
      }
    }
    CHECK(compared >= 201);
  }

  TEST_CASE("figures: drawn when written, the same SVG as drawing at once") {
    plot::Plot pl;
    pl.title = "a line";
    plot::Series s;
    s.x = {0, 1, 2};
    s.y = {1, 0, 2};
    pl.series.push_back(s);
    const Figure lazy = plot_figure("line.svg", pl);
    CHECK(lazy.file == "line.svg");
    CHECK(lazy.svg.empty());  // not drawn yet
    CHECK(lazy.draw() == plot::render_svg(pl));
    CHECK(lazy.draw().rfind("<svg", 0) == 0);
    // A figure given as SVG text is written as given.
    const Figure given{"f.svg", "<svg/>", nullptr};
    CHECK(given.draw() == "<svg/>");
  }
}
