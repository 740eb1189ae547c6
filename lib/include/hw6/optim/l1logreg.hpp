#pragma once
/// ℓ1-regularized logistic regression with an unpenalized intercept, homework problem (4):
///   min_{β, c} (1/m) Σ_i ln(1 + exp(−⟨β, x̄_i⟩ − b_i c)) + λ‖β‖₁,   x̄_i = b_i x_i.
/// newGLMNET (Yuan, Ho & Lin, JMLR 13, 2012): outer Newton iterations whose quadratic model is
/// minimized by coordinate descent over the nonzero and violating coordinates (in single precision,
/// on copies of their columns, see WorkingColumns; every 5 sweeps an
/// Anderson extrapolation, kept when it lowers the model: Bertrand & Massias, "Anderson
/// acceleration of coordinate descent", AISTATS 2021), then an Armijo step (lengthened, doubling
/// while the objective falls, when the inner solve used all its sweeps: nearly equal columns make
/// the model almost flat along the direction that moves weight between them); until the KKT
/// residual (relative, see L1LogRegSolution::kkt_residual) is below the tolerance, or three steps in
/// a row find no decrease (the objective's rounding: then `converged` is false).
///
/// GAP safe screening (Ndiaye, Fercoq, Gramfort & Salmon, "Gap safe screening rules for sparsity
/// enforcing penalties", JMLR 18, 2017), in the notation of the dual (5): from any (β, c) a
/// dual-feasible θ is built (σ(−z) made orthogonal to b and scaled into |X̄ᵀθ| ≤ mλ). The dual
/// objective D(θ) = (1/m) Σ H(θ_i) is (4/m)-strongly concave, since H''(t) = −1/(t(1 − t)) ≤ −4,
/// so the dual optimum satisfies ‖θ − θ*‖ ≤ r = √(m·gap/2) with gap = P(β, c) − D(θ). Feature j
/// is then provably zero at the optimum (the sparse condition |(X̄ᵀθ*)_j| < mλ) whenever
/// |(X̄ᵀθ)_j| + r‖x̄_j − (⟨b, x̄_j⟩/m) b‖ < mλ (θ − θ* ⟂ b). Applied at every outer iteration, the
/// rule discards more as the gap closes.
#include <Eigen/Dense>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace hw6::optim {

struct L1LogRegSolution {
  Eigen::VectorXd beta;
  double c = 0;
  double objective = 0;     ///< value of (4)
  /// The KKT residual, relative and beyond rounding: the largest subgradient violation of a β_j
  /// (|g_j + λ sign β_j| for β_j ≠ 0, max(0, |g_j| − λ) for β_j = 0, g the smooth part's gradient)
  /// less the rounding of g_j (l1_logreg_correlation_rounding / m), over λ; and the intercept's
  /// |⟨θ, b⟩| less its rounding, over Σθ_i (θ = σ(−z)). Relative, so that it means the same at
  /// λ = 1e-9·λ_max (where θ and g are tiny) and with features of 1e8; beyond rounding, so that a
  /// residual the arithmetic cannot lower (a feature of 1e50 beside λ = 0.1) does not count.
  double kkt_residual = 0;
  int iterations = 0;       ///< outer (Newton) iterations
  std::int64_t updates = 0;  ///< coordinate updates of the inner solves (the coordinate descent's work)
  bool converged = false;
  std::size_t screened = 0;     ///< features the GAP safe rule proved zero (0 without screening)
  std::vector<bool> discarded;  ///< per feature: proved zero by the rule (empty without screening)
  Eigen::VectorXd margins;      ///< z = X̄β + c·b, as the solver kept it (a warm start reuses it)
  int margins_age = 0;          ///< steps since z was last computed from scratch
};

/// ‖x̄_j‖ and ‖x̄_j − (⟨b, x̄_j⟩/m) b‖ for every feature: what the GAP safe rule needs, computed once.
struct ScreeningNorms {
  Eigen::VectorXd column, projected;
};
ScreeningNorms l1_logreg_screening_norms(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b);

/// What the GAP safe rule carries between iterations and along a path: reference points (the σ(−z)
/// of earlier iterates) and, for every feature j, an upper bound corr_j on |x̄_jᵀσ_k| at its own
/// reference point σ_k, k = point[j]: the last iterate at which its correlation was computed. By
/// Cauchy–Schwarz, |x̄_jᵀσ| ≤ corr_j + ‖x̄_j‖‖σ − σ_k‖ at any later iterate: an upper bound on a
/// feature's correlation that costs O(1) once the distances ‖σ − σ_k‖ (O(m) each) are known,
/// instead of the O(m) column product. The rule uses it in place of |x̄_jᵀσ| (a larger value only
/// makes the test more cautious), and a zero feature whose bound is below mλ cannot violate its
/// KKT condition |g_j| ≤ λ, so only the features the bound cannot settle get their gradient
/// computed. Each feature keeps the latest point at which it was computed, so a feature computed
/// one Newton step ago is bounded with that step's small ‖σ − σ_k‖, not with the distance to an
/// older full product. At most kMaxPoints are kept: the oldest is folded into the next one
/// (corr_j grows by ‖x̄_j‖ times their distance). Empty: none yet.
struct ScreeningReference {
  static constexpr std::size_t kMaxPoints = 8;
  std::vector<Eigen::VectorXd> sigma;  ///< the reference points, oldest first
  Eigen::VectorXd corr;                ///< per feature: an upper bound on |x̄_jᵀσ_point[j]|
  std::vector<std::size_t> point;      ///< per feature: its reference point, an index into sigma
};

/// Floats starting on a 64-byte boundary, for the coordinate descent's columns and vectors: the
/// kernels' 64-byte loads then never straddle two cache lines. (Eigen's own allocations are aligned
/// to 16 bytes in the default build; in a microbenchmark of the sweep kernel, columns of 2,000,
/// an update took 280 to 310 ns with that alignment and 205 to 220 ns with 64.)
struct AlignedFloats {
  struct Release {
    void operator()(float* p) const;
  };
  std::unique_ptr<float[], Release> data;
  /// n floats, uninitialized (the old ones are released).
  void allocate(std::size_t n);
};

/// The working set's columns of X̄, copied side by side in single precision, for the coordinate
/// descent. The sweeps read each column 5 to 50 times per outer iteration and are limited by memory
/// traffic: contiguous columns stream faster than columns scattered over X̄, and half the bytes make
/// an update a quarter to a third cheaper once the working set outgrows the cache (m = 2,000, 850
/// columns). The sweeps' weights W and residual r = X̃d + b·dc are single precision too (W scaled
/// by a power of two into [½, 1)), their products summed per block of 256 in double precision
/// (optim/cd_kernels.hpp); the coefficients d, the steps and the model's diagonal are double. The
/// model's matrix becomes X̃ᵀW̃X̃/m + νI, X̃ and W̃ rounded (each entry within a relative 6e-8):
/// still positive definite, so the model's minimizer is still a descent direction for the Armijo
/// search (the convergence theory of Tseng & Yun, Math. Program. 117, 2009, allows any such
/// matrix); r's own rounding makes each sweep's product inexact by about 1e-6 relative, which only
/// makes the inner solution, and so the Newton direction, inexact by as much. Before the line search the
/// step's X̄d is recomputed from the double-precision columns, so z = X̄β + c·b stays exact to
/// rounding, and gradients, KKT residuals, objectives and the stopping test are computed from the
/// iterate in double precision as before. (The iterates themselves differ slightly from those of
/// an all-double model; where the optimum is not unique, e.g. duplicated columns, so may the answer.)
/// Kept across outer iterations and along a path: a column is copied when it first enters the
/// working set, not at every outer iteration (about 0.1 s of the 20-λ benchmark path).
/// Each column starts on a 64-byte boundary (`stride`, m rounded up to a multiple of 16 floats).
struct WorkingColumns {
  AlignedFloats X;                    ///< capacity columns of m floats, `stride` apart; slot k holds column owner[k] of X̄ divided by scale[k]
  Eigen::Index rows = 0, stride = 0, capacity = 0;  ///< m, m rounded up to 16, and the slots allocated
  const float* column(Eigen::Index slot) const { return X.data.get() + slot * stride; }
  std::vector<double> scale;          ///< per slot in use: a power of two, so that X's entries are at most 1
  std::vector<Eigen::Index> slot_of;  ///< per feature: its slot, or −1
  std::vector<Eigen::Index> owner;    ///< per slot in use: its feature
  /// The slots of `features`, copying the columns not yet held.
  std::vector<Eigen::Index> place(const Eigen::MatrixXd& Xbar, const std::vector<Eigen::Index>& features);
};

/// Xbar = diag(b) X (m × p). `warm` may give a starting point (β, c) of the right size; `only`
/// restricts the solve to some features (the others stay at their warm value). `screening`: the
/// GAP safe rule (above; not with `only`); `norms` may pass its precomputed norms. `verify_screened`: at the end,
/// check the KKT condition of the screened features too (one product with them), so that
/// kkt_residual covers every feature; without it kkt_residual covers the features not screened
/// out (the others satisfy theirs by the rule's proof). `reference`: the rule's reference point (above),
/// kept by the caller along a path; without it each solve starts its own. `columns`: the working set's
/// copied columns (above), likewise kept along a path; Xbar must not change while they are kept.
/// `aim_at_tolerance`: each inner solve aims only at bringing the KKT residual kkt down to `tol`, a
/// relative accuracy of tol/kkt (at most 0.1), where that is looser than the schedule's (0.1, then
/// ten times tighter at each Newton step). Faster (a quarter fewer coordinate updates along the
/// path benchmark), but a feature exactly on the boundary |g_j| = λ may then end at a coefficient
/// of order tol instead of 0: l1_logreg_path uses it, ex3's solution at its λ (whose zeros the
/// uniqueness analysis reads) does not.
L1LogRegSolution l1_logreg(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, double lambda, double tol = 1e-10,
                           int max_inner_sweeps = 100000, const L1LogRegSolution* warm = nullptr,
                           const std::vector<bool>* only = nullptr, bool screening = true,
                           const ScreeningNorms* norms = nullptr, bool verify_screened = true,
                           ScreeningReference* reference = nullptr, WorkingColumns* columns = nullptr,
                           bool aim_at_tolerance = false);

/// (m + 4)u, u = 2⁻⁵³: the relative error bound of a sum of m products of rounded terms (γ_m of
/// Higham, "Accuracy and Stability of Numerical Algorithms", §3.1, with room for the terms' own
/// rounding).
double l1_logreg_sum_rounding(Eigen::Index m);
/// Per feature j, (m + 4)u·Σ_i |x̄_ij|θ_i: how far the computed (X̄ᵀθ)_j may be from the exact sum.
Eigen::VectorXd l1_logreg_correlation_rounding(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& theta);
/// The value of (4) and its KKT residual at (β, c) (relative and beyond rounding, as
/// L1LogRegSolution::kkt_residual).
double l1_logreg_objective(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, double lambda, const Eigen::VectorXd& beta, double c);
double l1_logreg_kkt(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, double lambda, const Eigen::VectorXd& beta, double c);

/// θ_i = σ(−⟨β, x̄_i⟩ − b_i c): the dual point of (5) that the KKT conditions pair with (β, c).
Eigen::VectorXd l1_logreg_theta(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, const Eigen::VectorXd& beta, double c);
/// The dual objective of (5) in max-form: (1/m) Σ −θ_i ln θ_i − (1 − θ_i) ln(1 − θ_i).
double l1_logreg_dual(const Eigen::VectorXd& theta);
/// λ_max = (1/m) ‖X̄ᵀθ₀‖_∞ with θ₀ the dual point at β = 0, c = ln(m₊/m₋); (X̄ᵀθ₀)_j is
/// (m₊m₋/m)(mean of x_j over the positive samples − over the negative ones), exactly 0 for a
/// constant column (also in floating point), and taken as 0 where the computed sum is within its
/// rounding (l1_logreg_correlation_rounding at θ₀). 0 when every column is constant or zero, or
/// has the same mean in both classes to within that rounding.
double l1_logreg_lambda_max(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b);

struct PathStats {
  std::size_t kept_total = 0, features_total = 0;  ///< features not screened out, summed along the path
  std::size_t kkt_rechecks = 0, violations = 0;    ///< always 0 with a safe rule (kept for the report)
  std::vector<double> rejection;                   ///< per λ: share of the features screened out
};

/// Solutions along decreasing `lambdas`, warm-started. With `screening`, the GAP safe rule (above),
/// sequential and dynamic; safe, so the solutions are the same either way. `on_step(k)` is called
/// after the k-th solve (for progress).
std::vector<L1LogRegSolution> l1_logreg_path(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, const std::vector<double>& lambdas,
                                             bool screening, double tol = 1e-10, PathStats* stats = nullptr,
                                             const std::function<void(std::size_t)>& on_step = {}, bool verify_screened = true);

}  // namespace hw6::optim
