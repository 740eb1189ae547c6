// generate ex3: a small data set (m = 8 to 10 samples, p = 4 or 5 features with values in steps of
// 0.5) whose labels follow two of the features, and a λ (two significant digits) between 0.3 and
// 0.6 of λ_max, so that the solution has zero and nonzero coefficients and part 3's screening
// rule |(X̄ᵀθ*)_j| < mλ has something to show.
#include "generators.hpp"

#include "hw6/registry.hpp"

#include <cmath>

namespace hw6::generate::detail {

namespace {
const std::vector<double> kValues = {-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2};

/// λ_max of the data, as hw6 ex3 computes it (read from its results, not recomputed here).
double lambda_max(const Json& X, const Json& b) {
  const Report r = find_exercise("ex3")->run(Json{{"X", X}, {"b", b}, {"lambda_ratio", 0.5}}, RunContext{});
  return number_at(r.results, "/lambda_max");
}

/// x rounded to two significant digits, as the double nearest the decimal (0.13, not 0.13000000000000003):
/// for x < 10 the division by an exact power of ten rounds once.
double two_digits(double x) {
  const int exponent = static_cast<int>(std::floor(std::log10(x))) - 1;
  if (exponent >= 0) {
    const double scale = std::pow(10.0, exponent);
    return std::round(x / scale) * scale;
  }
  const double inverse = std::pow(10.0, -exponent);  // exact: 10^k, k ≤ 22
  return std::round(x * inverse) / inverse;
}
}  // namespace

Json draw_ex3(Rng& rng) {
  const int m = rng.integer(8, 10), p = rng.integer(4, 5);
  const Json X = draw_matrix(rng, m, p, kValues);
  // Labels from the first two features (signs drawn) plus a small drawn disturbance.
  const int s0 = rng.coin() ? 1 : -1, s1 = rng.coin() ? 1 : -1;
  Json b = Json::array();
  for (int i = 0; i < m; ++i) {
    const double score = s0 * X[static_cast<std::size_t>(i)][0].get<double>() + s1 * X[static_cast<std::size_t>(i)][1].get<double>() +
                         0.5 * rng.integer(-2, 2) + 0.25;
    b.push_back(score >= 0 ? 1 : -1);
  }
  int positives = 0;
  for (const auto& v : b) positives += v.get<int>() > 0;
  // Fewer than two samples of a class: rejected by reject_ex3 (λ = 1 keeps the document valid when both classes exist).
  if (positives < 2 || m - positives < 2) return {{"X", X}, {"b", b}, {"lambda", 1.0}};
  const double lmax = lambda_max(X, b);
  if (!(lmax > 0) || !std::isfinite(lmax)) return {{"X", X}, {"b", b}, {"lambda", 1.0}};  // rejected: λ not below λ_max
  const double ratio = rng.pick({0.3, 0.4, 0.5, 0.6});
  return {{"X", X}, {"b", b}, {"lambda", two_digits(ratio * lmax)}};
}

std::optional<std::string> reject_ex3(const Json& problem, const Report& solution) {
  const Json& r = solution.results;
  int positives = 0;
  for (const auto& v : problem["b"]) positives += v.get<int>() > 0;
  if (positives < 2 || static_cast<int>(problem["b"].size()) - positives < 2) return "fewer than two samples of a class";
  const double lambda = number_at(r, "/lambda"), lmax = number_at(r, "/lambda_max");
  if (!(lambda < 0.7 * lmax)) return "lambda not well below lambda_max";
  if (!(std::fabs(number_at(r, "/duality_gap")) < 1e-6)) return "duality gap not closed";
  const Eigen::MatrixXd beta = matrix_at(r, "/primal/beta"), theta = matrix_at(r, "/dual/theta");
  const Eigen::MatrixXd X = to_matrix(problem["X"]);
  Eigen::VectorXd bv(X.rows());
  for (Eigen::Index i = 0; i < X.rows(); ++i) bv(i) = problem["b"][static_cast<std::size_t>(i)].get<double>();
  // X̄ = diag(b) X, so X̄ᵀθ = Xᵀ(b ∘ θ); compared with mλ (part 3's rule).
  const Eigen::VectorXd corr = X.transpose() * (bv.array() * theta.col(0).array()).matrix();
  const double threshold = static_cast<double>(X.rows()) * lambda;
  int zeros = 0, nonzeros = 0;
  for (Eigen::Index j = 0; j < beta.rows(); ++j) {
    const double bj = std::fabs(beta(j, 0)), cj = std::fabs(corr(j)) / threshold;
    if (bj >= 1e-2 && std::fabs(cj - 1) < 1e-4) ++nonzeros;         // active, the dual constraint tight
    else if (bj == 0 && cj < 1 - 2e-2) ++zeros;                       // screened out, well inside
    else return "coefficient " + std::to_string(j) + " near a tie";  // zero on the boundary, or tiny
  }
  if (zeros == 0 || nonzeros == 0) return "not both zero and nonzero coefficients";
  if (r["screening"]["inactive"].size() != static_cast<std::size_t>(zeros)) return "screening does not find every zero";
  // Two equal columns (values in steps of 0.5 make it possible) would leave the split of weight open.
  if (r["uniqueness"]["verdict"] != "unique") return "beta* not the only minimizer (or not shown to be)";
  return std::nullopt;
}

std::string sheet_ex3(const Variant& v, const std::string&) {
  const Json& p = v.problem;
  std::string s = sheet_header(v, "Dual Problem of the Sparse Logistic Regression");
  const Eigen::MatrixXd X = to_matrix(p["X"]);
  Eigen::VectorXd b(X.rows());
  for (Eigen::Index i = 0; i < X.rows(); ++i) b(i) = p["b"][static_cast<std::size_t>(i)].get<double>();
  s += "We are given a set of data $\\{\\mathbf{x}_i\\}_{i=1}^{m}$ ($m = " + std::to_string(X.rows()) + "$, $\\mathbf{x}_i \\in \\mathbb{R}^{" +
       std::to_string(X.cols()) + "}$, the rows of $\\mathbf{X}$) and labels $\\mathbf{b} \\in \\{-1, 1\\}^m$:\n\n";
  s += "$$\\mathbf{X} = " + latex_matrix(X) + ", \\quad \\mathbf{b} = " + latex_matrix(b) + ", \\quad \\lambda = " + num(p["lambda"].get<double>()) +
       ".$$\n\n";
  s += "The $\\ell_1$ regularized logistic regression is\n\n$$\\min_{\\boldsymbol{\\beta}, c} \\frac{1}{m} \\sum_{i=1}^m \\ln\\left(1 + "
       "\\exp(-\\langle \\boldsymbol{\\beta}, \\bar{\\mathbf{x}}_i \\rangle - b_i c)\\right) + \\lambda \\|\\boldsymbol{\\beta}\\|_1, \\tag{4}$$\n\n"
       "where $\\bar{\\mathbf{x}}_i = b_i \\mathbf{x}_i$ and $\\bar{\\mathbf{X}} = [\\bar{\\mathbf{x}}_1, \\dots, \\bar{\\mathbf{x}}_m]^\\top$. "
       "With the slack variable $\\mathbf{q} \\in \\mathbb{R}^m$, $q_i = \\frac{1}{m}(-\\langle \\boldsymbol{\\beta}, "
       "\\bar{\\mathbf{x}}_i \\rangle - b_i c)$, it becomes the constrained problem\n\n"
       // Parts 1 and 2 ask for the Lagrangian and the dual of (5): the sheet states it, as the homework does.
       "$$\\min_{\\boldsymbol{\\beta}, c, \\mathbf{q}} \\frac{1}{m} \\sum_{i=1}^m \\ln\\left(1 + \\exp(m q_i)\\right) + \\lambda "
       "\\|\\boldsymbol{\\beta}\\|_1 \\quad \\text{s.t.} \\quad \\frac{1}{m}\\left(-\\langle \\boldsymbol{\\beta}, \\bar{\\mathbf{x}}_i "
       "\\rangle - b_i c\\right) - q_i = 0, \\ i = 1, \\dots, m. \\tag{5}$$\n\n";
  s += "1. Please find the Lagrangian of the constrained problem (5) by introducing a Lagrange multiplier $\\boldsymbol{\\theta} \\in "
       "\\mathbb{R}^m$ for the equality constraints.\n";
  s += "2. Please find the dual problem of (5), and solve (4) and its dual for this data: $\\boldsymbol{\\beta}^*$, $c^*$, "
       "$\\boldsymbol{\\theta}^*$, the optimal values and the duality gap; $\\lambda_{\\max}$, the smallest $\\lambda$ with "
       "$\\boldsymbol{\\beta}^* = 0$.\n";
  s += "3. (optional) [Sparse Condition] For a coordinate $j$, if $|(\\bar{\\mathbf{X}}^\\top \\boldsymbol{\\theta}^*)_j| < m\\lambda$, "
       "show that $\\beta_j^* = 0$ using the KKT conditions. Which coordinates does the rule screen out for this data "
       "(numbered from 0, the columns of $\\mathbf{X}$ as hw6 prints them)?\n";
  return s;
}

}  // namespace hw6::generate::detail
