#pragma once
// Solving in normalized units (optim/svm.hpp, "Scale" and "Origin"): each solver moves X by
// −c = −svm_data_centre(X), divides it by s = svm_data_scale(X), a power of two, solves with C·s²,
// and maps the result back. For data far from the origin the subtraction is exact (see
// svm_data_centre), and the division always is, so the solver sees exactly the data given, moved
// and scaled: its tolerances, written for centred data with max‖xᵢ‖ ≈ 1, hold for every unit and
// origin. Only b = b' − ⟨w,c⟩ is rounded on the way back, once.
#include "hw6/optim/svm.hpp"

#include <utility>

namespace hw6::optim::detail {

/// x' = (x − centre)/scale.
struct Units {
  Eigen::VectorXd centre;
  double scale = 1;
  bool identity() const { return scale == 1 && centre.isZero(0); }
};
/// The units the solvers work in for data X.
Units units_of(const Eigen::MatrixXd& X);

/// P in units u: (X − c)/s, C·s².
SvmProblem problem_in(const SvmProblem& P, const Units& u);
/// A solution of P written in units u: w·s, b + ⟨w,c⟩, α·s², objective·s² (ξ unchanged).
SvmSolution solution_in(SvmSolution sol, const Units& u);
/// A solution of problem_in(P, u) written in P's units (w/s, b − ⟨w,c⟩, α/s², objective/s²), its
/// KKT residual measured on P.
SvmSolution solution_from(const SvmProblem& P, SvmSolution sol, const Units& u);

/// solve(problem_in(P, u)) in P's units; without a copy of X when the units are P's own.
template <class Solve>
SvmSolution solve_in_units(const SvmProblem& P, Solve&& solve) {
  const Units u = units_of(P.X);
  if (u.identity()) return std::forward<Solve>(solve)(P);
  return solution_from(P, std::forward<Solve>(solve)(problem_in(P, u)), u);
}

}  // namespace hw6::optim::detail
