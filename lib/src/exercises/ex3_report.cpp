// Exercise 3: the derivations, the numbers, the checks and the path figure.
#include "hw6/exercises/ex3.hpp"
#include "hw6/plot.hpp"
#include "hw6/render.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace hw6::ex3 {

namespace {

using T = Tolerances;

/// A tolerance as people write it: 1e-8.
std::string tol_text(double tol) { return "1e" + std::to_string(static_cast<int>(std::lround(std::log10(tol)))); }
/// Six significant digits: a solver change in the 12th digit changes no word. Only what may be the
/// round-off of a 0 is shown as 0, each by its own scale (β_j*, c*, (X̄ᵀθ*)_j below); λ, mλ, the
/// values and θ* are printed as they are, however small (λ = 1.6e-13 was printed "λ = 0").
std::string num(double x) { return format_number(x, 6); }
std::string beta_text(const Result& r, Eigen::Index j) { return is_roundoff(r, j) ? "0" : num(r.primal.beta(j)); }
Eigen::VectorXd shown_beta(const Result& r) {
  Eigen::VectorXd v = r.primal.beta;
  for (Eigen::Index j = 0; j < v.size(); ++j)
    if (is_roundoff(r, j)) v(j) = 0;
  return v;
}
std::string c_text(double c) { return std::fabs(c) < T::show_zero ? "0" : num(c); }
/// A number as printed, in LaTeX: 1.5e-07 as 1.5 \times 10^{-7} (the bare form reads as 1.5e − 7 in
/// math), 1e-08 as 10^{-8}.
std::string tex(const std::string& printed) {
  const auto e = printed.find('e');
  if (e == std::string::npos) return printed;
  const std::string power = "10^{" + std::to_string(std::stoi(printed.substr(e + 1))) + "}";
  const std::string mantissa = printed.substr(0, e);
  return mantissa == "1" ? power : mantissa == "-1" ? "-" + power : mantissa + " \\times " + power;
}
/// |(X̄ᵀθ*)_j|, 0 when within its rounding (a constant column's 1e-17).
/// |(X̄ᵀθ*)_j|: 0 where it is within its rounding and that rounding is negligible beside mλ;
/// where the rounding is not (a column of 1e20 beside λ = 0.1), the value with its uncertainty.
std::string correlation_text(const Result& r, Eigen::Index j, double m_lambda) {
  const double value = std::fabs(r.Xtheta(j)), rounding = r.rounding(j);
  if (value > rounding) return num(value);
  return rounding <= 1e-3 * m_lambda ? "0" : num(value) + " ± " + num(rounding);
}
/// The fewest digits (6 to 17) that print a and b differently; 6 when they are equal.
int distinct_digits(double a, double b) {
  int d = 6;
  while (a != b && d < 17 && format_number(a, d) == format_number(b, d)) ++d;
  return d;
}
/// x with the fewest digits (at least 6) that read back as x: a lambda_ratio of 1.00000001 as given.
std::string shortest(double x) {
  for (int d = 6; d < 17; ++d)
    if (std::strtod(format_number(x, d).c_str(), nullptr) == x) return format_number(x, d);
  return format_number(x, 17);
}
/// Features as people count them, from 1 as the homework does: "1, 3, 5", or "none".
std::string features(const std::vector<Eigen::Index>& js) {
  std::vector<Eigen::Index> shifted;
  for (auto j : js) shifted.push_back(j + 1);
  return format_index_list(shifted);
}
std::vector<Eigen::Index> nonzero(const Eigen::VectorXd& beta) {
  std::vector<Eigen::Index> out;
  for (Eigen::Index j = 0; j < beta.size(); ++j)
    if (beta(j) != 0) out.push_back(j);
  return out;
}

/// The relative duality gap: over the value of (4), which is positive (each loss term is).
double relative_gap(const Result& r) { return std::fabs(r.primal.objective - r.dual_value) / r.primal.objective; }
/// θ*'s dual infeasibility, relative: |⟨θ*, b⟩| over Σθ_i*, and |(X̄ᵀθ*)_j| beyond mλ and its rounding, over mλ.
double intercept_violation(const Problem& pr, const Result& r) {
  const double sum = r.theta.sum();
  return sum > 0 ? std::max(0.0, std::fabs(r.theta.dot(pr.b)) - optim::l1_logreg_sum_rounding(pr.X.rows()) * sum) / sum : 0.0;
}
double box_violation(const Problem& pr, const Result& r) {
  const double bound = double(pr.X.rows()) * r.lambda;
  double worst = 0;
  for (Eigen::Index j = 0; j < r.Xtheta.size(); ++j) worst = std::max(worst, std::fabs(r.Xtheta(j)) - bound - r.rounding(j));
  return std::max(0.0, worst) / bound;
}

Json results_json(const Problem& pr, const Result& r) {
  const double mm = double(pr.X.rows());
  const auto& s = r.primal;
  Json j = Json::object();
  j["m"] = pr.X.rows();
  j["p"] = pr.X.cols();
  j["lambda"] = r.lambda;
  j["lambda_max"] = r.lambda_max;
  j["primal"] = {{"beta", vector_json(s.beta)}, {"c", s.c}, {"objective", s.objective}, {"kkt_residual", r.kkt}, {"iterations", s.iterations}};
  const double box = std::max(0.0, r.Xtheta.cwiseAbs().maxCoeff() - mm * r.lambda);
  j["dual"] = {{"theta", vector_json(r.theta)}, {"value", r.dual_value}, {"Xbar_T_theta", vector_json(r.Xtheta)},
               {"constraint_violation", {{"theta_T_b", r.theta.dot(pr.b)}, {"inf_norm_excess", box}}}};
  j["duality_gap"] = s.objective - r.dual_value;
  Json inactive = Json::array();
  for (auto k : r.inactive) inactive.push_back(k);
  j["screening"] = {{"inactive", inactive}, {"threshold", mm * r.lambda}};
  {
    const Uniqueness& u = r.uniqueness;
    const char* verdict = u.verdict == Uniqueness::Verdict::unique             ? "unique"
                          : u.verdict == Uniqueness::Verdict::not_unique       ? "not_unique"
                          : u.verdict == Uniqueness::Verdict::nearly_dependent ? "nearly_dependent"
                          : u.verdict == Uniqueness::Verdict::not_assessed     ? "not_assessed"
                                                                               : "undecided";
    Json dependent = Json::array(), boundary = Json::array();
    const bool near = u.verdict == Uniqueness::Verdict::nearly_dependent;
    for (auto k : near ? u.near : u.dependent) dependent.push_back(k);
    for (auto k : u.boundary) boundary.push_back(k);
    Json blocked = Json::array();
    for (auto k : u.blocked) blocked.push_back(k);
    j["uniqueness"] = {{"verdict", verdict}, {"boundary", boundary}, {"dependent", dependent},
                       {"with_intercept", near ? u.near_with_intercept : u.with_intercept}, {"through_boundary", u.through_boundary},
                       {"blocked", blocked}};
    if (near) j["uniqueness"]["smallest_singular_value"] = u.near_sigma;
    else if (u.verdict == Uniqueness::Verdict::unique && !u.blocked.empty()) j["uniqueness"]["smallest_singular_value"] = u.blocked_sigma;
    else if (u.has_sigma && !u.support.empty()) j["uniqueness"]["smallest_singular_value"] = u.sigma_min;
  }
  if (!r.path.empty()) {
    Json path = Json::array();
    for (const auto& pt : r.path)
      path.push_back({{"lambda_ratio", pt.ratio}, {"lambda", pt.lambda}, {"beta", vector_json(pt.solution.beta)}, {"c", pt.solution.c},
                      {"objective", pt.solution.objective},
                      {"rejection_ratio", double(pt.solution.screened) / double(pt.solution.beta.size())}});
    j["path"] = path;
  }
  return j;
}

void derivation_steps(Report& rep) {
  Step one("1", "The Lagrangian of (5)");
  one.para("With a multiplier θ_i ∈ ℝ for each equality constraint (1/m)(−⟨β, x̄_i⟩ − b_i c) − q_i = 0:");
  one.formula("L(β, c, q, θ) = (1/m) Σ_i ln(1 + exp(m q_i)) + λ‖β‖₁\n"
              "               + Σ_i θ_i ((1/m)(−⟨β, x̄_i⟩ − b_i c) − q_i)\n"
              "             = (1/m) Σ_i [ln(1 + exp(m q_i)) − m θ_i q_i]\n"
              "               + λ‖β‖₁ − (1/m) ⟨β, X̄ᵀθ⟩ − (c/m) ⟨θ, b⟩",
              // Both lines, as in the text: part 2 takes the infima of the second one.
              "\\begin{aligned}L(\\boldsymbol\\beta, c, \\mathbf{q}, \\boldsymbol\\theta) &= \\frac1m\\sum_i \\ln(1 + e^{m q_i}) + "
              "\\lambda\\|\\boldsymbol\\beta\\|_1 + \\sum_i\\theta_i\\Big(\\frac1m(-\\langle\\boldsymbol\\beta,\\bar{\\mathbf{x}}_i\\rangle - b_i c) - q_i\\Big)\\\\ "
              "&= \\frac1m\\sum_i\\big[\\ln(1 + e^{m q_i}) - m\\theta_i q_i\\big] + \\lambda\\|\\boldsymbol\\beta\\|_1 - "
              "\\frac1m\\langle\\boldsymbol\\beta, \\bar X^\\top\\boldsymbol\\theta\\rangle - \\frac cm\\langle\\boldsymbol\\theta, \\mathbf{b}\\rangle\\end{aligned}");
  rep.steps.push_back(std::move(one));

  Step two("2", "The dual problem");
  two.para("The dual function is the infimum of L over (β, c, q); the three variables separate:");
  two.para("  - over q_i: ln(1 + e^(m q)) − m θ_i q is convex in q; its derivative m(σ(mq) − θ_i) vanishes at "
           "m q = ln(θ_i/(1 − θ_i)) when 0 < θ_i < 1, giving −θ_i ln θ_i − (1 − θ_i) ln(1 − θ_i); at θ_i ∈ {0, 1} the "
           "infimum is 0 (approached as q → ∓∞), the same formula with 0 ln 0 = 0; for θ_i ∉ [0, 1] it is −∞.\n"
           "  - over c: −(c/m)⟨θ, b⟩ is linear in c: bounded below only if ⟨θ, b⟩ = 0, then 0.\n"
           "  - over β: λ‖β‖₁ − (1/m)⟨β, X̄ᵀθ⟩ = Σ_j (λ|β_j| − (X̄ᵀθ)_j β_j / m) is 0 if every |(X̄ᵀθ)_j| ≤ mλ, else −∞.");
  two.para("So the dual of (5) is");
  two.formula("max_θ  (1/m) Σ_i [−θ_i ln θ_i − (1 − θ_i) ln(1 − θ_i)]\ns.t.   ‖X̄ᵀθ‖_∞ ≤ mλ,   ⟨θ, b⟩ = 0,   θ ∈ [0, 1]^m",
              "\\max_{\\boldsymbol\\theta\\in[0,1]^m}\\ \\frac1m\\sum_i\\big(-\\theta_i\\ln\\theta_i - (1-\\theta_i)\\ln(1-\\theta_i)\\big)"
              "\\quad\\text{s.t.}\\quad \\|\\bar X^\\top\\boldsymbol\\theta\\|_\\infty \\le m\\lambda,\\ \\langle\\boldsymbol\\theta,\\mathbf{b}\\rangle = 0");
  two.para("(the safe-screening paper's [1] dual, written as a maximization). Its objective is strictly concave, so θ* is unique; "
           "stationarity in q gives θ_i* = σ(m q_i*) = σ(−⟨β*, x̄_i⟩ − b_i c*), how θ* is computed below from the primal solution.");
  rep.steps.push_back(std::move(two));

  Step three("3", "The sparse condition");
  three.para("(5) is convex with linear equality constraints, and by assumption its optimum (β*, c*, q*) and the dual optimum θ* "
             "are attained with equal values. Then (β*, c*, q*) minimizes L(·, ·, ·, θ*): for any (β, c, q), L(β, c, q, θ*) ≥ "
             "d(θ*) = f(β*, c*, q*) = L(β*, c*, q*, θ*), the last equality because (β*, c*, q*) satisfies the constraints. L is "
             "convex and separable in the β_j, so each β_j* minimizes λ|β_j| − (X̄ᵀθ*)_j β_j / m; the KKT (stationarity) condition is");
  three.formula("0 ∈ λ ∂|β_j*| − (X̄ᵀθ*)_j / m,\n∂|t| = {sign t} for t ≠ 0,  [−1, 1] for t = 0",
                "0 \\in \\lambda\\,\\partial|\\beta_j^*| - \\tfrac1m(\\bar X^\\top\\boldsymbol\\theta^*)_j");
  three.para("together with θ_i* = σ(m q_i*) (stationarity in q), ⟨θ*, b⟩ = 0 (in c) and primal feasibility. If β_j* ≠ 0, the "
             "condition reads (X̄ᵀθ*)_j = mλ sign β_j*, so |(X̄ᵀθ*)_j| = mλ. Contrapositive: |(X̄ᵀθ*)_j| < mλ forces β_j* = 0. This "
             "is what screening exploits: any estimate of θ* that proves |(X̄ᵀθ*)_j| < mλ removes feature j before solving.");
  rep.steps.push_back(std::move(three));
}

Table screening_table(const Problem& pr, const Result& r) {
  const double mm = double(pr.X.rows());
  Table t;
  t.header = {"j", "|(X̄ᵀθ*)_j|", "mλ", "screened out", "β_j*"};
  t.right_align = {true, true, true, false, true};
  for (Eigen::Index j = 0; j < pr.X.cols() && j < 60; ++j) {
    const bool out = std::find(r.inactive.begin(), r.inactive.end(), j) != r.inactive.end();
    t.rows.push_back({std::to_string(j + 1), correlation_text(r, j, mm * r.lambda), num(mm * r.lambda), out ? "yes" : "no", beta_text(r, j)});
  }
  return t;
}

/// "Feature 3 has" / "Features 2, 4 have".
std::string features_verb(const std::vector<Eigen::Index>& js, const char* one, const char* many) {
  return (js.size() == 1 ? "Feature " : "Features ") + features(js) + " " + (js.size() == 1 ? one : many);
}
/// ℝ³ for 3: the dimension as superscript digits.
std::string real_space(Eigen::Index m) {
  static const char* const digit[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
  std::string out;
  for (char c : std::to_string(m)) out += digit[c - '0'];
  return "ℝ" + out;
}

/// Part 4's paragraph on whether β* is the only minimizer (see Uniqueness in ex3.hpp).
std::string uniqueness_text(const Problem& pr, const Result& r) {
  using V = Uniqueness::Verdict;
  const Uniqueness& u = r.uniqueness;
  auto singular = [&pr](double x, std::size_t columns) {
    if (static_cast<Eigen::Index>(columns) > pr.X.rows())
      return std::to_string(columns) + " vectors in " + real_space(pr.X.rows()) + ", more than its dimension";
    return "the smallest singular value of these columns, each scaled to unit length, is " + format_number(x, 2) +
           (x <= Uniqueness::exact_below(columns) ? ", zero to within rounding" : "");
  };
  auto count_of = [](const std::vector<Eigen::Index>& js, bool with_b) { return js.size() + (with_b ? 1 : 0); };
  std::vector<Eigen::Index> e = u.support;  // E: the features part 3 does not rule out
  e.insert(e.end(), u.boundary.begin(), u.boundary.end());
  std::sort(e.begin(), e.end());
  std::vector<Eigen::Index> ruled_out;
  for (Eigen::Index j = 0; j < pr.X.cols(); ++j)
    if (!std::binary_search(e.begin(), e.end(), j)) ruled_out.push_back(j);
  const auto columns_of = [](const std::vector<Eigen::Index>& js, bool with_b) {
    return (js.size() == 1 ? "the column x̄_" + std::to_string(js[0] + 1) + " of feature " + features(js)
                           : "the columns x̄_j of features " + features(js)) + (with_b ? " and b" : "");
  };
  const auto within = [](const std::vector<Eigen::Index>& js, const std::vector<Eigen::Index>& in) {
    std::vector<Eigen::Index> out;
    for (auto j : js)
      if (std::binary_search(in.begin(), in.end(), j)) out.push_back(j);
    return out;
  };
  const auto outside = [](const std::vector<Eigen::Index>& js, const std::vector<Eigen::Index>& in) {
    std::vector<Eigen::Index> out;
    for (auto j : js)
      if (!std::binary_search(in.begin(), in.end(), j)) out.push_back(j);
    return out;
  };
  const std::string same_margins =
      "Every minimizer has the same margins X̄β + bc (the loss is strictly convex in them), so the same θ*, and by part 3 it is zero "
      "wherever |(X̄ᵀθ*)_j| < mλ, which rules out " +
      (ruled_out.empty() ? std::string("no feature") : (ruled_out.size() == 1 ? "feature " : "features ") + features(ruled_out));
  // E's columns, named by the shorter description: "the columns x̄_j of the other 55 features and b".
  const std::string e_columns = e.size() <= 10 || ruled_out.size() >= e.size() ? columns_of(e, true)
                                : ruled_out.empty() ? "the columns x̄_j of all " + format_count(static_cast<long long>(e.size())) + " features and b"
                                                    : "the columns x̄_j of the other " + format_count(static_cast<long long>(e.size())) + " features and b";
  const auto boundary_note = [&](const std::vector<Eigen::Index>& js) {
    return js.empty() ? std::string()
                      : " (" + features_verb(js, "has", "have") + " β_j* = 0 but |(X̄ᵀθ*)_j| = mλ to within " + tol_text(T::boundary) +
                            ", so part 3 does not rule " + (js.size() == 1 ? "it" : "them") + " out.)";
  };
  const std::string barely =
      u.barely_out.empty() ? std::string()
                           : " " + features_verb(u.barely_out, "is", "are") + " ruled out only barely (|(X̄ᵀθ*)_j| is below mλ by a relative " +
                                 format_number(u.barely_margin, 2) + " at most): no minimizer uses " + (u.barely_out.size() == 1 ? "it" : "them") +
                                 ", but moving weight onto " + (u.barely_out.size() == 1 ? "it" : "them") + " raises the value of (4) by only about that "
                                 "fraction of λ per unit.";
  const std::string blocked =
      u.blocked.empty() ? std::string()
                        : "; with the features on the boundary, " + columns_of(u.blocked, u.blocked_with_intercept) +
                              (u.null_dimension == 1 ? std::string(" have one linear dependence (")
                                                     : " have " + std::to_string(u.null_dimension) + " independent linear dependences (") +
                              singular(u.blocked_sigma, count_of(u.blocked, u.blocked_with_intercept)) +
                              (u.null_dimension == 1 ? "), but moving along it, either way, " : "), but moving along any combination of them "
                                                                                                 "(each extreme one tried, both ways) ") +
                              "would make " + (within(u.boundary, u.blocked).size() == 1 ? "feature " : "one of features ") +
                              features(within(u.boundary, u.blocked)) + " nonzero with the sign opposite to (X̄ᵀθ*)_j, which part 3 forbids";
  const std::string keeps =
      "keeps the margins X̄β + bc, and keeps ‖β‖₁ (a minimizer's nonzero β_j has the sign of (X̄ᵀθ*)_j, and for the direction v "
      "the sum of those signs times v_j is θ*ᵀX̄v/(mλ) = −v_c⟨θ*, b⟩/(mλ) = 0), so the value of (4) does not change: β* is not "
      "the only minimizer. The margins, θ*, ‖β*‖₁ and the value of (4) are the same for every minimizer; how the weight is split "
      "between these features is not.";
  switch (u.verdict) {
    case V::not_assessed:
      if (!(r.kkt <= T::kkt)) return "Uniqueness is not assessed: the solve did not reach its tolerance (see the checks).";
      return "Uniqueness is not assessed: whether part 3 rules out " + std::string(r.unresolved.size() == 1 ? "feature " : "features ") +
             features(r.unresolved) + " is not decided in double precision (above).";
    case V::unique: {
      if (u.support.empty())
        return "Uniqueness: β* = 0 is the only minimizer. Every minimizer has the same value and the same margins X̄β + bc (the loss is "
               "strictly convex in them), so the same loss and the same ‖β‖₁ = (value − loss)/λ, which is 0 here.";
      const std::string why =
          u.blocked.empty()
              ? "; " + e_columns + " are linearly independent (" + singular(u.sigma_min, e.size() + 1) + "), so the margins fix β* and c*."
              : "; " + columns_of(u.support, true) + " are linearly independent" + blocked + ", so the margins and the signs fix β* and c*.";
      return "Uniqueness: β* is the only minimizer. " + same_margins + why + boundary_note(u.blocked.empty() ? u.boundary : outside(u.boundary, u.blocked)) + barely;
    }
    case V::nearly_dependent:
      return "Uniqueness: in exact arithmetic β* is the only minimizer, but it is poorly determined. " + same_margins + "; " +
             columns_of(u.near, u.near_with_intercept) + " are nearly linearly dependent (" +
             singular(u.near_sigma, count_of(u.near, u.near_with_intercept)) + ")" + blocked +
             ". Moving β* along the near-dependence (c* with it) changes the margins by only that fraction of the move, and the value of "
             "(4) correspondingly little, so the split of weight between these features printed above is one of many whose value is the "
             "minimum to within rounding, not necessarily the exact minimizer's." +
             boundary_note(outside(outside(u.boundary, u.near), u.blocked)) + barely;
    case V::not_unique:
      if (u.more_than_m)
        return "Uniqueness: β* has " + std::to_string(u.support.size()) + " nonzero coefficients (features " + features(u.support) +
               "); their columns with b are " + std::to_string(u.support.size() + 1) + " vectors in " + real_space(pr.X.rows()) +
               ", necessarily linearly dependent. Moving β* a little along a dependence (c* with it) " + keeps;
      if (u.through_boundary) {
        const std::vector<Eigen::Index> entering = within(u.boundary, u.dependent);
        return "Uniqueness: " + features_verb(entering, "has", "have") + " β_j* = 0 but |(X̄ᵀθ*)_j| = mλ to within " + tol_text(T::boundary) +
               ", so a minimizer may have " + (entering.size() == 1 ? "it" : "them") + " nonzero with the sign of (X̄ᵀθ*)_j; and " +
               columns_of(u.dependent, u.with_intercept) + " are linearly dependent (" +
               singular(u.sigma_min, count_of(u.dependent, u.with_intercept)) + ") along a direction that gives " +
               (entering.size() == 1 ? "it" : "them") + " that sign. Moving β* a little along it (c* with it) " + keeps +
               boundary_note(outside(u.boundary, u.dependent));
      }
      return "Uniqueness: " + columns_of(u.dependent, u.with_intercept) + " are linearly dependent (" +
             singular(u.sigma_min, count_of(u.dependent, u.with_intercept)) + "). Moving β* a little along that dependence (c* with it) " + keeps;
    case V::undecided:
      break;
  }
  if (u.too_large)
    return "Uniqueness is not decided here: whether the columns of the " + std::to_string(e.size()) + " features that part 3 does not "
           "rule out, with b, are linearly independent is tested only up to m·(k + 1)² = 4·10⁹ operations (and, with features on the "
           "boundary, 200 columns); here m·(k + 1)² = " +
           format_count(static_cast<long long>(double(pr.X.rows()) * std::pow(double(e.size() + 1), 2))) + "." + boundary_note(u.boundary);
  return "Uniqueness is not decided here. " + same_margins + "; " + e_columns + " have " + std::to_string(u.null_dimension) +
         " independent linear dependences (" + singular(u.sigma_min, e.size() + 1) + "), and whether some combination of them keeps the "
         "signs part 3 requires of the " + std::to_string(u.boundary.size()) + " boundary features is a linear program this test does "
         "not solve (it tries the extreme combinations for up to 3 dependences and 30 boundary features)." + boundary_note(u.boundary);
}

void data_step(Report& rep, const Problem& pr, const Result& r) {
  const Eigen::Index m = pr.X.rows(), p = pr.X.cols();
  const double mm = double(m);
  const auto& s = r.primal;
  Step four("4", "On the data: (4) solved, θ*, the duality gap, screening");
  four.para("m = " + std::to_string(m) + " samples, p = " + std::to_string(p) + (p == 1 ? " feature" : " features") +
            " (numbered from 1; the JSON's indices start at 0). "
            "λ_max in closed form: at β = 0 the best intercept solves m₊σ(−c) = m₋σ(c), c = ln(m₊/m₋), so θ_i = m₋/m for positive and "
            "m₊/m for negative samples, and β = 0 stays optimal exactly while |(X̄ᵀθ)_j| ≤ mλ for all j:");
  // λ and λ_max with the digits that tell them apart (λ = 1.00000001·λ_max printed "λ = 0.338776 =
  // 1·λ_max" beside "Here λ > λ_max"), and the ratio as given.
  const int d = distinct_digits(r.lambda, r.lambda_max);
  const std::string lmax_text = format_number(r.lambda_max, d), lambda_text = format_number(r.lambda, d),
                    ratio_text = pr.lambda_ratio ? shortest(*pr.lambda_ratio) : std::string();
  four.formula("λ_max = (1/m) ‖X̄ᵀθ₀‖_∞ = " + lmax_text + ",   λ = " + lambda_text + (pr.lambda_ratio ? " = " + ratio_text + "·λ_max" : ""),
               "\\lambda_{\\max} = \\frac1m\\|\\bar X^\\top\\boldsymbol\\theta_0\\|_\\infty = " + tex(lmax_text) + ",\\quad \\lambda = " +
                   tex(lambda_text) + (pr.lambda_ratio ? " = " + tex(ratio_text) + "\\,\\lambda_{\\max}" : ""));
  // β* = 0 by theory (λ ≥ λ_max); the list below counts a feature as proved only with a margin of
  // Tolerances::screening beyond its rounding, which λ within 1e-7 of λ_max, or below the rounding,
  // does not leave: said here, not left as a contradiction with "strictly".
  std::vector<Eigen::Index> not_proved;
  for (Eigen::Index j = 0; j < p; ++j)
    if (!std::binary_search(r.inactive.begin(), r.inactive.end(), j)) not_proved.push_back(j);
  const auto strictly = [&](const std::vector<Eigen::Index>& except) {
    std::vector<Eigen::Index> js;
    for (auto j : not_proved)
      if (!std::binary_search(except.begin(), except.end(), j)) js.push_back(j);
    return js.empty() ? std::string(".")
                      : "; but the computed |(X̄ᵀθ*)_j| of " + std::string(js.size() == 1 ? "feature " : "features ") + features(js) +
                            " is not below mλ by the margin the list below asks of a proof (a relative " + tol_text(T::screening) +
                            " beyond its rounding), so the list does not count " + (js.size() == 1 ? "it." : "them.");
  };
  if (r.lambda_max == 0)
    four.para(std::string("Here λ_max = 0: (X̄ᵀθ₀)_j = (m₊m₋/m)(mean of x_j over the positive samples − mean over the negative ones), and the two "
                          "means are equal in every feature") +
              (r.lambda_max_within_rounding ? ", here only to within the rounding of these sums (data whose class means are equal in "
                                              "decimal need not be in binary: 0.1 + 0.2 ≠ 0.3 + 0)" : "") +
              ", so β* = 0 and c* = ln(m₊/m₋) at every λ > 0" + (r.lambda_max_within_rounding ? " that double precision can tell from 0" : "") +
              ": every feature satisfies the sparse condition strictly" + strictly({}));
  else if (r.lambda >= r.lambda_max) {
    std::vector<Eigen::Index> top;  // λ = λ_max: the features that attain it, which the sentence already names
    for (Eigen::Index j = 0; j < p; ++j)
      if (r.lambda == r.lambda_max && std::fabs(r.Xtheta(j)) >= mm * r.lambda * (1 - T::boundary)) top.push_back(j);
    four.para(r.lambda > r.lambda_max ? "Here λ > λ_max, so β* = 0 and c* = ln(m₊/m₋): every feature satisfies the sparse condition strictly" + strictly({})
                                      : "Here λ = λ_max, so β* = 0 and c* = ln(m₊/m₋); at least one feature attains |(X̄ᵀθ*)_j| = mλ, "
                                        "so the sparse condition (strict) does not list it, though its β_j* is 0 too" + strictly(top));
  } else if (shown_beta(r).cwiseAbs().maxCoeff() == 0 && r.kkt <= T::kkt) {
    // λ = (1 − 1e-12)·λ_max: β* ≠ 0 in exact arithmetic, but β = 0 meets the KKT conditions to the
    // solve's tolerance, and "β* = (0, 0)" stood beside "λ < λ_max" unexplained.
    four.para("Here λ < λ_max, so in exact arithmetic β* ≠ 0; but λ is below λ_max by only a relative " +
              format_number(1 - r.lambda / r.lambda_max, 2) + ", and β = 0 already meets the KKT conditions to the solve's tolerance (a "
              "relative " + tol_text(T::solve) + " beyond the rounding of the gradient), so the computed β* is 0.");
  }
  if (!r.zero_columns.empty()) four.para("Columns that are zero (their β_j is always 0): " + features(r.zero_columns) + ".");
  if (!r.constant_columns.empty())
    four.para("Constant columns (x̄_j = const·b, which the free intercept already represents, so they stay at 0): " + features(r.constant_columns) + ".");
  four.para("(4) solved by newGLMNET (Yuan, Ho & Lin 2012: Newton steps whose quadratic model is minimized by coordinate descent):");
  four.vector("β*", "\\boldsymbol\\beta^*", shown_beta(r));
  {  // the renderer prints entries at most 1e-15 of the largest as 0: a feature of 1e50 beside one of 1 has β_j* ~ 1e-50
    const double largest = s.beta.cwiseAbs().maxCoeff();
    std::string hidden;
    for (Eigen::Index j = 0; j < p; ++j)
      if (!is_roundoff(r, j) && s.beta(j) != 0 && std::fabs(s.beta(j)) <= 1e-15 * largest)
        hidden += (hidden.empty() ? "" : ", ") + ("β_" + std::to_string(j + 1) + "* = ") + num(s.beta(j));
    if (!hidden.empty())
      four.para("(The vector prints entries at most 1e-15 of its largest as 0; these are not 0, their columns being large "
                "enough to move the margins: " + hidden + ".)");
  }
  four.formula("c* = " + c_text(s.c) + ",   value of (4) = " + num(s.objective),
               "c^* = " + tex(c_text(s.c)) + ",\\quad \\text{value of (4)} = " + tex(num(s.objective)));
  four.vector("θ* = σ(−X̄β* − bc*)", "\\boldsymbol\\theta^*", r.theta);
  const bool gap_ok = relative_gap(r) <= T::gap;
  four.formula("dual value (1/m) Σ H(θ_i*) = " + num(r.dual_value) + ",   duality gap " + (gap_ok ? "below " + tol_text(T::gap) : num(s.objective - r.dual_value)),
               "D(\\boldsymbol\\theta^*) = " + tex(num(r.dual_value)) + ",\\quad \\text{duality gap " +
                   (gap_ok ? "below }" + tex(tol_text(T::gap)) : " }" + tex(num(s.objective - r.dual_value))));
  const double tb = r.theta.dot(pr.b);
  Eigen::Index largest = 0;
  r.Xtheta.cwiseAbs().maxCoeff(&largest);
  // θ_i* = σ(·) lies in (0, 1); in double precision it can round to 0 or 1 (margins beyond 745 or
  // 37), and the vector above prints entries at most 1e-15 of its largest as 0.
  const double theta_largest = r.theta.size() > 0 ? r.theta.maxCoeff() : 0.0;
  const Eigen::Index ends = (r.theta.array() <= 0 || r.theta.array() >= 1).count(),
                     tiny = (r.theta.array() > 0 && r.theta.array() <= 1e-15 * theta_largest).count();
  const std::string in_range = ends ? "θ* ∈ (0, 1) in exact arithmetic, but " + std::to_string(ends) + " of its entries round to 0 or 1 in double precision"
                               : tiny ? "θ* ∈ (0, 1) by construction (entries at most 1e-15 of its largest print as 0)"
                                      : "θ* ∈ (0, 1) by construction";
  four.para("Dual constraints at θ*: ⟨θ*, b⟩ = " + (intercept_violation(pr, r) <= T::dual_feasible ? "0 (to within " + tol_text(T::dual_feasible) + "·Σ_i θ_i*)" : num(tb)) +
            "; max_j |(X̄ᵀθ*)_j| = " + correlation_text(r, largest, mm * r.lambda) + " against mλ = " + num(mm * r.lambda) + "; " + in_range + ".");
  four.table(screening_table(pr, r));
  std::vector<Eigen::Index> rough;  // (X̄ᵀθ*)_j with a rounding the tolerances would notice
  for (Eigen::Index j = 0; j < p; ++j)
    if (r.rounding(j) > T::kkt * mm * r.lambda) rough.push_back(j);
  if (!rough.empty()) {
    double worst = 0;
    for (auto j : rough) worst = std::max(worst, r.rounding(j));
    four.para("The computed (X̄ᵀθ*)_j of " + std::string(rough.size() == 1 ? "feature " : "features ") + features(rough) + " may be off by up to " +
              format_number(worst, 2) + " = " + format_number(worst / (mm * r.lambda), 2) + "·mλ, the rounding of a sum of m products ((m + 4)u·Σ_i |x̄_ij|θ_i*, "
              "u = 2⁻⁵³): the comparisons with mλ above hold to that precision" +
              (r.unresolved.empty() ? std::string(".")
                                    : "; for " + std::string(r.unresolved.size() == 1 ? "feature " : "features ") + features(r.unresolved) +
                                          ", with β_j* = 0, it is too coarse to tell |(X̄ᵀθ*)_j| = mλ from < mλ, so the sparse condition is not "
                                          "decided for " + (r.unresolved.size() == 1 ? "it." : "them.")));
  }
  const auto nz = nonzero(r.below_max.beta);
  four.para("Features the sparse condition proves zero: " + features(r.inactive) + (r.kkt <= T::kkt ? "" : " (but the solve did not reach its tolerance: see the checks)") + "." +
            (r.lambda_max == 0 ? std::string()
                               : " λ_max checked: at 1.01·λ_max, β* " + std::string(r.above_max.beta.cwiseAbs().maxCoeff() == 0 ? "= 0" : "≠ 0 (see the checks)") +
                                     "; at 0.99·λ_max, " +
                                     (!r.below_max_decidable
                                          ? "not checked: λ_max is known only to ±" + format_number(r.lambda_max_rounding, 2) +
                                                " (the rounding of the sums (X̄ᵀθ₀)_j over m), so no |(X̄ᵀθ₀)_j| exceeds 0.99·mλ_max by more than "
                                                "twice its rounding, and no solve can tell β = 0 from optimal there"
                                      : nz.empty() ? std::string("β* = 0 (see the checks)")
                                                   : "β_j ≠ 0 for j = " + features(nz)) +
                                     "."));
  four.para(uniqueness_text(pr, r));
  rep.steps.push_back(std::move(four));
}

std::string path_story(const Result& r) {
  std::string s;
  const std::size_t shown_events = 8;
  for (std::size_t k = 0; k < r.path_events.size() && k < shown_events; ++k) {
    const auto& e = r.path_events[k];
    s += (k ? "; " : "") + std::string("by λ/λ_max = ") + num(r.path[e.k].ratio);
    if (!e.entered.empty()) s += (e.entered.size() == 1 ? " β_" : " features ") + features(e.entered) + (e.entered.size() == 1 ? " enters" : " enter");
    if (!e.entered.empty() && !e.left.empty()) s += " and";
    if (!e.left.empty()) s += (e.left.size() == 1 ? " β_" : " features ") + features(e.left) + (e.left.size() == 1 ? " leaves (returns to 0)" : " leave (return to 0)");
  }
  if (r.path_events.size() > shown_events) s += "; and " + std::to_string(r.path_events.size() - shown_events) + " more changes";
  return s;
}

void path_step(Report& rep, const Problem& pr, const Result& r) {
  Step five("5", "The solution path");
  five.para("The solution over a grid of " + std::to_string(r.path.size()) + " values of λ from λ_max down to " + num(pr.path_min_ratio) +
            "·λ_max, each solve warm-started from the previous one. The GAP safe rule (Ndiaye, Fercoq, Gramfort & Salmon, JMLR 2017) "
            "discards feature j once |(X̄ᵀθ)_j| + r‖x̄_j − (⟨b, x̄_j⟩/m) b‖ < mλ for a dual-feasible θ: θ* lies within r = √(m·gap/2) "
            "of θ (the dual is (4/m)-strongly concave) and θ − θ* ⟂ b, so the sparse condition of part 3 proves β_j* = 0. The rule is "
            "re-applied at every Newton iteration as the gap closes. Summed along the path, " +
            std::to_string(r.path_stats.features_total - r.path_stats.kept_total) + " of " + std::to_string(r.path_stats.features_total) +
            " feature-solves were screened out (column \"screened\").");
  if (r.path_events.empty()) {
    five.para("On this grid no coefficient changes between zero and nonzero.");
  } else {
    std::string what = !r.path_monotone ? "The support is not monotone along the path: features enter and also leave as λ decreases"
                       : r.path_one_at_a_time ? "As λ decreases, at most one feature enters per grid step and none leaves"
                                              : "As λ decreases no feature leaves, but between some grid points several enter at once";
    five.para(what + ": " + path_story(r) + ".");
  }
  Table pt;
  pt.header = {"λ/λ_max", "nonzero", "screened", "value of (4)"};
  pt.right_align = {true, true, true, true};
  for (const auto& q : r.path)
    pt.rows.push_back({num(q.ratio), std::to_string(nonzero(q.solution.beta).size()),
                       format_number(100.0 * double(q.solution.screened) / double(q.solution.beta.size()), 3) + "%", num(q.solution.objective)});
  five.table(pt);
  five.figure("ex3_path.svg", "the coefficients β_j against λ/λ_max");
  rep.steps.push_back(std::move(five));
}

Figure path_figure(const Problem& pr, const Result& r) {
  plot::Plot pl;
  pl.title = "Exercise 3: the ℓ1-regularized logistic regression path";
  pl.xlabel = "λ / λ_max (log scale)";
  pl.ylabel = "β_j";
  pl.log_x = true;
  static const char* colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  for (Eigen::Index j = 0; j < pr.X.cols() && j < 50; ++j) {
    plot::Series ser;
    ser.color = colors[j % 10];
    ser.line_width = 1.8;
    if (j < 10) ser.label = "β_" + std::to_string(j + 1);
    for (const auto& q : r.path) ser.x.push_back(q.ratio), ser.y.push_back(q.solution.beta(j));
    pl.series.push_back(ser);
  }
  pl.legend_outside = true;
  pl.width = 760;
  return plot_figure("ex3_path.svg", std::move(pl));
}

void add_checks(Report& rep, const Problem& pr, const Result& r) {
  const auto& s = r.primal;
  // Recomputed from (β*, c*), not the solver's own account of its last iterate.
  rep.checks.push_back(tolerance_check("4 (4) solved: KKT residual", r.kkt, T::kkt,
                                       "largest subgradient violation beyond rounding over λ, and |⟨θ, b⟩| over Σθ_i (" +
                                           std::to_string(s.iterations) + " Newton iterations)"));
  rep.checks.push_back(tolerance_check("4 duality gap = 0 at θ* from the primal", relative_gap(r), T::gap, "gap over the value of (4)"));
  rep.checks.push_back(tolerance_check("4 θ* is dual feasible: ⟨θ*, b⟩ = 0 and ‖X̄ᵀθ*‖_∞ ≤ mλ",
                                       std::max(intercept_violation(pr, r), box_violation(pr, r)), T::dual_feasible,
                                       "largest violation beyond rounding: |⟨θ*, b⟩| over Σθ_i*, |(X̄ᵀθ*)_j| − mλ over mλ"));
  double screened_nonzero = 0;
  for (auto j : r.inactive) screened_nonzero = std::max(screened_nonzero, std::fabs(s.beta(j)));
  rep.checks.push_back(tolerance_check("3 every feature with |(X̄ᵀθ*)_j| < mλ has β_j* = 0", screened_nonzero, 0.0, "largest |β_j*| among them"));
  if (const Uniqueness& u = r.uniqueness; u.has_second) {
    // "β* is not the only minimizer": a second point along the dependence, as good as β*.
    rep.checks.push_back(tolerance_check("4 β* not unique: β* moved along the dependence has the same value of (4)", u.second_value_difference,
                                         T::second_value, "relative difference of the values"));
    rep.checks.push_back(tolerance_check("4 β* not unique: β* moved along the dependence satisfies the KKT conditions", u.second_kkt, T::kkt,
                                         "max subgradient violation there"));
  }
  if (r.lambda_max > 0 && r.below_max_decidable)  // with λ_max = 0 there is no λ > 0 below it
    rep.checks.push_back({"4 λ_max: β* = 0 at 1.01·λ_max and β* ≠ 0 at 0.99·λ_max",
                          r.above_max.beta.cwiseAbs().maxCoeff() == 0 && r.below_max.beta.cwiseAbs().maxCoeff() > 0,
                          "max |β| above: " + format_number(r.above_max.beta.cwiseAbs().maxCoeff(), 3) + ", below: " +
                              format_number(r.below_max.beta.cwiseAbs().maxCoeff(), 3)});
  else if (r.lambda_max > 0)  // 0.99·λ_max is within λ_max's rounding: only the upper side can be checked
    rep.checks.push_back({"4 λ_max: β* = 0 at 1.01·λ_max", r.above_max.beta.cwiseAbs().maxCoeff() == 0,
                          "max |β| above: " + format_number(r.above_max.beta.cwiseAbs().maxCoeff(), 3) +
                              "; β* ≠ 0 at 0.99·λ_max not checked: λ_max = " + format_number(r.lambda_max, 3) + " is known only to ±" +
                              format_number(r.lambda_max_rounding, 2)});
  if (!r.path.empty()) {
    double worst = 0;
    for (const auto& q : r.path) worst = std::max(worst, q.solution.kkt_residual);
    rep.checks.push_back(tolerance_check("5 every point of the path solved", worst, T::kkt,
                                         "largest KKT residual (relative, beyond rounding); GAP safe screening set aside " +
                                             std::to_string(r.path_stats.features_total - r.path_stats.kept_total) + " of " +
                                             std::to_string(r.path_stats.features_total) + " feature-solves"));
  }
}

}  // namespace

Report report(const Problem& pr, const Result& r) {
  Report rep;
  if (pr.source) rep.data = pr.source->json(), rep.data_source = pr.source->describe();
  rep.exercise = 3;
  rep.title = "The dual of sparse logistic regression";
  rep.results = results_json(pr, r);
  derivation_steps(rep);
  data_step(rep, pr, r);
  if (!r.path.empty()) {
    path_step(rep, pr, r);
    rep.figures.push_back(path_figure(pr, r));
  } else if (pr.path_count > 0) {
    Step five("5", "The solution path");
    five.para("No path: λ_max = 0, so β* = 0 at every λ > 0, and a grid from λ_max down has no λ > 0 on it.");
    rep.steps.push_back(std::move(five));
  }
  add_checks(rep, pr, r);
  return rep;
}

}  // namespace hw6::ex3
