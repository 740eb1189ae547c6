// Values, slacks, scales and KKT residuals shared by the SVM solvers (see optim/svm.hpp), the
// centre and scale of the data, and the change of units the solvers work in (svm_scaled.hpp).
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

/// X − 1cᵀ, or X itself (no copy) when c = 0: the data as the measurements below see them.
class Centred {
 public:
  Centred(const Eigen::MatrixXd& X, const Eigen::VectorXd& c) : X_(&X) {
    if (!c.isZero(0)) own_ = X.rowwise() - c.transpose(), X_ = &own_;
  }
  const Eigen::MatrixXd& operator*() const { return *X_; }

 private:
  Eigen::MatrixXd own_;
  const Eigen::MatrixXd* X_;
};

/// b + sign·⟨w,c⟩ as if computed in twice the working precision and rounded once: Dot2 of Ogita,
/// Rump & Oishi, "Accurate sum and dot product", SIAM J. Sci. Comput. 26(6), 2005, with TwoSum
/// (Knuth) and TwoProduct by fma. Its error is at most ε/2·|result| + O(d·ε²)·Σ|wⱼcⱼ|: for an offset
/// c of 1e6 and b ≈ −⟨w,c⟩, about the rounding of b itself, where a plain dot product could lose
/// ε·Σ|wⱼcⱼ| to cancellation between the terms.
double plus_dot(double b, const Eigen::VectorXd& w, const Eigen::VectorXd& c, double sign) {
  double sum = b, err = 0;
  for (Eigen::Index j = 0; j < w.size(); ++j) {
    const double a = sign * w(j);
    const double p = a * c(j), p_err = std::fma(a, c(j), -p);
    const double t = sum + p, z = t - sum;
    err += ((sum - (t - z)) + (p - z)) + p_err;
    sum = t;
  }
  return sum + err;
}

/// svm_margin_rounding for data X. A dot product of d terms and one addition: each rounding at most
/// ε times the running sum of magnitudes; 4(d + 2)ε covers it with room (the bound of Higham,
/// "Accuracy and Stability of Numerical Algorithms", §3.1, is (d + 1)ε to first order), and the 1
/// of "margin − 1" is added.
double margin_rounding(const Eigen::MatrixXd& X, const Eigen::VectorXd& w, double b, Eigen::Index i) {
  const double eps = std::numeric_limits<double>::epsilon();
  const double magnitude = X.row(i).cwiseAbs().dot(w.cwiseAbs()) + std::fabs(b) + 1;
  return 4 * static_cast<double>(X.cols() + 2) * eps * magnitude;
}

/// The scales of svm_scales on data already centred.
SvmScales scales_of(const Eigen::MatrixXd& Xc, const Eigen::VectorXd& w, const Eigen::VectorXd& alpha) {
  SvmScales s;
  if (Xc.rows() == 0) return s;
  const Eigen::VectorXd norms = Xc.rowwise().norm();
  const Eigen::VectorXd a = alpha.cwiseAbs();
  s.R = norms.maxCoeff();
  s.alpha = a.maxCoeff();
  s.w = std::max(w.size() ? w.cwiseAbs().maxCoeff() : 0.0, (Xc.cwiseAbs().transpose() * a).maxCoeff());
  s.margin = std::min(1.0, s.R * std::max(w.norm(), a.dot(norms)));
  return s;
}
}  // namespace

// Why the midpoint, and why rounded. The midpoint of [min, max] minimizes max_i|x_ij − c_j|, the
// spread that the solvers' scale and the conditioning bound C·max‖xᵢ − c‖² use (the mean does not,
// and it rounds, in an order that depends on the points'). Rounding it to a multiple of 2^k, 2^k in
// (range/16, range/8], keeps it in the middle eighth of the range (the spread grows by at most
// range/16), and buys two things. (a) For a coordinate far from 0 every x_ij − c_j is exact: each
// x_ij is a multiple of q = ulp(min|x_ij|) ≤ 2^k, so is c_j, and the difference, at most 9/16 of the
// range, is below 2^53·q ≈ min|x_ij| whenever the range is below about the distance to 0, which is
// when moving matters. The solvers then see the data given, moved, and nothing else. (b) c is a
// short number (1000.5 and 1000.25 for the homework's points moved by 1000), and copies of data
// far from 0 that differ by a move of a multiple of 2^k get centres that differ by that move (up to
// a midpoint within rounding of a tie): the same centred data, the same w and α to the bit. A
// coordinate that reaches 0 is left alone (c_j = 0): moving it would at most halve max|x_ij|, and
// data about the origin are solved exactly as given, as before.
Eigen::VectorXd svm_data_centre(const Eigen::MatrixXd& X) {
  Eigen::VectorXd c = Eigen::VectorXd::Zero(X.cols());
  if (X.rows() == 0) return c;
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    const double lo = X.col(j).minCoeff(), hi = X.col(j).maxCoeff();
    if (!(lo > 0 || hi < 0) || !std::isfinite(lo) || !std::isfinite(hi)) continue;
    const double range = hi - lo, mid = lo + 0.5 * range;
    if (!(range > 0)) {
      c(j) = lo;  // a constant coordinate: every x_ij − c_j = 0
      continue;
    }
    const int k = std::ilogb(range) - 3;
    // Halves rounded up, not to even, so that a move by a multiple of 2^k commutes with the rounding;
    // from 2^(52+k) on every double is already a multiple of 2^k (and t + 0.5 would round).
    const double t = std::ldexp(mid, -k);
    c(j) = std::fabs(mid) >= std::ldexp(1.0, 52 + k) ? mid : std::ldexp(std::floor(t + 0.5), k);
  }
  return c;
}

double svm_data_spread(const Eigen::MatrixXd& X) {
  if (X.rows() == 0) return 0;
  return (*Centred(X, svm_data_centre(X))).rowwise().norm().maxCoeff();
}

double svm_data_scale(const Eigen::MatrixXd& X) {
  const double R = svm_data_spread(X);
  if (!(R > 0) || !std::isfinite(R)) return 1;
  return std::ldexp(1.0, static_cast<int>(std::lround(std::log2(R))));
}

double svm_bias_from_centred(const Eigen::VectorXd& w, double b_centred, const Eigen::VectorXd& c) { return plus_dot(b_centred, w, c, -1); }
double svm_bias_to_centred(const Eigen::VectorXd& w, double b, const Eigen::VectorXd& c) { return plus_dot(b, w, c, 1); }

Eigen::VectorXd svm_w_from_alpha(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& alpha) {
  if (X.rows() == 0) return Eigen::VectorXd::Zero(X.cols());
  return (*Centred(X, svm_data_centre(X))).transpose() * alpha.cwiseProduct(y);
}

SvmScales svm_scales(const SvmProblem& P, const Eigen::VectorXd& w, const Eigen::VectorXd& alpha) {
  if (P.X.rows() == 0) return SvmScales{};
  return scales_of(*Centred(P.X, svm_data_centre(P.X)), w, alpha);
}

double svm_margin_rounding(const SvmProblem& P, const Eigen::VectorXd& w, double b, Eigen::Index i) { return margin_rounding(P.X, w, b, i); }

double svm_primal_value(const SvmProblem& P, const Eigen::VectorXd& w, const Eigen::VectorXd& xi) {
  double value = 0.5 * w.squaredNorm();
  if (std::isfinite(P.C)) {
    for (Eigen::Index i = 0; i < xi.size(); ++i) value += P.C * (P.p == 1 ? xi(i) : std::pow(std::max(0.0, xi(i)), P.p));
  }
  return value;
}

double svm_dual_value(const SvmProblem& P, const Eigen::VectorXd& alpha) {
  const Eigen::VectorXd w = svm_w_from_alpha(P.X, P.y, alpha);
  double value = alpha.sum() - 0.5 * w.squaredNorm();
  if (std::isfinite(P.C) && P.p > 1)
    for (Eigen::Index i = 0; i < alpha.size(); ++i) value -= penalty(alpha(i), P.C, P.p);
  return value;
}

Eigen::VectorXd svm_slacks(const SvmProblem& P, const Eigen::VectorXd& w, double b) {
  const Eigen::VectorXd margin = P.y.cwiseProduct((P.X * w).array().matrix() + Eigen::VectorXd::Constant(P.X.rows(), b));
  return (1.0 - margin.array()).max(0.0).matrix();
}

// The KKT conditions are measured on the centred data, with b_c = b + ⟨w,c⟩. On the data as given,
// w − Σαᵢyᵢxᵢ and Σαᵢyᵢ carry terms of size |αᵢ|‖c‖ that cancel, and the scales they are divided by
// grow with them (SvmScales::w ~ Σ|αᵢ||x_ij|): α wrong by a relative 1e-6 (w = Σαᵢyᵢxᵢ broken,
// every margin intact) read as about 1e-12 at offsets of 1e4 … 1e6 and passed Exercise 1's checks
// (tests/test_svm_offset.cpp); and at a small C·R², where margins vary by only C·R², the margin
// scale would read 1. The margins are another matter: the stated b carries the rounding ε|b| ≈
// ε|⟨w,c⟩| wherever they are computed, so each is allowed the rounding of the margin on the data as
// given (svm_margin_rounding on P, which includes |b|) plus that of the centred computation.
double svm_kkt_residual(const SvmProblem& P, const Eigen::VectorXd& w, double b, const Eigen::VectorXd& xi,
                        const Eigen::VectorXd& alpha) {
  const Eigen::Index n = P.X.rows();
  if (n == 0) return 0;
  const Eigen::VectorXd c = svm_data_centre(P.X);
  const bool moved = !c.isZero(0);
  const Centred centred(P.X, c);
  const Eigen::MatrixXd& Xc = *centred;
  const double bc = moved ? svm_bias_to_centred(w, b, c) : b;
  const SvmScales sc = scales_of(Xc, w, alpha);
  double r = relative((w - Xc.transpose() * alpha.cwiseProduct(P.y)).cwiseAbs().maxCoeff(), sc.w);  // ∂/∂w
  r = std::max(r, relative(std::fabs(alpha.dot(P.y)), alpha.cwiseAbs().sum()));                     // ∂/∂b
  const Eigen::VectorXd margin = P.y.cwiseProduct((Xc * w).array().matrix() + Eigen::VectorXd::Constant(n, bc));
  const bool soft = std::isfinite(P.C);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double slack = soft ? xi(i) : 0.0;
    const double rounding = svm_margin_rounding(P, w, b, i) + (moved ? margin_rounding(Xc, w, bc, i) : 0.0) +
                            4 * std::numeric_limits<double>::epsilon() * std::fabs(slack);
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

Units units_of(const Eigen::MatrixXd& X) { return Units{svm_data_centre(X), svm_data_scale(X)}; }

SvmProblem problem_in(const SvmProblem& P, const Units& u) {
  // Exact: the subtraction for data far from the origin (svm_data_centre), the division by a power of two always.
  SvmProblem Q{(P.X.rowwise() - u.centre.transpose()) / u.scale, P.y, P.C * u.scale * u.scale, P.p};
  return Q;
}

SvmSolution solution_in(SvmSolution sol, const Units& u) {
  if (sol.w.size() == u.centre.size() && !u.centre.isZero(0)) sol.b = svm_bias_to_centred(sol.w, sol.b, u.centre);
  const double s = u.scale;
  sol.w *= s;
  sol.alpha *= s * s;
  sol.primal *= s * s;
  sol.dual *= s * s;
  return sol;
}

SvmSolution solution_from(const SvmProblem& P, SvmSolution sol, const Units& u) {
  const double s = u.scale;
  sol.w /= s;
  sol.alpha /= s * s;
  sol.primal /= s * s;
  sol.dual /= s * s;
  // Not for c = 0: data about the origin keep their b bit for bit (even a non-finite w, 0·∞, leaves it).
  if (sol.w.size() == u.centre.size() && !u.centre.isZero(0)) sol.b = svm_bias_from_centred(sol.w, sol.b, u.centre);
  if (sol.w.size() == P.X.cols() && sol.alpha.size() == P.X.rows() && sol.xi.size() == P.X.rows())
    sol.kkt_residual = svm_kkt_residual(P, sol.w, sol.b, sol.xi, sol.alpha);
  return sol;
}

}  // namespace hw6::optim::detail
