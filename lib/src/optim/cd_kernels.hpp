#pragma once
// The coordinate-descent kernels of the ℓ1-logistic-regression solver (l1logreg.cpp), on a
// single-precision column x (WorkingColumns) with double-precision arithmetic.
//
// They are the largest part of the solver's time along a path. Written as plain loops over sixteen
// independent lanes, they are compiled three times (AVX-512, AVX2, baseline; GCC's target_clones
// picks at load time), as Exercise 7's exponential is: a default build would otherwise get SSE2
// only, half the speed (1.17 against 0.59 µs per update of a column of 2,000, on the 20-λ path
// benchmark's machine, whose screened path went from 0.57 to 0.37 s in the default build). With
// -ffp-contract=off and the lanes summed in a fixed order, every version rounds alike: the same
// iterates on every processor (lib/CMakeLists.txt; a HW6_NATIVE build contracts to fused multiply-adds).
#include <cstddef>

namespace hw6::optim::detail {

/// Σ x_i w_i r_i.
double weighted_dot(const float* x, const double* w, const double* r, std::ptrdiff_t m);
/// Σ x_i² w_i.
double weighted_square(const float* x, const double* w, std::ptrdiff_t m);
/// r += a·x.
void add_scaled(double a, const float* x, double* r, std::ptrdiff_t m);
/// r += a·x, then Σ y_i w_i r_i with the new r, in one pass over r: one column's update fused
/// with the next column's product (an eighth faster than add_scaled then weighted_dot on 850
/// columns of 2,000, more than the L2 cache holds). r must not overlap x, y or w.
double add_then_weighted_dot(double a, const float* x, const float* y, const double* w, double* r, std::ptrdiff_t m);

}  // namespace hw6::optim::detail
