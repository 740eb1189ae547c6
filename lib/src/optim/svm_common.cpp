// Values, slacks, scales and KKT residuals shared by the SVM solvers (see optim/svm.hpp), and the
// change of units the solvers work in (svm_scaled.hpp).
#include "hw6/optim/svm.hpp"
#include "svm_scaled.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hw6::optim {

namespace {
/// φ(a) of the dual of (8), p > 1: (1 − 1/p)(pC)^(−1/(p−1)) a^(p/(p−1)).
double penalty(double a, double C, double p) {
  if (p == 1 || a <= 0) return 0;
  return (1 - 1 / p) * std::pow(p * C, -1 / (p - 1)) * std::pow(a, p / (p - 1));
}
/// v measured in units of `scale`; a zero scale (no such quantity in the problem) leaves v as it is.
double relative(double v, double scale) { return scale > 0 ? v / scale : v; }
}  // namespace

double svm_data_scale(const Eigen::MatrixXd& X) {
  const double R = X.rows() == 0 ? 0.0 : X.rowwise().norm().maxCoeff();
  if (!(R > 0) || !std::isfinite(R)) return 1;
  return std::ldexp(1.0, static_cast<int>(std::lround(std::log2(R))));
}

SvmScales svm_scales(const SvmProblem& P, const Eigen::VectorXd& w, const Eigen::VectorXd& alpha) {
  SvmScales s;
  if (P.X.rows() == 0) return s;
  const Eigen::VectorXd norms = P.X.rowwise().norm();
  const Eigen::VectorXd a = alpha.cwiseAbs();
  s.R = norms.maxCoeff();
  s.alpha = a.maxCoeff();
  s.w = std::max(w.size() ? w.cwiseAbs().maxCoeff() : 0.0, (P.X.cwiseAbs().transpose() * a).maxCoeff());
  s.margin = std::min(1.0, s.R * std::max(w.norm(), a.dot(norms)));
  return s;
}

double svm_margin_rounding(const SvmProblem& P, const Eigen::VectorXd& w, double b, Eigen::Index i) {
  // A dot product of d terms and one addition: each rounding at most ε times the running sum of
  // magnitudes; 4(d + 2)ε covers it with room (the bound of Higham, "Accuracy and Stability of
  // Numerical Algorithms", §3.1, is (d + 1)ε to first order), and the 1 of "margin − 1" is added.
  const double eps = std::numeric_limits<double>::epsilon();
  const double magnitude = P.X.row(i).cwiseAbs().dot(w.cwiseAbs()) + std::fabs(b) + 1;
  return 4 * static_cast<double>(P.X.cols() + 2) * eps * magnitude;
}

double svm_primal_value(const SvmProblem& P, const Eigen::VectorXd& w, const Eigen::VectorXd& xi) {
  double value = 0.5 * w.squaredNorm();
  if (std::isfinite(P.C)) {
    for (Eigen::Index i = 0; i < xi.size(); ++i) value += P.C * (P.p == 1 ? xi(i) : std::pow(std::max(0.0, xi(i)), P.p));
  }
  return value;
}

double svm_dual_value(const SvmProblem& P, const Eigen::VectorXd& alpha) {
  const Eigen::VectorXd w = P.X.transpose() * alpha.cwiseProduct(P.y);
  double value = alpha.sum() - 0.5 * w.squaredNorm();
  if (std::isfinite(P.C) && P.p > 1)
    for (Eigen::Index i = 0; i < alpha.size(); ++i) value -= penalty(alpha(i), P.C, P.p);
  return value;
}

Eigen::VectorXd svm_slacks(const SvmProblem& P, const Eigen::VectorXd& w, double b) {
  const Eigen::VectorXd margin = P.y.cwiseProduct((P.X * w).array().matrix() + Eigen::VectorXd::Constant(P.X.rows(), b));
  return (1.0 - margin.array()).max(0.0).matrix();
}

double svm_kkt_residual(const SvmProblem& P, const Eigen::VectorXd& w, double b, const Eigen::VectorXd& xi,
                        const Eigen::VectorXd& alpha) {
  const Eigen::Index n = P.X.rows();
  const SvmScales sc = svm_scales(P, w, alpha);
  double r = relative((w - P.X.transpose() * alpha.cwiseProduct(P.y)).cwiseAbs().maxCoeff(), sc.w);  // ∂/∂w
  r = std::max(r, relative(std::fabs(alpha.dot(P.y)), alpha.cwiseAbs().sum()));                      // ∂/∂b
  const Eigen::VectorXd margin = P.y.cwiseProduct((P.X * w).array().matrix() + Eigen::VectorXd::Constant(n, b));
  const bool soft = std::isfinite(P.C);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double slack = soft ? xi(i) : 0.0;
    const double rounding = svm_margin_rounding(P, w, b, i) + 4 * std::numeric_limits<double>::epsilon() * std::fabs(slack);
    // The margin conditions, beyond what rounding explains, in units of what margins vary by.
    auto beyond = [&](double v) { return relative(std::max(0.0, v - rounding), sc.margin); };
    r = std::max(r, beyond(1 - slack - margin(i)));                        // primal feasibility
    r = std::max(r, relative(-slack, sc.margin));                          // ξ ≥ 0
    r = std::max(r, relative(-alpha(i), sc.alpha));                        // α ≥ 0
    r = std::max(r, relative(alpha(i), sc.alpha) * beyond(std::fabs(margin(i) - 1 + slack)));  // α_i (y_i f_i − 1 + ξ_i) = 0
    if (soft && P.p == 1) {
      r = std::max(r, relative(alpha(i) - P.C, P.C));                      // α ≤ C
      r = std::max(r, relative(P.C - alpha(i), P.C) * beyond(slack));      // (C − α_i) ξ_i = 0
    } else if (soft) {
      // ∂/∂ξ_i: pCξ^(p−1) = α_i.
      r = std::max(r, relative(std::fabs(P.p * P.C * std::pow(std::max(0.0, slack), P.p - 1) - alpha(i)), sc.alpha));
    }
  }
  return r;
}

}  // namespace hw6::optim

namespace hw6::optim::detail {

SvmProblem scaled_problem(const SvmProblem& P, double s) {
  SvmProblem Q{P.X / s, P.y, P.C * s * s, P.p};
  return Q;
}

SvmSolution to_scaled(SvmSolution sol, double s) {
  sol.w *= s;
  sol.alpha *= s * s;
  sol.primal *= s * s;
  sol.dual *= s * s;
  return sol;
}

SvmSolution from_scaled(const SvmProblem& P, SvmSolution sol, double s) {
  sol.w /= s;
  sol.alpha /= s * s;
  sol.primal /= s * s;
  sol.dual /= s * s;
  if (sol.w.size() == P.X.cols() && sol.alpha.size() == P.X.rows() && sol.xi.size() == P.X.rows())
    sol.kkt_residual = svm_kkt_residual(P, sol.w, sol.b, sol.xi, sol.alpha);
  return sol;
}

}  // namespace hw6::optim::detail
