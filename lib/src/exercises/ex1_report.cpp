// Exercise 1: the step-by-step explanation, the JSON results, checks and the figure.
#include "hw6/exercises/ex1.hpp"
#include "hw6/exercises/svm_common.hpp"
#include "hw6/render.hpp"

#include <algorithm>
#include <cmath>

namespace hw6::ex1 {

namespace {

std::string num(double x, int digits = 7) { return format_number(x, digits); }


void distance_step(Report& rep, const Result& r) {
  Step s("1", "The distance from a point to a hyperplane");
  s.para("The closest point x of {x : ⟨w,x⟩ + b = 0} to z minimizes ½‖x − z‖² subject to ⟨w,x⟩ + b = 0. "
         "Lagrange: x − z + λw = 0, so x = z − λw; substituting into the constraint gives λ = (⟨w,z⟩ + b)/‖w‖². Hence");
  s.formula("x* = z − ((⟨w,z⟩ + b)/‖w‖²) w,     d(z, f) = ‖z − x*‖ = |⟨w,z⟩ + b| / ‖w‖",
            "\\mathbf{x}^* = \\mathbf{z} - \\frac{\\langle\\mathbf{w},\\mathbf{z}\\rangle + b}{\\|\\mathbf{w}\\|^2}\\mathbf{w},\\qquad "
            "d(\\mathbf{z}, f) = \\frac{|\\langle\\mathbf{w},\\mathbf{z}\\rangle + b|}{\\|\\mathbf{w}\\|}");
  const auto& q = r.query;
  s.para(q.from_solution ? "The problem gives no query, so here are the data points' distances to the optimal H0 (the "
                           "support vectors' is the geometric margin 1/‖w*‖):"
                         : "On the problem's query, w = " + format_column(q.w) + ", b = " + num(q.b) + ":");
  Table t;
  t.header = {"z", "⟨w,z⟩ + b", "d(z, f)", "closest point x*"};
  t.right_align = {false, true, true, false};
  for (Eigen::Index k = 0; k < q.z.rows() && k < 40; ++k)
    t.rows.push_back({format_column(q.z.row(k).transpose()), num(q.w.dot(q.z.row(k).transpose()) + q.b, 6), num(r.dist.values(k), 7),
                      format_column(r.dist.closest.row(k).transpose())});
  s.table(t);
  rep.steps.push_back(std::move(s));
}

}  // namespace

Report report(const Problem& p, const Result& r) {
  Report rep;
  rep.exercise = 1;
  rep.title = "Hard-margin SVM";
  const auto& s = r.solution;
  const Eigen::Index n = p.X.rows();
  const bool feasible = r.status == Status::Optimal;

  // ---- JSON ----
  Json sol = Json::object();
  sol["status"] = feasible ? "optimal" : "infeasible";
  if (feasible) {
    sol["w"] = vector_json(s.w);
    sol["b"] = s.b;
    sol["objective"] = 0.5 * s.w.squaredNorm();
    sol["margin"] = s.w.norm() > 0 ? Json(2 / s.w.norm()) : Json("inf");
    Json sv = Json::array();
    for (auto i : r.active) sv.push_back(i);
    sol["support_vectors"] = sv;
    sol["b_unique"] = !r.one_class;
    sol["b_interval"] = {number_json(r.b_lo), number_json(r.b_hi)};
    sol["alpha"] = vector_json(s.alpha);
    sol["method"] = s.method;
    sol["kkt_residual"] = s.kkt_residual;
  } else {
    Json cert = {{"weights", vector_json(r.hull->lambda)}, {"point_positive", vector_json(r.hull->u)},
                 {"point_negative", vector_json(r.hull->v)}, {"distance", r.hull->distance}};
    sol["certificate"] = cert;
  }
  rep.results["solution"] = sol;
  if (r.query.z.size() > 0)
    rep.results["distance"] = {{"w", vector_json(r.query.w)}, {"b", r.query.b}, {"values", vector_json(r.dist.values)},
                               {"closest_points", matrix_json(r.dist.closest)}};
  if (feasible && !r.one_class) {
    rep.results["feasible_point"] = {{"w", vector_json(r.feasible_w)}, {"b", r.feasible_b}, {"method", r.feasible_method}};
    rep.results["second_method"] = {{"method", "nearest points of the convex hulls (MDM)"}, {"w", vector_json(r.hull_w)}, {"b", r.hull_b},
                                    {"hull_distance", r.hull->distance}};
    if (r.active_only.w.size())
      rep.results["active_set_resolve"] = {{"w", vector_json(r.active_only.w)}, {"b", r.active_only.b}};
    if (r.dropped)
      rep.results["drop_one"] = {{"index", *r.dropped}, {"w", vector_json(r.without_dropped.w)}, {"b", r.without_dropped.b}, {"changed", r.drop_changes}};
  }

  // ---- steps ----
  if (r.query.z.size() > 0) distance_step(rep, r);

  Step two("2", "𝓕 is nonempty");
  if (!feasible) {
    two.para("Not for these data: they are not linearly separable (the certificate is in part 3), so no (w, b) satisfies "
             "every constraint and 𝓕 = ∅. The exercise assumes separable data.");
  } else if (r.one_class) {
    two.para("With one class, (w, b) = " + r.feasible_method + " satisfies y_i(⟨w,x_i⟩ + b) = y_i b = 1 ≥ 1 for every i.");
  } else {
    two.para("If ⟨w̃,x⟩ + b̃ separates the data strictly, m = min_i y_i(⟨w̃,x_i⟩ + b̃) > 0 and (w̃/m, b̃/m) satisfies every "
             "constraint with min_i y_i(⟨w,x_i⟩ + b) = 1, so it lies in 𝓕. Constructed here from " + r.feasible_method + ":");
    two.vector("w", "\\mathbf{w}", r.feasible_w);
    two.formula("b = " + num(r.feasible_b, 10) + ",   min_i y_i(⟨w,x_i⟩ + b) = " +
                    num((p.y.array() * ((p.X * r.feasible_w).array() + r.feasible_b)).minCoeff(), 10),
                "b = " + num(r.feasible_b, 10));
  }
  rep.steps.push_back(std::move(two));

  Step three("3", "Problem (2) has an optimal solution");
  if (r.one_class)
    three.para("With one class the objective's lower bound 0 is attained at w = 0 (part 5(b)), so a minimizer exists, "
               "though b is not unique:");
  else if (feasible)
    three.para("(2) minimizes a continuous, coercive function (½‖w‖² → ∞ as ‖w‖ → ∞) over the nonempty closed set 𝓕; "
               "b stays bounded on a minimizing sequence because both classes constrain it from opposite sides. Hence a "
               "minimizer exists (a convex quadratic program bounded below attains its minimum). Computed by " + s.method + ":");
  if (feasible) {
    three.vector("w*", "\\mathbf{w}^*", s.w);
    three.formula("b* = " + num(s.b, 12) + ",   ½‖w*‖² = " + num(0.5 * s.w.squaredNorm(), 12) + ",   margin 2/‖w*‖ = " +
                      (s.w.norm() > 0 ? num(2 / s.w.norm(), 10) : std::string("inf")),
                  "b^* = " + num(s.b, 12) + ",\\quad \\tfrac12\\|\\mathbf{w}^*\\|^2 = " + num(0.5 * s.w.squaredNorm(), 12));
    if (!r.one_class)
      three.para("Second method: the dual of (2) is the distance between the convex hulls of the classes. Their nearest "
                 "points u, v (found by the MDM algorithm, " + std::to_string(r.hull->iterations) + " steps) give w = 2(u − v)/‖u − v‖² = " +
                 format_column(r.hull_w) + " and b = −⟨w, (u + v)/2⟩ = " + num(r.hull_b, 10) + "; ‖u − v‖ = " + num(r.hull->distance, 10) +
                 " is the margin 2/‖w*‖.");
  } else {
    three.para("Here 𝓕 is empty: the interior-point iterates' multipliers diverge, and the convex hulls of the two classes "
               "meet. Certificate: convex weights λ within each class with Σ_{y_i=1} λ_i x_i = Σ_{y_i=−1} λ_i x_i " +
               std::string(r.contradictions.empty() ? "(to " + num(r.hull->distance, 3) + ")" : "(exactly: points " +
               std::to_string(r.contradictions.front().first) + " and " + std::to_string(r.contradictions.front().second) +
               " coincide with opposite labels)") + ". Then for any (w, b), averaging the constraints with these weights would need "
               "⟨w,u⟩ + b ≥ 1 and −(⟨w,u⟩ + b) ≥ 1 at the common point u: impossible.");
    three.vector("λ", "\\boldsymbol\\lambda", r.hull->lambda);
    three.vector("common point", "\\mathbf{u}", r.hull->u);
  }
  rep.steps.push_back(std::move(three));

  if (feasible) {
    const double min_margin = (p.y.array() * ((p.X * s.w).array() + s.b)).minCoeff();
    Step four("4", "(1) and (2) have the same optimal solutions");
    four.para("Every point of (1) is feasible for (2). Conversely, if (w, b) solves (2) and m = min_i y_i(⟨w,x_i⟩ + b) > 1, "
              "then (w/m, b/m) is feasible with a smaller objective ½‖w‖²/m², a contradiction (w ≠ 0 by 5(a)); so at the optimum of "
              "(2) the minimum equals 1, the solution is feasible for (1), and the two problems share their optima. On the data:");
    four.formula("min_i y_i(⟨w*,x_i⟩ + b*) = " + num(min_margin, 12), "\\min_i y_i(\\langle\\mathbf{w}^*,\\mathbf{x}_i\\rangle + b^*) = " + num(min_margin, 12));
    rep.steps.push_back(std::move(four));

    Step five("5", "w* ≠ 0 with two classes; w* = 0 with one");
    five.para("(a) If w* = 0, the constraints read y_i b ≥ 1 for all i: b ≥ 1 from a positive point and −b ≥ 1 from a "
              "negative one, impossible. So w* ≠ 0" + (r.one_class ? std::string(".") : ": here ‖w*‖ = " + num(s.w.norm(), 10) + "."));
    five.para("(b) With only positive points, (w, b) = (0, 1) is feasible with objective 0, the least possible value: w* = 0, "
              "and every b ≥ 1 is optimal (b is not unique); with only negative points, every b ≤ −1." +
              std::string(r.one_class ? " These data have one class: b* ∈ [" + num(r.b_lo) + ", " + num(r.b_hi) + "]." : ""));
    rep.steps.push_back(std::move(five));

    std::vector<Eigen::Index> act_pos, act_neg;
    for (auto i : r.active) (p.y(i) > 0 ? act_pos : act_neg).push_back(i);
    Step six("6", "Active constraints of both classes");
    six.para("If no positive constraint were active, m₊ = min over positives of ⟨w*,x_i⟩ + b* > 1; lowering b by "
             "δ = min(m₊ − 1, ·) > 0 keeps every constraint and makes all negative constraints strict, and then all constraints are "
             "strict, so w* could be scaled down: contradiction with optimality (part 4's argument). Symmetrically for negatives. On the data:");
    six.para("Active positive points (⟨w*,x_i⟩ + b* = 1): " + format_index_list(act_pos) + ". Active negative points (= −1): " + format_index_list(act_neg) + ".");
    rep.steps.push_back(std::move(six));

    Step seven("7", "Uniqueness");
    seven.para("½‖w‖² is strictly convex in w, so two optimal solutions would share w* (else their midpoint would be "
               "feasible and better). Then b* is pinned down by an active positive constraint (b* = 1 − ⟨w*,x_i⟩) and "
               "also satisfies the active negative one, so it is unique too; at least one constraint is active (part 6). "
               "b* recomputed from every active constraint, b = y_i − ⟨w*,x_i⟩:");
    std::string bs;
    for (auto i : r.active) bs += "  i = " + std::to_string(i) + ": " + num(p.y(i) - p.X.row(i).dot(s.w), 12) + "\n";
    if (!bs.empty()) seven.code(bs.substr(0, bs.size() - 1));
    seven.para("They agree to " + num(r.b_spread, 3) + ".");
    rep.steps.push_back(std::move(seven));

    Step eight("8", "Removing the strict constraints changes nothing");
    eight.para("Yes. Let (w*, b*) solve (2) and let (2') keep only the active constraints. (w*, b*) is feasible for (2'). "
               "If some (w', b') were better for (2'), the points (w*, b*) + t((w', b') − (w*, b*)) for small t > 0 would still "
               "satisfy the inactive constraints (they hold strictly at t = 0 and depend continuously on t), satisfy the active "
               "ones by convexity, and have a smaller objective by convexity: contradicting optimality in (2). So (w*, b*) solves "
               "(2'), uniquely by part 7. (Equivalently: the KKT conditions only involve the active constraints.)");
    if (r.active_only.w.size())
      eight.para("Re-solved on the " + std::to_string(r.active.size()) + " active constraints only: w = " + format_column(r.active_only.w) +
                 ", b = " + num(r.active_only.b, 10) + ".");
    if (r.dropped)
      eight.para("Dropping an active constraint instead (point " + std::to_string(*r.dropped) + ") " +
                 (r.drop_changes ? "changes the solution: w = " + format_column(r.without_dropped.w) + ", b = " + num(r.without_dropped.b, 10) +
                                       ", margin 2/‖w‖ = " + num(2 / r.without_dropped.w.norm()) + "."
                                 : "leaves it unchanged here: this active constraint is redundant (its multiplier is 0)."));
    rep.steps.push_back(std::move(eight));
    if (p.X.cols() == 2 && !r.one_class) {
      std::vector<bool> support(static_cast<std::size_t>(n), false);
      for (auto i : r.active) support[static_cast<std::size_t>(i)] = true;
      rep.figures.push_back(svm::svm_figure("ex1_svm.svg", "Exercise 1: hard-margin SVM", p.X, p.y, s.w, s.b, support));
      rep.steps.back().figure("ex1_svm.svg", "the data, H0, H1, H2 and the active points");
    }
  }

  // ---- checks ----
  if (r.query.z.size() > 0)
    rep.checks.push_back(tolerance_check("1 closest points: closed form = KKT system of the minimization",
                                         (r.dist.closest - r.dist.closest_kkt).cwiseAbs().maxCoeff() / std::max(1.0, r.query.z.cwiseAbs().maxCoeff()),
                                         1e-10, "max difference (scaled)"));
  if (!feasible) {
    rep.checks.push_back(tolerance_check("3 certificate: the hulls of the two classes meet", r.hull->distance / std::max(1.0, p.X.cwiseAbs().maxCoeff()), 1e-7,
                                         "‖Σλ_i x_i (positive) − Σλ_i x_i (negative)‖ (scaled)"));
    return rep;
  }
  if (r.one_class) {
    const double worst = (p.y.array() * r.solution.b).minCoeff();
    rep.checks.push_back({"5(b) (w, b) = (0, ±1) is feasible", worst >= 1 - 1e-12, "min y_i b = " + num(worst)});
    return rep;
  }
  const double fmin = (p.y.array() * ((p.X * r.feasible_w).array() + r.feasible_b)).minCoeff();
  rep.checks.push_back(tolerance_check("2 the constructed point is feasible", std::max(0.0, 1 - fmin), 1e-10, "largest constraint violation"));
  rep.checks.push_back(tolerance_check("3 KKT conditions of (2) hold", s.kkt_residual, 1e-9, "largest scaled KKT violation"));
  rep.checks.push_back(tolerance_check("3 duality gap = 0", std::fabs(s.primal - s.dual) / std::max(1.0, s.primal), 1e-9, "relative gap"));
  rep.checks.push_back(tolerance_check("3 second method (nearest hull points) gives the same (w, b)",
                                       std::max((r.hull_w - s.w).cwiseAbs().maxCoeff(), std::fabs(r.hull_b - s.b)) / std::max(1.0, s.w.cwiseAbs().maxCoeff()), 1e-6,
                                       "max difference (scaled)"));
  const double min_margin = (p.y.array() * ((p.X * s.w).array() + s.b)).minCoeff();
  rep.checks.push_back(tolerance_check("4 min_i y_i(⟨w*,x_i⟩ + b*) = 1", std::fabs(min_margin - 1), 1e-9, "|min − 1|"));
  bool both = false;
  for (auto i : r.active) both = both || p.y(i) != p.y(r.active.front());
  rep.checks.push_back({"6 active constraints of both classes", both, std::to_string(r.active.size()) + " active"});
  rep.checks.push_back(tolerance_check("7 b* from every active constraint agrees", r.b_spread, 1e-9, "max − min"));
  if (r.active_only.w.size())
    rep.checks.push_back(tolerance_check("8 re-solving on the active constraints gives the same solution",
                                         std::max((r.active_only.w - s.w).cwiseAbs().maxCoeff(), std::fabs(r.active_only.b - s.b)), 1e-8, "max difference"));
  return rep;
}

}  // namespace hw6::ex1
