// Primal-dual interior-point method for (2) and (6) with a (d+1)×(d+1) Newton system.
// Ferris & Munson, "Interior-point methods for massive support vector machines", SIAM J. Optim.
// 13(3), 2002; predictor-corrector of Mehrotra, SIAM J. Optim. 2(4), 1992.
//
// Variables z = (w, b), ξ (soft margin only), s = Az + ξ − 1 ≥ 0 with A = diag(y)[X 1], and the
// multipliers α ≥ 0 of s and μ ≥ 0 of ξ. KKT:
//   Hz − Aᵀα = 0 (H = diag(I, 0)),  C − α − μ = 0,  Az + ξ − 1 − s = 0,  α∘s = 0,  μ∘ξ = 0.
// Eliminating Δs, Δξ, Δμ and Δα leaves (H + AᵀD⁻¹A)Δz = rhs with D = s/α + ξ/μ, where
// AᵀD⁻¹A = [X 1]ᵀ D⁻¹ [X 1] because y_i² = 1: O(n·d²) to form, O(d³) to factor.
#include "hw6/optim/svm.hpp"
#include "svm_scaled.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hw6::optim {

namespace {

/// Largest t in (0, 1] with v + t·dv ≥ 0.
double max_step(const Eigen::VectorXd& v, const Eigen::VectorXd& dv) {
  double t = 1.0;
  for (Eigen::Index i = 0; i < v.size(); ++i)
    if (dv(i) < 0) t = std::min(t, -v(i) / dv(i));
  return t;
}

/// The method on P as given; svm_interior_point calls it in centred, scaled units (svm_scaled.hpp), where
/// max‖xᵢ‖ ≈ 1, but every test below is also relative to the iterate's own scales (SvmScales), so
/// that a small C·R² (α ~ C, margins 1 ± ~C·R²) is solved to the same relative accuracy.
SvmSolution interior_point(const SvmProblem& P, double tol, int max_iterations) {
  const Eigen::Index n = P.X.rows(), d = P.X.cols();
  const bool soft = std::isfinite(P.C);
  const Eigen::VectorXd& y = P.y;
  Eigen::VectorXd w = Eigen::VectorXd::Zero(d);
  double b = 0;
  Eigen::VectorXd s = Eigen::VectorXd::Ones(n), alpha = Eigen::VectorXd::Ones(n);
  Eigen::VectorXd xi, mu;
  if (soft) {
    alpha.setConstant(std::min(1.0, P.C / 2));
    xi = Eigen::VectorXd::Ones(n);
    mu = Eigen::VectorXd::Constant(n, P.C) - alpha;
  }
  const double eps = std::numeric_limits<double>::epsilon();
  const Eigen::VectorXd abs_x_sum = P.X.cwiseAbs().rowwise().sum();
  SvmSolution out;
  out.method = "primal-dual interior point (Mehrotra), (d+1)×(d+1) normal equations";
  // On degenerate problems (an active constraint with a zero multiplier) the iterates can stall
  // short of `tol` and then break down; the best iterate is kept, and accepted as converged when
  // its residuals are below `accept` (the active-set polish then makes small problems exact).
  const double accept = std::max(tol, 1e-8);
  double best_merit = kInfinity;
  Eigen::VectorXd best_w = w, best_alpha = alpha;
  double best_b = b;

  for (int it = 0; it < max_iterations; ++it) {
    out.iterations = it + 1;
    const Eigen::VectorXd f = P.X * w + Eigen::VectorXd::Constant(n, b);
    const Eigen::VectorXd ya = y.cwiseProduct(alpha);
    const Eigen::VectorXd r_w = w - P.X.transpose() * ya;
    const double r_b = -ya.sum();
    Eigen::VectorXd r_p = y.cwiseProduct(f) - Eigen::VectorXd::Ones(n) - s;
    Eigen::VectorXd r_xi;
    if (soft) {
      r_p += xi;
      r_xi = Eigen::VectorXd::Constant(n, P.C) - alpha - mu;
    }
    const double gap_measure = soft ? (alpha.dot(s) + mu.dot(xi)) / double(2 * n) : alpha.dot(s) / double(n);

    // Convergence: residuals and complementarity, each relative to its own scale; a margin residual
    // counts beyond the rounding of ⟨w,x_i⟩ + b (a margin 1 ± 1e-11 is resolved only to ~1e-16).
    const SvmScales sc = svm_scales(P, w, alpha);
    const double scale_a = sc.alpha > 0 ? sc.alpha : 1.0, scale_m = sc.margin > 0 ? sc.margin : 1.0;
    const double w_abs = w.cwiseAbs().maxCoeff();
    double r_p_beyond = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double rounding = 8 * eps * (abs_x_sum(i) * w_abs + std::fabs(b) + 1 + s(i) + (soft ? xi(i) : 0.0));
      r_p_beyond = std::max(r_p_beyond, std::fabs(r_p(i)) - rounding);
    }
    const double res = std::max({r_w.cwiseAbs().maxCoeff() / (sc.w > 0 ? sc.w : 1.0), std::fabs(r_b) / std::max(alpha.cwiseAbs().sum(), 1e-300),
                                 r_p_beyond / scale_m, soft ? r_xi.cwiseAbs().maxCoeff() / P.C : 0.0});
    const double merit = std::max(res, gap_measure / (scale_a * scale_m));
    if (!std::isfinite(merit)) break;
    if (merit < best_merit) best_merit = merit, best_w = w, best_b = b, best_alpha = alpha;
    if (res <= tol && gap_measure <= tol * scale_a * scale_m) break;
    if (!soft && alpha.maxCoeff() > 1e13) break;  // multipliers diverge: (2) is infeasible

    const Eigen::VectorXd D = soft ? (s.cwiseQuotient(alpha) + xi.cwiseQuotient(mu)).eval() : s.cwiseQuotient(alpha).eval();
    const Eigen::VectorXd Dinv = D.cwiseInverse();
    // M = H + [X 1]ᵀ D⁻¹ [X 1]
    Eigen::MatrixXd M(d + 1, d + 1);
    M.topLeftCorner(d, d).noalias() = P.X.transpose() * Dinv.asDiagonal() * P.X;
    M.topLeftCorner(d, d).diagonal().array() += 1.0;
    M.topRightCorner(d, 1).noalias() = P.X.transpose() * Dinv;
    M.bottomLeftCorner(1, d) = M.topRightCorner(d, 1).transpose();
    M(d, d) = Dinv.sum() + 1e-14 * Dinv.maxCoeff();
    Eigen::LDLT<Eigen::MatrixXd> ldlt(M);

    struct Direction {
      Eigen::VectorXd dz, dalpha, ds, dxi, dmu;
    };
    auto solve = [&](const Eigen::VectorXd& r_as, const Eigen::VectorXd& r_mx) {
      Direction dir;
      Eigen::VectorXd g = -r_p - r_as.cwiseQuotient(alpha);
      if (soft) g += (xi.cwiseProduct(r_xi) + r_mx).cwiseQuotient(mu);
      // rhs = −r_z + AᵀD⁻¹g, with Aᵀv = [Xᵀ(y∘v); yᵀv].
      const Eigen::VectorXd v = y.cwiseProduct(Dinv.cwiseProduct(g));
      Eigen::VectorXd rhs(d + 1);
      rhs.head(d) = -r_w + P.X.transpose() * v;
      rhs(d) = -r_b + v.sum();
      dir.dz = ldlt.solve(rhs);
      const Eigen::VectorXd Adz = y.cwiseProduct(P.X * dir.dz.head(d) + Eigen::VectorXd::Constant(n, dir.dz(d)));
      dir.dalpha = Dinv.cwiseProduct(g - Adz);
      dir.ds = (-r_as - s.cwiseProduct(dir.dalpha)).cwiseQuotient(alpha);
      if (soft) {
        dir.dxi = (xi.cwiseProduct(dir.dalpha) - xi.cwiseProduct(r_xi) - r_mx).cwiseQuotient(mu);
        dir.dmu = r_xi - dir.dalpha;
      }
      return dir;
    };
    auto step_length = [&](const Direction& dir) {
      double t = std::min(max_step(alpha, dir.dalpha), max_step(s, dir.ds));
      if (soft) t = std::min({t, max_step(xi, dir.dxi), max_step(mu, dir.dmu)});
      return t;
    };

    // Predictor (affine scaling), then Mehrotra's corrector with centring σ = (μ_aff/μ)³.
    Eigen::VectorXd r_as = alpha.cwiseProduct(s), r_mx = soft ? mu.cwiseProduct(xi).eval() : Eigen::VectorXd();
    const Direction aff = solve(r_as, r_mx);
    const double t_aff = step_length(aff);
    double gap_aff = (alpha + t_aff * aff.dalpha).dot(s + t_aff * aff.ds);
    if (soft) gap_aff = (gap_aff + (mu + t_aff * aff.dmu).dot(xi + t_aff * aff.dxi)) / double(2 * n);
    else gap_aff /= double(n);
    const double sigma = std::pow(std::max(0.0, gap_aff) / gap_measure, 3);
    r_as += aff.dalpha.cwiseProduct(aff.ds) - Eigen::VectorXd::Constant(n, sigma * gap_measure);
    if (soft) r_mx += aff.dmu.cwiseProduct(aff.dxi) - Eigen::VectorXd::Constant(n, sigma * gap_measure);
    const Direction dir = solve(r_as, r_mx);
    const double t = std::min(1.0, 0.995 * step_length(dir));
    if (!(t > 1e-14)) break;  // stalled

    w += t * dir.dz.head(d);
    b += t * dir.dz(d);
    alpha += t * dir.dalpha;
    s += t * dir.ds;
    if (soft) {
      xi += t * dir.dxi;
      mu += t * dir.dmu;
    }
  }
  out.converged = best_merit <= accept;
  out.w = best_w;
  out.b = best_b;
  out.alpha = best_alpha;
  // ξ from the returned (w, b), not from the last iterate: after a breakdown the last iterate may
  // be NaN while the best one is sound.
  out.xi = soft ? svm_slacks(P, out.w, out.b) : Eigen::VectorXd::Zero(n);
  out.primal = svm_primal_value(P, out.w, out.xi);
  out.dual = svm_dual_value(P, out.alpha);
  out.kkt_residual = svm_kkt_residual(P, out.w, out.b, out.xi, out.alpha);
  return out;
}

}  // namespace

SvmSolution svm_interior_point(const SvmProblem& P, double tol, int max_iterations) {
  return detail::solve_in_units(P, [&](const SvmProblem& Q) { return interior_point(Q, tol, max_iterations); });
}

}  // namespace hw6::optim
