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
};

Result solve(const Problem& p);
/// The same, reporting the loops (the C sweep, the λ path) to `progress`.
Result solve(const Problem& p, Progress& progress);
Report report(const Problem& p, const Result& r);
/// Parses, solves and reports; `ctx` gives the folder for relative data paths and a progress sink.
Report run(const Json& problem_json, const RunContext& ctx = {});

}  // namespace hw6::ex3
