#pragma once
/// Exercise 1: the hard-margin SVM (2): distance to a hyperplane, feasibility, the optimal
/// solution by two methods, active constraints, uniqueness, and re-solving on the active set.
#include "hw6/context.hpp"
#include "hw6/datafile.hpp"
#include "hw6/json_io.hpp"
#include "hw6/optim/svm.hpp"
#include "hw6/report.hpp"

#include <optional>
#include <vector>

namespace hw6::ex1 {

struct DistanceQuery {
  Eigen::VectorXd w;
  double b = 0;
  Eigen::MatrixXd z;  ///< m × d
  bool from_solution = false;  ///< no "distance" in the problem: the data's distances to H0
};

struct Problem {
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
  std::optional<DistanceQuery> distance;
  std::optional<data::Source> source;  ///< the data file the points came from, if any
};

Problem parse(const Json& j);
/// The same, reading a "data" file (contract: Data files) relative to ctx.base_dir.
Problem parse(const Json& j, const RunContext& ctx);

struct Distance {
  Eigen::VectorXd values;
  Eigen::MatrixXd closest;  ///< closed form
  Eigen::MatrixXd closest_kkt;  ///< the independent minimization (KKT linear system)
};
/// d(z, f) = |⟨w,z⟩ + b| / ‖w‖, foot z − (⟨w,z⟩ + b)/‖w‖² · w; checked by solving the KKT system of
/// min ½‖x − z‖² s.t. ⟨w,x⟩ + b = 0.
Distance distances(const DistanceQuery& q);

/// The answer to "does (2) have a solution?", as the JSON's solution.status states it.
enum class Status {
  Optimal,     ///< solved: a solution whose KKT conditions hold (it separates the data: a proof)
  /// The contract's "not linearly separable": on an exact certificate (Separability::NotSeparable),
  /// or the hulls meeting to within Tolerances::hulls_meet (MarginAtMost: no margin above δ)
  Infeasible,
  Undecided,   ///< neither: no solution was found, and the hulls are farther apart (Separability::Undecided)
};

/// What is established about the separability of two-class data (solution.separability).
enum class Separability {
  Separable,     ///< (2) solved (Status::Optimal); one-class data too
  /// An exact certificate that the convex hulls of the two classes meet: a point in both classes
  /// with opposite labels, or MDM's convex weights giving the same point of both hulls exactly.
  NotSeparable,
  /// No solution found, and the hulls' nearest points (MDM) are δ ≤ Tolerances::hulls_meet of the
  /// spread apart: not separable, or only with a margin 2/‖w‖ of at most δ (which of the two is not decided).
  MarginAtMost,
  /// No solution found although the hulls' nearest points are farther apart than that: the solvers
  /// failed; only "no margin exceeds δ" is established. A self-check fails (exit 1).
  Undecided,
};
/// "separable", "not_separable", "margin_at_most", "undecided" (the JSON's solution.separability).
const char* separability_name(Separability s);

/// Every tolerance Exercise 1 uses, named once. Each is relative to the problem's own scale (see
/// svm_common.hpp, "Units"): margins y_i f(x_i) and b are unitless, and a margin difference counts
/// beyond its rounding (svm::margin_excess); (w, b) differences are in units of the solution
/// (svm::solution_distance); lengths are relative to max‖x_i‖.
struct Tolerances {
  static constexpr double active = 1e-9;       ///< |y_i f(x_i) − 1| ≤ this beyond rounding: the constraint is active
  static constexpr double exact_kkt = 1e-12;   ///< the interior point's polished KKT residual taken as exact
  static constexpr double hull_converged = 1e-8;  ///< the hulls' solution, polished, accepted as converged
  /// Hull distance ≤ this·max‖x_i − c‖ with no solution found: "not separable, or only with a margin of
  /// at most δ" (Separability::MarginAtMost); farther apart, no solution is a failure (Undecided).
  static constexpr double hulls_meet = 1e-7;
  static constexpr double hull_weights = 1e-12;  ///< the bound's check: MDM's weights convex to this
  static constexpr double solution_changed = 1e-6;  ///< part 8: solution_distance above this is a change
  static constexpr double show_zero = 1e-10;   ///< |x| < show_zero·(the quantity's own scale) printed as 0
  static constexpr double closest = 1e-10;     ///< part 1: closed form vs KKT system, relative to the points' size
  static constexpr double feasible = 1e-10;    ///< part 2: constraint violation of the constructed point
  static constexpr double kkt = 1e-9;          ///< part 3: KKT residual (optim::svm_kkt_residual, relative)
  static constexpr double gap = 1e-9;          ///< part 3: duality gap relative to the objective
  static constexpr double second_method = 1e-6;  ///< part 3: MDM's (w, b) against the primal's (solution_distance)
  static constexpr double min_margin = 1e-9;   ///< part 4: |min y_i f(x_i) − 1|
  static constexpr double b_agree = 1e-9;      ///< part 7: b from the two classes and every active point
  static constexpr double resolve = 1e-8;      ///< part 8: re-solving on the active set (solution_distance)
};

struct Result {
  Status status = Status::Optimal;
  Separability separability = Separability::Separable;
  bool one_class = false;
  optim::SvmSolution solution;  ///< primary: interior point + polish
  /// The centre the solvers moved the data to (optim::svm_data_centre; 0 for data about the origin).
  Eigen::VectorXd centre;
  /// svm::offset_digits of the solution: b and its kin get 6 plus these digits (0 about the origin).
  int extra_digits = 0;
  /// svm::b_floor of the solution: b*, the hulls' b, part 7's and part 8's b on the active points
  /// below it are printed as 0, all against this one bound.
  double b_floor = 0;
  double b_lo = 0, b_hi = 0;    ///< the set of optimal b (a point unless one_class)
  std::vector<Eigen::Index> active;  ///< y_i f(x_i) = 1
  std::optional<optim::NearestPoints> hull;  ///< second method, the certificate, or the bound δ on the margin
  /// Without a solution (Status::Undecided): the smallest KKT residual any method reached on (2).
  double attempt_kkt_residual = 0;
  Eigen::VectorXd hull_w;
  double hull_b = 0;
  std::vector<std::pair<Eigen::Index, Eigen::Index>> contradictions;
  // Part 2.
  Eigen::VectorXd feasible_w;
  double feasible_b = 0;
  std::string feasible_method;
  // Part 3: the bounded level set {(w, b) ∈ 𝓕 : ‖w‖ ≤ ρ} with ρ = ‖w₀‖ of part 2's point.
  double level_rho = 0, level_R = 0, level_b_lo = 0, level_b_hi = 0;
  // Part 6: the smallest functional margin of each class, m₊ and m₋ (both 1 at the optimum).
  double min_margin_pos = 0, min_margin_neg = 0;
  // Part 7: b* = 1 − min over positives of ⟨w*,x_i⟩ = −1 − max over negatives; b from every active constraint.
  double b_from_positive = 0, b_from_negative = 0;
  double b_spread = 0;
  // Part 8.
  optim::SvmSolution active_only;
  std::optional<Eigen::Index> dropped;
  optim::SvmSolution without_dropped;
  bool drop_changes = false;
  // Part 1.
  DistanceQuery query;
  Distance dist;
};

Result solve(const Problem& p);
Report report(const Problem& p, const Result& r);
/// Parses, solves and reports; `ctx` gives the folder for relative data paths and a progress sink.
Report run(const Json& problem_json, const RunContext& ctx = {});

}  // namespace hw6::ex1
