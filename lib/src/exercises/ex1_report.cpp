// Exercise 1: the step-by-step explanation, the JSON results, checks and the figure, from a solved
// Result. Four situations choose the words: two separable classes (the homework's assumption),
// one class (part 5(b)), data shown not separable (no optimum at all), and data on which neither
// was established (no solution found, no certificate: only the bound δ on every margin).
#include "hw6/exercises/ex1.hpp"
#include "hw6/exercises/svm_common.hpp"
#include "hw6/render.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hw6::ex1 {

namespace {

using T = Tolerances;

/// Six significant digits, for a quantity that is never round-off: an input, an objective, a length,
/// a margin near 1. Nothing is cut to 0 by its absolute size (½‖w*‖² = 5e-13 is not 0 next to a
/// margin of 2e6).
std::string num(double x) { return format_number(x, 6); }
/// A value of the size of `scale` (part 3's bounds of b against 1 + Rρ), round-off below
/// show_zero·scale shown as 0: a solver change in the 12th digit changes no word.
std::string num(double x, double scale) { return svm::shown_number(x, T::show_zero, scale); }
/// A b of the data as given (b*, b₀, y_i − ⟨w*,x_i⟩), 0 below `floor` (svm::b_floor of its solution:
/// r.b_floor for every b of the optimum), with the digits its margins need when the data lie far
/// from the origin (svm::offset_digits).
std::string b_num(const Result& r, double x, double floor) { return svm::shown_number(x, 1, floor, 6 + r.extra_digits); }
/// svm::b_floor of another solution (w, b), whose w is printed against its own largest entry.
double own_b_floor(const Problem& p, const Eigen::VectorXd& w, double b) {
  return svm::b_floor(p.X, w, b, w.size() ? w.cwiseAbs().maxCoeff() : 0.0, T::show_zero);
}
/// "(0.650349650492, −0.0664335663388)ᵀ", or its LaTeX: a column with `digits` significant digits.
std::string digits_col(const Eigen::VectorXd& v, int digits, bool latex) {
  std::string s;
  for (Eigen::Index j = 0; j < v.size(); ++j) s += (j ? ", " : "") + format_number(v(j), digits);
  return "(" + s + (latex ? ")^\\top" : ")ᵀ");
}
/// A vector, round-off below show_zero·scale shown as 0; scale ≤ 0: its own largest entry.
Eigen::VectorXd shown(const Eigen::VectorXd& v, double scale = 0) { return svm::shown(v, T::show_zero, scale); }
std::string col(const Eigen::VectorXd& v, double scale = 0, int digits = 6) { return format_column(shown(v, scale), digits); }
std::string margin_text(const Eigen::VectorXd& w) { return w.norm() > 0 ? num(2 / w.norm()) : std::string("inf"); }

optim::SvmProblem hard_problem(const Problem& p) { return optim::SvmProblem{p.X, p.y, optim::kInfinity, 1}; }
/// The scale of w*'s entries: the terms of Σα_i y_i x_i (optim::SvmScales::w).
double w_scale(const Problem& p, const optim::SvmSolution& s) { return optim::svm_scales(hard_problem(p), s.w, s.alpha).w; }
double R_of(const Problem& p) { return p.X.rowwise().norm().maxCoeff(); }

/// With one class of sign σ = ±1: every label is σ, the optimal b are σ·[1, ∞).
double one_class_sign(const Problem& p) { return p.y(0); }
/// "b ≥ 1" or "b ≤ −1": the constraints y_i b ≥ 1 of one class.
std::string one_class_b(const Problem& p) { return one_class_sign(p) > 0 ? "b ≥ 1" : "b ≤ −1"; }

/// δ/max‖x_i − c‖, the hulls' distance against the data's spread (Tolerances::hulls_meet's unit).
double relative_hull_distance(const Problem& p, const Result& r) { return r.hull->distance / optim::svm_data_spread(p.X); }

/// Why no answer: what was tried, how far it got, and what the hulls show. One sentence, the same in
/// the text and in the JSON's undecided_reason.
std::string undecided_reason(const Problem& p, const Result& r) {
  const std::string delta = format_number(r.hull->distance, 3), rel = format_number(relative_hull_distance(p, r), 3);
  const std::string tried = "neither the interior-point method nor the nearest points of the two classes' convex hulls (MDM, polished on "
                            "their active set) gave a solution of (2) whose KKT conditions hold (the best KKT residual reached is " +
                            format_number(r.attempt_kkt_residual, 2) + ")";
  return tried + ", although the hulls' nearest points are δ = " + delta + " apart (" + rel + " of the spread max‖x_i − c‖, above " +
         format_number(T::hulls_meet) + ", which does not show that the hulls meet): whether the data are separable is not decided; if they "
         "are, no margin exceeds δ";
}

Json results_json(const Problem& p, const Result& r) {
  const auto& s = r.solution;
  const bool feasible = r.status == Status::Optimal;
  Json j = Json::object();
  Json sol = Json::object();
  sol["status"] = feasible ? "optimal" : r.status == Status::Infeasible ? "infeasible" : "undecided";
  sol["separability"] = separability_name(r.separability);
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
    // The hulls' nearest points: a certificate when they coincide exactly, else the bound δ on
    // every margin (part 2), under its own name: it proves no infeasibility.
    const Json points = {{"weights", vector_json(r.hull->lambda)}, {"point_positive", vector_json(r.hull->u)},
                         {"point_negative", vector_json(r.hull->v)}, {"distance", r.hull->distance}};
    sol[r.status == Status::Infeasible ? "certificate" : "hull_points"] = points;
  }
  // Without a solution: no hyperplane separates the data with a margin above this (0: none at all).
  // Only then, as the certificate: a solved problem has its margin.
  if (!feasible) sol["margin_bound"] = r.hull->distance;
  if (r.status == Status::Undecided) sol["undecided_reason"] = undecided_reason(p, r);
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
  const bool no_solution = r.status != Status::Optimal;
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
           (!no_solution ? "w* = 0" : r.separability == Separability::NotSeparable ? "(2) has no solution" : "no solution of (2) was found") + "), so there is nothing to evaluate.");
    rep.steps.push_back(std::move(s));
    return;
  }
  // Points far from the origin (a query at 1e6) get the digits that show them apart and their
  // distances to 6 digits: log10 of their size over the larger of their spread and the distances.
  Eigen::MatrixXd points(2 * q.z.rows(), q.z.cols());
  points << q.z, r.dist.closest;
  const double size = points.cwiseAbs().maxCoeff();
  const double length = std::max((points.colwise().maxCoeff() - points.colwise().minCoeff()).maxCoeff(), r.dist.values.maxCoeff());
  const int digits = 6 + (length > 0 && size > length ? std::min(11, static_cast<int>(std::ceil(std::log10(size / length)))) : 0);
  s.para(q.from_solution ? "The problem gives no query, so here are the data points' distances to the optimal H0 (an active point's "
                           "distance is the geometric margin 1/‖w*‖):"
                         : "On the problem's query, w = " + format_column(q.w, 6) + ", b = " + format_number(q.b, digits) + ":");
  Table t;
  t.header = {"z", "⟨w,z⟩ + b", "d(z, f)", "closest point x*"};
  t.right_align = {false, true, true, false};
  const double wn = q.w.norm();
  for (Eigen::Index k = 0; k < q.z.rows() && k < 40; ++k) {
    // ⟨w,z⟩ + b and d = |⟨w,z⟩ + b|/‖w‖ are differences of terms of size |⟨w,z⟩| + |b|: round-off
    // relative to those; the foot x* relative to the larger of z and x*.
    const Eigen::VectorXd z = q.z.row(k).transpose(), foot = r.dist.closest.row(k).transpose();
    const double terms = q.w.cwiseAbs().dot(z.cwiseAbs()) + std::fabs(q.b);
    const double own = std::max(z.cwiseAbs().maxCoeff(), foot.cwiseAbs().maxCoeff());
    t.rows.push_back({format_column(z, digits), num(q.w.dot(z) + q.b, terms), num(r.dist.values(k), terms / wn), col(foot, own, digits)});
  }
  s.table(t);
  rep.steps.push_back(std::move(s));
}

// ---- 2, 3: not separable ----
void margin_at_most_steps(Report& rep, const Problem& p, const Result& r);

void infeasible_steps(Report& rep, const Problem& p, const Result& r) {
  if (r.separability == Separability::MarginAtMost) {
    margin_at_most_steps(rep, p, r);
    return;
  }
  Step two("2", "𝓕 is nonempty");
  two.para("Not for these data: they are not linearly separable (the certificate is in part 3), so no (w, b) satisfies every "
           "constraint and 𝓕 = ∅. The exercise assumes separable data.");
  rep.steps.push_back(std::move(two));
  Step three("3", "Problem (2) has an optimal solution");
  three.para("Not here: 𝓕 is empty, as the convex hulls of the two classes meet. Certificate: convex weights λ within each class with "
             "Σ_{y_i=1} λ_i x_i = Σ_{y_i=−1} λ_i x_i = u " +
             std::string(r.contradictions.empty() ? std::string("(exactly)")
                                                  : "(exactly: points " + std::to_string(r.contradictions.front().first + 1) + " and " +
                                                        std::to_string(r.contradictions.front().second + 1) + " coincide with opposite labels)") +
             ". Averaging the constraints of each class with these weights, any (w, b) in 𝓕 would satisfy ⟨w,u⟩ + b ≥ 1 and "
             "−(⟨w,u⟩ + b) ≥ 1: impossible.");
  three.vector("λ", "\\boldsymbol\\lambda", shown(r.hull->lambda, 1.0));  // convex weights: round-off against 1
  three.vector("u", "\\mathbf{u}", shown(r.hull->u, r.hull->u.size() ? R_of(p) : 0.0));
  rep.steps.push_back(std::move(three));
  Step rest("4–8", "Not applicable");
  rest.para("Parts 4 to 8 are about the optimal solution of (2), which does not exist for these data.");
  rep.steps.push_back(std::move(rest));
}

/// The rest of "‖u − v‖ = δ": " is the margin 2/‖w*‖" where the two agree to the 6 digits printed;
/// otherwise (a margin of 1e-13 of the spread, where MDM's stopping test cannot see the last weights
/// it should move) how far MDM's distance is from the margin.
std::string distance_versus_margin(const Result& r) {
  const double margin = 2 / r.solution.w.norm(), rel = std::fabs(r.hull->distance - margin) / margin;
  if (rel <= 5e-7) return " is the margin 2/‖w*‖";
  return ", which should be the margin 2/‖w*‖ = " + num(margin) + ": MDM stopped at points of the hulls " +
         format_number(r.hull->distance / margin, rel < 1e-2 ? 9 : 3) + " times as far apart as their nearest points";
}

/// The second method's (w, b) cannot agree with the solution better than the rounding of u − v, a
/// difference of points about max‖x_i − c‖ from the centre, allows: 64ε·max‖x_i − c‖/‖u − v‖ of w's
/// length, above 1e-6 for a margin below 1e-8 of the spread (1.4e-4 at 1e-10). Never below
/// Tolerances::second_method.
double second_method_tolerance(const Problem& p, const Result& r) {
  const double rounding = 64 * std::numeric_limits<double>::epsilon() * optim::svm_data_spread(p.X) / r.hull->distance;
  return std::max(T::second_method, rounding);
}

// ---- 2, 3: the hulls meet to within the tolerance, not exactly ----
void margin_at_most_steps(Report& rep, const Problem& p, const Result& r) {
  const std::string delta = format_number(r.hull->distance, 3), rel = format_number(relative_hull_distance(p, r), 3);
  Step two("2", "𝓕 is nonempty");
  two.para("Not for these data, up to a margin of δ = " + delta + ": the convex hulls of the two classes meet to within δ (" + rel +
           " of the spread max‖x_i − c‖; they count as meeting within " + format_number(T::hulls_meet) + "), so the data are not "
           "linearly separable, or only by a hyperplane whose margin 2/‖w‖ is at most δ (part 3); the nearest points MDM found are not "
           "exactly 0 apart. The exercise assumes separable data.");
  rep.steps.push_back(std::move(two));
  Step three("3", "Problem (2) has an optimal solution");
  three.para("Not here, to that tolerance. With MDM's convex weights λ within each class, u = Σ_{y_i=1} λ_i x_i and "
             "v = Σ_{y_i=−1} λ_i x_i are δ = " + delta + " apart. Averaging the constraints of each class with these weights, any (w, b) "
             "in 𝓕 would satisfy ⟨w,u⟩ + b ≥ 1 and −(⟨w,v⟩ + b) ≥ 1, so 2 ≤ ⟨w, u − v⟩ ≤ ‖w‖·δ: a margin 2/‖w‖ of at most δ. Where the "
             "hulls meet exactly (δ = 0) this is impossible and 𝓕 = ∅.");
  three.vector("λ", "\\boldsymbol\\lambda", shown(r.hull->lambda, 1.0));  // convex weights: round-off against 1
  three.vector("u", "\\mathbf{u}", shown(r.hull->u, r.hull->u.size() ? R_of(p) : 0.0));
  three.vector("v", "\\mathbf{v}", shown(r.hull->v, r.hull->v.size() ? R_of(p) : 0.0));
  rep.steps.push_back(std::move(three));
  Step rest("4–8", "Not applicable");
  rest.para("Parts 4 to 8 are about the optimal solution of (2), which does not exist for these data (or has a margin of at most δ).");
  rep.steps.push_back(std::move(rest));
}

// ---- 2, 3: neither solved nor shown infeasible ----
void undecided_steps(Report& rep, const Problem& p, const Result& r) {
  const std::string delta = format_number(r.hull->distance, 3);
  Step two("2", "𝓕 is nonempty");
  two.para("Not established for these data: " + undecided_reason(p, r) + ".");
  two.para("What the hulls do establish: with MDM's convex weights λ within each class, u = Σ_{y_i=1} λ_i x_i and v = Σ_{y_i=−1} λ_i x_i "
           "are " + delta + " apart. Averaging the constraints of each class with these weights, any (w, b) in 𝓕 satisfies ⟨w,u⟩ + b ≥ 1 "
           "and −(⟨w,v⟩ + b) ≥ 1, so 2 ≤ ⟨w, u − v⟩ ≤ ‖w‖·‖u − v‖: every separating hyperplane has a margin 2/‖w‖ ≤ ‖u − v‖ = " + delta + ".");
  two.vector("λ", "\\boldsymbol\\lambda", shown(r.hull->lambda, 1.0));  // convex weights: round-off against 1
  rep.steps.push_back(std::move(two));
  Step three("3", "Problem (2) has an optimal solution");
  three.para("If 𝓕 is nonempty, yes (the argument for separable data: b is bounded on a level set, and ½‖w‖² attains its minimum "
             "there), with a margin 2/‖w*‖ of at most " + delta + "; part 2 did not decide whether 𝓕 is nonempty.");
  rep.steps.push_back(std::move(three));
  Step rest("4–8", "Not applicable");
  rest.para("Parts 4 to 8 are about the optimal solution of (2), which was not found for these data.");
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
    const std::string b0 = b_num(r, r.feasible_b, own_b_floor(p, r.feasible_w, r.feasible_b));
    two.formula("b₀ = " + b0 + ",   min_i y_i(⟨w₀,x_i⟩ + b₀) = " + margin,
                "b_0 = " + b0 + ",\\quad \\min_i y_i(\\langle\\mathbf{w}_0,\\mathbf{x}_i\\rangle + b_0) = " + margin);
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
               ", R = " + num(r.level_R) + ", so b ∈ [" + num(r.level_b_lo, 1 + r.level_R * r.level_rho) + ", " +
               num(r.level_b_hi, 1 + r.level_R * r.level_rho) + "]. Computed by " + s.method + ":");
  }
  const double ws = w_scale(p, s), bs = r.b_floor;
  if (r.extra_digits == 0)
    three.vector("w*", "\\mathbf{w}^*", shown(s.w, ws));
  else
    three.formula("w* = " + digits_col(shown(s.w, ws), 6 + r.extra_digits, false), "\\mathbf{w}^* = " + digits_col(shown(s.w, ws), 6 + r.extra_digits, true));
  three.formula("b* = " + b_num(r, s.b, bs) + ",   ½‖w*‖² = " + num(0.5 * s.w.squaredNorm()) + ",   margin 2/‖w*‖ = " + margin_text(s.w),
                "b^* = " + b_num(r, s.b, bs) + ",\\quad \\tfrac12\\|\\mathbf{w}^*\\|^2 = " + num(0.5 * s.w.squaredNorm()) +
                    ",\\quad \\text{margin } 2/\\|\\mathbf{w}^*\\| = " + (s.w.norm() > 0 ? num(2 / s.w.norm()) : std::string("\\infty")));
  if (r.extra_digits > 0)
    three.para("These data lie far from the origin: the solvers work on them moved to their centre c = " + digits_col(r.centre, 17, false) +
               ", where the same w* and α* solve the moved problem (⟨w,x⟩ + b = ⟨w,x − c⟩ + (b + ⟨w,c⟩)), and b* = b_c − ⟨w*,c⟩ is stated "
               "for the data as given. " + svm::offset_terms_text(p.X, s.w) + ", so b* and every w and b of a solution below are printed with " +
               std::to_string(r.extra_digits) + (r.extra_digits == 1 ? " more digit" : " more digits") + " than usual, enough to give the margins at the data.");
  if (!r.one_class)
    three.para("Second method: the dual of (2) is the distance between the convex hulls of the classes. Their nearest points u, v "
               "(found by the MDM algorithm) give w = 2(u − v)/‖u − v‖² = " + col(r.hull_w, ws, 6 + r.extra_digits) + " and b = −⟨w, (u + v)/2⟩ = " +
               b_num(r, r.hull_b, bs) + "; ‖u − v‖ = " + num(r.hull->distance) + distance_versus_margin(r) + ".");
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
  const double b_sc = r.b_floor;
  seven.formula("b* = 1 − min_{y_i=1} ⟨w*,x_i⟩ = " + b_num(r, r.b_from_positive, b_sc) + ",   −1 − max_{y_i=−1} ⟨w*,x_i⟩ = " + b_num(r, r.b_from_negative, b_sc),
                "b^* = 1 - \\min_{y_i=1}\\langle\\mathbf{w}^*,\\mathbf{x}_i\\rangle = " + b_num(r, r.b_from_positive, b_sc) +
                    ",\\quad -1 - \\max_{y_i=-1}\\langle\\mathbf{w}^*,\\mathbf{x}_i\\rangle = " + b_num(r, r.b_from_negative, b_sc));
  std::string bs, bs_latex;
  for (auto i : r.active) {
    const std::string value = b_num(r, p.y(i) - p.X.row(i).dot(s.w), b_sc);
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
  if (static_cast<Eigen::Index>(r.active.size()) == p.X.rows())
    eight.para("Here every constraint is active: there is no strict constraint to remove, and (2') is (2) itself.");
  else if (r.active_only.w.size())
    eight.para("Re-solved on the " + std::to_string(r.active.size()) + " active constraints only: w = " + col(r.active_only.w, w_scale(p, s), 6 + r.extra_digits) +
               ", b = " + b_num(r, r.active_only.b, b_sc) + ".");
  if (r.dropped)
    eight.para(r.drop_changes ? "An active constraint, by contrast, cannot always be dropped: without point " + std::to_string(*r.dropped + 1) +
                                    " the solution changes to w = " + col(r.without_dropped.w, 0, 6 + r.extra_digits) + ", b = " +
                                    b_num(r, r.without_dropped.b, own_b_floor(p, r.without_dropped.w, r.without_dropped.b)) +
                                    ", margin 2/‖w‖ = " + margin_text(r.without_dropped.w) + "."
                              : "Dropping an active constraint may change the solution in general; here, without point " +
                                    std::to_string(*r.dropped + 1) + " the solution stays the same: that active constraint is redundant "
                                    "(a multiplier of 0 fits).");
  if (p.X.cols() == 2) eight.figure("ex1_svm.svg", "the data, H0, H1, H2 and the active points");
  else eight.para(svm::no_figure_note(p.X.cols()));
  rep.steps.push_back(std::move(eight));
}

// ---- checks ----
// Each check recomputes what it checks from the numbers the report states (the KKT residual, the
// gap), so a wrong stated solution fails; each is relative to the problem's own scale (Tolerances).
void add_checks(Report& rep, const Problem& p, const Result& r) {
  const auto& s = r.solution;
  const optim::SvmProblem P = hard_problem(p);
  if (r.query.z.size() > 0) {
    const double size = std::max(r.query.z.cwiseAbs().maxCoeff(), r.dist.closest.cwiseAbs().maxCoeff());
    rep.checks.push_back(tolerance_check("1 closest points: closed form = KKT system of the minimization",
                                         (r.dist.closest - r.dist.closest_kkt).cwiseAbs().maxCoeff() / (size > 0 ? size : 1.0),
                                         T::closest, "max difference relative to the points' size"));
  }
  if (r.separability == Separability::MarginAtMost || r.separability == Separability::Undecided) {
    // The bound the text states, recomputed from the weights it states: convex in each class (to
    // rounding), and Σλ_i y_i (x_i − c) no longer than δ (on the centred data, as MDM computed it).
    const Eigen::VectorXd& l = r.hull->lambda;
    double pos = 0, neg = 0;
    for (Eigen::Index i = 0; i < l.size(); ++i) (p.y(i) > 0 ? pos : neg) += l(i);
    const double weights = std::max({0.0, -l.minCoeff(), std::fabs(pos - 1), std::fabs(neg - 1)});
    const Eigen::MatrixXd Xc = p.X.rowwise() - optim::svm_data_centre(p.X).transpose();
    const double recomputed = (Xc.transpose() * l.cwiseProduct(p.y)).norm(), spread = optim::svm_data_spread(p.X);
    rep.checks.push_back(tolerance_check("2 no margin exceeds δ: MDM's weights are convex in each class and their points δ apart",
                                         std::max(weights, std::max(0.0, recomputed - r.hull->distance) / spread), T::hull_weights,
                                         "largest of the weights' violation and ‖u − v‖ − δ relative to max‖x_i − c‖"));
  }
  if (r.status == Status::Undecided) {
    rep.checks.push_back({"3 (2) is solved or shown infeasible", false, "undecided, no answer stated: " + undecided_reason(p, r)});
    return;
  }
  if (r.status == Status::Infeasible) {
    // Relative to the spread max‖x_i − c‖, as the decision (ex1.cpp, hulls_meet): against max‖x_i‖ an
    // offset of 1e6 would let hulls 0.1 apart pass for meeting.
    rep.checks.push_back(tolerance_check(r.separability == Separability::MarginAtMost ? "3 the hulls of the two classes meet to within the tolerance"
                                                                                       : "3 certificate: the hulls of the two classes meet",
                                         r.hull->distance / optim::svm_data_spread(p.X),
                                         T::hulls_meet, "‖Σλ_i x_i (positive) − Σλ_i x_i (negative)‖ / max‖x_i − c‖"));
    return;
  }
  if (r.one_class) {
    const double worst = (p.y.array() * s.b).minCoeff();
    rep.checks.push_back({"5(b) (w, b) = (0, ±1) is feasible", worst >= 1 - T::feasible, "min y_i b = " + num(worst)});
    return;
  }
  // The largest |margin − target| over some points, beyond the rounding of each margin.
  auto margin_error = [&](const Eigen::VectorXd& w, double b, auto&& points, auto&& target) {
    double worst = 0;
    for (Eigen::Index i : points) worst = std::max(worst, svm::margin_excess(P, w, b, i, svm::functional_margin(p.X, p.y, w, b, i) - target(i)));
    return worst;
  };
  std::vector<Eigen::Index> all(static_cast<std::size_t>(p.X.rows()));
  for (Eigen::Index i = 0; i < p.X.rows(); ++i) all[static_cast<std::size_t>(i)] = i;
  double violation = 0;  // part 2: max(0, 1 − y_i f(x_i)) beyond rounding
  for (auto i : all)
    violation = std::max(violation, svm::margin_excess(P, r.feasible_w, r.feasible_b, i,
                                                       std::max(0.0, 1 - svm::functional_margin(p.X, p.y, r.feasible_w, r.feasible_b, i))));
  rep.checks.push_back(tolerance_check("2 the constructed point is feasible", violation, T::feasible, "largest constraint violation"));
  rep.checks.push_back(tolerance_check("3 KKT conditions of (2) hold", optim::svm_kkt_residual(P, s.w, s.b, s.xi, s.alpha), T::kkt,
                                       "largest KKT violation, each relative to its own scale (" + s.method + ")"));
  const double primal = optim::svm_primal_value(P, s.w, s.xi), dual = optim::svm_dual_value(P, s.alpha);
  rep.checks.push_back(tolerance_check("3 duality gap = 0", std::fabs(primal - dual) / primal, T::gap, "|P − D| / P"));
  const double second_tol = second_method_tolerance(p, r);
  rep.checks.push_back(tolerance_check("3 second method (nearest hull points) gives the same (w, b)", svm::solution_distance(P, s, r.hull_w, r.hull_b),
                                       second_tol, "max difference in the solution's units; MDM " + std::to_string(r.hull->iterations) + " steps" +
                                                       (second_tol > T::second_method ? "; the tolerance is the rounding of u − v, 64ε·max‖x_i − c‖/‖u − v‖" : "")));
  rep.checks.push_back(tolerance_check("3 b* lies in the bounds of the level set",
                                       std::max({0.0, r.level_b_lo - s.b, s.b - r.level_b_hi}) / (1 + r.level_R * r.level_rho), T::b_agree,
                                       "distance outside, relative to 1 + Rρ"));
  Eigen::Index argmin = 0;
  const double min_margin = svm::functional_margins(p.X, p.y, s.w, s.b).minCoeff(&argmin);
  rep.checks.push_back(tolerance_check("4 min_i y_i(⟨w*,x_i⟩ + b*) = 1", svm::margin_excess(P, s.w, s.b, argmin, min_margin - 1), T::min_margin,
                                       "|min − 1| beyond rounding"));
  bool both = false;
  for (auto i : r.active) both = both || p.y(i) != p.y(r.active.front());
  rep.checks.push_back({"6 active constraints of both classes", both, std::to_string(r.active.size()) + " active"});
  // Part 7: every b, as y_i − ⟨w*,x_i⟩, is b* exactly when the margin of point i at b* is 1.
  const double spread = margin_error(s.w, s.b, r.active, [](Eigen::Index) { return 1.0; });
  const double b_rounding = 16 * std::numeric_limits<double>::epsilon() * svm::b_scale(p.X, s.w);
  const double from_classes = std::max(0.0, std::max(std::fabs(r.b_from_positive - s.b), std::fabs(r.b_from_negative - s.b)) - b_rounding);
  rep.checks.push_back(tolerance_check("7 b* = 1 − min₊⟨w*,x⟩ = −1 − max₋⟨w*,x⟩ = b from every active constraint", std::max(spread, from_classes),
                                       T::b_agree, "largest difference beyond rounding"));
  if (r.active_only.w.size())
    rep.checks.push_back(tolerance_check("8 re-solving on the active constraints gives the same solution",
                                         svm::solution_distance(P, s, r.active_only.w, r.active_only.b), T::resolve, "max difference in the solution's units"));
}

}  // namespace

Report report(const Problem& p, const Result& r) {
  Report rep;
  if (p.source) rep.data = p.source->json(), rep.data_source = p.source->describe();
  rep.exercise = 1;
  rep.title = "Hard-margin SVM";
  rep.results = results_json(p, r);
  distance_step(rep, r);
  if (r.status == Status::Infeasible) {
    infeasible_steps(rep, p, r);
  } else if (r.status == Status::Undecided) {
    undecided_steps(rep, p, r);
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
