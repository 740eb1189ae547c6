// ℓ1-regularized logistic regression by coordinate descent (CDN). See optim/l1logreg.hpp.
#include "hw6/optim/l1logreg.hpp"

#include <algorithm>
#include <cmath>

namespace hw6::optim {

namespace {

/// ln(1 + e^(−z)), stable for every z.
double loss(double z) { return z > 0 ? std::log1p(std::exp(-z)) : -z + std::log1p(std::exp(z)); }
/// σ(−z) = 1/(1 + e^z), stable.
double sigma_neg(double z) {
  if (z >= 0) {
    const double e = std::exp(-z);
    return e / (1 + e);
  }
  return 1 / (1 + std::exp(z));
}

Eigen::VectorXd margins(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, const Eigen::VectorXd& beta, double c) {
  return Xbar * beta + c * b;
}

}  // namespace

double l1_logreg_objective(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, double lambda, const Eigen::VectorXd& beta, double c) {
  const Eigen::VectorXd z = margins(Xbar, b, beta, c);
  double s = 0;
  for (Eigen::Index i = 0; i < z.size(); ++i) s += loss(z(i));
  return s / double(z.size()) + lambda * beta.cwiseAbs().sum();
}

Eigen::VectorXd l1_logreg_theta(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, const Eigen::VectorXd& beta, double c) {
  const Eigen::VectorXd z = margins(Xbar, b, beta, c);
  return z.unaryExpr([](double t) { return sigma_neg(t); });
}

double l1_logreg_kkt(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, double lambda, const Eigen::VectorXd& beta, double c) {
  const double m = double(Xbar.rows());
  const Eigen::VectorXd theta = l1_logreg_theta(Xbar, b, beta, c);
  const Eigen::VectorXd grad = -(Xbar.transpose() * theta) / m;  // ∂/∂β of the smooth part
  double r = std::fabs(theta.dot(b)) / m;                          // ∂/∂c
  for (Eigen::Index j = 0; j < beta.size(); ++j)
    r = std::max(r, beta(j) != 0 ? std::fabs(grad(j) + lambda * (beta(j) > 0 ? 1 : -1)) : std::max(0.0, std::fabs(grad(j)) - lambda));
  return r;
}

double l1_logreg_dual(const Eigen::VectorXd& theta) {
  double s = 0;
  for (Eigen::Index i = 0; i < theta.size(); ++i) {
    const double t = theta(i);
    if (t > 0) s -= t * std::log(t);
    if (t < 1) s -= (1 - t) * std::log1p(-t);
  }
  return s / double(theta.size());
}

double l1_logreg_lambda_max(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b) {
  // With β = 0 the optimal c solves Σ b_i σ(−b_i c) = 0: m₊σ(−c) = m₋σ(c), so c = ln(m₊/m₋) and
  // θ_i = σ(−b_i c) is m₋/m for positive and m₊/m for negative points.
  const double m = double(b.size());
  const double mp = double((b.array() > 0).count()), mn = m - mp;
  Eigen::VectorXd theta(b.size());
  for (Eigen::Index i = 0; i < b.size(); ++i) theta(i) = b(i) > 0 ? mn / m : mp / m;
  return (Xbar.transpose() * theta).cwiseAbs().maxCoeff() / m;
}

L1LogRegSolution l1_logreg(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, double lambda, double tol, int max_sweeps,
                           const L1LogRegSolution* warm, const std::vector<bool>* only) {
  const Eigen::Index m = Xbar.rows(), p = Xbar.cols();
  const double mm = double(m);
  L1LogRegSolution s;
  s.beta = Eigen::VectorXd::Zero(p);
  if (warm && warm->beta.size() == p) s.beta = warm->beta, s.c = warm->c;
  Eigen::VectorXd z = margins(Xbar, b, s.beta, s.c);
  auto allowed = [&](Eigen::Index j) { return !only || (*only)[static_cast<std::size_t>(j)]; };

  // One CDN step on a coordinate with column `col` and penalty weight `pen` (0 for c).
  auto step = [&](const Eigen::Ref<const Eigen::VectorXd>& col, double& value, double pen) {
    double g = 0, h = 0;
    for (Eigen::Index i = 0; i < m; ++i) {
      const double sn = sigma_neg(z(i));
      g -= sn * col(i);
      h += sn * (1 - sn) * col(i) * col(i);
    }
    g /= mm;
    h = h / mm + 1e-12;
    double d;
    if (g + pen <= h * value) d = -(g + pen) / h;
    else if (g - pen >= h * value) d = -(g - pen) / h;
    else d = -value;
    if (d == 0) return;
    const double delta = g * d + pen * (std::fabs(value + d) - std::fabs(value));
    double base = 0;
    for (Eigen::Index i = 0; i < m; ++i) base += loss(z(i));
    base = base / mm + pen * std::fabs(value);
    for (double t = 1; t > 1e-12; t *= 0.5) {
      double trial = 0;
      for (Eigen::Index i = 0; i < m; ++i) trial += loss(z(i) + t * d * col(i));
      trial = trial / mm + pen * std::fabs(value + t * d);
      // Armijo, tolerating the rounding of the loss sum (m terms): near the optimum the predicted
      // decrease is below it, and an exact test would reject every step.
      if (trial - base <= 0.01 * t * delta + 1e-14 * std::max(1.0, std::fabs(base))) {
        z += (t * d) * col;
        value += t * d;
        return;
      }
    }
  };

  // KKT residual over the coordinates in `set` (all allowed ones, or only the nonzero ones), from
  // the maintained margins z.
  auto residual = [&](bool nonzero_only) {
    Eigen::VectorXd theta(m);
    for (Eigen::Index i = 0; i < m; ++i) theta(i) = sigma_neg(z(i));
    double r = std::fabs(theta.dot(b)) / mm;
    for (Eigen::Index j = 0; j < p; ++j) {
      if (!allowed(j) || (nonzero_only && s.beta(j) == 0)) continue;
      const double grad = -Xbar.col(j).dot(theta) / mm;
      r = std::max(r, s.beta(j) != 0 ? std::fabs(grad + lambda * (s.beta(j) > 0 ? 1 : -1)) : std::max(0.0, std::fabs(grad) - lambda));
    }
    return r;
  };

  // A full sweep; then sweeps over the nonzero coordinates until they settle; then a full sweep
  // again. Converged when a full sweep ends with every KKT condition within tol.
  bool full = true;
  int since_full = 0;
  for (s.sweeps = 0; s.sweeps < max_sweeps; ++s.sweeps) {
    step(b, s.c, 0.0);
    for (Eigen::Index j = 0; j < p; ++j) {
      if (!allowed(j) || (!full && s.beta(j) == 0)) continue;
      double v = s.beta(j);
      step(Xbar.col(j), v, lambda);
      s.beta(j) = v;
    }
    if (s.sweeps % 16 == 15) z = margins(Xbar, b, s.beta, s.c);  // against drift
    if (full) {
      if (residual(false) <= tol) {
        s.converged = true;
        break;
      }
      full = false;
      since_full = 0;
    } else if (residual(true) <= 0.5 * tol || ++since_full >= 100) {
      full = true;
    }
  }
  s.objective = l1_logreg_objective(Xbar, b, lambda, s.beta, s.c);
  s.kkt_residual = l1_logreg_kkt(Xbar, b, lambda, s.beta, s.c);
  return s;
}

}  // namespace hw6::optim
