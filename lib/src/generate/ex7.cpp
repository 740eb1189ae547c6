// generate ex7: new small matrices for the single-head self-attention layer (T = 3 tokens,
// d_model = 4, d_k = 2, as the built-in problem), entries in steps of 0.5.
#include "generators.hpp"

#include <cmath>

namespace hw6::generate::detail {

Json draw_ex7(Rng& rng) {
  const std::vector<double> inputs = {-1, 0, 1, 2}, weights = {-1, -0.5, 0, 0.5, 1};
  return {{"X", draw_matrix(rng, 3, 4, inputs)},     {"W_Q", draw_matrix(rng, 4, 2, weights)},
          {"W_K", draw_matrix(rng, 4, 2, weights)},  {"W_V", draw_matrix(rng, 4, 4, weights)},
          {"dL_dZ", draw_matrix(rng, 3, 4, weights)}};
}

std::optional<std::string> reject_ex7(const Json& problem, const Report& solution) {
  // Attention that attends: every row of S spread by at least 0.25, so A is not uniform.
  // ex7 keeps its matrices out of `results` (Report::defer_matrix); to_json() splices them in.
  const Json results = solution.to_json();
  const Eigen::MatrixXd S = matrix_at(results, "/forward/S");
  if (S.rows() != 3) return "no forward pass";
  for (Eigen::Index i = 0; i < S.rows(); ++i)
    if (S.row(i).maxCoeff() - S.row(i).minCoeff() < 0.25) return "a uniform attention row";
  // Distinct tokens (else permutation equivariance is trivially seen) and gradients that reach W_Q, W_K.
  const Eigen::MatrixXd X = to_matrix(problem["X"]);
  for (Eigen::Index i = 0; i < X.rows(); ++i)
    for (Eigen::Index j = i + 1; j < X.rows(); ++j)
      if (X.row(i) == X.row(j)) return "two equal tokens";
  for (const char* key : {"/gradients/W_Q", "/gradients/W_K", "/gradients/W_V"})
    if (!(matrix_at(results, key).cwiseAbs().maxCoeff() > 1e-2)) return std::string("a vanishing gradient ") + key;
  return std::nullopt;
}

std::string sheet_ex7(const Variant& v, const std::string&) {
  const Json& p = v.problem;
  std::string s = sheet_header(v, "Backpropagation of Self-Attention");
  s += "Consider a single-head self-attention layer without a causal mask and without positional encoding, with a residual "
       "connection: $\\mathbf{Q} = \\mathbf{X}\\mathbf{W}_Q$, $\\mathbf{K} = \\mathbf{X}\\mathbf{W}_K$, $\\mathbf{V} = "
       "\\mathbf{X}\\mathbf{W}_V$, $S_{ij} = \\mathbf{q}_i^\\top \\mathbf{k}_j / \\sqrt{d_k}$, $\\mathbf{A} = "
       "\\operatorname{softmax}(\\mathbf{S})$ (row-wise), $\\mathbf{Y} = \\mathbf{A}\\mathbf{V}$, $\\mathbf{Z} = \\mathbf{X} + "
       "\\mathbf{Y}$, with $T = 3$, $d_{\\text{model}} = 4$, $d_k = 2$ and\n\n";
  s += "$$\\mathbf{X} = " + latex_matrix(to_matrix(p["X"])) + ", \\quad \\mathbf{W}_Q = " + latex_matrix(to_matrix(p["W_Q"])) +
       ", \\quad \\mathbf{W}_K = " + latex_matrix(to_matrix(p["W_K"])) + ",$$\n\n$$\\mathbf{W}_V = " + latex_matrix(to_matrix(p["W_V"])) +
       ", \\quad \\frac{\\partial \\mathcal{L}}{\\partial \\mathbf{Z}} = " + latex_matrix(to_matrix(p["dL_dZ"])) + ".$$\n\n";
  s += "1. (Forward Pass) Please find the explicit expression for $\\mathbf{z}_3 = \\mathbf{x}_3 + \\sum_{j=1}^3 \\alpha_{3j} "
       "\\mathbf{v}_j$, specify $\\alpha_{3j}$ in terms of $\\mathbf{q}_3, \\mathbf{k}_j$, and compute $\\mathbf{S}$, $\\mathbf{A}$, "
       "$\\mathbf{Y}$, $\\mathbf{Z}$.\n";
  s += "2. (Backprop I) Given $\\frac{\\partial \\mathcal{L}}{\\partial \\mathbf{Z}}$, please find $\\frac{\\partial \\mathcal{L}}{\\partial "
       "\\mathbf{Y}}$, $\\frac{\\partial \\mathcal{L}}{\\partial \\mathbf{A}}$, $\\frac{\\partial \\mathcal{L}}{\\partial \\mathbf{V}}$.\n";
  s += "3. (Backprop II) Using $\\mathbf{A} = \\operatorname{softmax}(\\mathbf{S})$ (row-wise) and $\\mathbf{S} = \\frac{1}{\\sqrt{d_k}} "
       "\\mathbf{Q}\\mathbf{K}^\\top$, please find $\\frac{\\partial \\mathcal{L}}{\\partial \\mathbf{S}}$, $\\frac{\\partial "
       "\\mathcal{L}}{\\partial \\mathbf{Q}}$, $\\frac{\\partial \\mathcal{L}}{\\partial \\mathbf{K}}$.\n";
  s += "4. (Parameters and input) Please find $\\frac{\\partial \\mathcal{L}}{\\partial \\mathbf{W}_Q}$, $\\frac{\\partial \\mathcal{L}}"
       "{\\partial \\mathbf{W}_K}$, $\\frac{\\partial \\mathcal{L}}{\\partial \\mathbf{W}_V}$, $\\frac{\\partial \\mathcal{L}}{\\partial "
       "\\mathbf{X}}$.\n";
  s += "5. (optional) (Permutation equivariance) For any permutation matrix $\\mathbf{P}$, show that $\\text{SA}_{\\text{res}}(\\mathbf{P}"
       "\\mathbf{X}) = \\mathbf{P}\\, \\text{SA}_{\\text{res}}(\\mathbf{X})$.\n";
  return s;
}

}  // namespace hw6::generate::detail
