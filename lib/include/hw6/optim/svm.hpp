#pragma once
/// Linear SVM solvers for homework Exercises 1 and 4. No printing: each returns a result with its
/// status, objective values and residuals.
///
///   (2)  min ½‖w‖²                 s.t. y_i(⟨w,x_i⟩+b) ≥ 1
///   (6)  min ½‖w‖² + C Σ ξ_i       s.t. y_i(⟨w,x_i⟩+b) ≥ 1 − ξ_i, ξ ≥ 0
///   (8)  min ½‖w‖² + C Σ ξ_i^p     (p > 1; the same constraints)
///   (7)  and the dual of (8): max_α Σα_i − ½‖Σα_i y_i x_i‖² − Σφ(α_i) s.t. Σα_i y_i = 0, α ≥ 0
///        (α ≤ C and φ = 0 for p = 1; φ(a) = (1 − 1/p)(pC)^(−1/(p−1)) a^(p/(p−1)) for p > 1).
#include <Eigen/Dense>

#include <limits>
#include <string>

namespace hw6::optim {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

struct SvmProblem {
  Eigen::MatrixXd X;  ///< n × d, one point per row
  Eigen::VectorXd y;  ///< n labels ±1
  double C = kInfinity;  ///< kInfinity: the hard margin (2)
  double p = 1;          ///< exponent of the slacks, ≥ 1
};

struct SvmSolution {
  bool converged = false;
  std::string method;
  Eigen::VectorXd w;
  double b = 0;
  Eigen::VectorXd xi;     ///< slacks (zero for the hard margin)
  Eigen::VectorXd alpha;  ///< multipliers of the margin constraints
  double primal = 0;      ///< objective of (2), (6) or (8)
  double dual = 0;        ///< the dual function at alpha (equals primal at the optimum)
  int iterations = 0;
  double kkt_residual = 0;  ///< largest violation of the KKT conditions, scaled
};

/// Scale. Scaling the data, X → sX, maps a solution of (2)/(6)/(8) with C to one with C/s²:
/// w → w/s, b → b, ξ → ξ, α → α/s², objective → objective/s² (substitute w = w'/s).
///
/// Origin. Translating the data, xᵢ → xᵢ + c, maps a solution to one with the same C: w, ξ, α and
/// the objective stay, b → b − ⟨w,c⟩ (⟨w,xᵢ + c⟩ + b − ⟨w,c⟩ = ⟨w,xᵢ⟩ + b). Data far from the
/// origin (house sizes near 1000, years near 2000) are as well-conditioned as centred data, but
/// not in the form a solver sees: the Gram matrix ⟨xᵢ,xⱼ⟩ is then a huge constant ‖c‖² plus the
/// part that tells points apart, and every margin a difference of terms of size ‖w‖‖c‖.
///
/// So every solver below solves the problem in units where the data are centred and
/// max‖xᵢ − c‖ ≈ 1, x' = (x − c)/s with c = svm_data_centre(X) and s = svm_data_scale(X) (both
/// maps exact in floating point for such data), and maps the result back: w = w'/s, α = α'/s²,
/// b = b' − ⟨w,c⟩ (svm_bias_from_centred, one rounding). Its result does not depend on the units
/// or the origin of the data. Every residual below is measured against the problem's own scales,
/// on centred data, so it is invariant too. What remains is C·max‖xᵢ − c‖², which neither map
/// changes (exercises/svm_scale.hpp bounds it), and the digits a coordinate far from the origin
/// keeps of the spread of the data (svm_scale.hpp bounds that too).
///
/// The scales of a candidate solution (w, α), each invariant under X → sX and X → X + 1cᵀ
/// (measured on the centred points xᵢ − c, c = svm_data_centre(X)):
struct SvmScales {
  double w = 0;       ///< the size of the terms of Σαᵢyᵢ(xᵢ − c): max(‖w‖∞, max_j Σ|αᵢ||x_ij − c_j|)
  double alpha = 0;   ///< max|αᵢ|
  /// What a margin yᵢ(⟨w,xᵢ⟩+b) can vary by across the data, capped at 1 (margins are compared
  /// with 1): min(1, R·max(‖w‖, Σ|αᵢ|‖xᵢ − c‖)), R = max‖xᵢ − c‖. Below 1 only for a soft margin
  /// with a small C·R², where every margin is 1 ± a small amount and only that amount tells points
  /// apart.
  double margin = 0;
  double R = 0;       ///< max‖xᵢ − c‖, the spread of the data
};
SvmScales svm_scales(const SvmProblem& P, const Eigen::VectorXd& w, const Eigen::VectorXd& alpha);
/// A bound on the rounding error of the margin yᵢ(⟨w,xᵢ⟩ + b) as computed in double precision on
/// the data given in P. It includes |b|: for data far from the origin, the rounding that the stated
/// b itself carries (svm_kkt_residual adds that of the centred computation).
double svm_margin_rounding(const SvmProblem& P, const Eigen::VectorXd& w, double b, Eigen::Index i);

/// The origin the solvers move the data to: per coordinate j, 0 when the values x_ij reach or
/// straddle 0 (moving them would at most halve max|x_ij|, and data already about the origin are
/// solved exactly as given), else the midpoint of [min_i x_ij, max_i x_ij] rounded to a multiple of
/// the power of two at most 1/8 of that range (see svm_common.cpp for why).
Eigen::VectorXd svm_data_centre(const Eigen::MatrixXd& X);
/// The power of two nearest to max‖xᵢ − c‖, c = svm_data_centre(X) (1 when every xᵢ = c): the
/// factor the solvers divide the centred X by.
double svm_data_scale(const Eigen::MatrixXd& X);
/// max‖xᵢ − c‖, c = svm_data_centre(X): the spread of the data, what conditioning depends on.
double svm_data_spread(const Eigen::MatrixXd& X);
/// b for the data as given from b_c for the data moved by −c: b_c − ⟨w,c⟩, computed with one
/// rounding (a compensated dot product; the terms wⱼcⱼ may be 1e6 times b and cancel).
double svm_bias_from_centred(const Eigen::VectorXd& w, double b_centred, const Eigen::VectorXd& c);
/// The reverse: b + ⟨w,c⟩, with one rounding.
double svm_bias_to_centred(const Eigen::VectorXd& w, double b, const Eigen::VectorXd& c);
/// w = Σαᵢyᵢxᵢ, summed over the centred points xᵢ − c (the same vector when Σαᵢyᵢ = 0, as for every
/// dual-feasible α, but without terms of size |αᵢ|‖c‖ that cancel).
Eigen::VectorXd svm_w_from_alpha(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& alpha);

/// Objective of (2)/(6)/(8) at (w, ξ).
double svm_primal_value(const SvmProblem& P, const Eigen::VectorXd& w, const Eigen::VectorXd& xi);
/// The Lagrange dual function of (2)/(6)/(8) at α, Σαᵢ − ½‖Σαᵢyᵢxᵢ‖² (− Σφ(αᵢ) for p > 1), with w
/// from svm_w_from_alpha. It is −∞ where α violates Σα_i y_i = 0 or the bounds; this function does
/// not test that (svm_kkt_residual does), and so is translation-invariant.
double svm_dual_value(const SvmProblem& P, const Eigen::VectorXd& alpha);
/// The slacks ξ_i = max(0, 1 − y_i(⟨w,x_i⟩+b)) that are optimal for given (w, b).
Eigen::VectorXd svm_slacks(const SvmProblem& P, const Eigen::VectorXd& w, double b);
/// Largest violation of the KKT conditions of (w, b, ξ, α), each relative to its own scale
/// (SvmScales): stationarity in w against SvmScales::w, in b against Σ|αᵢ|, sign and box conditions
/// of α against max|αᵢ| and C, and margin conditions (feasibility, complementary slackness) against
/// SvmScales::margin after the rounding error of each margin is allowed for. Measured on the
/// centred data with b + ⟨w,c⟩ (svm_common.cpp says why). Invariant under X → sX and X → X + 1cᵀ
/// (b → b − ⟨w,c⟩); 0 for an exact solution.
double svm_kkt_residual(const SvmProblem& P, const Eigen::VectorXd& w, double b, const Eigen::VectorXd& xi,
                        const Eigen::VectorXd& alpha);

/// Primal-dual interior-point method (Mehrotra predictor-corrector) for (2) and (6). The Newton
/// system is reduced to (d+1)×(d+1), so an iteration costs O(n·d²): the method of Ferris & Munson,
/// "Interior-point methods for massive support vector machines", SIAM J. Optim. 13 (2002).
/// For the hard margin on data that is not separable it does not converge (converged = false).
SvmSolution svm_interior_point(const SvmProblem& P, double tol = 1e-11, int max_iterations = 200);

/// Sequential minimal optimization on the dual, for any p ≥ 1 and the hard margin: pairs chosen by
/// the second-order working-set selection of Fan, Chen & Lin, "Working set selection using second
/// order information for training SVM", JMLR 6 (2005); each pair step is an exact 1-D convex
/// minimization. Keeps the n×n Gram matrix: for n up to a few thousand.
/// Stops when the KKT violation (in units of margins) is below tol times SvmScales::margin, but
/// never asks for less than kSmoMarginResolution, which rounding in the gradient cannot go below.
SvmSolution svm_smo(const SvmProblem& P, double tol = 1e-10, long max_iterations = 10000000);
/// The smallest KKT violation, in units of margins, that svm_smo resolves: 64ε.
constexpr double kSmoMarginResolution = 64 * std::numeric_limits<double>::epsilon();

/// Damped Newton on the smooth primal of (8), min ½‖w‖² + C Σ max(0, 1 − y_i(⟨w,x_i⟩+b))^p, p > 1.
/// O(n·d²) per iteration.
SvmSolution svm_primal_newton(const SvmProblem& P, double tol = 1e-11, int max_iterations = 500);

/// Recomputes (w, b, α) of the hard margin or p = 1 exactly on the active set the solution
/// identifies, by solving the KKT equations there; returns the input unchanged when that does
/// not improve the KKT residual.
SvmSolution svm_polish(const SvmProblem& P, const SvmSolution& s);

/// The least C at which (6) returns the hard-margin solution `hard` of (2): the least max_i α_i
/// over the multipliers of (2) at (w*, b*), which need not be unique (a linear program; see
/// svm_threshold.cpp). `alpha` attains it. For more than kThresholdMaxActive active points the
/// program is not solved (solved = false) and C is max_i of hard.alpha, an upper bound.
struct HardMarginThreshold {
  double C = 0;
  Eigen::VectorXd alpha;
  bool solved = false;
};
constexpr Eigen::Index kThresholdMaxActive = 400;
HardMarginThreshold svm_hard_margin_threshold(const SvmProblem& P, const SvmSolution& hard);

/// Nearest points of the convex hulls of the two classes (the dual of (2)): u = Σλ_i x_i over the
/// positive points and v over the negative ones, by the MDM algorithm (Mitchell, Dem'yanov &
/// Malozemov 1974). When the hulls meet, ‖u − v‖ → 0 and λ certifies that (2) is infeasible.
/// Run on the centred data (see "Origin"): u, v are then moved back, and u − v is kept as computed
/// there, free of the cancellation of two points near a far origin.
struct NearestPoints {
  Eigen::VectorXd lambda;  ///< convex weights within each class
  Eigen::VectorXd u, v;    ///< in the data's own coordinates
  Eigen::VectorXd difference;  ///< u − v, computed on the centred data
  double distance = 0;     ///< ‖u − v‖
  int iterations = 0;
  bool converged = false;
};
NearestPoints nearest_hull_points(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, double tol = 1e-13,
                                  int max_iterations = 2000000);

}  // namespace hw6::optim
