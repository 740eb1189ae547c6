// Exercise 7: the step-by-step explanation, the JSON results and the checks.
#include "hw6/exercises/ex7.hpp"
#include "hw6/render.hpp"

#include <cmath>

namespace hw6::ex7 {

namespace {

constexpr double kFdTol = 1e-6;

std::string dims(const Eigen::MatrixXd& m) { return std::to_string(m.rows()) + "×" + std::to_string(m.cols()); }

void forward_step(Report& rep, const Problem& p, const Result& r) {
  const auto& f = r.fwd;
  const Eigen::Index T = p.X.rows(), d = p.X.cols(), dk = p.W_Q.cols();
  Step s("1", "Forward pass");
  s.para("T = " + std::to_string(T) + " tokens, d_model = " + std::to_string(d) + ", d_k = " + std::to_string(dk) +
         (p.random ? " (random matrices, seed " + std::to_string(p.seed) + ")" : "") + ". Each row of X is a token:");
  s.formula("Q = X W_Q (" + dims(f.Q) + "),  K = X W_K (" + dims(f.K) + "),  V = X W_V (" + dims(f.V) + ")\n" +
                "S = Q Kᵀ/√d_k (" + dims(f.S) + "),  A = softmax_rows(S),  Y = A V,  Z = X + Y",
            "Q = XW_Q,\\; K = XW_K,\\; V = XW_V,\\quad S = \\frac{QK^\\top}{\\sqrt{d_k}},\\quad A = \\operatorname{softmax}_{\\text{row}}(S),"
            "\\quad Y = AV,\\quad Z = X + Y");
  s.para("Each row of S is shifted by its maximum before exponentiating (Exercise 5.1(b)), so large scores cannot overflow.");
  s.matrix("X", "X", p.X);
  s.matrix("W_Q", "W_Q", p.W_Q);
  s.matrix("W_K", "W_K", p.W_K);
  s.matrix("W_V", "W_V", p.W_V);
  s.matrix("Q", "Q", f.Q);
  s.matrix("K", "K", f.K);
  s.matrix("V", "V", f.V);
  s.matrix("S", "S", f.S);
  s.matrix("A", "A", f.A);
  s.matrix("Y", "Y", f.Y);
  s.matrix("Z", "Z", f.Z);
  // The homework's z₃ for T = 3; for other T, the last token.
  const Eigen::Index t = T - 1;
  const std::string n = std::to_string(T);
  s.para("Token " + n + " explicitly: its output is its input plus a weighted average of all value vectors, the weights "
         "being a softmax of its query against every key:");
  s.formula("z_" + n + " = x_" + n + " + Σ_j α_" + n + "j v_j\nα_" + n + "j = exp(q_" + n + "ᵀk_j/√d_k) / Σ_j' exp(q_" + n + "ᵀk_j'/√d_k)",
            "\\mathbf{z}_{" + n + "} = \\mathbf{x}_{" + n + "} + \\sum_{j=1}^{" + n + "} \\alpha_{" + n + "j}\\mathbf{v}_j,\\qquad \\alpha_{" + n +
                "j} = \\frac{\\exp(\\mathbf{q}_{" + n + "}^\\top\\mathbf{k}_j/\\sqrt{d_k})}{\\sum_{j'}\\exp(\\mathbf{q}_{" + n +
                "}^\\top\\mathbf{k}_{j'}/\\sqrt{d_k})}");
  std::string terms;
  for (Eigen::Index j = 0; j < std::min<Eigen::Index>(T, 6); ++j)
    terms += "q_" + n + "ᵀk_" + std::to_string(j + 1) + "/√d_k = " + format_number(f.S(t, j), 7) + "  →  α_" + n +
             std::to_string(j + 1) + " = " + format_number(f.A(t, j), 7) + "\n";
  if (T > 6) terms += "… (" + std::to_string(T - 6) + " more)\n";
  s.code(terms.substr(0, terms.size() - 1));
  s.vector("z_" + n, "\\mathbf{z}_{" + n + "}", f.Z.row(t).transpose());
  rep.steps.push_back(std::move(s));
}

void backprop_steps(Report& rep, const Problem& p, const Result& r) {
  const auto& g = r.grad;
  Step one("2", "Backprop I: ∂L/∂Y, ∂L/∂A, ∂L/∂V");
  one.para("Z = X + Y passes the gradient through unchanged; Y = AV is a product, so by the hint for Y = AXB:");
  one.formula("∂L/∂Y = ∂L/∂Z,   ∂L/∂A = ∂L/∂Y Vᵀ,   ∂L/∂V = Aᵀ ∂L/∂Y",
              "\\frac{\\partial L}{\\partial Y} = \\frac{\\partial L}{\\partial Z},\\quad \\frac{\\partial L}{\\partial A} = \\frac{\\partial L}{\\partial Y}V^\\top,"
              "\\quad \\frac{\\partial L}{\\partial V} = A^\\top\\frac{\\partial L}{\\partial Y}");
  one.matrix("∂L/∂Z", "\\frac{\\partial L}{\\partial Z}", p.dL_dZ);
  one.matrix("∂L/∂A", "\\frac{\\partial L}{\\partial A}", g.A);
  one.matrix("∂L/∂V", "\\frac{\\partial L}{\\partial V}", g.V);
  rep.steps.push_back(std::move(one));

  Step two("3", "Backprop II: ∂L/∂S, ∂L/∂Q, ∂L/∂K");
  two.para("Row i of A depends only on row i of S, with Jacobian diag(a_i) − a_i a_iᵀ (Exercise 5.1(a)). Applied row by row:");
  two.formula("∂L/∂S = A ⊙ (∂L/∂A − ((∂L/∂A ⊙ A) 1) 1ᵀ)",
              "\\frac{\\partial L}{\\partial S} = A \\odot \\Big(\\frac{\\partial L}{\\partial A} - \\big((\\tfrac{\\partial L}{\\partial A}\\odot A)\\mathbf{1}\\big)\\mathbf{1}^\\top\\Big)");
  two.para("S = QKᵀ/√d_k is linear in Q and in K:");
  two.formula("∂L/∂Q = (1/√d_k) ∂L/∂S K,   ∂L/∂K = (1/√d_k) (∂L/∂S)ᵀ Q",
              "\\frac{\\partial L}{\\partial Q} = \\frac{1}{\\sqrt{d_k}}\\frac{\\partial L}{\\partial S}K,\\quad "
              "\\frac{\\partial L}{\\partial K} = \\frac{1}{\\sqrt{d_k}}\\Big(\\frac{\\partial L}{\\partial S}\\Big)^\\top Q");
  two.matrix("∂L/∂S", "\\frac{\\partial L}{\\partial S}", g.S);
  two.matrix("∂L/∂Q", "\\frac{\\partial L}{\\partial Q}", g.Q);
  two.matrix("∂L/∂K", "\\frac{\\partial L}{\\partial K}", g.K);
  two.para("Each row of ∂L/∂S sums to 0: adding a constant to a row of scores does not change the softmax.");
  rep.steps.push_back(std::move(two));

  Step three("4", "Parameters and input");
  three.formula("∂L/∂W_Q = Xᵀ ∂L/∂Q,   ∂L/∂W_K = Xᵀ ∂L/∂K,   ∂L/∂W_V = Xᵀ ∂L/∂V",
                "\\frac{\\partial L}{\\partial W_Q} = X^\\top\\frac{\\partial L}{\\partial Q},\\quad \\frac{\\partial L}{\\partial W_K} = "
                "X^\\top\\frac{\\partial L}{\\partial K},\\quad \\frac{\\partial L}{\\partial W_V} = X^\\top\\frac{\\partial L}{\\partial V}");
  three.matrix("∂L/∂W_Q", "\\frac{\\partial L}{\\partial W_Q}", g.W_Q);
  three.matrix("∂L/∂W_K", "\\frac{\\partial L}{\\partial W_K}", g.W_K);
  three.matrix("∂L/∂W_V", "\\frac{\\partial L}{\\partial W_V}", g.W_V);
  three.para("X reaches L along four paths, the residual and the three projections, whose contributions add:");
  three.formula("∂L/∂X = ∂L/∂Z + ∂L/∂Q W_Qᵀ + ∂L/∂K W_Kᵀ + ∂L/∂V W_Vᵀ",
                "\\frac{\\partial L}{\\partial X} = \\frac{\\partial L}{\\partial Z} + \\frac{\\partial L}{\\partial Q}W_Q^\\top + "
                "\\frac{\\partial L}{\\partial K}W_K^\\top + \\frac{\\partial L}{\\partial V}W_V^\\top");
  three.matrix("via Q: ∂L/∂Q W_Qᵀ", "\\frac{\\partial L}{\\partial Q}W_Q^\\top", g.X_via_Q);
  three.matrix("via K: ∂L/∂K W_Kᵀ", "\\frac{\\partial L}{\\partial K}W_K^\\top", g.X_via_K);
  three.matrix("via V: ∂L/∂V W_Vᵀ", "\\frac{\\partial L}{\\partial V}W_V^\\top", g.X_via_V);
  three.matrix("∂L/∂X", "\\frac{\\partial L}{\\partial X}", g.X);
  rep.steps.push_back(std::move(three));
}

void equivariance_step(Report& rep, const Result& r) {
  Step s("5", "Permutation equivariance");
  s.para("Let P permute the tokens. Then (PX)W = P(XW) for every weight matrix, so Q, K, V become PQ, PK, PV and");
  s.formula("S' = (PQ)(PK)ᵀ/√d_k = P S Pᵀ",
            "S' = \\frac{(PQ)(PK)^\\top}{\\sqrt{d_k}} = PSP^\\top");
  s.para("PSPᵀ permutes the rows and, identically, the columns of S. A row-wise softmax does not care in which order "
         "a row's entries come and treats every row alike, so softmax_rows(PSPᵀ) = P A Pᵀ. Since PᵀP = I:");
  s.formula("SA(PX) = P A Pᵀ P V = P A V = P SA(X)\nSA_res(PX) = PX + P SA(X) = P SA_res(X)",
            "\\mathrm{SA}(PX) = PAP^\\top PV = PAV = P\\,\\mathrm{SA}(X),\\qquad \\mathrm{SA}_{\\text{res}}(PX) = PX + P\\,\\mathrm{SA}(X) = P\\,\\mathrm{SA}_{\\text{res}}(X)");
  s.para("Without positional encoding the layer therefore cannot tell token order; it only reorders its outputs. "
         "Numerically, over " + std::to_string(r.equivariance.permutations) +
         (r.equivariance.all_permutations ? " permutations (all of them)" : " permutations (reversal, a cyclic shift and random ones)") +
         ": max |SA_res(PX) − P·SA_res(X)| = " + format_number(r.equivariance.max_error, 3) + ".");
  rep.steps.push_back(std::move(s));
}

}  // namespace

Report report(const Problem& p, const Result& r) {
  Report rep;
  rep.exercise = 7;
  rep.title = "Backpropagation of self-attention";
  const auto& f = r.fwd;
  const auto& g = r.grad;
  rep.results["sizes"] = {{"T", p.X.rows()}, {"d_model", p.X.cols()}, {"d_k", p.W_Q.cols()}};
  rep.results["forward"] = {{"Q", matrix_json(f.Q)}, {"K", matrix_json(f.K)}, {"V", matrix_json(f.V)}, {"S", matrix_json(f.S)},
                            {"A", matrix_json(f.A)}, {"Y", matrix_json(f.Y)}, {"Z", matrix_json(f.Z)}};
  const Eigen::Index t = p.X.rows() - 1;
  rep.results["last_token"] = {{"index", t}, {"alpha", vector_json(f.A.row(t).transpose())}, {"z", vector_json(f.Z.row(t).transpose())}};
  rep.results["gradients"] = {{"Y", matrix_json(g.Y)},     {"A", matrix_json(g.A)},     {"V", matrix_json(g.V)},     {"S", matrix_json(g.S)},
                              {"Q", matrix_json(g.Q)},     {"K", matrix_json(g.K)},     {"W_Q", matrix_json(g.W_Q)}, {"W_K", matrix_json(g.W_K)},
                              {"W_V", matrix_json(g.W_V)}, {"X", matrix_json(g.X)}};
  rep.results["gradient_X_paths"] = {{"residual", matrix_json(g.X_residual)}, {"Q", matrix_json(g.X_via_Q)},
                                     {"K", matrix_json(g.X_via_K)}, {"V", matrix_json(g.X_via_V)}};
  rep.results["equivariance"] = {{"permutations", r.equivariance.permutations},
                                 {"all_permutations", r.equivariance.all_permutations},
                                 {"max_error", r.equivariance.max_error}};
  Json fd = Json::array();
  for (const auto& c : r.checks)
    fd.push_back({{"gradient", c.name}, {"max_error", c.max_error}, {"worst_entry", {c.worst_row, c.worst_col}},
                  {"entries_checked", c.entries_checked}, {"entries", c.entries_total}});
  rep.results["finite_differences"] = fd;

  forward_step(rep, p, r);
  backprop_steps(rep, p, r);
  equivariance_step(rep, r);

  for (const auto& c : r.checks) {
    std::string detail = "max scaled error " + format_number(c.max_error, 3) + " at [" + std::to_string(c.worst_row) + "][" +
                         std::to_string(c.worst_col) + "], " + std::to_string(c.entries_checked) + " of " +
                         std::to_string(c.entries_total) + " entries (tolerance " + format_number(kFdTol) + ")";
    rep.checks.push_back({"∂L/∂" + c.name + " vs central differences of L = ⟨∂L/∂Z, Z⟩", std::isfinite(c.max_error) && c.max_error <= kFdTol, detail});
  }
  const double row_sums = g.S.rowwise().sum().cwiseAbs().maxCoeff() / std::max(1.0, g.S.cwiseAbs().maxCoeff());
  rep.checks.push_back(tolerance_check("3 every row of ∂L/∂S sums to 0", row_sums, 1e-12, "max |row sum| (scaled)"));
  const double scale = std::max(1.0, f.Z.cwiseAbs().maxCoeff());
  rep.checks.push_back(tolerance_check("5 SA_res(PX) = P·SA_res(X)", r.equivariance.max_error / scale, 1e-12, "max |difference| (scaled)"));
  const bool finite = f.Z.allFinite() && g.X.allFinite() && g.W_Q.allFinite() && g.W_K.allFinite() && g.W_V.allFinite();
  rep.checks.push_back({"every result is finite", finite, finite ? "no inf or NaN" : "an inf or NaN appeared"});
  return rep;
}

}  // namespace hw6::ex7
