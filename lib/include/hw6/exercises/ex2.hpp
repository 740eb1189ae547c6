#pragma once
/// Exercise 2: one-dimensional problems min f(x) s.t. g(x) ≤ 0, x ∈ X: the primal value, the dual
/// function q(μ) = inf_{x∈X} f(x) + μg(x), the dual value, the duality gap, the set of geometric
/// multipliers, the picture S = {(g(x), f(x))}, and the claims 2(a)–(g) with counterexamples.
#include "hw6/expr.hpp"
#include "hw6/context.hpp"
#include "hw6/json_io.hpp"
#include "hw6/report.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hw6::ex2 {

/// An expression, or a piecewise function (first matching branch).
struct Function {
  std::vector<std::pair<std::optional<expr::Condition>, expr::Expression>> branches;
  std::vector<double> breakpoints;  ///< the numbers in the branch conditions
  std::string text;                 ///< for people
  /// NaN outside the function's domain or where no branch applies.
  double operator()(double x) const;
  bool has_branch(double x) const;
};

struct OneProblem {
  std::string name, note;
  Function f, g;
  double lo = -1.0 / 0.0, hi = 1.0 / 0.0;  ///< X
};

struct Problem {
  std::vector<OneProblem> problems;
};

Problem parse(const Json& j);

/// inf of h over [lo, hi], with where it is attained or approached.
struct Infimum {
  double value = 0;      ///< may be −∞ (or +∞ when h is nowhere defined)
  bool attained = false;
  double at = 0;         ///< a minimizer, or the point approached
  std::string where;     ///< "x = 1.5", "x → −∞", "x → 0⁺"
  std::vector<double> argmin;  ///< sample points attaining the infimum (when attained)
};
Infimum infimum(const std::function<double(double)>& h, double lo, double hi, const std::vector<double>& breakpoints);

struct Analysis {
  Infimum primal;  ///< f* over the feasible set
  bool feasible = true;
  std::vector<std::pair<double, Infimum>> dual;  ///< sampled q(μ)
  double q_star = 0;
  bool q_attained = false;
  double q_argmax = 0;
  std::string q_where;
  std::optional<double> gap;
  std::optional<std::pair<double, double>> multipliers;  ///< [lo, hi], hi may be +∞
};

Analysis analyze(const OneProblem& p);

struct Claim {
  char letter;
  bool holds;
  std::optional<std::size_t> counterexample;  ///< index into the problems
};

struct Result {
  std::vector<Analysis> analyses;
  std::vector<Claim> claims;
};

Result solve(const Problem& p);
Report report(const Problem& p, const Result& r);
/// Parses, solves and reports; `ctx` gives the folder for relative data paths and a progress sink.
Report run(const Json& problem_json, const RunContext& ctx = {});

}  // namespace hw6::ex2
