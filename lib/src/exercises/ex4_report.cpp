// Exercise 4: the step-by-step explanation, the JSON results, checks and figures, from a solved
// Result. Each part is one function; every sentence that depends on the data is chosen by a fact of
// the Result (ex4.hpp), never by the problem being the homework's.
#include "hw6/exercises/ex4.hpp"
#include "hw6/exercises/svm_common.hpp"
#include "hw6/plot.hpp"
#include "hw6/render.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace hw6::ex4 {

namespace {

using T = Tolerances;

/// A tolerance as people write it: 1e-8.
std::string tol_text(double tol) { return "1e" + std::to_string(static_cast<int>(std::lround(std::log10(tol)))); }
/// Six significant digits, round-off below show_zero·scale shown as 0, scale being the quantity's
/// own (svm_common.hpp, "Units"): a solver change in the 12th digit changes no printed word (JSON
/// keeps every digit). Without a scale nothing is cut: inputs (C = 1e-12 is not 0), objectives.
std::string num(double x, double scale = 0) { return svm::shown_number(x, T::show_zero, scale); }
/// A vector, round-off below show_zero·scale shown as 0; scale ≤ 0: its own largest entry.
Eigen::VectorXd shown(const Eigen::VectorXd& v, double scale = 0) { return svm::shown(v, T::show_zero, scale); }
std::string col(const Eigen::VectorXd& v, double scale = 0) { return format_column(shown(v, scale), 6); }
/// A margin y_i f(x_i) or a slack ξ_i of point k: round-off is what its margin's rounding allows
/// above show_zero times what margins vary by.
std::string margin_num(const Result& r, std::size_t k, double x) { return svm::shown_number(x, 1, margin_tolerance(r, k, T::show_zero)); }
/// A b of the data as given (b*, y_i − ⟨w,x_i⟩, the hyperplanes' constant): 0 below r.b_floor, the
/// one bound on b's uncertainty, and for data far from the origin the digits its margins need
/// (svm::offset_digits).
double b_shown(const Result& r, double b) { return std::fabs(b) < r.b_floor ? 0.0 : b; }
std::string b_num(const Result& r, double b) { return format_number(b_shown(r, b), 6 + r.extra_digits); }
/// The digits of b*: as many as its interval of optimal b needs when that is not a point (so that b*
/// does not print outside it). The hyperplanes of part 4 get one more, so that their constant is b*.
int b_digits(const Result& r) { return r.b_unique ? 6 + r.extra_digits : std::max(6 + r.extra_digits, svm::interval_digits(r.b_lo, r.b_hi)); }
std::string b_text(const Result& r, double b) { return format_number(b_shown(r, b), b_digits(r)); }
/// "0.65 x_{1} - 0.066 x_{2} + 0.039" for Markdown, coefficients to `digits` significant digits.
std::string latex_hyperplane(const Eigen::VectorXd& w, double b, int digits) {
  std::string s;
  for (Eigen::Index j = 0; j < w.size(); ++j)
    s += (s.empty() ? (w(j) < 0 ? "-" : "") : (w(j) < 0 ? " - " : " + ")) + format_number(std::fabs(w(j)), digits) + "\\,x_{" + std::to_string(j + 1) + "}";
  return s + (b < 0 ? " - " : " + ") + format_number(std::fabs(b), digits);
}
/// The same about a point c: "0.65\\,(x_{1} - 1000.5) - 0.066\\,(x_{2} - 1000.25) + 0.039".
std::string latex_hyperplane_about(const Eigen::VectorXd& w, double b_c, const Eigen::VectorXd& c, int digits) {
  std::string s;
  for (Eigen::Index j = 0; j < w.size(); ++j) {
    const std::string x = "x_{" + std::to_string(j + 1) + "}";
    const std::string term = c(j) == 0 ? x : "(" + x + (c(j) < 0 ? " + " : " - ") + format_number(std::fabs(c(j)), 17) + ")";
    s += (s.empty() ? (w(j) < 0 ? "-" : "") : (w(j) < 0 ? " - " : " + ")) + format_number(std::fabs(w(j)), digits) + "\\," + term;
  }
  return s + (b_c < 0 ? " - " : " + ") + format_number(std::fabs(b_c), digits);
}
std::string latex_col(const Eigen::VectorXd& v, double scale, int digits = 6) {
  std::string s;
  const Eigen::VectorXd sv = shown(v, scale);
  for (Eigen::Index j = 0; j < v.size(); ++j) s += (j ? ", " : "") + format_number(sv(j), digits);
  return "(" + s + ")^\\top";
}
/// "(0.650349650492, −0.0664335663388)ᵀ": a column with `digits` significant digits.
std::string plain_col(const Eigen::VectorXd& v, double scale, int digits) {
  std::string s;
  const Eigen::VectorXd sv = shown(v, scale);
  for (Eigen::Index j = 0; j < v.size(); ++j) s += (j ? ", " : "") + format_number(sv(j), digits);
  return "(" + s + ")ᵀ";
}
/// a − b when it is more than T::gap of a, else that it is below.
std::string rel_gap(double a, double b) { return std::fabs(a - b) <= T::gap * std::fabs(a) ? "below " + tol_text(T::gap) + " (relative)" : num(a - b); }
/// The same in LaTeX, after the dual value.
std::string rel_gap_latex(double a, double b) { return ",\\quad \\text{duality gap " + rel_gap(a, b) + "}"; }
/// "Σ ξ_i" or "Σ ξ_i^p".
std::string slack_sum(const Problem& pr) { return pr.p == 1 ? "Σξ_i" : "Σξ_i^p"; }

const char* position_words(svm::Position p) {
  switch (p) {
    case svm::Position::OutsideMargin: return "outside margin";
    case svm::Position::OnMargin: return "on H1/H2";
    case svm::Position::InsideMargin: return "inside margin";
    case svm::Position::OnSeparator: return "on H0";
    case svm::Position::Misclassified: return "misclassified";
  }
  return "";
}

Json solution_json(const optim::SvmSolution& s) {
  return Json{{"method", s.method}, {"w", vector_json(s.w)}, {"b", s.b}, {"objective", s.primal}, {"dual_value", s.dual},
              {"iterations", s.iterations}, {"converged", s.converged}, {"kkt_residual", s.kkt_residual}};
}

std::vector<Eigen::Index> where(const Result& r, const std::function<bool(std::size_t)>& fact) {
  std::vector<Eigen::Index> out;
  for (std::size_t k = 0; k < r.margins.size(); ++k)
    if (fact(k)) out.push_back(static_cast<Eigen::Index>(k));
  return out;
}

Json results_json(const Problem& pr, const Result& r) {
  const auto& s = r.primal;
  Json j = Json::object();
  j["status"] = s.converged ? "optimal" : "not_converged";
  j["C"] = pr.C;
  j["p"] = pr.p;
  j["primal"] = {{"w", vector_json(s.w)}, {"b", s.b}, {"xi", vector_json(s.xi)}, {"objective", s.primal},
                 {"method", s.method}, {"iterations", s.iterations}, {"kkt_residual", s.kkt_residual}};
  j["dual"] = {{"alpha", vector_json(s.alpha)}, {"value", s.dual}};
  j["duality_gap"] = s.primal - s.dual;
  j["b_unique"] = r.b_unique;
  j["b_interval"] = {r.b_lo, r.b_hi};
  Json points = Json::array(), sv = Json::array();
  for (std::size_t k = 0; k < r.margins.size(); ++k) {
    const auto i = static_cast<Eigen::Index>(k);
    points.push_back({{"alpha", s.alpha(i)}, {"xi", s.xi(i)}, {"margin", r.margins[k]}, {"support_vector", bool(r.support[k])},
                      {"position", svm::position_name(r.positions[k])}, {"xi_range", slack_range_name(r.slack_ranges[k])}});
    if (r.support[k]) sv.push_back(i);
  }
  j["points"] = points;
  j["support_vectors"] = sv;
  j["hyperplanes"] = {{"H0", svm::hyperplane_json(s.w, s.b, 0)}, {"H1", svm::hyperplane_json(s.w, s.b, 1)}, {"H2", svm::hyperplane_json(s.w, s.b, -1)}};
  j["margin_width"] = s.w.norm() > 0 ? Json(2 / s.w.norm()) : Json("inf");
  if (r.second) j["second_method"] = solution_json(*r.second);
  {
    // 1(b): what is known of separability, where (2) and (6) were compared, or why not.
    // As Exercise 1's solution.separability: hulls meeting only to within the tolerance prove no
    // margin above hull_distance, said "margin_at_most"; "not_separable" is an exact certificate.
    const bool bound_only = r.separability == Separability::NotSeparable && r.hull_distance && *r.hull_distance > 0;
    Json h = {{"separability", bound_only ? "margin_at_most" : separability_name(r.separability)},
              {"comparison", hard_versus_soft_name(r.hard_vs_soft)}};
    const bool compared = r.hard_vs_soft_difference.has_value();
    h["points"] = r.separability == Separability::NotChecked ? Json() : Json(r.separable_points);
    h["C_star"] = compared ? Json(r.hard_alpha_max) : Json();
    h["large_C"] = compared ? Json(r.large_C) : Json();
    h["difference"] = compared ? Json(*r.hard_vs_soft_difference) : Json();
    h["hard_kkt_residual"] = r.separability == Separability::NotChecked ? Json() : Json(r.hard_kkt_residual);
    h["hull_distance"] = r.hull_distance ? Json(*r.hull_distance) : Json();
    j["hard_vs_soft"] = h;
  }
  j["p_variant"] = {{"p", r.p2}, {"primal", solution_json(r.p_primal)}};
  if (r.p_dual) j["p_variant"]["dual"] = solution_json(*r.p_dual);
  if (!r.sweep.empty()) {
    Json sweep = Json::array();
    std::vector<std::size_t> position(r.sweep.size());  // of each C_values[k] in sweep_facts' increasing order
    for (std::size_t t = 0; t < r.sweep_facts.order.size(); ++t) position[r.sweep_facts.order[t]] = t;
    for (std::size_t k = 0; k < r.sweep.size(); ++k) {
      const std::size_t t = position[k];
      sweep.push_back({{"C", pr.C_values[k]}, {"w", vector_json(r.sweep[k].w)}, {"b", r.sweep[k].b}, {"xi", vector_json(r.sweep[k].xi)},
                       {"objective", r.sweep[k].primal}, {"b_unique", bool(r.sweep_facts.b_unique[t])},
                       {"b_interval", {r.sweep_facts.b_interval[t].first, r.sweep_facts.b_interval[t].second}}});
    }
    j["sweep"] = sweep;
  }
  return j;
}

// ---- 1(a) ----
void existence_argument(Step& a, const Problem& pr) {
  a.para("Existence for (6), and for (8) with any p ≥ 1. For fixed (w, b) the best slacks are ξ_i = max(0, 1 − y_i(⟨w,x_i⟩ + b)), "
         "so the problem is min over (w, b) of the continuous F(w, b) = ½‖w‖² + C Σ max(0, 1 − y_i(⟨w,x_i⟩ + b))^p. Since "
         "F(0, 0) = Cn, a minimizer may be sought in the level set {F ≤ Cn}. There ½‖w‖² ≤ Cn, so ‖w‖ ≤ √(2Cn); and every "
         "slack satisfies Cξ_i^p ≤ Cn, so ξ_i ≤ n^(1/p). With R = max_i ‖x_i‖, a negative point j has ξ_j ≥ 1 + ⟨w,x_j⟩ + b ≥ "
         "1 + b − R√(2Cn), so b ≤ n^(1/p) − 1 + R√(2Cn); a positive point bounds b from below in the same way (both classes are "
         "nonempty, as the exercise assumes). The level set is closed and bounded, F attains its minimum there (Weierstrass), and "
         "(w*, b*) with its slacks ξ* solves the problem.");
  a.para("Existence for (7): its feasible set {α ∈ [0, C]ⁿ : Σα_i y_i = 0} is closed, bounded and contains α = 0, and its "
         "objective is continuous (Weierstrass). Moreover the constraints of (6) are linear, so KKT multipliers α* exist at the "
         "optimum of (6); they solve (7) and the optimal values agree (no duality gap).");
  if (pr.p != 1)
    a.para("The dual of (8) (part 2) has no upper bound on α, so compactness does not apply there; its solution exists for the "
           "same reason as the second argument: (8) has linear constraints, so its KKT multipliers exist and solve its dual.");
}

void primal_and_dual_numbers(Step& a, const Problem& pr, const Result& r) {
  const auto& s = r.primal;
  const bool p1 = pr.p == 1;
  a.para("Data: n = " + std::to_string(pr.X.rows()) + " points in d = " + std::to_string(pr.X.cols()) + " dimensions, C = " + num(pr.C) +
         (p1 ? "." : ", p = " + num(pr.p) + ": this file asks for problem (8), so the numbers below are those of (8) and its dual "
                     "(part 2); (6) and (7) are its case p = 1."));
  if (r.extra_digits > 0) {
    const std::string c = plain_col(r.centre, 0, 17);
    a.para("These data lie far from the origin: hw6 solves them moved to their centre c = " + c + ", where the same w*, ξ* and α* "
           "solve the moved problem (⟨w,x⟩ + b = ⟨w,x − c⟩ + (b + ⟨w,c⟩)), and states b* = b_c − ⟨w*,c⟩ for the data as given. " +
           svm::offset_terms_text(pr.X, s.w) + ", so b*, w* and the hyperplanes of part 4 are printed with " + std::to_string(r.extra_digits) +
           (r.extra_digits == 1 ? " more digit" : " more digits") + " than usual, enough to give the margins at the data.");
  }
  a.para("Primal, by " + s.method + ":");
  if (r.extra_digits == 0)
    a.vector("w*", "\\mathbf{w}^*", shown(s.w, r.scales.w));
  else
    a.formula("w* = " + plain_col(s.w, r.scales.w, 6 + r.extra_digits), "\\mathbf{w}^* = " + latex_col(s.w, r.scales.w, 6 + r.extra_digits));
  a.formula("b* = " + b_text(r, s.b) + (r.b_unique ? "" : "   (not unique: every b in " + svm::interval_text(r.b_lo, r.b_hi) + " is optimal)"),
            "b^* = " + b_text(r, s.b));
  a.formula("½‖w*‖² + C " + slack_sum(pr) + " = " + num(s.primal),
            std::string("\\tfrac12\\|\\mathbf{w}^*\\|^2 + C\\sum_i \\xi_i") + (p1 ? "" : "^p") + " = " + num(s.primal));
  if (p1) {
    a.para("Dual: α* solves (7); w is recovered as Σα_i y_i x_i, and the Lagrange dual function at α*, "
           "D(α*) = Σα_i − ½‖Σα_i y_i x_i‖², is minus the objective of (7) as written (a minimization):");
  } else {
    const double amax = s.alpha.maxCoeff();
    a.para("Dual: α* solves the dual of (8) derived in part 2, whose only bound is α_i ≥ 0" +
           std::string(amax > pr.C * (1 + T::bound) ? " (here max α_i = " + num(amax) + " exceeds C = " + num(pr.C) + ")" : "") +
           "; w is recovered as Σα_i y_i x_i, and the dual function has the extra term of (8):");
  }
  a.vector("α*", "\\boldsymbol\\alpha^*", shown(s.alpha, r.scales.alpha));
  const Eigen::VectorXd w_alpha = optim::svm_w_from_alpha(pr.X, pr.y, s.alpha);
  // A vector block, as α* and w* are: the text wraps it to the width (a formula line does not).
  a.vector("w = Σ α_i y_i x_i", "\\mathbf{w} = \\sum_i \\alpha_i y_i \\mathbf{x}_i", shown(w_alpha, r.scales.w));
  if (p1)
    a.formula("D(α*) = Σα_i − ½‖Σα_i y_i x_i‖² = " + num(s.dual) + ",   value of (7) = " + num(-s.dual) + "\nduality gap " + rel_gap(s.primal, s.dual),
              "D(\\boldsymbol\\alpha^*) = \\sum_i\\alpha_i - \\tfrac12\\Big\\|\\sum_i \\alpha_i y_i\\mathbf{x}_i\\Big\\|^2 = " + num(s.dual) + ",\\quad \\text{value of (7)} = " + num(-s.dual) +
                  rel_gap_latex(s.primal, s.dual));
  else
    a.formula("D(α*) = Σα_i − ½‖Σα_i y_i x_i‖²\n        − (1 − 1/p)(pC)^(−1/(p−1)) Σα_i^(p/(p−1)) = " + num(s.dual) + "\nduality gap " + rel_gap(s.primal, s.dual),
              "D(\\boldsymbol\\alpha^*) = \\sum_i\\alpha_i - \\tfrac12\\Big\\|\\sum_i \\alpha_i y_i\\mathbf{x}_i\\Big\\|^2 - "
              "\\big(1-\\tfrac1p\\big)(pC)^{-\\frac{1}{p-1}}\\sum_i\\alpha_i^{\\frac{p}{p-1}} = " + num(s.dual) +
                  rel_gap_latex(s.primal, s.dual));
}

void b_from_alpha(Step& a, const Problem& pr, const Result& r) {
  const auto& s = r.primal;
  if (pr.p != 1) {
    a.para("b from α: every point with α_i > 0 has ξ_i = (α_i/(pC))^(1/(p−1)) > 0 and y_i(⟨w,x_i⟩ + b) = 1 − ξ_i, so "
           "b = y_i(1 − ξ_i) − ⟨w, x_i⟩ (worked on the data in part 2).");
  } else if (!r.free_support.empty()) {
    const Eigen::Index k = r.free_support.front();
    a.para("b from a free support vector (0 < α_i < C, so ξ_i = 0 and y_i(⟨w,x_i⟩ + b) = 1 exactly): point " + std::to_string(k + 1) +
           " gives b = y_i − ⟨w, x_i⟩ = " + b_num(r, pr.y(k) - pr.X.row(k).dot(s.w)) + ".");
  } else if (r.b_unique) {
    a.para("No multiplier is strictly between 0 and C, yet b is pinned down: the minimizers of Σ max(0, 1 − y_i(⟨w,x_i⟩ + b)) for "
           "this w are the single point b = " + b_num(r, s.b) + " (there the n₊-th and (n₊+1)-th smallest breakpoints y_i − ⟨w,x_i⟩ "
           "coincide, n₊ the number of positive points).");
  } else {
    a.para("No multiplier is strictly between 0 and C, so no constraint pins b down: every b in " + svm::interval_text(r.b_lo, r.b_hi) +
           " is optimal (the minimizers of Σ max(0, 1 − y_i(⟨w,x_i⟩ + b)) for this w).");
  }
  if (r.second)
    a.para("Independently, " + r.second->method + " gives the objective " + num(r.second->primal) + " and w = " + col(r.second->w, r.scales.w) + ".");
  else
    a.para("The second method (SMO, which keeps the n×n Gram matrix) is skipped for n > " + std::to_string(kSecondMethodMaxN) +
           "; the duality gap and the KKT residual certify the solution.");
}

void existence_step(Report& rep, const Problem& pr, const Result& r) {
  Step a("1(a)", "(6) and (7) have optimal solutions; solved both ways");
  existence_argument(a, pr);
  primal_and_dual_numbers(a, pr, r);
  b_from_alpha(a, pr, r);
  rep.steps.push_back(std::move(a));
}

// ---- 1(b) ----
void separable_step(Report& rep, const Problem& pr, const Result& r) {
  Step b("1(b)", "Separable data: the same hyperplane as Exercise 1");
  b.para("Yes, for C large enough. Let (w*, b*) solve (2) with KKT multipliers α^hard ≥ 0: w* = Σα_i^hard y_i x_i, "
         "Σα_i^hard y_i = 0, α_i^hard(y_i(⟨w*,x_i⟩ + b*) − 1) = 0. If C ≥ max_i α_i^hard, then (w*, b*, ξ = 0) with α = α^hard "
         "and μ = C − α^hard ≥ 0 satisfies every KKT condition of (6), which suffice for a convex problem: it is optimal for (6), "
         "α^hard solves (7), and since the optimal w of (6) is unique (½‖w‖² is strictly convex), solving (7) and recovering "
         "w = Σα_i y_i x_i gives Exercise 1's w*, and b* from any free support vector. Conversely, if (6) returns (w*, b*) with "
         "ξ = 0, its multipliers (0 ≤ α_i ≤ C) satisfy every KKT condition of (2), so C ≥ their largest. The multipliers of (2) "
         "need not be unique (when more points lie on the margin than w and b need), so (6) returns Exercise 1's hyperplane exactly "
         "for C ≥ C*, the least max_i α_i^hard over all of them (a linear program); for smaller C the soft margin trades width for "
         "slack.");
  const std::string agree = r.hard_vs_soft_difference && *r.hard_vs_soft_difference <= T::hard_vs_soft ? "agree to within " + tol_text(T::hard_vs_soft)
                            : r.hard_vs_soft_difference ? "differ (a relative difference of " + num(*r.hard_vs_soft_difference) + ")" : "";
  const std::string threshold = "C* = " + num(r.hard_alpha_max) +
                                (r.hard_multipliers_not_unique ? " (its multipliers are not unique here: C* is the least largest one)" : "");
  if (r.separability == Separability::Separable) {
    std::string s = "These data are linearly separable; (2) on them has " + threshold + ", and (2) and (6) with C = " + num(r.large_C) + " " +
                    agree + ".";
    if (r.problem_C_difference) {
      const bool same = *r.problem_C_difference <= T::hard_vs_soft;
      // C equal to C* up to round-off counts as "at least" (the sufficient condition holds).
      s += pr.C >= r.hard_alpha_max * (1 - T::bound) ? " The problem's C = " + num(pr.C) + " is at least that, so (6) at this C already returns Exercise 1's hyperplane" +
                                          std::string(same ? " (checked)." : ".")
           : same ? " The problem's C = " + num(pr.C) + " is smaller, yet (6) returns the same hyperplane here."
                  : " The problem's C = " + num(pr.C) + " is smaller, and (6) at this C returns a different hyperplane (a relative difference of " +
                        num(*r.problem_C_difference) + ").";
    }
    b.para(s);
  } else if (r.separability == Separability::NotChecked) {
    // Skipped: nothing was decided about these data (they may be separable, or their points with
    // y_i f(x_i) ≥ 1 include both classes: 22,114 and 22,110 on the 100,000-point benchmark).
    b.para("The comparison of (2) with (6) on these data is skipped for n > " + format_count(kHardVersusSoftMaxN) +
           " (it solves (2) again by the interior-point method); the argument above holds for any data.");
  } else {
    // What is established about the whole data: a failed interior point alone proves nothing.
    std::string s;
    if (r.separability == Separability::NotSeparable && r.contradiction)
      s = "These data are not linearly separable: points " + std::to_string(r.contradiction->first + 1) + " and " +
          std::to_string(r.contradiction->second + 1) + " coincide with opposite labels.";
    else if (r.separability == Separability::NotSeparable && *r.hull_distance == 0)
      s = "These data are not linearly separable: the convex hulls of the two classes meet (MDM, as in Exercise 1, finds nearest points "
          "0 apart).";
    else if (r.separability == Separability::NotSeparable)
      // Only a bound: MDM's points lie in the hulls, so their distance bounds the hulls' distance, and
      // with it every margin, from above; it does not show that the hulls meet.
      s = "These data are not linearly separable, or only with a margin 2/‖w‖ of at most " + format_number(*r.hull_distance, 3) +
          ": the nearest points of the two classes' convex hulls (MDM, as in Exercise 1) are that far apart, and no margin exceeds the "
          "distance between the hulls.";
    else
      s = "Neither the interior-point method nor the nearest points of the two classes' convex hulls (MDM, as in Exercise 1; " +
          format_number(*r.hull_distance, 3) + " apart, which does not show that the hulls meet) solved (2) on these data (KKT residual " +
          format_number(r.hard_kkt_residual, 2) + "), so whether they are separable is not decided here (the argument above holds for any "
          "separable data).";
    const std::string points = "The " + std::to_string(r.separable_points) + " points with y_i f(x_i) ≥ 1";
    switch (r.hard_vs_soft) {
      case HardVersusSoft::SeparableSubset:
        s += " " + points + " are separable (by the optimal hyperplane itself); on those, (2) has " + threshold + ", and (2) and (6) with C = " +
             num(r.large_C) + " " + agree + ".";
        break;
      case HardVersusSoft::SubsetOneClass:
        s += r.separable_points == 0 ? std::string(" No point has y_i f(x_i) ≥ 1, so there are none on which to compare (2) with (6).")
                                     : " " + points + " are all of one class, so they give no two-class problem on which to compare (2) with (6).";
        break;
      case HardVersusSoft::SubsetNotConverged:
        s += " " + points + " are separable (by the optimal hyperplane itself), but the interior-point method did not converge on (2) for "
             "them (KKT residual " + format_number(r.subset_kkt_residual, 2) + "), so (2) and (6) are not compared here.";
        break;
      case HardVersusSoft::WholeData:
      case HardVersusSoft::Skipped: break;  // not reached: separable or not checked
    }
    b.para(s);
  }
  rep.steps.push_back(std::move(b));
}

// ---- 2 ----
void p_dual_step(Report& rep, const Problem& pr, const Result& r) {
  Step c("2", "The dual of (8), p > 1, and its optimality conditions");
  c.para("Keep ξ ∈ [0, ∞)ⁿ as the domain and dualize the margin constraints with α_i ≥ 0:");
  c.formula("L = ½‖w‖² + C Σξ_i^p − Σ α_i (y_i(⟨w,x_i⟩+b) − 1 + ξ_i)",
            "L = \\tfrac12\\|\\mathbf{w}\\|^2 + C\\sum_i\\xi_i^p - \\sum_i\\alpha_i\\big(y_i(\\langle\\mathbf{w},\\mathbf{x}_i\\rangle+b) - 1 + \\xi_i\\big)");
  c.para("The infimum over w is at w = Σα_i y_i x_i; over b it is finite only if Σα_i y_i = 0; over ξ_i ≥ 0, Cξ^p − α_i ξ is "
         "smallest at ξ_i = (α_i/(pC))^(1/(p−1)), where it equals ξ_i(Cξ_i^(p−1) − α_i) = −(1 − 1/p)α_i ξ_i = "
         "−(1 − 1/p)(pC)^(−1/(p−1)) α_i^(p/(p−1)). So the dual of (8) is");
  c.formula("max_α  Σα_i − ½ Σ_i Σ_j α_i α_j y_i y_j ⟨x_i, x_j⟩\n"
            "         − (1 − 1/p)(pC)^(−1/(p−1)) Σ α_i^(p/(p−1))\n"
            "s.t.   Σα_i y_i = 0,   α_i ≥ 0            (no upper bound, unlike (7))",
            "\\max_{\\boldsymbol\\alpha\\ge 0,\\ \\sum_i\\alpha_i y_i = 0}\\ \\sum_i\\alpha_i - \\tfrac12\\sum_{i,j}\\alpha_i\\alpha_j y_i y_j\\langle\\mathbf{x}_i,\\mathbf{x}_j\\rangle "
            "- \\big(1-\\tfrac1p\\big)(pC)^{-\\frac{1}{p-1}}\\sum_i \\alpha_i^{\\frac{p}{p-1}}");
  c.para("For p = 2 the last term is Σα_i²/(4C): the dual (7) with the Gram matrix plus I/(2C) and no upper bound. "
         "Optimality conditions (KKT; at ξ_i = 0 minimality over ξ_i ≥ 0 needs −α_i ≥ 0, so α_i = 0 = pC·0^(p−1)):");
  c.formula("w = Σα_i y_i x_i,   Σα_i y_i = 0,   α_i = pC ξ_i^(p−1),   α_i ≥ 0,\nξ_i ≥ 0,   "
            "y_i(⟨w,x_i⟩+b) ≥ 1 − ξ_i,   α_i (y_i(⟨w,x_i⟩+b) − 1 + ξ_i) = 0",
            // The same conditions as the text, stationarity and the signs on the first line, primal
            // feasibility and complementary slackness on the second.
            "\\begin{aligned} &\\mathbf{w} = \\sum_i\\alpha_i y_i\\mathbf{x}_i,\\quad \\sum_i\\alpha_i y_i = 0,\\quad "
            "\\alpha_i = pC\\xi_i^{p-1},\\quad \\alpha_i \\ge 0, \\\\ &\\xi_i \\ge 0,\\quad "
            "y_i(\\langle\\mathbf{w},\\mathbf{x}_i\\rangle+b) \\ge 1 - \\xi_i,\\quad "
            "\\alpha_i\\big(y_i(\\langle\\mathbf{w},\\mathbf{x}_i\\rangle+b) - 1 + \\xi_i\\big) = 0 \\end{aligned}");
  c.para("So α_i > 0 exactly when ξ_i > 0, and then y_i f(x_i) = 1 − ξ_i < 1: every support vector pays slack, a point on H1 or "
         "H2 has α_i = 0, and a misclassified point has ξ_i > 1, so α_i > pC. Recovering the primal from α: w = Σα_i y_i x_i, "
         "ξ_i = (α_i/(pC))^(1/(p−1)), and b = y_i(1 − ξ_i) − ⟨w, x_i⟩ from any i with α_i > 0 (one exists: α = 0 would give w = 0, "
         "ξ = 0 and y_i b ≥ 1 for both classes).");
  c.para("On the data with p = " + num(r.p2) + (pr.p == 1 ? " (the problem's p is 1, so part 2 takes p = 2)" : "") + ": " + r.p_primal.method +
         " gives the primal value " + num(r.p_primal.primal) +
         (r.p_dual ? "; " + r.p_dual->method + " gives the dual value " + num(r.p_dual->dual) : std::string()) + ".");
  if (r.p_recovered_from && r.p_recovered_difference)
    c.para("From the dual's α alone (b from point " + std::to_string(*r.p_recovered_from + 1) + ", the largest α_i) the recovered (w, b, ξ) " +
           (*r.p_recovered_difference <= T::second_w ? "agree with the primal solution to within " + tol_text(T::second_w) + "."
                                                     : "differ from the primal solution by " + num(*r.p_recovered_difference) + "."));
  rep.steps.push_back(std::move(c));
}

// ---- 3 ----
void slackness_theory(Step& d) {
  d.para("The Lagrangian of (6) has α_i ≥ 0 for the margin constraints and μ_i ≥ 0 for ξ_i ≥ 0; stationarity in ξ_i gives "
         "C − α_i − μ_i = 0, so μ_i = C − α_i and 0 ≤ α_i ≤ C. The complementary slackness conditions of (6) are");
  d.formula("α_i (y_i(⟨w*,x_i⟩+b*) − 1 + ξ_i*) = 0,    μ_i ξ_i* = (C − α_i) ξ_i* = 0",
            "\\alpha_i\\big(y_i(\\langle\\mathbf{w}^*,\\mathbf{x}_i\\rangle+b^*) - 1 + \\xi_i^*\\big) = 0,\\qquad (C-\\alpha_i)\\,\\xi_i^* = 0");
  d.para("Writing f = ⟨w*,x⟩ + b*, they give, for every point:");
  d.formula("α_i = 0      ⇒  μ_i = C > 0, so ξ_i = 0 and y_i f(x_i) ≥ 1\n"
            "0 < α_i < C  ⇒  μ_i > 0, so ξ_i = 0; α_i > 0, so y_i f(x_i) = 1\n"
            "α_i = C      ⇒  y_i f(x_i) = 1 − ξ_i ≤ 1\n"
            "and by the slack (ξ_i > 0 ⇒ μ_i = 0 ⇒ α_i = C):\n"
            "ξ_i = 0      ⇒  y_i f(x_i) ≥ 1; α_i = 0 if > 1, α_i ∈ [0, C] if = 1\n"
            "0 < ξ_i < 1  ⇒  α_i = C, y_i f(x_i) = 1 − ξ_i ∈ (0, 1): inside\n"
            "ξ_i = 1      ⇒  α_i = C, y_i f(x_i) = 0: on H0\n"
            "ξ_i > 1      ⇒  α_i = C, y_i f(x_i) < 0: misclassified",
            "\\begin{aligned} "
            "\\alpha_i = 0 &\\;\\Rightarrow\\; \\mu_i = C > 0,\\ \\text{so } \\xi_i = 0 \\text{ and } y_i f(\\mathbf{x}_i) \\ge 1 \\\\ "
            "0 < \\alpha_i < C &\\;\\Rightarrow\\; \\mu_i > 0,\\ \\text{so } \\xi_i = 0;\\ \\alpha_i > 0,\\ \\text{so } y_i f(\\mathbf{x}_i) = 1 \\\\ "
            "\\alpha_i = C &\\;\\Rightarrow\\; y_i f(\\mathbf{x}_i) = 1 - \\xi_i \\le 1 \\\\ "
            "&\\text{and by the slack } (\\xi_i > 0 \\Rightarrow \\mu_i = 0 \\Rightarrow \\alpha_i = C)\\colon \\\\ "
            "\\xi_i = 0 &\\;\\Rightarrow\\; y_i f(\\mathbf{x}_i) \\ge 1;\\ \\alpha_i = 0 \\text{ if } {>}\\,1,\\ "
            "\\alpha_i \\in [0, C] \\text{ if } {=}\\,1 \\\\ "
            "0 < \\xi_i < 1 &\\;\\Rightarrow\\; \\alpha_i = C,\\ y_i f(\\mathbf{x}_i) = 1 - \\xi_i \\in (0, 1)\\colon\\ \\text{inside} \\\\ "
            "\\xi_i = 1 &\\;\\Rightarrow\\; \\alpha_i = C,\\ y_i f(\\mathbf{x}_i) = 0\\colon\\ \\text{on } H_0 \\\\ "
            "\\xi_i > 1 &\\;\\Rightarrow\\; \\alpha_i = C,\\ y_i f(\\mathbf{x}_i) < 0\\colon\\ \\text{misclassified} "
            "\\end{aligned}");
  d.para("(a) A support vector has α_i > 0, hence y_i f(x_i) = 1 − ξ_i: either 0 < α_i < C and it lies on H1 or H2 (ξ_i = 0), or "
         "α_i = C and y_i f(x_i) ≤ 1. (b) A misclassified point has y_i f(x_i) < 0, so ξ_i ≥ 1 − y_i f(x_i) > 1 > 0, hence μ_i = 0, "
         "α_i = C and ξ_i = 1 − y_i f(x_i) > 1: a support vector at the bound. (c) A point strictly between H1 and H2 has "
         "|f(x_i)| < 1, so ξ_i ≥ 1 − y_i f(x_i) > 0, hence α_i = C and ξ_i = 1 − y_i f(x_i) ∈ (0, 2): ξ_i < 1 on its own side of H0, "
         "ξ_i = 1 on H0, ξ_i > 1 beyond it.");
}

/// Where α_i lies: in (7)'s box [0, C] for p = 1; for (8), against pC, where α_i = pCξ_i^(p−1) puts
/// ξ_i = 1 (so α below, at and above pC are the ξ ranges (0,1), 1 and >1).
const char* alpha_words(AlphaRange a, bool p1) {
  switch (a) {
    case AlphaRange::Zero: return "0";
    case AlphaRange::Free: return p1 ? "(0,C)" : "(0,pC)";
    case AlphaRange::AtC: return p1 ? "C" : "pC";
    case AlphaRange::AboveC: return p1 ? ">C" : ">pC";
  }
  return "";
}

Table points_table(const Problem& pr, const Result& r) {
  Table t;
  t.header = {"i", "y", "α_i", pr.p == 1 ? "α range" : "α vs pC", "ξ_i", "y_i f(x_i)", "position", "ξ range"};
  t.right_align = {true, true, true, false, true, true, false, false};
  for (std::size_t k = 0; k < r.margins.size() && k < 60; ++k) {
    const auto i = static_cast<Eigen::Index>(k);
    t.rows.push_back({std::to_string(k + 1), num(pr.y(i)), num(r.primal.alpha(i), r.scales.alpha), alpha_words(r.alpha_ranges[k], pr.p == 1),
                      margin_num(r, k, r.primal.xi(i)), margin_num(r, k, r.margins[k]), position_words(r.positions[k]),
                      slack_range_name(r.slack_ranges[k])});
  }
  return t;
}

void slackness_step(Report& rep, const Problem& pr, const Result& r) {
  Step d("3", "Complementary slackness, and where each point lies");
  slackness_theory(d);
  if (pr.p == 1)
    d.para("On the data (points numbered from 1 as in the homework; the JSON's indices start at 0), each row agrees with the table above:");
  else
    d.para("The data are solved with (8), p = " + num(pr.p) + ", whose conditions (part 2) differ: α_i = pCξ_i^(p−1) has no upper bound, "
           "α_i > 0 exactly when ξ_i > 0, and points on H1/H2 have α_i = 0; α_i is below, at or above pC as ξ_i is below, at or "
           "above 1. Points numbered from 1 as in the homework (the JSON's indices start at 0):");
  if (!r.b_unique)
    d.para("Here b* is not unique (every b in " + svm::interval_text(r.b_lo, r.b_hi) + " is optimal, part 1(a)): the slacks and positions "
           "below are those at the reported b* = " + b_text(r, r.primal.b) + "; at another optimal b they may differ, while w* and the "
           "objective do not.");
  d.table(points_table(pr, r));
  if (pr.X.rows() > 60) d.para("(first 60 of " + std::to_string(pr.X.rows()) + " points; all of them in --format json)");
  rep.steps.push_back(std::move(d));
}

// ---- 4 ----
void sweep_paragraphs(Step& e, const Problem& pr, const Result& r) {
  const auto& f = r.sweep_facts;
  e.para("How the slacks move with C. For C₁ < C₂ with optimal (w₁, S₁) and (w₂, S₂), S = " + slack_sum(pr) + ", optimality of each gives "
         "½‖w₁‖² + C₁S₁ ≤ ½‖w₂‖² + C₁S₂ and ½‖w₂‖² + C₂S₂ ≤ ½‖w₁‖² + C₂S₁; adding them, (C₂ − C₁)(S₂ − S₁) ≤ 0, so S₂ ≤ S₁, and then the "
         "first gives ‖w₁‖ ≤ ‖w₂‖. As C grows the total slack never increases and the margin 2/‖w‖ never widens; as C shrinks, the "
         "reverse. Nothing of the kind holds for a single ξ_i.");
  const std::size_t last = f.order.size() - 1;
  const auto& lo = r.sweep[f.order.front()];
  const auto& hi = r.sweep[f.order[last]];
  auto margin = [&](const optim::SvmSolution& q) { return q.w.norm() > 0 ? num(2 / q.w.norm()) : std::string("inf"); };
  std::string s = "On the data, from C = " + num(pr.C_values[f.order.front()]) + " to C = " + num(pr.C_values[f.order[last]]) + ": the total slack " +
                  slack_sum(pr) + " goes from " + svm::shown_number(f.total.front(), 1, f.total_roundoff.front()) + " to " +
                  svm::shown_number(f.total[last], 1, f.total_roundoff[last]) +
                  (f.total_nonincreasing ? " without rising" : " (it rises somewhere: a solver failure, see the checks)") +
                  "; the margin goes from " + margin(lo) + " to " + margin(hi) + "; the number of support vectors " +
                  (f.support_count.front() == f.support_count[last] && f.support_nonincreasing
                       ? "stays " + std::to_string(f.support_count.front()) + "."
                       : "goes from " + std::to_string(f.support_count.front()) + " to " + std::to_string(f.support_count[last]) +
                             (f.support_nonincreasing ? ", never increasing." : ", not monotonically."));
  e.para(s);
  if (f.rises.empty()) {
    e.para("On this sweep every individual ξ_i is also nonincreasing in C, though only the total is guaranteed to be.");
  } else {
    std::string t = "Individual slacks do not all fall: ";
    for (std::size_t k = 0; k < f.rises.size() && k < 6; ++k) {
      const auto& q = f.rises[k];
      t += (k ? "; " : "") + std::string("ξ_") + std::to_string(q.point + 1) + " rises from " + num(q.xi_from) + " to " + num(q.xi_to) +
           " (C from " + num(q.C_from) + " to " + num(q.C_to) + ")";
    }
    if (f.rises.size() > 6) t += "; and " + std::to_string(f.rises.size() - 6) + " more";
    e.para(t + ". Only the total is monotone.");
  }
  Table sw;
  sw.header = {"C", slack_sum(pr), "margin 2/‖w‖", "SVs", "ξ = 0", "0<ξ<1", "ξ = 1", "ξ > 1"};
  sw.right_align = {true, true, true, true, true, true, true, true};
  for (std::size_t t = 0; t < f.order.size(); ++t) {
    const auto& q = r.sweep[f.order[t]];
    const auto& count = f.slack_counts[t];
    sw.rows.push_back({num(pr.C_values[f.order[t]]), svm::shown_number(f.total[t], 1, f.total_roundoff[t]), margin(q), std::to_string(f.support_count[t]),
                       std::to_string(count[0]), std::to_string(count[1]), std::to_string(count[2]), std::to_string(count[3])});
  }
  e.table(sw);
  std::vector<std::size_t> loose;  // positions in f.order where b is not unique
  for (std::size_t t = 0; t < f.order.size(); ++t)
    if (!f.b_unique[t]) loose.push_back(t);
  if (!loose.empty()) {
    auto at = [&](std::size_t t) { return "C = " + num(pr.C_values[f.order[t]]); };
    auto optimal = [&](std::size_t t) { return "every b in " + svm::interval_text(f.b_interval[t].first, f.b_interval[t].second); };
    std::string t;
    if (loose.size() == 1) {
      t = "At " + at(loose[0]) + ", b* is not unique: " + optimal(loose[0]) + " is optimal.";
    } else {
      t = "At " + std::to_string(loose.size()) + " values of C, b* is not unique: at " + at(loose[0]) + ", " + optimal(loose[0]) + " is optimal";
      for (std::size_t k = 1; k < loose.size() && k < 6; ++k) t += "; at " + at(loose[k]) + ", " + optimal(loose[k]);
      if (loose.size() > 6) t += "; and at " + std::to_string(loose.size() - 6) + " more (every interval is in --format json)";
      t += ".";
    }
    e.para(t + " There the individual slacks, and with them the table's counts by range and what is said above of single ξ_i, are "
               "those at the reported b*, and may differ at another optimal b; the total slack, w* and the margin do not.");
  }
  e.figure("ex4_slacks.svg", "each ξ_i against C");
}

void hyperplanes_step(Report& rep, const Problem& pr, const Result& r) {
  const auto& s = r.primal;
  Step e("4", "The separating and marginal hyperplanes, support vectors, slacks, and C");
  if (r.reconstructs_figure1)
    e.para("Figure 1 of the homework is missing from its text; these " + std::to_string(pr.X.rows()) + " points are our reconstruction "
           "of it (problems/ex4.json).");
  const double b = b_shown(r, s.b);
  const Eigen::VectorXd w = shown(s.w, r.scales.w);
  if (w.isZero(0)) {
    // No hyperplane at all: {⟨w*,x⟩ + b* = c} is the whole space or empty.
    const std::string sign = b > 0 ? "+1 (every x is classed positive)" : b < 0 ? "−1 (every x is classed negative)" : "0 (it classes nothing)";
    e.para("Here w* = 0, so there is no separating hyperplane. f(x) = ⟨w*,x⟩ + b* = b* is the same number at every x, so the "
           "classifier is the constant sign(b*) = " + sign + "; the sets {f = 0}, {f = 1}, {f = −1} that H0, H1 and H2 would be are "
           "each either the whole space (where b* is that value) or empty, and the margin 2/‖w*‖ is infinite only formally. Every "
           "point has y_i f(x_i) = y_i b*" + std::string(b == 0 ? " (here 0: each lies \"on H0\", which is the whole space)." : ".") +
           (r.b_unique ? "" : " Every b in " + svm::interval_text(r.b_lo, r.b_hi) + " is optimal: each constant classifier sign(b) has "
                              "the same objective."));
  } else {
    const int digits = b_digits(r) + 1;
    // Formulas are indented by 4 in the text, so each line has 76 columns.
    e.formula(svm::wrapped_equation("H0: ⟨w*, x⟩ + b* = 0:   ", svm::hyperplane_text(w, b, 0, digits), 76) + "\n" +
                  svm::wrapped_equation("H1: ⟨w*, x⟩ + b* = 1:   ", svm::hyperplane_text(w, b, 1, digits), 76) + "\n" +
                  svm::wrapped_equation("H2: ⟨w*, x⟩ + b* = −1:  ", svm::hyperplane_text(w, b, -1, digits), 76),
              "\\begin{aligned} H_0&\\colon\\ \\langle\\mathbf{w}^*,\\mathbf{x}\\rangle + b^* = 0\\colon && " + latex_hyperplane(w, b, digits) +
                  " = 0 \\\\ H_1&\\colon\\ \\langle\\mathbf{w}^*,\\mathbf{x}\\rangle + b^* = 1\\colon && " + latex_hyperplane(w, b, digits) +
                  " = 1 \\\\ H_2&\\colon\\ \\langle\\mathbf{w}^*,\\mathbf{x}\\rangle + b^* = -1\\colon && " + latex_hyperplane(w, b, digits) +
                  " = -1 \\end{aligned}");
    if (r.extra_digits > 0) {
      // About the centre the same H0 reads with the usual digits: b_c = b* + ⟨w*,c⟩ is what the margins see.
      double b_c = optim::svm_bias_to_centred(s.w, s.b, r.centre);
      if (std::fabs(b_c) < T::show_zero * (1 + s.w.norm() * r.scales.R)) b_c = 0;  // round-off against the terms it balances there
      e.para("Written about the centre c of the data, where its digits are not spent on the offset, H0 is");
      e.formula(svm::wrapped_equation("", svm::hyperplane_about_text(w, b_c, r.centre, 0), 76), latex_hyperplane_about(w, b_c, r.centre, 7) + " = 0");
    }
    e.para("The margin between H1 and H2 is 2/‖w*‖ = " + num(2 / s.w.norm()) + ".");
  }
  auto list = [&](const std::function<bool(std::size_t)>& fact) { return svm::points_from_one(where(r, fact)); };
  std::string sv = "Support vectors (α_i > 0): " + list([&](std::size_t k) { return bool(r.support[k]); });
  if (pr.p == 1)
    sv += " (on H1/H2 with 0 < α_i < C: " + list([&](std::size_t k) { return r.alpha_ranges[k] == AlphaRange::Free; }) +
          "; at the bound α_i = C: " + list([&](std::size_t k) { return r.alpha_ranges[k] == AlphaRange::AtC; }) + ")";
  e.para(sv + ". Non-support vectors (α_i = 0): " + list([&](std::size_t k) { return !r.support[k]; }) + ".");
  auto range = [&](SlackRange g) { return list([&](std::size_t k) { return r.slack_ranges[k] == g; }); };
  e.para(std::string(r.b_unique ? "" : "At the reported b* (not unique, see part 3), optimal slacks") + std::string(r.b_unique ? "Optimal slacks" : "") + ": ξ* = 0 for " + range(SlackRange::Zero) + "; 0 < ξ* < 1 for " + range(SlackRange::Below1) + "; ξ* = 1 for " +
         range(SlackRange::One) + "; ξ* > 1 for " + range(SlackRange::Above1) + ".");
  if (!r.sweep.empty()) sweep_paragraphs(e, pr, r);
  if (pr.X.cols() == 2) e.figure("ex4_svm.svg", "the data, H0, H1, H2 and the support vectors");
  else e.para(svm::no_figure_note(pr.X.cols()));
  rep.steps.push_back(std::move(e));
}

// ---- checks and figures ----
/// |a − b| relative to |a| (a ≠ 0: an objective of two classes is positive).
double relative(double a, double b) { return std::fabs(a - b) / (a != 0 ? std::fabs(a) : 1.0); }

/// Part 3 on the data: the largest violation of the conditions the table states, recomputed from
/// the stated α, ξ and margins; margin conditions beyond rounding against what margins vary by,
/// α conditions against C (p = 1) or max α (p > 1).
double conditions_violation(const Problem& pr, const Result& r) {
  const auto& s = r.primal;
  const double margin_scale = r.scales.margin > 0 ? r.scales.margin : 1.0;
  auto excess = [&](std::size_t k, double v) { return std::max(0.0, std::fabs(v) - r.margin_rounding[k]) / margin_scale; };
  double worst = 0;
  for (std::size_t k = 0; k < r.margins.size(); ++k) {
    const auto i = static_cast<Eigen::Index>(k);
    const double a = s.alpha(i), xi = s.xi(i), m = svm::functional_margin(pr.X, pr.y, s.w, s.b, i);
    if (r.support[k]) worst = std::max(worst, excess(k, m - (1 - xi)));
    if (pr.p != 1) {
      worst = std::max(worst, std::fabs(a - pr.p * pr.C * std::pow(xi, pr.p - 1)) / (r.scales.alpha > 0 ? r.scales.alpha : 1.0));
    } else {
      if (r.alpha_ranges[k] == AlphaRange::Zero) worst = std::max(worst, excess(k, std::max(0.0, 1 - m)));
      if (r.alpha_ranges[k] == AlphaRange::Free) worst = std::max(worst, excess(k, m - 1));
      if (r.slack_ranges[k] != SlackRange::Zero) worst = std::max(worst, std::fabs(pr.C - a) / pr.C);
    }
  }
  return worst;
}

// Each check recomputes what it checks from the numbers the report states (the KKT residual, the
// objectives), so a wrong stated solution fails; each is relative to the problem's own scale.
void add_checks(Report& rep, const Problem& pr, const Result& r) {
  const auto& s = r.primal;
  const optim::SvmProblem P{pr.X, pr.y, pr.C, pr.p};
  rep.checks.push_back({"1(a) primal solver converged", s.converged, s.method + ", " + std::to_string(s.iterations) + " iterations"});
  rep.checks.push_back(tolerance_check("1(a) KKT conditions of (6)/(8) hold", optim::svm_kkt_residual(P, s.w, s.b, s.xi, s.alpha), T::kkt,
                                       "largest KKT violation, each relative to its own scale"));
  const double primal = optim::svm_primal_value(P, s.w, s.xi), dual = optim::svm_dual_value(P, s.alpha);
  rep.checks.push_back(tolerance_check("1(a) duality gap = 0 (primal value = dual value at α*)", relative(primal, dual), T::gap, "|P − D| / P"));
  if (pr.p == 1)
    rep.checks.push_back(tolerance_check(r.sweep.empty() ? "1(a) every b of the optimal-b interval attains the optimal value"
                                                         : "1(a), 4 every b of each optimal-b interval attains the optimal value",
                                         r.b_interval_value_error, T::gap, "largest relative difference at the intervals' ends"));
  if (r.second) {
    rep.checks.push_back(tolerance_check("1(a) the dual solved by SMO gives the same optimum", relative(primal, r.second->primal), T::second_value,
                                         "relative difference of the objectives (" + std::to_string(r.second->iterations) + " SMO steps)"));
    rep.checks.push_back(tolerance_check("1(a) and the same w", (s.w - r.second->w).cwiseAbs().maxCoeff() / (r.scales.w > 0 ? r.scales.w : 1.0), T::second_w,
                                         "max |w − w_SMO| relative to the terms of Σα_i y_i x_i"));
  }
  if (r.hard_vs_soft_difference)
    rep.checks.push_back(tolerance_check("1(b) soft margin with large C = hard margin", *r.hard_vs_soft_difference, T::hard_vs_soft,
                                         "difference in (w, b), in the hard margin's units"));
  rep.checks.push_back(tolerance_check("2 problem (8): primal value = dual value", relative(r.p_primal.primal, r.p_primal.dual), T::gap, "relative gap"));
  if (r.p_dual)
    rep.checks.push_back(tolerance_check("2 problem (8): its dual solved by SMO reaches the same value", relative(r.p_primal.primal, r.p_dual->dual),
                                         T::second_value, "relative difference"));
  if (r.p_recovered_difference)
    rep.checks.push_back(tolerance_check("2 (w, b, ξ) recovered from the dual's α", *r.p_recovered_difference, T::second_w,
                                         "difference in the solution's units"));
  rep.checks.push_back(tolerance_check(pr.p == 1 ? "3 the table of part 3 on every point (α = 0 ⇒ yf ≥ 1; 0 < α < C ⇒ yf = 1; ξ > 0 ⇒ α = C; SV ⇒ yf = 1 − ξ)"
                                                 : "3 (8)'s conditions on every point (α_i = pCξ_i^(p−1); SV ⇒ yf = 1 − ξ)",
                                       conditions_violation(pr, r), T::conditions, "largest violation on the data"));
  if (r.sweep.size() > 1)
    rep.checks.push_back(tolerance_check("4 total slack does not increase with C", r.sweep_facts.largest_total_rise, T::sweep_rise, "largest relative increase"));
}

Figure slacks_figure(const Problem& pr, const Result& r) {
  plot::Plot pl;
  pl.title = "Exercise 4.4: slacks ξ_i against C";
  pl.xlabel = "C (log scale)";
  pl.ylabel = "ξ_i";
  pl.log_x = true;
  bool pos_labeled = false, neg_labeled = false;
  for (Eigen::Index i = 0; i < pr.X.rows() && i < 200; ++i) {
    plot::Series ser;
    ser.color = pr.y(i) > 0 ? "#1f77b4" : "#d62728";
    ser.line_width = 1.5;
    ser.marker = plot::Marker::Circle;
    ser.marker_size = 2.5;
    if (pr.y(i) > 0 && !pos_labeled) ser.label = "ξ_i of a point with y = +1", pos_labeled = true;
    if (pr.y(i) < 0 && !neg_labeled) ser.label = "ξ_i of a point with y = −1", neg_labeled = true;
    for (auto k : r.sweep_facts.order) ser.x.push_back(pr.C_values[k]), ser.y.push_back(r.sweep[k].xi(i));
    pl.series.push_back(ser);
  }
  return plot_figure("ex4_slacks.svg", std::move(pl));
}

}  // namespace

Report report(const Problem& pr, const Result& r) {
  Report rep;
  if (pr.source) rep.data = pr.source->json(), rep.data_source = pr.source->describe();
  rep.exercise = 4;
  rep.title = "Soft-margin SVM and its dual";
  rep.results = results_json(pr, r);
  existence_step(rep, pr, r);
  separable_step(rep, pr, r);
  p_dual_step(rep, pr, r);
  slackness_step(rep, pr, r);
  hyperplanes_step(rep, pr, r);
  add_checks(rep, pr, r);
  if (pr.X.cols() == 2)
    rep.figures.push_back(svm::svm_figure("ex4_svm.svg", "Exercise 4: soft-margin SVM, C = " + num(pr.C), pr.X, pr.y, shown(r.primal.w, r.scales.w),
                                          r.primal.b, r.support));
  if (!r.sweep.empty()) rep.figures.push_back(slacks_figure(pr, r));
  return rep;
}

}  // namespace hw6::ex4
