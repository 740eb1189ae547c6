// Exact solution on an identified active set (hard margin and p = 1). With F the multipliers
// strictly between 0 and C and B those at C, the KKT conditions become linear in (α_F, b):
//   y_i(Σ_{j∈F∪B} α_j y_j ⟨x_j, x_i⟩ + b) = 1 for i ∈ F,   Σ_{j∈F} α_j y_j = −C Σ_{j∈B} y_j.
// Solved by a complete orthogonal decomposition (the set may be degenerate: w stays unique).
// This is how an interior-point result becomes exact to rounding on small problems. The active set
// is read from the multipliers and, separately, from the margins; the better guess is kept.
#include "hw6/optim/svm.hpp"

#include <cmath>
#include <vector>

namespace hw6::optim {

namespace {

/// The exact solution for one guess of the active set: `F` free multipliers (their points on the
/// margin), `B` at C (soft margin only), the others 0. With F empty, b is not fixed by the
/// equations (every b of an interval is optimal) and s.b is kept.
SvmSolution solve_on(const SvmProblem& P, const SvmSolution& s, const std::vector<Eigen::Index>& F, const std::vector<Eigen::Index>& B) {
  const bool soft = std::isfinite(P.C);
  const Eigen::Index n = P.X.rows(), k = static_cast<Eigen::Index>(F.size());
  Eigen::VectorXd wB = Eigen::VectorXd::Zero(P.X.cols());
  double yB = 0;
  for (auto j : B) wB += P.C * P.y(j) * P.X.row(j).transpose(), yB += P.y(j);
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(k + 1, k + 1);
  Eigen::VectorXd rhs(k + 1);
  for (Eigen::Index r = 0; r < k; ++r) {
    const Eigen::Index i = F[static_cast<std::size_t>(r)];
    for (Eigen::Index c = 0; c < k; ++c) {
      const Eigen::Index j = F[static_cast<std::size_t>(c)];
      A(r, c) = P.y(i) * P.y(j) * P.X.row(j).dot(P.X.row(i));
    }
    A(r, k) = P.y(i);
    rhs(r) = 1 - P.y(i) * wB.dot(P.X.row(i));
    A(k, r) = P.y(i);
  }
  rhs(k) = soft ? -P.C * yB : 0.0;
  SvmSolution t = s;
  t.method = s.method + ", polished on the active set";
  t.alpha = Eigen::VectorXd::Zero(n);
  for (auto j : B) t.alpha(j) = P.C;
  if (k > 0) {
    const Eigen::VectorXd sol = A.completeOrthogonalDecomposition().solve(rhs);
    for (Eigen::Index r = 0; r < k; ++r) t.alpha(F[static_cast<std::size_t>(r)]) = sol(r);
    t.b = sol(k);
  }
  t.w = P.X.transpose() * t.alpha.cwiseProduct(P.y);
  t.xi = soft ? svm_slacks(P, t.w, t.b) : Eigen::VectorXd::Zero(n);
  t.primal = svm_primal_value(P, t.w, t.xi);
  t.dual = svm_dual_value(P, t.alpha);
  t.kkt_residual = svm_kkt_residual(P, t.w, t.b, t.xi, t.alpha);
  return t;
}

}  // namespace

SvmSolution svm_polish(const SvmProblem& P, const SvmSolution& s) {
  const bool soft = std::isfinite(P.C);
  if (soft && P.p != 1) return s;
  const Eigen::Index n = P.X.rows();
  // Two guesses of the active set, and the better of them if it beats s. From the multipliers: at C
  // to a relative 1e-7, or above 1e-7 of the largest. From the margins y_i f_i of s (complementary
  // slackness): below 1 − δ at C, above 1 + δ zero, within δ of 1 free. The second catches a
  // multiplier the first misreads: at C = 0.01 an interior point left 4.7e-9 on a point with
  // y f = 1.001 (α must be 0 there) and C − 4.7e-9 on a point inside the margin.
  const double amax = std::max(1e-300, s.alpha.maxCoeff());
  std::vector<Eigen::Index> F, B;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (soft && s.alpha(i) >= P.C * (1 - 1e-7)) B.push_back(i);
    else if (s.alpha(i) > 1e-7 * amax) F.push_back(i);
  }
  SvmSolution best = s;
  auto consider = [&](const SvmSolution& t) {
    if (t.alpha.allFinite() && std::isfinite(t.b) && t.kkt_residual < best.kkt_residual) best = t;
  };
  if (!F.empty()) consider(solve_on(P, s, F, B));
  constexpr double delta = 1e-6;
  std::vector<Eigen::Index> Fm, Bm;
  const Eigen::VectorXd yf = P.y.cwiseProduct(P.X * s.w + Eigen::VectorXd::Constant(n, s.b));
  for (Eigen::Index i = 0; i < n; ++i) {
    if (std::fabs(yf(i) - 1) <= delta) Fm.push_back(i);
    else if (soft && yf(i) < 1) Bm.push_back(i);
  }
  if (Fm != F || Bm != B) consider(solve_on(P, s, Fm, Bm));
  return best;
}

}  // namespace hw6::optim
