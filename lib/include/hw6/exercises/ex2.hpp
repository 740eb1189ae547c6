#pragma once
/// Exercise 2: one-dimensional problems min f(x) s.t. g(x) ≤ 0, x ∈ X: the primal value, the dual
/// function q(μ) = inf_{x∈X} f(x) + μg(x), the dual value, the duality gap, the set of geometric
/// multipliers, the picture S = {(g(x), f(x))}, and the claims 2(a)–(g) with counterexamples.
#include "hw6/expr.hpp"
#include "hw6/context.hpp"
#include "hw6/json_io.hpp"
#include "hw6/report.hpp"

#include <functional>
#include <memory>
#include <stdexcept>
#include <optional>
#include <string>
#include <vector>

namespace hw6::ex2 {

/// An expression, or a piecewise function (first matching branch).
struct Function {
  std::vector<std::pair<std::optional<expr::Condition>, expr::Expression>> branches;
  std::vector<double> breakpoints;  ///< the numbers in the branch conditions
  std::string text;                 ///< for people
  /// NaN outside the function's domain or where no branch applies; −∞ where the value overflows
  /// to −∞ (kept for the sampled method), +∞ as NaN.
  double operator()(double x) const;
  /// A bound on the rounding in operator()(x) (expr::Expression::rounding_bound of the branch at x).
  double rounding_bound(double x) const;
  bool has_branch(double x) const;
};

struct OneProblem {
  std::string name, note;
  Function f, g;
  double lo = -1.0 / 0.0, hi = 1.0 / 0.0;  ///< X
  std::vector<double> sample_breakpoints;   ///< for the sampled method: conditions' constants, roots of g
  bool sample_breakpoints_ready = false;
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
  double sample_x = 0;   ///< the sample point whose value is `value` (finite values)
  /// sampled_q: a bound on the rounding in `value`, the sample's f(x) + μg(x) against the exact
  /// L(x, μ) (a few ulps of the magnitudes of the terms of f and μg there).
  double rounding = 0;
  /// sampled_q: the samples beyond sample_x were left out as rounding noise (f and μg cancel far
  /// out), so q(μ) ≤ value is all they show (L may fall further: 0.3(x − 1)² + 0.1μ(1 − x²) at μ = 3).
  bool upper_bound_only = false;
};
Infimum infimum(const std::function<double(double)>& h, double lo, double hi, const std::vector<double>& breakpoints);

namespace closed {
struct ClosedForm;
}

struct Analysis {
  /// The closed form (null when the problem is outside the class: then `closed_form_reason`).
  std::shared_ptr<const closed::ClosedForm> closed_form;
  std::string closed_form_reason;
  double cells_error = 0;  ///< largest relative difference of the cells' f, g from the expressions at test points
  Infimum primal;  ///< f* over the feasible set (from the closed form when there is one)
  Infimum sampled_primal;  ///< f* by the sampled method (an independent check)
  /// With a closed form, f* by the sampled method over the samples where g(x) ≤ 0 beyond its
  /// rounding: it differs from sampled_primal where samples with g(x) within rounding of 0 decide
  /// f* (f jumps where g = 0); as far as the samples tell, the true f* lies between the two. +∞ when
  /// no sample is surely feasible.
  Infimum sampled_primal_sure;
  /// When no sample is surely feasible (sampled_primal_sure = +∞): the largest f(x) over the
  /// samples where g(x) ≤ 0 only within its rounding, an upper end for f* if the feasible set is
  /// among them; −∞ when there are none.
  double sampled_primal_maybe_max = -1.0 / 0.0;
  bool feasible = true;
  std::vector<std::pair<double, Infimum>> dual;  ///< sampled q(μ), a few dozen μ (an independent check)
  double q_star = 0;
  bool q_attained = false;
  double q_argmax = 0;
  std::string q_where;
  std::optional<double> gap;
  std::optional<std::pair<double, double>> multipliers;  ///< [lo, hi], hi may be +∞
};

/// Exercise 2's dual in closed form (ex2_closed_form.cpp). Every f and g of the class is split
/// into cells (open intervals and single points of X) on which it is a "form"
///   a + b·x + c·x² + d·eˣ + e·e⁻ˣ,
/// by splitting abs, min, max and piecewise at their breakpoints (roots of the argument, exact for
/// polynomials of degree ≤ 2, by bisection on a monotone branch for the exponential forms). On a
/// cell the Lagrangian L(x, μ) = f(x) + μg(x) is a form whose coefficients are affine in μ; the
/// class needs at most one of c, d, e nonzero on each cell. Its infimum over an open cell is
/// elementary (Boyd & Vandenberghe, Convex Optimization, §5.1 for q; the cases below are calculus):
/// the vertex −b/(2c) of a convex parabola, the stationary point ln(−b/d) of b·x + d·eˣ (d > 0,
/// b < 0), otherwise a limit at an end, −∞ read off the sign of the dominating term at an
/// infinite end. Which case applies changes only where an affine function of μ changes sign
/// (c, d, e, b, b + 2c·p, b + d·eᵖ, b − e·e⁻ᵖ, L(l) − L(r) for the cell's ends p, l, r), so
/// between consecutive such μ one formula holds; q is the minimum over the cells.
namespace closed {

/// a + b·x + c·x² + d·eˣ + e·e⁻ˣ.
struct Form {
  double a = 0, b = 0, c = 0, d = 0, e = 0;
  double operator()(double x) const;
};
/// An affine function of μ, k0 + k1·μ.
struct Affine {
  double k0 = 0, k1 = 0;
  double operator()(double mu) const { return k0 + k1 * mu; }
};

/// One cell of X: a single point (l = r) or an open interval (l, r), with f and g on it.
struct Cell {
  bool point = false;
  double l = 0, r = 0;
  Form f, g;
};

/// The infimum of L(·, μ) on one cell as a function of μ on one μ-interval.
struct Candidate {
  enum class Kind { MinusInf, Affine, Vertex, ExpStat } kind = Kind::Affine;
  Affine value;              ///< Kind::Affine: the value
  Affine a, b, c;            ///< Vertex: a − b²/(4c); ExpStat: a, b and the exponential's coefficient c
  int exp_sign = 1;          ///< ExpStat: +1 for c·eˣ, −1 for c·e⁻ˣ
  std::string x;             ///< the minimizer, in the problem language with mu ("x = -1/(2*mu)", "x -> 0-")
  bool attained = false;
  std::vector<Affine> ends;  ///< Vertex, ExpStat: the cell's values at its finite ends (never below this candidate)
  double operator()(double mu) const;
};

/// q on one μ-interval: −∞, or the minimum of the candidates.
struct DualPiece {
  double lo = 0, hi = 0;     ///< a single point when lo == hi, else the interval from lo to hi
  bool lo_closed = false, hi_closed = false;  ///< the formula also holds at that end
  bool minus_inf = false;
  std::vector<Candidate> candidates;
  std::string q;             ///< in the problem language with the variable mu, or "-inf"
  /// The minimizer(s) x(μ), for people ("x = mu/2", "x → ±∞"), then, for a closed end m where
  /// there are more minimizers or L falls another way, "; at mu = m: " and those ("every x in …").
  std::string x;
  bool attained = false;     ///< inf_x L(x, μ) attained on the piece
  double operator()(double mu) const;
};

struct ClosedForm {
  std::vector<Cell> cells;                 ///< the cells of X for L
  std::vector<double> critical;            ///< μ where the case analysis may change, sorted, with 0
  std::vector<DualPiece> pieces;           ///< in order of μ, merged where the formula is the same
  double f_star = 0;
  bool f_attained = false;
  std::string f_where;
  bool feasible = true;
  double q_star = 0;
  bool q_attained = false;
  double q_argmax = 0;
  std::string q_where;
  std::optional<std::pair<double, double>> multipliers;
};

/// Thrown when a problem is outside the class; what() says why.
struct OutOfClass : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The closed form, or OutOfClass.
ClosedForm derive(const OneProblem& p);
/// q(μ) evaluated exactly from the cells (no sampling), with the minimizer's description.
struct Value {
  double value = 0;
  bool attained = false;
  std::string x;
};
Value q_at(const ClosedForm& cf, double mu);
/// q_at(cf, mu).value without the description (which costs most of q_at).
double q_value(const ClosedForm& cf, double mu);
/// The cells of X on which L(·, μ) attains its infimum q(μ) (to a few ulps): a point cell, a vertex
/// or stationary point (l = r), or an open cell on which L(·, μ) is constant (l < r).
struct MinSet {
  double l = 0, r = 0;
};
std::vector<MinSet> minimizer_sets(const ClosedForm& cf, double mu);
/// The cell of X holding x (null outside X).
const Cell* cell_at(const ClosedForm& cf, double x);
/// f(x) and g(x) from the cells (NaN outside X).
std::pair<double, double> fg_at(const ClosedForm& cf, double x);

}  // namespace closed

Analysis analyze(const OneProblem& p);
/// q(μ) by the sampled method. With a closed form, f and g are evaluated from its cells (O(1) per
/// point however long the expressions; the cells are checked against the expressions separately).
Infimum sampled_q(const OneProblem& p, double mu, const closed::ClosedForm* cf = nullptr);
/// L(x, μ) = f(x) + μg(x) as the sampled method sees it, from f(x) and g(x) (from `cf`'s cells
/// when given): NaN where it is not computable in double precision (far out, f and μg cancel to
/// rounding noise), unless `cf`'s coefficients of f + μg, collected exactly, give it.
double lagrangian_sample(double fx, double gx, double x, double mu, const closed::ClosedForm* cf);
/// The difference of a sampled q(μ) from the closed form's value `exact` beyond the sample's
/// rounding, relative to 1 + |exact|: 0 when they agree to rounding (or `exact` is below a value
/// that is only an upper bound), ∞ when exactly one is infinite or both are but differ. The
/// self-check's measure.
double sampled_excess(double exact, const Infimum& sampled);
/// The numerical method for problems outside the class: f*, q*, the multipliers from samples.
void numeric_dual(const OneProblem& p, Analysis& a);

/// A claim of part 2, with its counterexample worked out in numbers (all with finite f*).
struct Claim {
  char letter;
  bool holds;
  std::optional<std::size_t> counterexample;  ///< index into the problems
  double mu = 0;   ///< (b): one multiplier; (e), (f), (g): the multiplier μ* used
  double mu2 = 0;  ///< (b): a second multiplier
  double x = 0;    ///< (f): an infeasible minimizer of L(·, μ*); (g): a feasible one that is not optimal
  std::size_t checked = 0;  ///< (c): how many loaded problems have a multiplier (each with zero gap)
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
