#pragma once
/// Exercise 3: the Lagrangian and dual of sparse logistic regression (5), the sparse condition,
/// and all of it evaluated: (4) solved, θ* from the primal, the duality gap, λ_max, screening,
/// and the solution path.
#include "hw6/context.hpp"
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
};

Problem parse(const Json& j);
/// The same, reading a "data" file (contract: Data files) relative to ctx.base_dir.
Problem parse(const Json& j, const RunContext& ctx);

/// Every tolerance Exercise 3 uses, named once.
struct Tolerances {
  static constexpr double solve = 1e-11;       ///< newGLMNET's stopping tolerance at the problem's λ
  static constexpr double path = 1e-10;        ///< and along the path
  static constexpr double screening = 1e-7;    ///< |(X̄ᵀθ*)_j| < mλ(1 − screening): proved inactive
  static constexpr double kkt = 1e-9;          ///< KKT residual accepted
  static constexpr double gap = 1e-8;          ///< relative duality gap accepted
  static constexpr double dual_feasible = 1e-9;  ///< dual constraint violation / m accepted
  static constexpr double show_zero = 1e-12;   ///< |x| below this printed as 0
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

struct Result {
  Eigen::MatrixXd Xbar;
  double lambda = 0, lambda_max = 0;
  optim::L1LogRegSolution primal;
  Eigen::VectorXd theta;    ///< θ* from the primal solution
  Eigen::VectorXd Xtheta;   ///< X̄ᵀθ*
  double dual_value = 0;
  std::vector<Eigen::Index> inactive;  ///< |(X̄ᵀθ*)_j| < mλ
  std::vector<Eigen::Index> zero_columns, constant_columns;
  optim::L1LogRegSolution above_max, below_max;  ///< at 1.01 λ_max and 0.99 λ_max
  std::vector<PathPoint> path;
  optim::PathStats path_stats;
  std::vector<PathEvent> path_events;
  /// As λ decreases: features only enter (none leaves), one per grid step at most.
  bool path_monotone = true, path_one_at_a_time = true;
};

Result solve(const Problem& p);
/// The same, reporting the loops (the C sweep, the λ path) to `progress`.
Result solve(const Problem& p, Progress& progress);
Report report(const Problem& p, const Result& r);
/// Parses, solves and reports; `ctx` gives the folder for relative data paths and a progress sink.
Report run(const Json& problem_json, const RunContext& ctx = {});

}  // namespace hw6::ex3
