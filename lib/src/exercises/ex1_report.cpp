// Exercise 1: the step-by-step explanation, the JSON results, checks and the figure, from a solved
// Result. Three situations choose the words: two separable classes (the homework's assumption),
// one class (part 5(b)), and data that is not separable (no optimum at all).
#include "hw6/exercises/ex1.hpp"
#include "hw6/exercises/svm_common.hpp"
#include "hw6/render.hpp"

#include <algorithm>
#include <cmath>

namespace hw6::ex1 {

namespace {

using T = Tolerances;

/// Six significant digits, round-off shown as 0: a solver change in the 12th digit changes no word.
std::string num(double x) { return std::fabs(x) < T::show_zero ? "0" : format_number(x, 6); }
Eigen::VectorXd shown(const Eigen::VectorXd& v) {
  const double scale = std::max(1.0, v.size() ? v.cwiseAbs().maxCoeff() : 0.0);
  return v.unaryExpr([&](double x) { return std::fabs(x) < T::show_zero * scale ? 0.0 : x; });
}
std::string col(const Eigen::VectorXd& v) { return format_column(shown(v), 6); }
std::string margin_text(const Eigen::VectorXd& w) { return w.norm() > 0 ? num(2 / w.norm()) : std::string("inf"); }

/// With one class of sign σ = ±1: every label is σ, the optimal b are σ·[1, ∞).
double one_class_sign(const Problem& p) { return p.y(0); }
/// "b ≥ 1" or "b ≤ −1": the constraints y_i b ≥ 1 of one class.
std::string one_class_b(const Problem& p) { return one_class_sign(p) > 0 ? "b ≥ 1" : "b ≤ −1"; }

Json results_json(const Problem& p, const Result& r) {
  const auto& s = r.solution;
  const bool feasible = r.status == Status::Optimal;
  Json j = Json::object();
  Json sol = Json::object();
  sol["status"] = feasible ? "optimal" : "infeasible";
  // The contract's keys are all present; what does not exist (no optimum: the data are not
  // separable) is null.
  sol["w"] = feasible ? vector_json(s.w) : Json();
  sol["b"] = feasible ? Json(s.b) : Json();
  sol["objective"] = feasible ? Json(0.5 * s.w.squaredNorm()) : Json();
  sol["margin"] = !feasible ? Json() : s.w.norm() > 0 ? Json(2 / s.w.norm()) : Json("inf");
  Json sv = Json::array();
  for (auto i : r.active) sv.push_back(i);
  sol["support_vectors"] = feasible ? sv : Json();
  sol["b_unique"] = feasible ? Json(!r.one_class) : Json();
  sol["b_interval"] = feasible ? Json{number_json(r.b_lo), number_json(r.b_hi)} : Json();
  if (feasible) {
    sol["alpha"] = vector_json(s.alpha);
    sol["method"] = s.method;
    sol["kkt_residual"] = s.kkt_residual;
  } else {
    sol["certificate"] = {{"weights", vector_json(r.hull->lambda)}, {"point_positive", vector_json(r.hull->u)},
                          {"point_negative", vector_json(r.hull->v)}, {"distance", r.hull->distance}};
  }
  j["solution"] = sol;
  if (r.query.z.size() > 0)
    j["distance"] = {{"w", vector_json(r.query.w)}, {"b", r.query.b}, {"values", vector_json(r.dist.values)}, {"closest_points", matrix_json(r.dist.closest)}};
  else  // no query and no optimal hyperplane to measure from (w* = 0, or no optimum)
    j["distance"] = {{"w", nullptr}, {"b", nullptr}, {"values", nullptr}, {"closest_points", nullptr}};
  if (feasible && !r.one_class) {
    j["feasible_point"] = {{"w", vector_json(r.feasible_w)}, {"b", r.feasible_b}, {"method", r.feasible_method}};
    j["second_method"] = {{"method", "nearest points of the convex hulls (MDM)"}, {"w", vector_json(r.hull_w)}, {"b", r.hull_b},
                          {"hull_distance", r.hull->distance}};
    if (r.active_only.w.size()) j["active_set_resolve"] = {{"w", vector_json(r.active_only.w)}, {"b", r.active_only.b}};
    if (r.dropped)
      j["drop_one"] = {{"index", *r.dropped}, {"w", vector_json(r.without_dropped.w)}, {"b", r.without_dropped.b}, {"changed", r.drop_changes}};
  }
  (void)p;
  return j;
}

// ---- 1 ----
void distance_step(Report& rep, const Result& r) {
  const bool no_solution = r.status == Status::Infeasible;
  Step s("1", "The distance from a point to a hyperplane");
  s.para("The closest point x of {x : ⟨w,x⟩ + b = 0} to z minimizes ½‖x − z‖² subject to ⟨w,x⟩ + b = 0 (w ≠ 0). Stationarity of the "
         "Lagrangian ½‖x − z‖² + λ(⟨w,x⟩ + b) gives x − z + λw = 0, so x = z − λw; the constraint gives ⟨w,z⟩ − λ‖w‖² + b = 0, "
         "λ = (⟨w,z⟩ + b)/‖w‖². The problem is convex, so this stationary point is the minimizer. Hence");
  s.formula("x* = z − ((⟨w,z⟩ + b)/‖w‖²) w,     d(z, f) = ‖z − x*‖ = |⟨w,z⟩ + b| / ‖w‖",
            "\\mathbf{x}^* = \\mathbf{z} - \\frac{\\langle\\mathbf{w},\\mathbf{z}\\rangle + b}{\\|\\mathbf{w}\\|^2}\\mathbf{w},\\qquad "
            "d(\\mathbf{z}, f) = \\frac{|\\langle\\mathbf{w},\\mathbf{z}\\rangle + b|}{\\|\\mathbf{w}\\|}");
  const auto& q = r.query;
  if (q.z.size() == 0) {
    s.para(std::string("The problem gives no query, and these data have no optimal hyperplane H0 to measure from (") +
           (no_solution ? "(2) has no solution" : "w* = 0") + "), so there is nothing to evaluate.");
    rep.steps.push_back(std::move(s));
    return;
  }
  s.para(q.from_solution ? "The problem gives no query, so here are the data points' distances to the optimal H0 (an active point's "
                           "distance is the geometric margin 1/‖w*‖):"
                         : "On the problem's query, w = " + col(q.w) + ", b = " + num(q.b) + ":");
  Table t;
  t.header = {"z", "⟨w,z⟩ + b", "d(z, f)", "closest point x*"};
  t.right_align = {false, true, true, false};
  for (Eigen::Index k = 0; k < q.z.rows() && k < 40; ++k)
    t.rows.push_back({col(q.z.row(k).transpose()), num(q.w.dot(q.z.row(k).transpose()) + q.b), num(r.dist.values(k)), col(r.dist.closest.row(k).transpose())});
  s.table(t);
  rep.steps.push_back(std::move(s));
}

// ---- 2, 3: not separable ----
void infeasible_steps(Report& rep, const Result& r) {
  Step two("2", "𝓕 is nonempty");
  two.para("Not for these data: they are not linearly separable (the certificate is in part 3), so no (w, b) satisfies every "
           "constraint and 𝓕 = ∅. The exercise assumes separable data.");
  rep.steps.push_back(std::move(two));
  Step three("3", "Problem (2) has an optimal solution");
  three.para("Not here: 𝓕 is empty, as the convex hulls of the two classes meet. Certificate: convex weights λ within each class with "
             "Σ_{y_i=1} λ_i x_i = Σ_{y_i=−1} λ_i x_i = u " +
             std::string(r.contradictions.empty() ? (r.hull->distance == 0 ? std::string("(exactly)") : "(to within " + format_number(r.hull->distance, 3) + ")")
                                                  : "(exactly: points " + std::to_string(r.contradictions.front().first + 1) + " and " +
                                                        std::to_string(r.contradictions.front().second + 1) + " coincide with opposite labels)") +
             ". Averaging the constraints of each class with these weights, any (w, b) in 𝓕 would satisfy ⟨w,u⟩ + b ≥ 1 and "
             "−(⟨w,u⟩ + b) ≥ 1: impossible.");
  three.vector("λ", "\\boldsymbol\\lambda", shown(r.hull->lambda));
  three.vector("u", "\\mathbf{u}", shown(r.hull->u));
  rep.steps.push_back(std::move(three));
  Step rest("4–8", "Not applicable");
  rest.para("Parts 4 to 8 are about the optimal solution of (2), which does not exist for these data.");
  rep.steps.push_back(std::move(rest));
}

// ---- 2, 3: separable ----
void feasible_and_existence_steps(Report& rep, const Problem& p, const Result& r) {
  const auto& s = r.solution;
  Step two("2", "𝓕 is nonempty");
  if (r.one_class) {
    const double sg = one_class_sign(p);
    two.para("Every label is " + num(sg) + ", so (w, b) = (0, " + num(sg) + ") gives y_i(⟨w,x_i⟩ + b) = y_i b = 1 ≥ 1 for every i: "
             "it lies in 𝓕.");
  } else {
    two.para("Linearly separable means some (w̃, b̃) has y_i(⟨w̃,x_i⟩ + b̃) > 0 for every i. Then m = min_i y_i(⟨w̃,x_i⟩ + b̃) > 0 and "
             "(w̃/m, b̃/m) satisfies every constraint with min_i y_i(⟨w,x_i⟩ + b) = 1, so it lies in 𝓕. Constructed here from " +
             r.feasible_method + ":");
    two.vector("w₀", "\\mathbf{w}_0", shown(r.feasible_w));
    const std::string margin = num(svm::functional_margins(p.X, p.y, r.feasible_w, r.feasible_b).minCoeff());
    two.formula("b₀ = " + num(r.feasible_b) + ",   min_i y_i(⟨w₀,x_i⟩ + b₀) = " + margin,
                "b_0 = " + num(r.feasible_b) + ",\\quad \\min_i y_i(\\langle\\mathbf{w}_0,\\mathbf{x}_i\\rangle + b_0) = " + margin);
  }
  rep.steps.push_back(std::move(two));

  Step three("3", "Problem (2) has an optimal solution");
  if (r.one_class) {
    three.para("½‖w‖² ≥ 0, and the value 0 is attained at the feasible (0, " + num(one_class_sign(p)) + ") of part 2, so a minimizer "
               "exists (b is not unique: part 5(b)).");
  } else {
    three.para("Take (w₀, b₀) ∈ 𝓕 from part 2 and ρ = ‖w₀‖. Any minimizer lies in 𝓕 ∩ {‖w‖ ≤ ρ}, which contains (w₀, b₀). On it, with "
               "R = max_i ‖x_i‖, a positive point gives b ≥ 1 − ⟨w,x_i⟩ ≥ 1 − Rρ and a negative point gives b ≤ −1 − ⟨w,x_j⟩ ≤ −1 + Rρ: "
               "b is bounded, so the set is closed (an intersection of closed half-spaces and a cylinder) and bounded. The continuous "
               "½‖w‖² attains its minimum on it (Weierstrass), and that minimum is the minimum over 𝓕. On the data: ρ = " + num(r.level_rho) +
               ", R = " + num(r.level_R) + ", so b ∈ [" + num(r.level_b_lo) + ", " + num(r.level_b_hi) + "]. Computed by " + s.method + ":");
  }
  three.vector("w*", "\\mathbf{w}^*", shown(s.w));
  three.formula("b* = " + num(s.b) + ",   ½‖w*‖² = " + num(0.5 * s.w.squaredNorm()) + ",   margin 2/‖w*‖ = " + margin_text(s.w),
                "b^* = " + num(s.b) + ",\\quad \\tfrac12\\|\\mathbf{w}^*\\|^2 = " + num(0.5 * s.w.squaredNorm()) +
                    ",\\quad \\text{margin } 2/\\|\\mathbf{w}^*\\| = " + (s.w.norm() > 0 ? num(2 / s.w.norm()) : std::string("\\infty")));
  if (!r.one_class)
    three.para("Second method: the dual of (2) is the distance between the convex hulls of the classes. Their nearest points u, v "
               "(found by the MDM algorithm) give w = 2(u − v)/‖u − v‖² = " + col(r.hull_w) + " and b = −⟨w, (u + v)/2⟩ = " +
               num(r.hull_b) + "; ‖u − v‖ = " + num(r.hull->distance) + " is the margin 2/‖w*‖.");
  rep.steps.push_back(std::move(three));
}

// ---- 4, 5 ----
void equivalence_steps(Report& rep, const Problem& p, const Result& r) {
  const auto& s = r.solution;
  Step four("4", "(1) and (2) have the same optimal solutions");
  if (r.one_class) {
    const double sg = one_class_sign(p);
    four.para("Not for these data: the argument needs w* ≠ 0, which fails with one class (part 5(b)). The optimal value of both is 0 "
              "(w = 0), but (2) is solved by (0, b) for every " + one_class_b(p) + ", while (1) asks min_i y_i b = " +
              (sg > 0 ? "b" : "−b") + " = 1 and is solved by (0, " + num(sg) + ") alone.");
  } else {
    four.para("Let p₁, p₂ be the optimal values. The feasible set of (1) lies in 𝓕, so p₂ ≤ p₁. (i) Let (w, b) solve (2) and "
              "m = min_i y_i(⟨w,x_i⟩ + b) ≥ 1. If m > 1, then (w/m, b/m) ∈ 𝓕 with objective ½‖w‖²/m² < ½‖w‖² (w ≠ 0 by 5(a)), "
              "contradicting optimality; so m = 1, (w, b) is feasible for (1), and p₁ ≤ ½‖w‖² = p₂. Hence p₁ = p₂ and (w, b) solves (1). "
              "(ii) Conversely, a solution of (1) lies in 𝓕 and has objective p₁ = p₂, so it solves (2). The two sets of optimal "
              "solutions coincide. On the data:");
    const double m = svm::functional_margins(p.X, p.y, s.w, s.b).minCoeff();
    four.formula("min_i y_i(⟨w*,x_i⟩ + b*) = " + num(m), "\\min_i y_i(\\langle\\mathbf{w}^*,\\mathbf{x}_i\\rangle + b^*) = " + num(m));
  }
  rep.steps.push_back(std::move(four));

  Step five("5", "w* ≠ 0 with two classes; w* can be 0 with one");
  five.para("(a) If w* = 0, the constraints read y_i b ≥ 1: b ≥ 1 from a positive point and −b ≥ 1 from a negative one, impossible. "
            "So w* ≠ 0 whenever both classes are present" +
            (r.one_class ? std::string("; these data have one class, so (a) does not apply.") : ": here ‖w*‖ = " + num(s.w.norm()) + "."));
  std::string b = "(b) With only positive points, (w, b) = (0, 1) is feasible with objective 0, the least possible: w* = 0, and every "
                  "b ≥ 1 is optimal; with only negative points, (0, −1) and every b ≤ −1.";
  if (r.one_class) b += std::string(" These data have one class: w* = 0 and b* ∈ ") + (one_class_sign(p) > 0 ? "[1, ∞)." : "(−∞, −1].");
  five.para(b);
  rep.steps.push_back(std::move(five));
}

// ---- 6, 7, 8 with one class ----
void one_class_steps(Report& rep, const Problem& p) {
  const double sg = one_class_sign(p);
  Step six("6", "Active constraints of both classes");
  six.para("Not for these data: part 6 needs a sample of each class, and there is no " + std::string(sg > 0 ? "negative" : "positive") +
           " one. Which constraints are active even depends on the optimum chosen: at (0, " + num(sg) + ") all are, at (0, " + num(2 * sg) + ") none.");
  rep.steps.push_back(std::move(six));
  Step seven("7", "Uniqueness");
  seven.para("Not here: w* = 0 is unique (strict convexity), but (0, b) is optimal for every " + one_class_b(p) + ".");
  rep.steps.push_back(std::move(seven));
  Step eight("8", "Removing the strict constraints");
  eight.para("Not here: at the optimum (0, " + num(2 * sg) + ") no constraint is active; removing them all leaves min ½‖w‖² over every "
             "(w, b), solved by (0, b) for any b, including b = 0, which violates (2).");
  rep.steps.push_back(std::move(eight));
}

// ---- 6, 7, 8 with two classes ----
void active_steps(Report& rep, const Problem& p, const Result& r) {
  const auto& s = r.solution;
  std::vector<Eigen::Index> act_pos, act_neg;
  for (auto i : r.active) (p.y(i) > 0 ? act_pos : act_neg).push_back(i);
  Step six("6", "Active constraints of both classes");
  six.para("Suppose no positive constraint is active: m₊ = min over positive i of ⟨w*,x_i⟩ + b* > 1. Take δ = (m₊ − 1)/2 > 0 and "
           "b' = b* − δ. Every positive point then has ⟨w*,x_i⟩ + b' ≥ m₊ − δ = (m₊ + 1)/2 > 1, and every negative point "
           "−(⟨w*,x_j⟩ + b') = −(⟨w*,x_j⟩ + b*) + δ ≥ 1 + δ > 1: all constraints hold strictly at (w*, b'), so "
           "m = min_i y_i(⟨w*,x_i⟩ + b') > 1 and (w*/m, b'/m) ∈ 𝓕 has the smaller objective ½‖w*‖²/m² (w* ≠ 0 by 5(a)), a "
           "contradiction. For the negatives, raise b by δ = (m₋ − 1)/2 instead. On the data: m₊ = " + num(r.min_margin_pos) +
           ", m₋ = " + num(r.min_margin_neg) + ".");
  six.para("Active positive points (⟨w*,x_i⟩ + b* = 1): " + svm::points_from_one(act_pos) + ". Active negative points (= −1): " +
           svm::points_from_one(act_neg) + ". (Points are numbered from 1 as in the homework; the JSON's indices start at 0.)");
  rep.steps.push_back(std::move(six));

  Step seven("7", "Uniqueness, and an active constraint");
  seven.para("w*: if (w₁, b₁) ≠ (w₂, b₂) were both optimal with w₁ ≠ w₂, their midpoint would lie in the convex 𝓕 with "
             "½‖(w₁ + w₂)/2‖² < ½(½‖w₁‖² + ½‖w₂‖²), the optimal value (½‖·‖² is strictly convex): so every optimal solution has the "
             "same w*. b*: by part 6 an optimal (w*, b) has a positive point with ⟨w*,x_i⟩ + b = 1, and every positive point has "
             "⟨w*,x_i⟩ + b ≥ 1; so b = 1 − min over positive i of ⟨w*,x_i⟩, determined by w* alone. Hence the optimal solution is "
             "unique, and part 6 gives active constraints (at least two). On the data:");
  seven.formula("b* = 1 − min_{y_i=1} ⟨w*,x_i⟩ = " + num(r.b_from_positive) + ",   −1 − max_{y_i=−1} ⟨w*,x_i⟩ = " + num(r.b_from_negative),
                "b^* = 1 - \\min_{y_i=1}\\langle\\mathbf{w}^*,\\mathbf{x}_i\\rangle = " + num(r.b_from_positive) +
                    ",\\quad -1 - \\max_{y_i=-1}\\langle\\mathbf{w}^*,\\mathbf{x}_i\\rangle = " + num(r.b_from_negative));
  std::string bs, bs_latex;
  for (auto i : r.active) {
    const std::string value = num(p.y(i) - p.X.row(i).dot(s.w));
    bs += "  point " + std::to_string(i + 1) + ": y_i − ⟨w*,x_i⟩ = " + value + "\n";
    bs_latex += (bs_latex.empty() ? "" : " \\\\ ") + ("\\text{point } " + std::to_string(i + 1)) +
                "&\\colon\\ y_i - \\langle\\mathbf{w}^*,\\mathbf{x}_i\\rangle = " + value;
  }
  seven.para("b* from each active constraint:");
  seven.formula(bs.substr(0, bs.size() - 1), "\\begin{aligned} " + bs_latex + " \\end{aligned}");
  rep.steps.push_back(std::move(seven));

  Step eight("8", "Removing the strict constraints changes nothing");
  eight.para("Yes. Let (2') keep only the active constraints; (w*, b*) is feasible for it. If some (w', b') feasible for (2') had "
             "½‖w'‖² < ½‖w*‖², the points z_t = (1 − t)(w*, b*) + t(w', b'), 0 < t ≤ 1, would satisfy the active constraints (linear, "
             "true at both ends), the inactive ones for t small enough (strict at t = 0, continuous in t), and ½‖w_t‖² ≤ "
             "(1 − t)½‖w*‖² + t½‖w'‖² < ½‖w*‖²: a point of 𝓕 better than the optimum. So (w*, b*) solves (2'). (2') is problem (2) "
             "on the active points, which include both classes (part 6), so by part 7 its solution is unique: removing the strict "
             "constraints does not change the solution.");
  if (r.active_only.w.size())
    eight.para("Re-solved on the " + std::to_string(r.active.size()) + " active constraints only: w = " + col(r.active_only.w) + ", b = " + num(r.active_only.b) + ".");
  if (r.dropped)
    eight.para(r.drop_changes ? "An active constraint, by contrast, cannot always be dropped: without point " + std::to_string(*r.dropped + 1) +
                                    " the solution changes to w = " + col(r.without_dropped.w) + ", b = " + num(r.without_dropped.b) +
                                    ", margin 2/‖w‖ = " + margin_text(r.without_dropped.w) + "."
                              : "Dropping an active constraint may change the solution in general; here, without point " +
                                    std::to_string(*r.dropped + 1) + " the solution stays the same: that active constraint is redundant "
                                    "(a multiplier of 0 fits).");
  if (p.X.cols() == 2) eight.figure("ex1_svm.svg", "the data, H0, H1, H2 and the active points");
  rep.steps.push_back(std::move(eight));
}

// ---- checks ----
void add_checks(Report& rep, const Problem& p, const Result& r) {
  const auto& s = r.solution;
  if (r.query.z.size() > 0)
    rep.checks.push_back(tolerance_check("1 closest points: closed form = KKT system of the minimization",
                                         (r.dist.closest - r.dist.closest_kkt).cwiseAbs().maxCoeff() / std::max(1.0, r.query.z.cwiseAbs().maxCoeff()),
                                         T::closest, "max difference (scaled)"));
  if (r.status == Status::Infeasible) {
    rep.checks.push_back(tolerance_check("3 certificate: the hulls of the two classes meet", r.hull->distance / std::max(1.0, p.X.cwiseAbs().maxCoeff()),
                                         T::hulls_meet, "‖Σλ_i x_i (positive) − Σλ_i x_i (negative)‖ (scaled)"));
    return;
  }
  if (r.one_class) {
    const double worst = (p.y.array() * s.b).minCoeff();
    rep.checks.push_back({"5(b) (w, b) = (0, ±1) is feasible", worst >= 1 - T::feasible, "min y_i b = " + num(worst)});
    return;
  }
  const double fmin = svm::functional_margins(p.X, p.y, r.feasible_w, r.feasible_b).minCoeff();
  rep.checks.push_back(tolerance_check("2 the constructed point is feasible", std::max(0.0, 1 - fmin), T::feasible, "largest constraint violation"));
  rep.checks.push_back(tolerance_check("3 KKT conditions of (2) hold", s.kkt_residual, T::kkt, "largest scaled KKT violation (" + s.method + ")"));
  rep.checks.push_back(tolerance_check("3 duality gap = 0", std::fabs(s.primal - s.dual) / std::max(1.0, s.primal), T::gap, "relative gap"));
  rep.checks.push_back(tolerance_check("3 second method (nearest hull points) gives the same (w, b)",
                                       std::max((r.hull_w - s.w).cwiseAbs().maxCoeff(), std::fabs(r.hull_b - s.b)) / std::max(1.0, s.w.cwiseAbs().maxCoeff()),
                                       T::second_method, "max difference (scaled); MDM " + std::to_string(r.hull->iterations) + " steps"));
  rep.checks.push_back(tolerance_check("3 b* lies in the bounds of the level set", std::max({0.0, r.level_b_lo - s.b, s.b - r.level_b_hi}), T::b_agree, "distance outside"));
  const double min_margin = svm::functional_margins(p.X, p.y, s.w, s.b).minCoeff();
  rep.checks.push_back(tolerance_check("4 min_i y_i(⟨w*,x_i⟩ + b*) = 1", std::fabs(min_margin - 1), T::min_margin, "|min − 1|"));
  bool both = false;
  for (auto i : r.active) both = both || p.y(i) != p.y(r.active.front());
  rep.checks.push_back({"6 active constraints of both classes", both, std::to_string(r.active.size()) + " active"});
  rep.checks.push_back(tolerance_check("7 b* = 1 − min₊⟨w*,x⟩ = −1 − max₋⟨w*,x⟩ = b from every active constraint",
                                       std::max({r.b_spread, std::fabs(r.b_from_positive - s.b), std::fabs(r.b_from_negative - s.b)}), T::b_agree, "max − min"));
  if (r.active_only.w.size())
    rep.checks.push_back(tolerance_check("8 re-solving on the active constraints gives the same solution",
                                         std::max((r.active_only.w - s.w).cwiseAbs().maxCoeff(), std::fabs(r.active_only.b - s.b)), T::resolve, "max difference"));
}

}  // namespace

Report report(const Problem& p, const Result& r) {
  Report rep;
  rep.exercise = 1;
  rep.title = "Hard-margin SVM";
  rep.results = results_json(p, r);
  distance_step(rep, r);
  if (r.status == Status::Infeasible) {
    infeasible_steps(rep, r);
  } else {
    feasible_and_existence_steps(rep, p, r);
    equivalence_steps(rep, p, r);
    if (r.one_class) {
      one_class_steps(rep, p);
    } else {
      active_steps(rep, p, r);
      if (p.X.cols() == 2) {
        std::vector<bool> support(static_cast<std::size_t>(p.X.rows()), false);
        for (auto i : r.active) support[static_cast<std::size_t>(i)] = true;
        rep.figures.push_back(svm::svm_figure("ex1_svm.svg", "Exercise 1: hard-margin SVM", p.X, p.y, r.solution.w, r.solution.b, support));
      }
    }
  }
  add_checks(rep, p, r);
  return rep;
}

}  // namespace hw6::ex1
