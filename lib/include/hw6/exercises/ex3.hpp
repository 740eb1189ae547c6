#pragma once
/// Exercise 3: the Lagrangian and dual of sparse logistic regression (5), the sparse condition,
/// and all of it evaluated: (4) solved, θ* from the primal, the duality gap, λ_max, screening,
/// and the solution path.
#include "hw6/context.hpp"
#include "hw6/datafile.hpp"
#include "hw6/json_io.hpp"
#include "hw6/optim/l1logreg.hpp"
#include "hw6/report.hpp"

#include <optional>
#include <vector>

namespace hw6::ex3 {

struct Problem {
  Eigen::MatrixXd X;  ///< m × p
  Eigen::VectorXd b;  ///< labels ±1
  std::optional<double> lambda, lambda_ratio;
  int path_count = 0;
  double path_min_ratio = 0.05;
  std::optional<data::Source> source;  ///< the data file the points came from, if any
};

Problem parse(const Json& j);
/// The same, reading a "data" file (contract: Data files) relative to ctx.base_dir.
Problem parse(const Json& j, const RunContext& ctx);

/// The largest |coordinate| read (as Exercises 1 and 4 do): sums of m products with θ and β stay finite.
constexpr double kMaxCoordinate = 1e100;

/// Every tolerance Exercise 3 uses, named once.
struct Tolerances {
  // Every tolerance is relative to its quantity's own scale (KKT residuals to λ, ⟨θ, b⟩ to Σθ_i,
  // the gap to the value of (4)), and sums are judged beyond their rounding
  // (optim::l1_logreg_correlation_rounding): absolute ones failed at λ = 1e-9·λ_max and with
  // features of 1e8, where the numbers themselves are 1e-9 or 1e8.
  static constexpr double solve = 1e-11;       ///< newGLMNET's stopping tolerance at the problem's λ (relative KKT residual)
  static constexpr double path = 1e-10;        ///< and along the path
  static constexpr double screening = 1e-7;    ///< |(X̄ᵀθ*)_j| + its rounding < mλ(1 − screening): proved inactive
  static constexpr double boundary = 1e-9;     ///< |(X̄ᵀθ*)_j| ≥ mλ(1 − boundary): on the boundary (uniqueness)
  static constexpr double kkt = 1e-9;          ///< KKT residual accepted (optim::l1_logreg_kkt: relative, beyond rounding)
  static constexpr double second_value = 1e-12;  ///< relative value difference of a second minimizer accepted
  static constexpr double gap = 1e-8;          ///< duality gap accepted, relative to the value of (4) (always > 0)
  /// dual constraint violation accepted: |⟨θ, b⟩| over Σθ_i, and |(X̄ᵀθ)_j| beyond mλ and its rounding, over mλ
  static constexpr double dual_feasible = 1e-9;
  /// Round-off: a β_j* whose largest contribution to a margin, |β_j*|·max_i |x_ij|, is below this (and a
  /// c* below it) is printed as 0 and left out of the support. Absolute (|β_j*| < 1e-12) it hid
  /// β_2* = 3.9e-13 of a feature of 1e12, whose margins it moves by 1.2, and called β* = 0 unique.
  static constexpr double show_zero = 1e-12;
};

/// Between two consecutive λ of the path (decreasing), the features that became nonzero or zero.
struct PathEvent {
  std::size_t k;  ///< index of the smaller λ in Result::path
  std::vector<Eigen::Index> entered, left;
};

struct PathPoint {
  double ratio, lambda;
  optim::L1LogRegSolution solution;
};

/// Is β* the only minimizer of (4)? Every minimizer has the same value and the same margins
/// z* = X̄β* + bc* (the loss is strictly convex in z), hence the same θ* and the same ‖β‖₁. By part 3
/// and the KKT conditions with that θ*, a minimizer is zero outside E = {j : |(X̄ᵀθ*)_j| = mλ} and
/// has sign(β_j) = s_j = (X̄ᵀθ*)_j/(mλ) wherever β_j ≠ 0. So the minimizers are the points of
/// {X̄_Eβ_E + bc = z*, s_jβ_j ≥ 0}, and β* is unique exactly when no direction v ≠ 0 of the null
/// space of [X̄_E, b] keeps s_jv_j ≥ 0 on the boundary B = E \ S (S the support: on S a small move
/// keeps the signs). Decided here: S empty (unique: ‖β‖₁ = 0 for every minimizer); S's columns with
/// b dependent (not unique); [X̄_E, b] without null space (unique), or with one of up to three
/// dimensions: a direction that keeps the signs is sought among the extreme rays of the cone of
/// such directions (q − 1 boundary constraints held with equality), each tried both ways. Left
/// open: a null space of four or more dimensions, or of two or three with over 30 boundary
/// features (a linear program), more columns in E than samples, sizes too large to test.
/// Independence of S's columns is first judged by the smallest singular value σ_min of the columns
/// scaled to unit length, from their Gram matrix (fast, but blind below about 1e-8); a dependence
/// found there, and E's null space, are measured by a one-sided Jacobi SVD, accurate to rounding,
/// which tells an exact dependence (duplicated columns) from a near one.
struct Uniqueness {
  /// not_assessed: the solve missed its tolerance, or Result::unresolved is not empty.
  enum class Verdict { unique, not_unique, nearly_dependent, undecided, not_assessed };
  Verdict verdict = Verdict::undecided;
  std::vector<Eigen::Index> support;   ///< S: the β_j* that are not round-off (is_roundoff)
  std::vector<Eigen::Index> boundary;  ///< B: β_j* shown as 0 but |(X̄ᵀθ*)_j| = mλ (to within Tolerances::boundary)
  /// β_j* = 0 with |(X̄ᵀθ*)_j| below mλ by a relative 1e-9 to 1e-7 (Tolerances::boundary to ::screening):
  /// ruled out, but barely (moving weight onto one raises the value by only that fraction of λ per unit).
  std::vector<Eigen::Index> barely_out;
  double barely_margin = 0;  ///< the largest of those relative distances
  /// not_unique: the features whose columns (with b if `with_intercept`) carry the dependence.
  std::vector<Eigen::Index> dependent;
  bool with_intercept = false;
  bool through_boundary = false;  ///< not_unique: the second minimizer makes boundary features nonzero
  /// unique or nearly_dependent: [X̄_E, b] has exact dependences (null_dimension of them), among these
  /// features (and b if blocked_with_intercept), and moving along any combination, either way, gives
  /// a boundary feature the wrong sign.
  std::vector<Eigen::Index> blocked;
  bool blocked_with_intercept = false;
  double blocked_sigma = 0;
  std::vector<Eigen::Index> near;  ///< nearly_dependent: the features of the near-dependence
  bool near_with_intercept = false;
  double near_sigma = 0;
  bool has_sigma = false;
  double sigma_min = 0;         ///< the smallest singular value the text quotes (has_sigma)
  bool more_than_m = false;     ///< not_unique: |S| + 1 > m, dependent by counting
  bool too_large = false;       ///< undecided: m·(k + 1)² beyond what is worth computing here
  int null_dimension = 0;       ///< of [X̄_E, b] when it was computed
  /// not_unique, when the dependence was computed: a second point, β* and c* moved along it (signs
  /// kept), and how far it is from being a minimizer too, the claim's check: its value of (4)
  /// against β*'s (relative difference) and its KKT residual.
  bool has_second = false;
  Eigen::VectorXd second_beta;
  double second_c = 0, second_value_difference = 0, second_kkt = 0;
  static constexpr double dependent_below = 1e-6;  ///< σ_min from the Gram matrix at or below this: a dependence
  /// σ_min of unit columns from the Jacobi SVD at or below this: exact (zero to within rounding).
  static double exact_below(std::size_t columns) { return 1e-15 * double(columns + 10); }
};

struct Result {
  Eigen::MatrixXd Xbar;
  double lambda = 0, lambda_max = 0;
  /// λ_max = 0 only to within the rounding of the sums (X̄ᵀθ₀)_j (class means equal in decimal,
  /// such as 0.1 + 0.2 against 0.3 + 0, but not in binary): see optim::l1_logreg_lambda_max.
  bool lambda_max_within_rounding = false;
  /// At 0.99·λ_max some |(X̄ᵀθ₀)_j| exceeds mλ by more than twice its rounding, so a solve can tell
  /// β = 0 from optimal there: the λ_max check's "β* ≠ 0 below λ_max" is made only then. Class
  /// means 5e-15 apart gave λ_max = 1.2e-15, a third of it rounding, and the check failed.
  bool below_max_decidable = false;
  double lambda_max_rounding = 0;  ///< the largest rounding of (X̄ᵀθ₀)_j over m: λ_max's own uncertainty
  Eigen::VectorXd column_scale;  ///< max_i |x_ij| per feature
  optim::L1LogRegSolution primal;
  double kkt = 0;           ///< optim::l1_logreg_kkt at (β*, c*), recomputed from them (the check's number)
  Eigen::VectorXd theta;    ///< θ* from the primal solution
  Eigen::VectorXd Xtheta;   ///< X̄ᵀθ*
  double dual_value = 0;
  /// Per feature, how far the computed (X̄ᵀθ*)_j may be from the exact sum (its rounding).
  Eigen::VectorXd rounding;
  std::vector<Eigen::Index> inactive;  ///< |(X̄ᵀθ*)_j| < mλ, by more than the rounding
  /// β_j* = 0, not proved inactive, and (X̄ᵀθ*)_j's rounding too large (over a tenth of
  /// Tolerances::boundary·mλ) to tell |(X̄ᵀθ*)_j| = mλ from < mλ: the sparse condition is undecided.
  std::vector<Eigen::Index> unresolved;
  std::vector<Eigen::Index> zero_columns, constant_columns;
  Uniqueness uniqueness;                          ///< of β* at λ
  optim::L1LogRegSolution above_max, below_max;  ///< at 1.01 λ_max and 0.99 λ_max
  std::vector<PathPoint> path;
  optim::PathStats path_stats;
  std::vector<PathEvent> path_events;
  /// As λ decreases: features only enter (none leaves), one per grid step at most.
  bool path_monotone = true, path_one_at_a_time = true;
};

/// β_j* is round-off (see Tolerances::show_zero): printed as 0, not in the support.
bool is_roundoff(const Result& r, Eigen::Index j);

Result solve(const Problem& p);
/// The same, reporting the loops (the C sweep, the λ path) to `progress`.
Result solve(const Problem& p, Progress& progress);
Report report(const Problem& p, const Result& r);
/// Parses, solves and reports; `ctx` gives the folder for relative data paths and a progress sink.
Report run(const Json& problem_json, const RunContext& ctx = {});

}  // namespace hw6::ex3
