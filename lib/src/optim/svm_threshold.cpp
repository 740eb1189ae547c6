// The smallest C at which the soft margin (6) returns the hard-margin solution of (2).
//
// If α^hard are multipliers of (2) at its solution (w*, b*) and C ≥ max_i α_i^hard, then
// (w*, b*, ξ = 0) with α = α^hard, μ = C − α^hard satisfies the KKT conditions of (6); conversely,
// multipliers of (6) at (w*, b*, 0) satisfy 0 ≤ α ≤ C and are multipliers of (2). So the threshold
// is C* = min max_i α_i over the multipliers of (2), which need not be unique (degenerate data:
// more points on the margin than w and b need):
//   min t  s.t.  Σ_{i∈A} α_i y_i x_i = w*,  Σ_{i∈A} α_i y_i = 0,  0 ≤ α_i ≤ t  (A: the active points),
// a linear program, solved here by the two-phase simplex method with Bland's rule (which cannot
// cycle on these degenerate programs): Dantzig, "Linear Programming and Extensions" (1963); Bland,
// "New finite pivoting rules for the simplex method", Math. Oper. Res. 2 (1977).
#include "hw6/optim/svm.hpp"
#include "svm_scaled.hpp"

#include <cmath>
#include <optional>
#include <vector>

namespace hw6::optim {

namespace {

/// min cᵀz s.t. Az = b, z ≥ 0, by a dense tableau; data of order 1 (the pivot tolerance is
/// absolute). Empty when infeasible, unbounded or out of steps.
std::optional<Eigen::VectorXd> simplex(Eigen::MatrixXd A, Eigen::VectorXd b, const Eigen::VectorXd& c) {
  constexpr double tol = 1e-10;
  const Eigen::Index m = A.rows(), N = A.cols(), last = N + m;
  for (Eigen::Index i = 0; i < m; ++i)
    if (b(i) < 0) A.row(i) *= -1, b(i) *= -1;
  // Tableau [A I b] over the reduced costs; artificial variable N + i starts basic in row i.
  Eigen::MatrixXd T = Eigen::MatrixXd::Zero(m + 1, last + 1);
  T.topLeftCorner(m, N) = A;
  T.block(0, N, m, m).setIdentity();
  T.col(last).head(m) = b;
  std::vector<Eigen::Index> basis(static_cast<std::size_t>(m));
  for (Eigen::Index i = 0; i < m; ++i) basis[static_cast<std::size_t>(i)] = N + i;
  auto pivot = [&](Eigen::Index r, Eigen::Index col) {
    T.row(r) /= T(r, col);
    for (Eigen::Index i = 0; i <= m; ++i)
      if (i != r && T(i, col) != 0) T.row(i) -= T(i, col) * T.row(r);
    basis[static_cast<std::size_t>(r)] = col;
  };
  // Minimizes cost·z over the first `columns` variables from the current basis.
  auto run = [&](const Eigen::VectorXd& cost, Eigen::Index columns) {
    T.row(m).setZero();
    T.row(m).head(cost.size()) = cost.transpose();
    for (Eigen::Index r = 0; r < m; ++r) T.row(m) -= cost(basis[static_cast<std::size_t>(r)]) * T.row(r);
    for (long step = 0; step < 50 * (m + N) + 1000; ++step) {
      Eigen::Index enter = -1;
      for (Eigen::Index j = 0; j < columns && enter < 0; ++j)
        if (T(m, j) < -tol) enter = j;
      if (enter < 0) return true;
      Eigen::Index leave = -1;
      double best = 0;
      for (Eigen::Index i = 0; i < m; ++i) {
        if (T(i, enter) <= tol) continue;
        const double ratio = T(i, last) / T(i, enter);
        if (leave < 0 || ratio < best - tol ||
            (ratio <= best + tol && basis[static_cast<std::size_t>(i)] < basis[static_cast<std::size_t>(leave)]))
          leave = i, best = ratio;
      }
      if (leave < 0) return false;  // unbounded
      pivot(leave, enter);
    }
    return false;
  };
  Eigen::VectorXd phase1 = Eigen::VectorXd::Zero(last);
  phase1.tail(m).setOnes();
  if (!run(phase1, last) || -T(m, last) > tol * (1 + b.cwiseAbs().sum())) return std::nullopt;  // infeasible
  // Artificial variables still basic (at 0): pivot them out, or leave a redundant row alone.
  for (Eigen::Index r = 0; r < m; ++r) {
    if (basis[static_cast<std::size_t>(r)] < N) continue;
    for (Eigen::Index j = 0; j < N; ++j)
      if (std::fabs(T(r, j)) > tol) {
        pivot(r, j);
        break;
      }
  }
  Eigen::VectorXd phase2 = Eigen::VectorXd::Zero(last);
  phase2.head(N) = c;
  if (!run(phase2, N)) return std::nullopt;
  Eigen::VectorXd z = Eigen::VectorXd::Zero(N);
  for (Eigen::Index r = 0; r < m; ++r)
    if (basis[static_cast<std::size_t>(r)] < N) z(basis[static_cast<std::size_t>(r)]) = std::max(0.0, T(r, last));
  return z;
}

/// The program in P's units as given (svm_hard_margin_threshold passes centred, scaled units).
HardMarginThreshold threshold(const SvmProblem& P, const SvmSolution& hard, const std::vector<Eigen::Index>& active) {
  HardMarginThreshold out;
  out.C = hard.alpha.maxCoeff();
  out.alpha = hard.alpha;
  const Eigen::Index k = static_cast<Eigen::Index>(active.size()), d = P.X.cols();
  if (k == 0 || k > kThresholdMaxActive || !(out.C > 0)) return out;
  // Variables (α/a, t/a, slack s) with a = max α of the given multipliers, so that entries are of
  // order 1; rows: Σα_i y_i x_i = w (w from the given α, so the program is feasible), Σα_i y_i = 0,
  // α_i − t + s_i = 0.
  const double a = out.C;
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(d + 1 + k, 2 * k + 1);
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(d + 1 + k), w = Eigen::VectorXd::Zero(d);
  for (Eigen::Index c = 0; c < k; ++c) {
    const Eigen::Index i = active[static_cast<std::size_t>(c)];
    A.block(0, c, d, 1) = P.y(i) * P.X.row(i).transpose();
    A(d, c) = P.y(i);
    A(d + 1 + c, c) = 1;
    A(d + 1 + c, k) = -1;
    A(d + 1 + c, k + 1 + c) = 1;
    w += hard.alpha(i) / a * P.y(i) * P.X.row(i).transpose();
  }
  rhs.head(d) = w;
  Eigen::VectorXd cost = Eigen::VectorXd::Zero(2 * k + 1);
  cost(k) = 1;
  const auto z = simplex(A, rhs, cost);
  if (!z) return out;
  Eigen::VectorXd alpha = Eigen::VectorXd::Zero(P.X.rows());
  for (Eigen::Index c = 0; c < k; ++c) alpha(active[static_cast<std::size_t>(c)]) = a * (*z)(c);
  // Accepted when it is a set of multipliers of (2) as good as the given one, and no worse a bound.
  const double t = alpha.maxCoeff();
  if (!(t <= out.C) || svm_kkt_residual(P, hard.w, hard.b, hard.xi, alpha) > std::max(1e-9, 10 * hard.kkt_residual)) return out;
  out.C = t;
  out.alpha = alpha;
  out.solved = true;
  return out;
}

}  // namespace

HardMarginThreshold svm_hard_margin_threshold(const SvmProblem& P, const SvmSolution& hard) {
  // The active points: those with y_i f_i = 1, to rounding and a relative 1e-9.
  std::vector<Eigen::Index> active;
  const Eigen::VectorXd yf = P.y.cwiseProduct(P.X * hard.w + Eigen::VectorXd::Constant(P.X.rows(), hard.b));
  for (Eigen::Index i = 0; i < P.X.rows(); ++i)
    if (std::fabs(yf(i) - 1) <= 1e-9 + svm_margin_rounding(P, hard.w, hard.b, i)) active.push_back(i);
  // The program in the solvers' units: on the data as given, with an offset, its rows Σα_i y_i x_i = w
  // would be nearly parallel to Σα_i y_i = 0 (every x_i ≈ c), and the simplex's absolute pivot
  // tolerance meant for entries of order 1 would cut what tells them apart.
  const detail::Units u = detail::units_of(P.X);
  if (u.identity()) return threshold(P, hard, active);
  HardMarginThreshold t = threshold(detail::problem_in(P, u), detail::solution_in(hard, u), active);
  t.C /= u.scale * u.scale;
  t.alpha /= u.scale * u.scale;
  return t;
}

}  // namespace hw6::optim
