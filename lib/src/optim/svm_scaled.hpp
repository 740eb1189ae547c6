#pragma once
// Solving in scaled units (optim/svm.hpp, "Scale"): each solver divides X by s = svm_data_scale(X),
// a power of two, solves with C·s², and maps the result back. Powers of two make both directions
// exact, so a solver's result for X·2^k is exactly its result for X with w, α and the objective
// scaled: its tolerances, written for max‖xᵢ‖ ≈ 1, hold in every unit.
#include "hw6/optim/svm.hpp"

#include <utility>

namespace hw6::optim::detail {

/// P in units where max‖xᵢ‖ ≈ 1: X/s, C·s².
SvmProblem scaled_problem(const SvmProblem& P, double s);
/// A solution of P written in those units: w·s, α·s², objective·s².
SvmSolution to_scaled(SvmSolution sol, double s);
/// A solution of scaled_problem(P, s) written in P's units, its KKT residual measured on P.
SvmSolution from_scaled(const SvmProblem& P, SvmSolution sol, double s);

/// solve(scaled_problem(P, s)) in P's units; without a copy of X when s = 1.
template <class Solve>
SvmSolution solve_scaled(const SvmProblem& P, Solve&& solve) {
  const double s = svm_data_scale(P.X);
  if (s == 1) return std::forward<Solve>(solve)(P);
  return from_scaled(P, std::forward<Solve>(solve)(scaled_problem(P, s)), s);
}

}  // namespace hw6::optim::detail
