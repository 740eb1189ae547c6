#pragma once
/// Exercise 4: the soft-margin SVM (6), its dual (7), the p-norm variant (8) and its dual, the
/// complementary slackness conditions, and where each point lies; a sweep over C.
#include "hw6/context.hpp"
#include "hw6/json_io.hpp"
#include "hw6/optim/svm.hpp"
#include "hw6/report.hpp"

#include <optional>
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

struct Result {
  optim::SvmSolution primal;                  ///< interior point (p = 1) or Newton (p > 1)
  std::optional<optim::SvmSolution> second;   ///< SMO on the dual, when n is small enough
  double b_lo = 0, b_hi = 0;
  std::vector<double> margins;
  std::vector<std::string> positions;
  std::vector<bool> support;
  // Part 1(b): on a separable subset, the hard margin against the soft margin with a large C.
  Eigen::Index separable_points = 0;
  std::optional<double> hard_vs_soft_difference;
  double large_C = 0;
  // Part 2: the p-variant (p of the problem if > 1, else p = 2), by Newton and by SMO on its dual.
  double p2 = 2;
  optim::SvmSolution p_primal;
  std::optional<optim::SvmSolution> p_dual;
  std::vector<optim::SvmSolution> sweep;
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
