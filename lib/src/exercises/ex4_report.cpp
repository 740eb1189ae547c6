// Exercise 4: the step-by-step explanation, the JSON results, checks and figures.
#include "hw6/exercises/ex4.hpp"
#include "hw6/exercises/svm_common.hpp"
#include "hw6/plot.hpp"
#include "hw6/render.hpp"

#include <algorithm>
#include <cmath>

namespace hw6::ex4 {

namespace {

std::string num(double x, int digits = 7) { return format_number(x, digits); }
/// A table entry: round-off below 1e-10·scale is shown as 0 (JSON keeps every digit).
std::string clean(double x, double scale, int digits = 5) { return std::fabs(x) < 1e-10 * std::max(1.0, scale) ? "0" : format_number(x, digits); }

std::string xi_range(double xi) {
  if (xi <= 1e-7) return "0";
  if (std::fabs(xi - 1) <= 1e-7) return "1";
  return xi < 1 ? "(0,1)" : ">1";
}


Json solution_json(const optim::SvmSolution& s) {
  return Json{{"method", s.method}, {"w", vector_json(s.w)}, {"b", s.b}, {"objective", s.primal}, {"dual_value", s.dual},
              {"iterations", s.iterations}, {"converged", s.converged}, {"kkt_residual", s.kkt_residual}};
}

}  // namespace

Report report(const Problem& pr, const Result& r) {
  Report rep;
  rep.exercise = 4;
  rep.title = "Soft-margin SVM and its dual";
  const auto& s = r.primal;
  const Eigen::Index n = pr.X.rows();
  const bool p1 = pr.p == 1;
  const bool b_unique = std::fabs(r.b_hi - r.b_lo) <= 1e-9 * std::max(1.0, std::fabs(s.b));

  // ---- JSON ----
  rep.results["status"] = s.converged ? "optimal" : "not_converged";
  rep.results["C"] = pr.C;
  rep.results["p"] = pr.p;
  rep.results["primal"] = {{"w", vector_json(s.w)}, {"b", s.b}, {"xi", vector_json(s.xi)}, {"objective", s.primal},
                           {"method", s.method}, {"iterations", s.iterations}, {"kkt_residual", s.kkt_residual}};
  rep.results["dual"] = {{"alpha", vector_json(s.alpha)}, {"value", s.dual}};
  rep.results["duality_gap"] = s.primal - s.dual;
  rep.results["b_unique"] = b_unique;
  rep.results["b_interval"] = {r.b_lo, r.b_hi};
  Json points = Json::array();
  std::vector<Eigen::Index> sv, non_sv;
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    points.push_back({{"alpha", s.alpha(i)}, {"xi", s.xi(i)}, {"margin", r.margins[k]}, {"support_vector", bool(r.support[k])},
                      {"position", r.positions[k]}, {"xi_range", xi_range(s.xi(i))}});
    (r.support[k] ? sv : non_sv).push_back(i);
  }
  rep.results["points"] = points;
  Json sv_json = Json::array();
  for (auto i : sv) sv_json.push_back(i);
  rep.results["support_vectors"] = sv_json;
  rep.results["hyperplanes"] = {{"H0", svm::hyperplane_json(s.w, s.b, 0)}, {"H1", svm::hyperplane_json(s.w, s.b, 1)},
                                {"H2", svm::hyperplane_json(s.w, s.b, -1)}};
  rep.results["margin_width"] = s.w.norm() > 0 ? Json(2 / s.w.norm()) : Json("inf");
  if (r.second) rep.results["second_method"] = solution_json(*r.second);
  rep.results["p_variant"] = {{"p", r.p2}, {"primal", solution_json(r.p_primal)}};
  if (r.p_dual) rep.results["p_variant"]["dual"] = solution_json(*r.p_dual);
  if (!r.sweep.empty()) {
    Json sweep = Json::array();
    for (std::size_t k = 0; k < r.sweep.size(); ++k)
      sweep.push_back({{"C", pr.C_values[k]}, {"w", vector_json(r.sweep[k].w)}, {"b", r.sweep[k].b}, {"xi", vector_json(r.sweep[k].xi)},
                       {"objective", r.sweep[k].primal}});
    rep.results["sweep"] = sweep;
  }

  // ---- 1(a) ----
  Step a("1(a)", "(6) and (7) have optimal solutions; solved both ways");
  a.para("(6) is feasible (w = 0, b = 0, ξ = 1), and its objective is a convex quadratic bounded below by 0 on a "
         "polyhedron, so it attains its minimum (Frank–Wolfe theorem for quadratic programs). (7) minimizes a "
         "continuous function over {α ∈ [0, C]ⁿ : Σα_i y_i = 0}, which is compact and contains 0: Weierstrass. "
         "Strong duality holds (linear constraints), so the optimal values agree.");
  a.para("Data: n = " + std::to_string(n) + " points in d = " + std::to_string(pr.X.cols()) + " dimensions, C = " + num(pr.C) +
         (p1 ? "." : ", p = " + num(pr.p) + " (problem (8); parts 1 and 3 are stated for p = 1)."));
  a.para("Primal, by " + s.method + " (" + std::to_string(s.iterations) + " iterations):");
  a.vector("w*", "\\mathbf{w}^*", s.w);
  a.formula("b* = " + num(s.b, 10) + (b_unique ? "" : "   (not unique: every b in [" + num(r.b_lo) + ", " + num(r.b_hi) + "] is optimal)"),
            "b^* = " + num(s.b, 10));
  a.formula("½‖w*‖² + C Σ ξ_i" + std::string(p1 ? "" : "^p") + " = " + num(s.primal, 12), "\\tfrac12\\|\\mathbf{w}^*\\|^2 + C\\sum_i \\xi_i = " + num(s.primal, 12));
  a.para("Dual: the multipliers α* of the margin constraints, w recovered from them and the dual value:");
  a.vector("α*", "\\boldsymbol\\alpha^*", s.alpha);
  a.formula("w = Σ α_i y_i x_i = " + format_column(pr.X.transpose() * s.alpha.cwiseProduct(pr.y), 7),
            "\\mathbf{w} = \\sum_i \\alpha_i y_i \\mathbf{x}_i");
  a.formula("Σα_i − ½‖Σα_i y_i x_i‖² = " + num(s.dual, 12) + "\n(minus the value of (7)); duality gap " + num(s.primal - s.dual, 3),
            "\\sum_i\\alpha_i - \\tfrac12\\Big\\|\\sum_i \\alpha_i y_i\\mathbf{x}_i\\Big\\|^2 = " + num(s.dual, 12));
  if (p1) {
    std::vector<Eigen::Index> free;
    for (Eigen::Index i = 0; i < n; ++i)
      if (s.alpha(i) > 1e-7 * pr.C && s.alpha(i) < pr.C * (1 - 1e-7)) free.push_back(i);
    if (!free.empty())
      a.para("b from a free support vector (0 < α_i < C, so y_i(⟨w,x_i⟩ + b) = 1 exactly): point " + std::to_string(free.front()) +
             " gives b = y_i − ⟨w, x_i⟩ = " + num(pr.y(free.front()) - pr.X.row(free.front()).dot(s.w), 10) + ".");
    else
      a.para("No multiplier is strictly between 0 and C, so no constraint pins b down: every b in [" + num(r.b_lo) + ", " + num(r.b_hi) +
             "] is optimal (the minimizers of Σ max(0, 1 − y_i(⟨w,x_i⟩ + b)) for this w).");
  }
  if (r.second)
    a.para("Independently, " + r.second->method + " (" + std::to_string(r.second->iterations) + " steps) gives the objective " +
           num(r.second->primal, 12) + " and w = " + format_column(r.second->w, 7) + ".");
  else
    a.para("The second method (SMO, which keeps the n×n Gram matrix) is skipped for n > " + std::to_string(kSecondMethodMaxN) +
           "; the duality gap and the KKT residual certify the solution.");
  rep.steps.push_back(std::move(a));

  Step b("1(b)", "Separable data: the same hyperplane as Exercise 1");
  b.para("Yes, for C large enough. If (w*, b*) solves (2) with multipliers α^hard, then (w*, b*, ξ = 0) with the "
         "same α satisfies every KKT condition of (6) as soon as C ≥ max_i α_i^hard; by uniqueness of w (strict "
         "convexity) the soft margin returns the hard-margin hyperplane. For smaller C it may trade margin width against slack.");
  if (r.hard_vs_soft_difference)
    b.para("On the data's " + std::to_string(r.separable_points) + " points with margin ≥ 1 (separable by construction), the hard "
           "margin and the soft margin with C = " + num(r.large_C) + " differ by at most " + num(*r.hard_vs_soft_difference, 3) + ".");
  rep.steps.push_back(std::move(b));

  // ---- 2 ----
  Step c("2", "The dual of (8), p > 1, and its optimality conditions");
  c.para("Lagrangian with α_i ≥ 0 for y_i(⟨w,x_i⟩+b) ≥ 1 − ξ_i and ν_i ≥ 0 for ξ_i ≥ 0:");
  c.formula("L = ½‖w‖² + C Σξ_i^p − Σ α_i (y_i(⟨w,x_i⟩+b) − 1 + ξ_i) − Σ ν_i ξ_i",
            "L = \\tfrac12\\|\\mathbf{w}\\|^2 + C\\sum_i\\xi_i^p - \\sum_i\\alpha_i\\big(y_i(\\langle\\mathbf{w},\\mathbf{x}_i\\rangle+b) - 1 + \\xi_i\\big) - \\sum_i\\nu_i\\xi_i");
  c.para("The infimum over w gives w = Σα_i y_i x_i; over b, a finite value only if Σα_i y_i = 0; over ξ_i ≥ 0 of "
         "Cξ^p − α_i ξ (ν_i = 0 suffices, as the minimizer ξ_i = (α_i/(pC))^(1/(p−1)) ≥ 0) the value −(1 − 1/p)(pC)^(−1/(p−1)) α_i^(p/(p−1)). So:");
  c.formula("max_α  Σα_i − ½ Σ_i Σ_j α_i α_j y_i y_j ⟨x_i, x_j⟩\n"
            "         − (1 − 1/p)(pC)^(−1/(p−1)) Σ α_i^(p/(p−1))\n"
            "s.t.   Σα_i y_i = 0,   α_i ≥ 0            (no upper bound, unlike (7))",
            "\\max_{\\boldsymbol\\alpha\\ge 0,\\ \\sum_i\\alpha_i y_i = 0}\\ \\sum_i\\alpha_i - \\tfrac12\\sum_{i,j}\\alpha_i\\alpha_j y_i y_j\\langle\\mathbf{x}_i,\\mathbf{x}_j\\rangle "
            "- \\big(1-\\tfrac1p\\big)(pC)^{-\\frac{1}{p-1}}\\sum_i \\alpha_i^{\\frac{p}{p-1}}");
  c.para("For p = 2 the last term is Σα_i²/(4C): the dual (7) with the Gram matrix plus I/(2C) and no upper bound. "
         "Optimality conditions (KKT):");
  c.formula("w = Σα_i y_i x_i,   Σα_i y_i = 0,   α_i = pC ξ_i^(p−1),   α_i ≥ 0,\nξ_i ≥ 0,   "
            "y_i(⟨w,x_i⟩+b) ≥ 1 − ξ_i,   α_i (y_i(⟨w,x_i⟩+b) − 1 + ξ_i) = 0",
            "\\mathbf{w} = \\sum_i\\alpha_i y_i\\mathbf{x}_i,\\ \\sum_i\\alpha_i y_i = 0,\\ \\alpha_i = pC\\xi_i^{p-1},\\ "
            "\\alpha_i\\big(y_i(\\langle\\mathbf{w},\\mathbf{x}_i\\rangle+b) - 1 + \\xi_i\\big) = 0");
  c.para("So ξ_i > 0 exactly when α_i > 0, and then the point sits at y_i f(x_i) = 1 − ξ_i: every point with a "
         "positive multiplier pays some slack. Solved numerically with p = " + num(r.p2) + " on the data: " + r.p_primal.method +
         " gives the primal value " + num(r.p_primal.primal, 12) + (r.p_dual ? "; " + r.p_dual->method + " gives the dual value " +
         num(r.p_dual->dual, 12) : std::string()) + ".");
  rep.steps.push_back(std::move(c));

  // ---- 3 ----
  Step d("3", "Complementary slackness, and where each point lies");
  d.para("With μ_i = C − α_i the multiplier of ξ_i ≥ 0, the complementary slackness conditions of (6) are");
  d.formula("α_i (y_i(⟨w*,x_i⟩+b*) − 1 + ξ_i*) = 0,    μ_i ξ_i* = (C − α_i) ξ_i* = 0",
            "\\alpha_i\\big(y_i(\\langle\\mathbf{w}^*,\\mathbf{x}_i\\rangle+b^*) - 1 + \\xi_i^*\\big) = 0,\\qquad (C-\\alpha_i)\\,\\xi_i^* = 0");
  d.para("(a) A support vector has α_i > 0, hence y_i f(x_i) = 1 − ξ_i; if moreover α_i < C, then ξ_i = 0 and it lies "
         "on H1 or H2. (b) A misclassified point has y_i f(x_i) < 0, so ξ_i ≥ 1 − y_i f(x_i) > 1 > 0, hence α_i = C: it is a "
         "support vector at the bound. (c) A point strictly between the marginal hyperplanes on its own side has "
         "0 < y_i f(x_i) < 1, so ξ_i > 0 and α_i = C as well. Points outside the margin have α_i = 0, ξ_i = 0.");
  Table t;
  t.header = {"i", "y", "α_i", "ξ_i", "y_i f(x_i)", "SV", "position", "ξ range"};
  t.right_align = {true, true, true, true, true, false, false, false};
  for (Eigen::Index i = 0; i < n && i < 60; ++i) {
    const auto k = static_cast<std::size_t>(i);
    t.rows.push_back({std::to_string(i), num(pr.y(i)), clean(s.alpha(i), pr.C), clean(s.xi(i), 1), clean(r.margins[k], 1),
                      r.support[k] ? "yes" : "no", r.positions[k], xi_range(s.xi(i))});
  }
  d.table(t);
  if (n > 60) d.para("(first 60 of " + std::to_string(n) + " points; all of them in --format json)");
  rep.steps.push_back(std::move(d));

  // ---- 4 ----
  Step e("4", "The separating and marginal hyperplanes, support vectors, slacks, and C");
  e.formula("H0: ⟨w*, x⟩ + b* = 0:   " + svm::hyperplane_text(s.w, s.b, 0) + "\nH1: ⟨w*, x⟩ + b* = 1:   " + svm::hyperplane_text(s.w, s.b, 1) +
                "\nH2: ⟨w*, x⟩ + b* = −1:  " + svm::hyperplane_text(s.w, s.b, -1),
            "H_0: \\langle\\mathbf{w}^*,\\mathbf{x}\\rangle + b^* = 0,\\quad H_1: \\langle\\mathbf{w}^*,\\mathbf{x}\\rangle + b^* = 1,\\quad "
            "H_2: \\langle\\mathbf{w}^*,\\mathbf{x}\\rangle + b^* = -1");
  e.para("The margin between H1 and H2 is 2/‖w*‖ = " + (s.w.norm() > 0 ? num(2 / s.w.norm()) : std::string("inf")) + ".");
  e.para("Support vectors (α_i > 0): " + format_index_list(sv) + ". Non-support vectors: " + format_index_list(non_sv) + ".");
  if (!r.sweep.empty()) {
    e.para("As C grows, slack costs more: the total slack cannot increase and ‖w‖ cannot decrease (for C₁ < C₂ add the two "
           "optimality inequalities: (C₂ − C₁)(S₂ − S₁) ≤ 0 with S = Σξ_i" + std::string(p1 ? "" : "^p") + "), so the margin narrows and points "
           "leave the margin; as C shrinks the margin widens and more points become support vectors with ξ_i > 0. On the data:");
    Table sw;
    sw.header = {"C", "Σξ_i", "margin 2/‖w‖", "support vectors", "ξ = 0", "0<ξ<1", "ξ ≥ 1"};
    sw.right_align = {true, true, true, true, true, true, true};
    for (std::size_t k = 0; k < r.sweep.size(); ++k) {
      const auto& q = r.sweep[k];
      int zero = 0, mid = 0, big = 0, nsv = 0;
      for (Eigen::Index i = 0; i < n; ++i) {
        (q.xi(i) <= 1e-7 ? zero : q.xi(i) < 1 - 1e-7 ? mid : big)++;
        nsv += q.alpha(i) > 1e-7 * std::max(1e-300, q.alpha.maxCoeff()) ? 1 : 0;
      }
      sw.rows.push_back({num(pr.C_values[k]), clean(q.xi.sum(), 1), q.w.norm() > 0 ? num(2 / q.w.norm(), 5) : "inf", std::to_string(nsv),
                         std::to_string(zero), std::to_string(mid), std::to_string(big)});
    }
    e.table(sw);
    e.figure("ex4_slacks.svg", "each ξ_i against C");
  }
  if (pr.X.cols() == 2) e.figure("ex4_svm.svg", "the data, H0, H1, H2 and the support vectors");
  rep.steps.push_back(std::move(e));

  // ---- checks ----
  rep.checks.push_back({"1(a) primal solver converged", s.converged, s.method + ", " + std::to_string(s.iterations) + " iterations"});
  rep.checks.push_back(tolerance_check("1(a) KKT conditions of (6)/(8) hold", s.kkt_residual, 1e-8, "largest scaled KKT violation"));
  rep.checks.push_back(tolerance_check("1(a) duality gap = 0 (primal value = dual value at α*)", std::fabs(s.primal - s.dual) / std::max(1.0, std::fabs(s.primal)),
                                       1e-8, "|P − D| / max(1, |P|)"));
  if (r.second) {
    const double dw = (s.w - r.second->w).cwiseAbs().maxCoeff() / std::max(1.0, s.w.cwiseAbs().maxCoeff());
    rep.checks.push_back(tolerance_check("1(a) the dual solved by SMO gives the same optimum", std::fabs(s.primal - r.second->primal) / std::max(1.0, std::fabs(s.primal)),
                                         1e-7, "relative difference of the objectives"));
    rep.checks.push_back(tolerance_check("1(a) and the same w", dw, 1e-5, "max |w − w_SMO| (scaled)"));
  }
  if (r.hard_vs_soft_difference)
    rep.checks.push_back(tolerance_check("1(b) separable subset: soft margin with large C = hard margin", *r.hard_vs_soft_difference, 1e-7, "max difference in (w, b)"));
  rep.checks.push_back(tolerance_check("2 problem (8): primal value = dual value", std::fabs(r.p_primal.primal - r.p_primal.dual) / std::max(1.0, std::fabs(r.p_primal.primal)),
                                       1e-8, "relative gap"));
  if (r.p_dual)
    rep.checks.push_back(tolerance_check("2 problem (8): its dual solved by SMO reaches the same value",
                                         std::fabs(r.p_primal.primal - r.p_dual->dual) / std::max(1.0, std::fabs(r.p_primal.primal)), 1e-7, "relative difference"));
  if (p1) {
    double worst = 0;  // conditions 3(a)-(c), scaled by C
    for (Eigen::Index i = 0; i < n; ++i) {
      const auto k = static_cast<std::size_t>(i);
      if (r.support[k]) worst = std::max(worst, std::fabs(r.margins[k] - (1 - s.xi(i))));
      if (r.positions[k] == "misclassified" || r.positions[k] == "inside_margin") worst = std::max(worst, std::fabs(pr.C - s.alpha(i)) / pr.C);
      if (r.positions[k] == "outside_margin") worst = std::max(worst, s.alpha(i) / pr.C);
    }
    rep.checks.push_back(tolerance_check("3 conditions (a)-(c) on the data: SV ⇒ y f = 1 − ξ; inside or misclassified ⇒ α = C", worst, 1e-7,
                                         "largest violation on the data"));
  }
  if (r.sweep.size() > 1) {
    std::vector<std::pair<double, double>> cs;
    for (std::size_t k = 0; k < r.sweep.size(); ++k) {
      double S = 0;
      for (Eigen::Index i = 0; i < n; ++i) S += p1 ? r.sweep[k].xi(i) : std::pow(r.sweep[k].xi(i), pr.p);
      cs.push_back({pr.C_values[k], S});
    }
    std::sort(cs.begin(), cs.end());
    double rise = 0;
    for (std::size_t k = 1; k < cs.size(); ++k) rise = std::max(rise, (cs[k].second - cs[k - 1].second) / std::max(1.0, cs[k - 1].second));
    rep.checks.push_back(tolerance_check("4 total slack does not increase with C", rise, 1e-7, "largest relative increase"));
  }

  // ---- figures ----
  if (pr.X.cols() == 2) rep.figures.push_back(svm::svm_figure("ex4_svm.svg", "Exercise 4: soft-margin SVM, C = " + num(pr.C), pr.X, pr.y, s.w, s.b, r.support));
  if (!r.sweep.empty()) {
    plot::Plot pl;
    pl.title = "Exercise 4.4: slacks ξ_i against C";
    pl.xlabel = "C (log scale)";
    pl.ylabel = "ξ_i";
    pl.log_x = true;
    std::vector<std::size_t> order(r.sweep.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](auto a2, auto b2) { return pr.C_values[a2] < pr.C_values[b2]; });
    bool pos_labeled = false, neg_labeled = false;
    for (Eigen::Index i = 0; i < n && i < 200; ++i) {
      plot::Series ser;
      ser.color = pr.y(i) > 0 ? "#1f77b4" : "#d62728";
      ser.line_width = 1.5;
      ser.marker = plot::Marker::Circle;
      ser.marker_size = 2.5;
      if (pr.y(i) > 0 && !pos_labeled) ser.label = "ξ_i of a point with y = +1", pos_labeled = true;
      if (pr.y(i) < 0 && !neg_labeled) ser.label = "ξ_i of a point with y = −1", neg_labeled = true;
      for (auto k : order) ser.x.push_back(pr.C_values[k]), ser.y.push_back(r.sweep[k].xi(i));
      pl.series.push_back(ser);
    }
    rep.figures.push_back(Figure{"ex4_slacks.svg", plot::render_svg(pl)});
  }
  return rep;
}

}  // namespace hw6::ex4
