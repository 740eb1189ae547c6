// Exercise 3: the derivations, the numbers, the checks and the path figure.
#include "hw6/exercises/ex3.hpp"
#include "hw6/plot.hpp"
#include "hw6/render.hpp"

#include <algorithm>
#include <cmath>

namespace hw6::ex3 {

namespace {
std::string num(double x, int digits = 7) { return format_number(x, digits); }
}  // namespace

Report report(const Problem& pr, const Result& r) {
  Report rep;
  rep.exercise = 3;
  rep.title = "The dual of sparse logistic regression";
  const Eigen::Index m = pr.X.rows(), p = pr.X.cols();
  const double mm = double(m);
  const auto& s = r.primal;

  // ---- JSON ----
  rep.results["m"] = m;
  rep.results["p"] = p;
  rep.results["lambda"] = r.lambda;
  rep.results["lambda_max"] = r.lambda_max;
  rep.results["primal"] = {{"beta", vector_json(s.beta)}, {"c", s.c}, {"objective", s.objective}, {"kkt_residual", s.kkt_residual},
                           {"iterations", s.iterations}};
  const double eq = r.theta.dot(pr.b);
  const double box = std::max(0.0, r.Xtheta.cwiseAbs().maxCoeff() - mm * r.lambda);
  rep.results["dual"] = {{"theta", vector_json(r.theta)}, {"value", r.dual_value}, {"Xbar_T_theta", vector_json(r.Xtheta)},
                         {"constraint_violation", {{"theta_T_b", eq}, {"inf_norm_excess", box}}}};
  rep.results["duality_gap"] = s.objective - r.dual_value;
  Json inactive = Json::array();
  for (auto j : r.inactive) inactive.push_back(j);
  rep.results["screening"] = {{"inactive", inactive}, {"threshold", mm * r.lambda}};
  if (!r.path.empty()) {
    Json path = Json::array();
    for (const auto& pt : r.path)
      path.push_back({{"lambda_ratio", pt.ratio}, {"lambda", pt.lambda}, {"beta", vector_json(pt.solution.beta)}, {"c", pt.solution.c},
                      {"objective", pt.solution.objective},
                      {"rejection_ratio", double(pt.solution.screened) / double(pt.solution.beta.size())}});
    rep.results["path"] = path;
  }

  // ---- 1, 2, 3: derivations ----
  Step one("1", "The Lagrangian of (5)");
  one.para("With a multiplier θ_i ∈ ℝ for each equality constraint (1/m)(−⟨β, x̄_i⟩ − b_i c) − q_i = 0:");
  one.formula("L(β, c, q, θ) = (1/m) Σ_i ln(1 + exp(m q_i)) + λ‖β‖₁\n"
              "               + Σ_i θ_i ((1/m)(−⟨β, x̄_i⟩ − b_i c) − q_i)\n"
              "             = (1/m) Σ_i [ln(1 + exp(m q_i)) − m θ_i q_i]\n"
              "               + λ‖β‖₁ − (1/m) ⟨β, X̄ᵀθ⟩ − (c/m) ⟨θ, b⟩",
              "L(\\boldsymbol\\beta, c, \\mathbf{q}, \\boldsymbol\\theta) = \\frac1m\\sum_i \\ln(1 + e^{m q_i}) + \\lambda\\|\\boldsymbol\\beta\\|_1 + "
              "\\sum_i\\theta_i\\Big(\\frac1m(-\\langle\\boldsymbol\\beta,\\bar{\\mathbf{x}}_i\\rangle - b_i c) - q_i\\Big)");
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
  three.para("KKT for β at the optimum (strong duality holds: the constraints are linear): 0 ∈ ∂_β L, that is "
             "(1/m)(X̄ᵀθ*)_j ∈ λ ∂|β_j*| for every j. If β_j* ≠ 0, ∂|β_j*| = {sign β_j*}, so |(X̄ᵀθ*)_j| = mλ. Hence "
             "|(X̄ᵀθ*)_j| < mλ forces β_j* = 0. This is what screening exploits: any estimate of θ* that proves "
             "|(X̄ᵀθ*)_j| < mλ removes feature j before solving.");
  rep.steps.push_back(std::move(three));

  // ---- numbers ----
  Step four("4", "On the data: (4) solved, θ*, the duality gap, screening");
  four.para("m = " + std::to_string(m) + " samples, p = " + std::to_string(p) + " features. λ_max in closed form: at β = 0 the best "
            "intercept solves m₊σ(−c) = m₋σ(c), c = ln(m₊/m₋), so θ_i = m₋/m for positive and m₊/m for negative samples, and β = 0 "
            "stays optimal exactly while |(X̄ᵀθ)_j| ≤ mλ for all j:");
  four.formula("λ_max = (1/m) ‖X̄ᵀθ₀‖_∞ = " + num(r.lambda_max, 10) + ",   λ = " + num(r.lambda, 10) +
                   (pr.lambda_ratio ? " = " + num(*pr.lambda_ratio) + "·λ_max" : ""),
               "\\lambda_{\\max} = \\frac1m\\|\\bar X^\\top\\boldsymbol\\theta_0\\|_\\infty = " + num(r.lambda_max, 10));
  if (!r.zero_columns.empty())
    four.para("Columns that are zero (their β_j is always 0): " + format_index_list(r.zero_columns) + ".");
  if (!r.constant_columns.empty())
    four.para("Constant columns (x̄_j = const·b, which the free intercept already represents, so they stay at 0): " +
              format_index_list(r.constant_columns) + ".");
  four.para("(4) solved by newGLMNET (Yuan, Ho & Lin 2012: Newton steps whose quadratic model is minimized by coordinate "
            "descent), " + std::to_string(s.iterations) + " Newton iterations:");
  four.vector("β*", "\\boldsymbol\\beta^*", s.beta);
  four.formula("c* = " + num(s.c, 10) + ",   value of (4) = " + num(s.objective, 12) + ",   KKT residual " + num(s.kkt_residual, 3),
               "c^* = " + num(s.c, 10));
  four.vector("θ* = σ(−X̄β* − bc*)", "\\boldsymbol\\theta^*", r.theta);
  four.formula("dual value (1/m) Σ H(θ_i*) = " + num(r.dual_value, 12) + ",   duality gap = " + num(s.objective - r.dual_value, 3),
               "D(\\boldsymbol\\theta^*) = " + num(r.dual_value, 12));
  four.para("Dual constraints at θ*: ⟨θ*, b⟩ = " + num(eq, 3) + "; max_j |(X̄ᵀθ*)_j| = " + num(r.Xtheta.cwiseAbs().maxCoeff(), 10) +
            " against mλ = " + num(mm * r.lambda, 10) + "; θ* ∈ (0, 1) by construction.");
  Table t;
  t.header = {"j", "|(X̄ᵀθ*)_j|", "mλ", "screened out", "β_j*"};
  t.right_align = {true, true, true, false, true};
  for (Eigen::Index j = 0; j < p && j < 60; ++j) {
    const bool out = std::find(r.inactive.begin(), r.inactive.end(), j) != r.inactive.end();
    t.rows.push_back({std::to_string(j), num(std::fabs(r.Xtheta(j)), 7), num(mm * r.lambda, 7), out ? "yes" : "no", num(s.beta(j), 6)});
  }
  four.table(t);
  four.para("Features the sparse condition proves zero: " + format_index_list(r.inactive) + ". λ_max checked: at 1.01·λ_max, β* = " +
            (r.above_max.beta.cwiseAbs().maxCoeff() == 0 ? "0" : format_column(r.above_max.beta)) + "; at 0.99·λ_max, " +
            std::to_string((r.below_max.beta.array() != 0).count()) + " coefficient(s) are nonzero.");
  rep.steps.push_back(std::move(four));

  if (!r.path.empty()) {
    Step five("5", "The solution path");
    five.para("The solution over a grid of λ from λ_max down to " + num(pr.path_min_ratio) + "·λ_max, each solve warm-started "
              "from the previous one. The GAP safe rule (Ndiaye et al., JMLR 2017) discards feature j once "
              "|(X̄ᵀθ)_j| + r‖x̄_j − (⟨b, x̄_j⟩/m) b‖ < mλ for a dual-feasible θ: θ* lies within r = √(m·gap/2) of θ "
              "(the dual is (4/m)-strongly concave) and θ − θ* ⟂ b, so the sparse condition proves β_j* = 0. The rule is "
              "re-applied at every Newton iteration as the gap closes. Summed along the path, " +
              std::to_string(r.path_stats.features_total - r.path_stats.kept_total) + " of " + std::to_string(r.path_stats.features_total) +
              " feature-solves were screened out (column \"screened\"). Features enter one by one as λ decreases:");
    Table pt;
    pt.header = {"λ/λ_max", "nonzero", "screened", "value of (4)"};
    pt.right_align = {true, true, true, true};
    for (const auto& q : r.path)
      pt.rows.push_back({num(q.ratio, 4), std::to_string((q.solution.beta.array() != 0).count()),
                         num(100.0 * double(q.solution.screened) / double(q.solution.beta.size()), 3) + "%", num(q.solution.objective, 8)});
    five.table(pt);
    five.figure("ex3_path.svg", "the coefficients β_j against λ/λ_max");
    rep.steps.push_back(std::move(five));

    plot::Plot pl;
    pl.title = "Exercise 3: the ℓ1-regularized logistic regression path";
    pl.xlabel = "λ / λ_max (log scale)";
    pl.ylabel = "β_j";
    pl.log_x = true;
    static const char* colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    for (Eigen::Index j = 0; j < p && j < 50; ++j) {
      plot::Series ser;
      ser.color = colors[j % 10];
      ser.line_width = 1.8;
      if (j < 10) ser.label = "β_" + std::to_string(j);
      for (const auto& q : r.path) ser.x.push_back(q.ratio), ser.y.push_back(q.solution.beta(j));
      pl.series.push_back(ser);
    }
    pl.legend_outside = true;
    pl.width = 760;
    rep.figures.push_back(Figure{"ex3_path.svg", plot::render_svg(pl)});
  }

  // ---- checks ----
  const double scale = std::max(1.0, std::fabs(s.objective));
  rep.checks.push_back(tolerance_check("4 (4) solved: KKT residual", s.kkt_residual, 1e-9, "max subgradient violation"));
  rep.checks.push_back(tolerance_check("4 duality gap = 0 at θ* from the primal", std::fabs(s.objective - r.dual_value) / scale, 1e-8, "relative gap"));
  rep.checks.push_back(tolerance_check("4 θ* is dual feasible: ⟨θ*, b⟩ = 0 and ‖X̄ᵀθ*‖_∞ ≤ mλ", std::max(std::fabs(eq), box) / mm, 1e-9,
                                       "largest violation / m"));
  double screened_nonzero = 0;
  for (auto j : r.inactive) screened_nonzero = std::max(screened_nonzero, std::fabs(s.beta(j)));
  rep.checks.push_back(tolerance_check("3 every feature with |(X̄ᵀθ*)_j| < mλ has β_j* = 0", screened_nonzero, 0.0, "largest |β_j*| among them"));
  rep.checks.push_back({"4 λ_max: β* = 0 at 1.01·λ_max and β* ≠ 0 at 0.99·λ_max",
                        r.above_max.beta.cwiseAbs().maxCoeff() == 0 && r.below_max.beta.cwiseAbs().maxCoeff() > 0,
                        "max |β| above: " + num(r.above_max.beta.cwiseAbs().maxCoeff(), 3) + ", below: " + num(r.below_max.beta.cwiseAbs().maxCoeff(), 3)});
  if (!r.path.empty()) {
    double worst = 0;
    for (const auto& q : r.path) worst = std::max(worst, q.solution.kkt_residual);
    rep.checks.push_back(tolerance_check("5 every point of the path solved", worst, 1e-9, "largest KKT residual"));
  }
  return rep;
}

}  // namespace hw6::ex3
