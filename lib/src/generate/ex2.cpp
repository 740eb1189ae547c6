// generate ex2: the three problems of part 1 from families that behave as the homework's, with
// small integer parameters; then hw6's added problems (unchanged) so that every claim of part 2
// keeps its counterexample.
//
// The families and what a student derives (μ ≥ 0 throughout):
//  (a) f = a·x + k, g = c·(x − s)², c > 0, a ≠ 0: feasible set {s}, f* = a·s + k (attained);
//      q(μ) = inf_x a·x + k + μc(x − s)² = a·s + k − a²/(4μc) for μ > 0, q(0) = −∞, so q* = f*
//      (gap 0) is approached as μ → ∞ and never attained: no geometric multiplier.
//  (b) f = A·e^{x−s} + k (x ≤ s), k + A − A(x − s)/L (s ≤ x ≤ s + L), k (x > s + L); g = x − s:
//      f* = k approached as x → −∞; q(0) = inf f = k, q(μ) = −∞ for μ > 0 (x → −∞ in A·e^{x−s} + μ(x − s)):
//      q* = k, gap 0, multiplier set {0}. (The homework's (b) is A = L = 1, s = k = 0.)
//  (c) f = k − a(x − s) (x ≤ s), k − c(x − s) (x > s) with 0 ≤ c < a; g = x − s: f* = k at x = s;
//      L = k + (μ − a)(x − s) on x ≤ s, bounded below iff μ ≤ a, and k + (μ − c)(x − s) on x > s,
//      bounded below iff μ ≥ c: q(μ) = k on [c, a], −∞ elsewhere: multipliers [c, a]. (Homework: a = 1, c = s = k = 0.)
#include "generators.hpp"

#include "hw6/problems.hpp"

#include <cmath>

namespace hw6::generate::detail {

namespace {
/// "x", "x - 2", "x + 1"
std::string shifted(int s) { return s == 0 ? "x" : s > 0 ? "x - " + std::to_string(s) : "x + " + std::to_string(-s); }
/// coefficient times a factor: "x", "-x", "3*x", "(x - 2)", "-2*(x - 2)"
std::string times(int coef, const std::string& factor) {
  const bool simple = factor.find(' ') == std::string::npos;
  const std::string f = simple ? factor : "(" + factor + ")";
  if (coef == 1) return f;
  if (coef == -1) return "-" + f;
  return std::to_string(coef) + "*" + f;
}
/// "term + k" with the sign written once: "x + 2", "x - 1", "x"
std::string plus(const std::string& term, int k) {
  if (k == 0) return term;
  return term + (k > 0 ? " + " : " - ") + std::to_string(std::abs(k));
}
/// hw6's expression language as LaTeX (the generated expressions only use + - * / ^ exp and comparisons).
std::string latex_expression(std::string e) {
  auto replace_all = [&e](const std::string& from, const std::string& to) {
    for (std::size_t at = e.find(from); at != std::string::npos; at = e.find(from, at + to.size())) e.replace(at, from.size(), to);
  };
  replace_all("*", "");
  replace_all("exp(", "e^{");
  // e^{...( ... )...}: the argument of exp holds no parentheses in generated problems, so its ")" is the next one.
  for (std::size_t at = e.find("e^{"); at != std::string::npos; at = e.find("e^{", at + 3)) e[e.find(')', at)] = '}';
  replace_all("<=", "\\le");
  replace_all(">=", "\\ge");
  return e;
}
std::string condition(const std::string& op, int at) { return "x " + op + " " + std::to_string(at); }

// Each family redraws its parameters while they give the homework's own problem.
Json family_a(Rng& rng) {
  int a, k, c, s;
  do a = rng.nonzero(-3, 3), k = rng.integer(-3, 3), c = rng.integer(1, 3), s = rng.integer(-2, 2);
  while (a == 1 && k == 0 && c == 1 && s == 0);
  const std::string f = plus(times(a, "x"), k);
  const std::string square = s == 0 ? "x^2" : "(" + shifted(s) + ")^2";
  const std::string g_text = c == 1 ? square : std::to_string(c) + "*" + square;
  return {{"name", "(a) f = " + f + ", g = " + g_text}, {"f", f}, {"g", g_text}};
}

Json family_b(Rng& rng) {
  int A, L, s, k;
  do A = rng.integer(1, 3), L = rng.integer(1, 3), s = rng.integer(-2, 2), k = rng.integer(-2, 2);
  while (A == 1 && L == 1 && s == 0 && k == 0);
  const std::string e = (A == 1 ? "" : std::to_string(A) + "*") + "exp(" + shifted(s) + ")";
  std::string mid = std::to_string(k + A) + " - " + times(A, shifted(s)) + (L == 1 ? "" : "/" + std::to_string(L));
  if (k + A == 0) mid = "-" + times(A, shifted(s)) + (L == 1 ? "" : "/" + std::to_string(L));
  Json f = {{"piecewise",
             {{{"if", condition("<=", s)}, {"then", plus(e, k)}},
              {{"if", std::to_string(s) + " <= x <= " + std::to_string(s + L)}, {"then", mid}},
              {{"if", condition(">", s + L)}, {"then", std::to_string(k)}}}}};
  return {{"name", "(b) f piecewise (exp, linear, constant), g = " + shifted(s)}, {"f", f}, {"g", shifted(s)}};
}

Json family_c(Rng& rng) {
  int a, c, s, k;
  do a = rng.integer(1, 4), c = rng.integer(0, a - 1), s = rng.integer(-2, 2), k = rng.integer(-2, 2);
  while (a == 1 && c == 0 && s == 0 && k == 0);
  auto side = [&](int slope) { return slope == 0 ? std::to_string(k) : plus(times(-slope, shifted(s)), k); };
  Json f = {{"piecewise", {{{"if", condition("<=", s)}, {"then", side(a)}}, {{"if", condition(">", s)}, {"then", side(c)}}}}};
  return {{"name", "(c) f piecewise linear, g = " + shifted(s)}, {"f", f}, {"g", shifted(s)}};
}
}  // namespace

Json draw_ex2(Rng& rng) {
  Json problems = Json::array({family_a(rng), family_b(rng), family_c(rng)});
  const Json builtin = parse_json(std::string(builtin_problem_text("ex2")));
  for (const auto& q : builtin["problems"])
    if (q["name"].get<std::string>().rfind("added", 0) == 0) problems.push_back(q);
  return {{"problems", problems}};
}

std::optional<std::string> reject_ex2(const Json&, const Report& solution) {
  const Json& ps = solution.results["problems"];
  if (ps.size() < 3) return "fewer than three problems solved";
  auto finite_equal = [](const Json& a, const Json& b) { return a.is_number() && b.is_number() && std::fabs(a.get<double>() - b.get<double>()) < 1e-9; };
  // (a): the gap is zero, yet no multiplier.
  const Json& a = ps[0];
  if (!finite_equal(a["f_star"], a["q_star"]) || !a["multipliers"].is_null()) return "(a) does not have a zero gap without a multiplier";
  // (b): the multiplier set is {0}.
  const Json& b = ps[1];
  if (!finite_equal(b["f_star"], b["q_star"]) || !b["multipliers"].is_array() || !finite_equal(b["multipliers"][0], Json(0.0)) ||
      !finite_equal(b["multipliers"][1], Json(0.0)))
    return "(b) does not have the multiplier set {0}";
  // (c): an interval [lo, hi] with lo < hi, its ends well apart.
  const Json& c = ps[2];
  if (!finite_equal(c["f_star"], c["q_star"]) || !c["multipliers"].is_array() || !c["multipliers"][1].is_number() ||
      c["multipliers"][1].get<double>() - c["multipliers"][0].get<double>() < 0.5)
    return "(c) does not have a multiplier interval";
  // Part 2: every false claim keeps a counterexample among the problems.
  for (const auto& claim : solution.results["claims"])
    if (!claim["holds"].get<bool>() && claim["counterexample"].is_null())
      return "claim " + claim["claim"].get<std::string>() + " has no counterexample";
  return std::nullopt;
}

std::string sheet_ex2(const Variant& v, const std::string&) {
  std::string s = sheet_header(v, "Discussions on Geometric Multiplier and Duality Gap");
  s += "Consider the primal problem $\\min_x f(x)$ s.t. $g(x) \\le 0$, $x \\in X$ (Problem (3) with one inequality constraint), and "
       "recall the discussion on Geometric Multiplier and Duality Gap in Lecture 13.\n\n";
  s += "1. For each of the following problems ($X = \\mathbb{R}$; the problem file writes them in hw6's expression language):\n\n";
  const Json& ps = v.problem["problems"];
  for (std::size_t i = 0; i < 3; ++i) {
    const Json& q = ps[i];
    s += "   - (" + std::string(1, static_cast<char>('a' + i)) + ") $\\min f(x) = ";
    if (q["f"].is_string()) {
      s += latex_expression(q["f"].get<std::string>());
    } else {
      s += "\\begin{cases} ";
      bool first = true;
      for (const auto& br : q["f"]["piecewise"]) {
        s += std::string(first ? "" : " \\\\ ") + latex_expression(br["then"].get<std::string>()) + ", & " +
             latex_expression(br["if"].get<std::string>());
        first = false;
      }
      s += " \\end{cases}";
    }
    s += "$ s.t. $g(x) = " + latex_expression(q["g"].get<std::string>()) + " \\le 0$.\n";
  }
  s += "\n   finish the following three tasks:\n"
       "   - (a) Plot the graph of $f(x)$ relative to $g(x)$: the horizontal axis represents $g(x)$ and the vertical axis $f(x)$.\n"
       "   - (b) Check whether a geometric multiplier exists and whether there is duality gap;\n"
       "   - (c) Find the dual problem of the primal problem and try to solve the dual problem.\n";
  s += "2. Based on the above discussions (hw6 adds the problems named \"added: …\" in the problem file for the claims), decide whether "
       "the following claims on the geometric multiplier and the duality gap for the primal problem (3) are correct. Justify them "
       "rigorously if they are correct; otherwise give a counterexample for each.\n"
       "   - (a) The geometric multiplier for the primal problem (3) always exists.\n"
       "   - (b) If the geometric multiplier exists, then it is unique.\n"
       "   - (c) If the geometric multiplier exists, then the duality gap is zero.\n"
       "   - (d) If the duality gap is zero, there exists at least one geometric multiplier.\n"
       "   - (e) Let $(\\lambda^*, \\mu^*)$ be a geometric multiplier. Then $\\operatorname{argmin}_{x \\in X} L(x, \\lambda^*, \\mu^*)$ "
       "always admits at least one solution.\n"
       "   - (f) If $(\\lambda^*, \\mu^*)$ is a geometric multiplier and $\\operatorname{argmin}_{x \\in X} L(x, \\lambda^*, \\mu^*)$ admits "
       "a solution $x^*$, then $x^*$ is feasible.\n"
       "   - (g) (optional) Let $(\\lambda^*, \\mu^*)$ be a geometric multiplier. Then $x^*$ is a global minimum of the primal problem "
       "if and only if $x^*$ is feasible and $x^* \\in \\operatorname{argmin}_{x \\in X} L(x, \\lambda^*, \\mu^*)$.\n";
  return s;
}

}  // namespace hw6::generate::detail
