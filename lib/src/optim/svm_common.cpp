// Values, slacks and KKT residuals shared by the SVM solvers (see optim/svm.hpp).
#include "hw6/optim/svm.hpp"

#include <algorithm>
#include <cmath>

namespace hw6::optim {

namespace {
/// φ(a) of the dual of (8), p > 1: (1 − 1/p)(pC)^(−1/(p−1)) a^(p/(p−1)).
double penalty(double a, double C, double p) {
  if (p == 1 || a <= 0) return 0;
  return (1 - 1 / p) * std::pow(p * C, -1 / (p - 1)) * std::pow(a, p / (p - 1));
}
}  // namespace

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
  const double alpha_scale = std::max(1.0, alpha.cwiseAbs().maxCoeff());
  const double w_scale = std::max(1.0, w.cwiseAbs().maxCoeff());
  double r = (w - P.X.transpose() * alpha.cwiseProduct(P.y)).cwiseAbs().maxCoeff() / w_scale;  // ∂/∂w
  r = std::max(r, std::fabs(alpha.dot(P.y)) / alpha_scale);                                   // ∂/∂b
  const Eigen::VectorXd margin = P.y.cwiseProduct((P.X * w).array().matrix() + Eigen::VectorXd::Constant(n, b));
  const bool soft = std::isfinite(P.C);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double slack = soft ? xi(i) : 0.0;
    r = std::max(r, 1 - slack - margin(i));                       // primal feasibility
    r = std::max(r, -slack);                                      // ξ ≥ 0
    r = std::max(r, -alpha(i) / alpha_scale);                     // α ≥ 0
    r = std::max(r, alpha(i) * std::fabs(margin(i) - 1 + slack) / alpha_scale);  // α_i (y_i f_i − 1 + ξ_i) = 0
    if (soft && P.p == 1) {
      r = std::max(r, (alpha(i) - P.C) / std::max(1.0, P.C));                   // α ≤ C
      r = std::max(r, (P.C - alpha(i)) * slack / std::max(1.0, P.C));           // (C − α_i) ξ_i = 0
    } else if (soft) {
      // ∂/∂ξ_i: pCξ^(p−1) = α_i.
      r = std::max(r, std::fabs(P.p * P.C * std::pow(std::max(0.0, slack), P.p - 1) - alpha(i)) / alpha_scale);
    }
  }
  return r;
}

}  // namespace hw6::optim
