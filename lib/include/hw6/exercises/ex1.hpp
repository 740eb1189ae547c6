#pragma once
/// Exercise 1: the hard-margin SVM (2): distance to a hyperplane, feasibility, the optimal
/// solution by two methods, active constraints, uniqueness, and re-solving on the active set.
#include "hw6/context.hpp"
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

enum class Status { Optimal, Infeasible };

struct Result {
  Status status = Status::Optimal;
  bool one_class = false;
  optim::SvmSolution solution;  ///< primary: interior point + polish
  double b_lo = 0, b_hi = 0;    ///< the set of optimal b (a point unless one_class)
  std::vector<Eigen::Index> active;  ///< y_i f(x_i) = 1
  std::optional<optim::NearestPoints> hull;  ///< second method, or the certificate
  Eigen::VectorXd hull_w;
  double hull_b = 0;
  std::vector<std::pair<Eigen::Index, Eigen::Index>> contradictions;
  // Part 2.
  Eigen::VectorXd feasible_w;
  double feasible_b = 0;
  std::string feasible_method;
  // Part 7: b from every active constraint.
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
