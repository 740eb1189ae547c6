// ℓ1-regularized logistic regression by newGLMNET, and its λ path. See optim/l1logreg.hpp.
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

L1LogRegSolution l1_logreg(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, double lambda, double tol, int max_inner_sweeps,
                           const L1LogRegSolution* warm, const std::vector<bool>* only) {
  // newGLMNET (Yuan, Ho & Lin, "An improved GLMNET for L1-regularized logistic regression",
  // JMLR 13, 2012): each outer iteration minimizes the quadratic model
  //   gᵀd + ½ dᵀ(X̄ᵀWX̄/m + νI)d + λ‖β + d‖₁      (W = diag σ(z)σ(−z), intercept unpenalized)
  // by coordinate descent, which needs no exponentials (the residual r = X̄d is maintained), then
  // takes an Armijo step on the true objective. The inner accuracy tightens as the outer residual falls.
  const Eigen::Index m = Xbar.rows(), p = Xbar.cols();
  const double mm = double(m), nu = 1e-12;
  L1LogRegSolution s;
  s.beta = Eigen::VectorXd::Zero(p);
  if (warm && warm->beta.size() == p) s.beta = warm->beta, s.c = warm->c;
  auto allowed = [&](Eigen::Index j) { return !only || (*only)[static_cast<std::size_t>(j)]; };
  Eigen::VectorXd z = margins(Xbar, b, s.beta, s.c), sig(m), wgt(m);
  double loss_sum = 0;
  auto refresh = [&]() {
    loss_sum = 0;
    for (Eigen::Index i = 0; i < m; ++i) {
      const double e = std::exp(-std::fabs(z(i)));
      sig(i) = z(i) >= 0 ? e / (1 + e) : 1 / (1 + e);  // σ(−z_i)
      wgt(i) = sig(i) * (1 - sig(i));
      loss_sum += std::log1p(e) + (z(i) < 0 ? -z(i) : 0.0);
    }
  };
  refresh();
  auto kkt_of = [&](Eigen::Index j, double grad) {
    return s.beta(j) != 0 ? std::fabs(grad + lambda * (s.beta(j) > 0 ? 1 : -1)) : std::max(0.0, std::fabs(grad) - lambda);
  };
  double inner_tol = 0.1;
  int inner_total = 0;
  for (int outer = 0; outer < 1000 && inner_total < max_inner_sweeps; ++outer) {
    s.iterations = outer;
    // Gradient, KKT residual, and the working set: nonzeros and violators.
    const Eigen::VectorXd grad = -(Xbar.transpose() * sig) / mm;
    const double grad_c = -b.dot(sig) / mm;
    double kkt = std::fabs(grad_c);
    std::vector<Eigen::Index> work;
    for (Eigen::Index j = 0; j < p; ++j) {
      if (!allowed(j)) continue;
      const double k = kkt_of(j, grad(j));
      kkt = std::max(kkt, k);
      if (s.beta(j) != 0 || k > 0) work.push_back(j);
    }
    s.kkt_residual = kkt;
    if (kkt <= tol) {
      s.converged = true;
      break;
    }
    // Inner coordinate descent on the quadratic model, over the working set and the intercept.
    Eigen::VectorXd d = Eigen::VectorXd::Zero(p), r = Eigen::VectorXd::Zero(m);  // r = X̄d + b·dc
    double dc = 0;
    std::vector<double> hjj(work.size());
    for (std::size_t k = 0; k < work.size(); ++k) hjj[k] = Xbar.col(work[k]).cwiseAbs2().dot(wgt) / mm + nu;
    const double hcc = b.cwiseAbs2().dot(wgt) / mm + nu;
    for (int inner = 0; inner < 1000; ++inner, ++inner_total) {
      double change = 0;
      {  // intercept
        const double gq = grad_c + b.dot(wgt.cwiseProduct(r)) / mm + nu * dc;
        const double step = -gq / hcc;
        dc += step;
        r += step * b;
        change = std::max(change, std::fabs(step) * std::sqrt(hcc));
      }
      for (std::size_t k = 0; k < work.size(); ++k) {
        const Eigen::Index j = work[k];
        const double h = hjj[k];
        const double gq = grad(j) + Xbar.col(j).dot(wgt.cwiseProduct(r)) / mm + nu * d(j);
        const double v = s.beta(j) + d(j);  // the model's current coefficient
        double step;
        if (gq + lambda <= h * v) step = -(gq + lambda) / h;
        else if (gq - lambda >= h * v) step = -(gq - lambda) / h;
        else step = -v;
        if (step == 0) continue;
        d(j) += step;
        r += step * Xbar.col(j);
        change = std::max(change, std::fabs(step) * std::sqrt(h));
      }
      if (change <= inner_tol * std::max(kkt, 1e-14)) break;
    }
    // Armijo on F(β + t d, c + t dc).
    double delta = grad.dot(d) + grad_c * dc;
    for (Eigen::Index j = 0; j < p; ++j) delta += lambda * (std::fabs(s.beta(j) + d(j)) - std::fabs(s.beta(j)));
    const double base = loss_sum / mm + lambda * s.beta.cwiseAbs().sum();
    bool moved = false;
    for (double t = 1; t > 1e-12; t *= 0.5) {
      double trial = 0;
      for (Eigen::Index i = 0; i < m; ++i) trial += loss(z(i) + t * r(i));
      trial = trial / mm + lambda * (s.beta + t * d).cwiseAbs().sum();
      if (trial - base <= 0.01 * t * delta + 1e-14 * std::max(1.0, std::fabs(base))) {
        s.beta += t * d;
        s.c += t * dc;
        z += t * r;
        moved = true;
        break;
      }
    }
    if (outer % 8 == 7) z = margins(Xbar, b, s.beta, s.c);  // against drift
    refresh();
    inner_tol = std::max(1e-6, inner_tol * 0.25);
    if (!moved) inner_tol *= 0.01;
  }
  s.objective = l1_logreg_objective(Xbar, b, lambda, s.beta, s.c);
  s.kkt_residual = l1_logreg_kkt(Xbar, b, lambda, s.beta, s.c);
  if (only) {  // converged means: over the allowed coordinates
    const Eigen::VectorXd grad = -(Xbar.transpose() * l1_logreg_theta(Xbar, b, s.beta, s.c)) / mm;
    double k = std::fabs(l1_logreg_theta(Xbar, b, s.beta, s.c).dot(b)) / mm;
    for (Eigen::Index j = 0; j < p; ++j)
      if (allowed(j)) k = std::max(k, kkt_of(j, grad(j)));
    s.converged = k <= tol;
  }
  return s;
}

std::vector<L1LogRegSolution> l1_logreg_path(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, const std::vector<double>& lambdas,
                                             bool screening, double tol, PathStats* stats) {
  // Sequential strong rule (Tibshirani et al., "Strong rules for discarding predictors in
  // lasso-type problems", JRSS B 74, 2012): at λ_k keep feature j only if
  // |(X̄ᵀθ(λ_{k−1}))_j| ≥ m(2λ_k − λ_{k−1}). The rule can err, so the KKT condition of every
  // discarded feature is verified after the solve, and violators are added back: the result is exact.
  const Eigen::Index p = Xbar.cols();
  const double m = double(Xbar.rows());
  std::vector<L1LogRegSolution> out;
  out.reserve(lambdas.size());
  L1LogRegSolution warm;
  warm.beta = Eigen::VectorXd::Zero(p);
  double prev_lambda = l1_logreg_lambda_max(Xbar, b);
  Eigen::VectorXd prev_corr = Eigen::VectorXd::Constant(p, prev_lambda * m);  // |X̄ᵀθ| ≤ mλ_max
  {
    // θ at λ_max (β = 0): the closed form of l1_logreg_lambda_max.
    const double mp = double((b.array() > 0).count()), mn = m - mp;
    Eigen::VectorXd theta(b.size());
    for (Eigen::Index i = 0; i < b.size(); ++i) theta(i) = b(i) > 0 ? mn / m : mp / m;
    prev_corr = (Xbar.transpose() * theta).cwiseAbs();
  }
  for (double lambda : lambdas) {
    std::vector<bool> keep(static_cast<std::size_t>(p), true);
    if (screening) {
      for (Eigen::Index j = 0; j < p; ++j)
        keep[static_cast<std::size_t>(j)] = warm.beta(j) != 0 || prev_corr(j) >= m * (2 * lambda - prev_lambda);
    }
    L1LogRegSolution s;
    for (int round = 0; round < 100; ++round) {
      s = l1_logreg(Xbar, b, lambda, tol, 100000, &warm, screening ? &keep : nullptr);
      if (!screening) break;
      const Eigen::VectorXd grad = -(Xbar.transpose() * l1_logreg_theta(Xbar, b, s.beta, s.c)) / m;
      bool added = false;
      for (Eigen::Index j = 0; j < p; ++j)
        if (!keep[static_cast<std::size_t>(j)] && std::fabs(grad(j)) > lambda + tol) keep[static_cast<std::size_t>(j)] = true, added = true;
      if (stats) stats->kkt_rechecks++;
      if (!added) break;
      if (stats) stats->violations++;
      warm = s;
    }
    if (stats) {
      std::size_t kept = 0;
      for (bool k : keep) kept += k ? 1 : 0;
      stats->kept_total += kept;
      stats->features_total += static_cast<std::size_t>(p);
    }
    prev_corr = (Xbar.transpose() * l1_logreg_theta(Xbar, b, s.beta, s.c)).cwiseAbs();
    prev_lambda = lambda;
    warm = s;
    out.push_back(s);
  }
  return out;
}

}  // namespace hw6::optim
