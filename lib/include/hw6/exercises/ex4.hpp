#pragma once
/// Exercise 4: the soft-margin SVM (6), its dual (7), the p-norm variant (8) and its dual, the
/// complementary slackness conditions, and where each point lies; a sweep over C.
#include "hw6/context.hpp"
#include "hw6/exercises/svm_common.hpp"
#include "hw6/json_io.hpp"
#include "hw6/optim/svm.hpp"
#include "hw6/report.hpp"

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
};

Problem parse(const Json& j);
/// The same, reading a "data" file (contract: Data files) relative to ctx.base_dir.
Problem parse(const Json& j, const RunContext& ctx);

/// The set of optimal b for p = 1 given the optimal w: the minimizers of Σ max(0, 1 − y_i(⟨w,x_i⟩ + b)),
/// an interval [lo, hi] (a point when some multiplier is strictly between 0 and C).
std::pair<double, double> optimal_b_interval(const optim::SvmProblem& P, const Eigen::VectorXd& w);

/// Every tolerance Exercise 4 uses, named once. Relative ones are scaled as their comment says.
struct Tolerances {
  static constexpr double position = 1e-7;    ///< |y_i f(x_i) − 1| (or |y_i f(x_i)|) ≤ this: on H1/H2 (on H0)
  static constexpr double support = 1e-7;     ///< α_i > support·min(max α, C): a support vector
  static constexpr double slack = 1e-7;       ///< ξ_i ≤ slack counts as 0, |ξ_i − 1| ≤ slack as 1
  static constexpr double bound = 1e-7;       ///< α_i ≥ (1 − bound)·C: at the upper bound C
  static constexpr double show_zero = 1e-10;  ///< |x| < show_zero·scale is printed as 0 (JSON keeps it)
  static constexpr double b_unique = 1e-9;    ///< optimal-b interval shorter than this·max(1, |b|): a point
  static constexpr double margin_subset = 1e-9;  ///< 1(b): points with y_i f(x_i) ≥ 1 − this form the separable subset
  static constexpr double kkt = 1e-8;         ///< scaled KKT residual of the primal solution
  static constexpr double gap = 1e-8;         ///< relative duality gap
  static constexpr double second_value = 1e-7;   ///< relative difference of the SMO objective
  static constexpr double second_w = 1e-5;       ///< scaled difference of the SMO w
  static constexpr double hard_vs_soft = 1e-7;   ///< 1(b): max difference of (w, b)
  static constexpr double conditions = 1e-7;     ///< 3: complementary slackness on the data
  static constexpr double sweep_rise = 1e-7;     ///< 4: relative rise of a slack counted as a rise
  static constexpr double smo = 1e-11;           ///< stopping tolerance given to SMO
  static constexpr double tie = 1e-6;            ///< α within this (relative) of the largest counts as a tie; the first is taken
};

/// The range of an optimal slack asked for in part 4: ξ = 0, 0 < ξ < 1, ξ = 1, ξ > 1.
enum class SlackRange { Zero, Below1, One, Above1 };
SlackRange slack_range(double xi);
/// "0", "(0,1)", "1", ">1" (the JSON's xi_range).
const char* slack_range_name(SlackRange r);

/// Where α_i lies in (7)'s box [0, C] (p = 1), or whether it is positive (p > 1: no upper bound).
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
  std::vector<int> support_count;
  bool total_nonincreasing = true, norm_nondecreasing = true, support_nonincreasing = true;
  double largest_total_rise = 0;   ///< relative, for the check
  std::vector<SlackRise> rises;    ///< the largest rise of each point whose slack rises somewhere
  /// In that order: the interval of optimal b (p = 1; a point otherwise). Where it is not a point,
  /// the slacks (not their total) depend on which optimal b is reported.
  std::vector<std::pair<double, double>> b_interval;
  std::vector<bool> b_unique;
};

struct Result {
  optim::SvmSolution primal;                  ///< interior point (p = 1) or Newton (p > 1)
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
  bool data_separable = false;
  Eigen::Index separable_points = 0;
  std::optional<double> hard_vs_soft_difference;
  double large_C = 0;
  double hard_alpha_max = 0;                  ///< max α of the hard margin (2) on those points
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

Result solve(const Problem& p);
/// The same, reporting the loops (the C sweep, the λ path) to `progress`.
Result solve(const Problem& p, Progress& progress);
Report report(const Problem& p, const Result& r);
/// Parses, solves and reports; `ctx` gives the folder for relative data paths and a progress sink.
Report run(const Json& problem_json, const RunContext& ctx = {});

/// Largest n for which the O(n²)-memory SMO second method runs.
constexpr Eigen::Index kSecondMethodMaxN = 3000;

}  // namespace hw6::ex4
