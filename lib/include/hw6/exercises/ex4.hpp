#pragma once
/// Exercise 4: the soft-margin SVM (6), its dual (7), the p-norm variant (8) and its dual, the
/// complementary slackness conditions, and where each point lies; a sweep over C.
#include "hw6/context.hpp"
#include "hw6/datafile.hpp"
#include "hw6/exercises/svm_common.hpp"
#include "hw6/json_io.hpp"
#include "hw6/optim/svm.hpp"
#include "hw6/report.hpp"

#include <array>
#include <optional>
#include <utility>
#include <vector>

namespace hw6::ex4 {

struct Problem {
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
  double C = 1;
  double p = 1;
  std::vector<double> C_values;
  std::optional<data::Source> source;  ///< the data file the points came from, if any
};

Problem parse(const Json& j);
/// The same, reading a "data" file (contract: Data files) relative to ctx.base_dir.
Problem parse(const Json& j, const RunContext& ctx);

/// The set of optimal b for p = 1 given the optimal w: the minimizers of Σ max(0, 1 − y_i(⟨w,x_i⟩ + b)),
/// an interval [lo, hi] (a point when some multiplier is strictly between 0 and C).
std::pair<double, double> optimal_b_interval(const optim::SvmProblem& P, const Eigen::VectorXd& w);

/// Every tolerance Exercise 4 uses, named once. Each is relative to the problem's own scale (see
/// svm_common.hpp, "Units"): a margin y_i f(x_i), a slack ξ_i or b against what margins vary by
/// (optim::SvmScales::margin, 1 unless C·max‖x_i‖² is small) after its rounding is allowed for;
/// α against C (p = 1) or max α; (w, b) differences by svm::solution_distance; objectives against
/// the objective. Slack totals Σξ_i are unitless and compared with max(1, total).
struct Tolerances {
  static constexpr double position = 1e-7;    ///< |y_i f(x_i) − 1| (or |y_i f(x_i)|) within this: on H1/H2 (on H0)
  static constexpr double support = 1e-7;     ///< α_i > support·min(max α, C): a support vector
  static constexpr double slack = 1e-7;       ///< ξ_i within this of 0 counts as 0, of 1 as 1
  static constexpr double bound = 1e-7;       ///< α_i ≥ (1 − bound)·C: at the upper bound C
  static constexpr double show_zero = 1e-10;  ///< |x| < show_zero·(the quantity's own scale) is printed as 0 (JSON keeps it)
  static constexpr double b_unique = 1e-9;    ///< an optimal-b interval shorter than this is a point
  static constexpr double margin_subset = 1e-9;  ///< 1(b): points with y_i f(x_i) ≥ 1 − this form the separable subset
  static constexpr double kkt = 1e-8;         ///< KKT residual (optim::svm_kkt_residual, relative)
  static constexpr double gap = 1e-8;         ///< duality gap relative to the objective
  static constexpr double second_value = 1e-7;   ///< relative difference of the SMO objective
  static constexpr double second_w = 1e-5;       ///< difference of the SMO w against SvmScales::w
  static constexpr double hard_vs_soft = 1e-7;   ///< 1(b): (w, b) of (2) against (6) (solution_distance)
  /// 1(b): the hulls' nearest points within this times the spread max‖x_i − c‖: the data count as not
  /// separable (Exercise 1's Tolerances::hulls_meet, the same decision).
  static constexpr double hulls_meet = 1e-7;
  static constexpr double conditions = 1e-7;     ///< 3: complementary slackness on the data
  static constexpr double sweep_rise = 1e-7;     ///< 4: relative rise of a slack counted as a rise
  static constexpr double smo = 1e-11;           ///< stopping tolerance given to SMO (relative to SvmScales::margin)
  static constexpr double tie = 1e-6;            ///< α within this (relative) of the largest counts as a tie; the first is taken
};

/// The range of an optimal slack asked for in part 4: ξ = 0, 0 < ξ < 1, ξ = 1, ξ > 1.
enum class SlackRange { Zero, Below1, One, Above1 };
/// `tol`: how far from 0 or 1 still counts as 0 or 1 (margin_tolerance, or Tolerances::slack at unit scale).
SlackRange slack_range(double xi, double tol = Tolerances::slack);
/// "0", "(0,1)", "1", ">1" (the JSON's xi_range).
const char* slack_range_name(SlackRange r);

/// Where α_i lies in (7)'s box [0, C] (p = 1); for p > 1 (no upper bound) against pC instead, where
/// α_i = pCξ_i^(p−1) has ξ_i = 1: Free is (0, pC), AtC is pC, AboveC is > pC.
enum class AlphaRange { Zero, Free, AtC, AboveC };

/// One individual slack that rises while C grows along the sweep (only the total must fall).
struct SlackRise {
  Eigen::Index point;
  double C_from, C_to, xi_from, xi_to;
};

/// What the sweep over C shows, in increasing C.
struct SweepFacts {
  std::vector<std::size_t> order;  ///< indices into Problem::C_values, C increasing
  std::vector<double> total;       ///< Σξ_i (p = 1) or Σξ_i^p, in that order
  /// Below this a total is round-off (shown as 0): show_zero times what margins vary by, plus the
  /// rounding of every margin.
  std::vector<double> total_roundoff;
  std::vector<int> support_count;
  bool total_nonincreasing = true, norm_nondecreasing = true, support_nonincreasing = true;
  double largest_total_rise = 0;   ///< relative, for the check
  /// How many slacks lie in each SlackRange (indexed by it), each solution's own tolerances.
  std::vector<std::array<int, 4>> slack_counts;
  std::vector<SlackRise> rises;    ///< the largest rise of each point whose slack rises somewhere
  /// In that order: the interval of optimal b (p = 1; a point otherwise). Where it is not a point,
  /// the slacks (not their total) depend on which optimal b is reported.
  std::vector<std::pair<double, double>> b_interval;
  std::vector<bool> b_unique;
};

/// 1(b): what is established about the whole data's separability.
enum class Separability {
  NotChecked,    ///< n > kHardVersusSoftMaxN: (2) is not solved on them
  /// (2) solved (KKT residual within Tolerances::kkt) by the interior point or, where that stalls
  /// (a margin of 1e-5 of the spread), from the hulls' nearest points (svm::hull_solution).
  Separable,
  /// The interior point did not, and the convex hulls of the two classes meet: two points coincide
  /// with opposite labels, or the hulls' nearest points (MDM) are within Tolerances::hulls_meet of
  /// the spread, so no hyperplane separates them with a margin 2/‖w‖ above that distance.
  NotSeparable,
  /// Neither: the hulls' nearest points (MDM) are farther apart, yet neither they nor the interior
  /// point solved (2). Non-convergence alone proves nothing.
  Undecided,
};
/// 1(b): on which points (2) and (6) were compared, or why they were not.
enum class HardVersusSoft {
  WholeData,           ///< separable data: on every point
  SeparableSubset,     ///< otherwise: on the points with y_i f(x_i) ≥ 1 (separated by (6)'s own hyperplane)
  Skipped,             ///< n > kHardVersusSoftMaxN
  SubsetOneClass,      ///< those points are all of one class: nothing to compare
  SubsetNotConverged,  ///< the interior point did not converge on (2) for those points
};
/// "not_checked", "separable", "not_separable", "undecided" (the JSON's hard_vs_soft.separability).
const char* separability_name(Separability s);
/// "whole_data", "separable_subset", "skipped", "subset_one_class", "subset_not_converged".
const char* hard_versus_soft_name(HardVersusSoft h);

struct Result {
  optim::SvmSolution primal;                  ///< interior point (p = 1) or Newton (p > 1)
  optim::SvmScales scales;                    ///< of the primal solution (svm.hpp)
  /// svm::b_floor of the primal solution: b*, y_i − ⟨w*,x_i⟩ and the hyperplanes' constant below it
  /// are printed as 0, all against this one bound.
  double b_floor = 0;
  /// The centre the solvers moved the data to (optim::svm_data_centre; 0 for data about the origin).
  Eigen::VectorXd centre;
  /// svm::offset_digits of the primal solution: b* and the hyperplanes get 6 (7) plus these digits.
  int extra_digits = 0;
  /// Per point: the rounding of y_i f(x_i) (optim::svm_margin_rounding); margin_tolerance() adds it.
  std::vector<double> margin_rounding;
  std::optional<optim::SvmSolution> second;   ///< SMO on the dual, when n is small enough
  double b_lo = 0, b_hi = 0;
  /// p = 1: the largest relative difference between the optimal value and the objective at (w*, b)
  /// for b at either end of the optimal-b interval, over part 1(a) and every C of the sweep (a check
  /// of the intervals the text states).
  double b_interval_value_error = 0;
  bool b_unique = true;
  std::vector<double> margins;                ///< y_i(⟨w*,x_i⟩ + b*)
  std::vector<svm::Position> positions;
  std::vector<SlackRange> slack_ranges;
  std::vector<AlphaRange> alpha_ranges;
  std::vector<bool> support;
  std::vector<Eigen::Index> free_support;     ///< p = 1: 0 < α_i < C
  /// The points and labels are those of problems/ex4.json: our reconstruction of Figure 1.
  bool reconstructs_figure1 = false;
  // Part 1(b): the data separable as a whole, or else the subset with margin ≥ 1.
  Separability separability = Separability::NotChecked;
  HardVersusSoft hard_vs_soft = HardVersusSoft::Skipped;
  /// The KKT residual on (2) for the whole data of the solution kept (the interior point's, polished,
  /// or the hulls'), and for the subset (when that did not converge).
  double hard_kkt_residual = 0, subset_kkt_residual = 0;
  /// Not separable or undecided: the distance of the nearest points MDM found of the two classes'
  /// convex hulls (0 when two points coincide with opposite labels, then `contradiction` names them).
  std::optional<double> hull_distance;
  std::optional<std::pair<Eigen::Index, Eigen::Index>> contradiction;
  Eigen::Index separable_points = 0;
  std::optional<double> hard_vs_soft_difference;
  double large_C = 0;
  /// The least C at which (6) returns the solution of (2) on those points: the least max_i α_i over
  /// the multipliers of (2) (optim::svm_hard_margin_threshold).
  double hard_alpha_max = 0;
  /// The multipliers of (2) are not unique: the solver's have a larger max than hard_alpha_max.
  bool hard_multipliers_not_unique = false;
  std::optional<double> problem_C_difference; ///< separable data: (6) at the problem's C vs (2)
  // Part 2: the p-variant (p of the problem if > 1, else p = 2), by Newton and by SMO on its dual.
  double p2 = 2;
  optim::SvmSolution p_primal;
  std::optional<optim::SvmSolution> p_dual;
  /// (w, b, ξ) recovered from the dual's α alone: ξ_i = (α_i/(pC))^(1/(p−1)), b from the largest α_i.
  std::optional<double> p_recovered_difference;
  std::optional<Eigen::Index> p_recovered_from;
  std::vector<optim::SvmSolution> sweep;
  SweepFacts sweep_facts;
};

/// How far y_i f(x_i) of point k may be from 1 (or 0), or ξ_k from 0 (or 1), and still count as
/// equal: rel·scales.margin plus the rounding of that margin.
double margin_tolerance(const Result& r, std::size_t k, double rel);

Result solve(const Problem& p);
/// The same, reporting the loops (the C sweep, the λ path) to `progress`.
Result solve(const Problem& p, Progress& progress);
Report report(const Problem& p, const Result& r);
/// Parses, solves and reports; `ctx` gives the folder for relative data paths and a progress sink.
Report run(const Json& problem_json, const RunContext& ctx = {});

/// Largest n for which the O(n²)-memory SMO second method runs.
constexpr Eigen::Index kSecondMethodMaxN = 3000;
/// 1(b)'s comparison of (2) with (6), which solves (2) again, is made up to this many points.
constexpr Eigen::Index kHardVersusSoftMaxN = 5000;

}  // namespace hw6::ex4
