#pragma once
// The coordinate-descent kernels of the ℓ1-logistic-regression solver (l1logreg.cpp), in single
// precision: the working columns x (WorkingColumns), the weights w and the residual r of the sweeps
// are floats; each block of 256 products is summed in float lanes and the blocks in double.
//
// They are the largest part of the solver's time along a path besides the gradient products, and
// limited by how fast the working columns stream from the L3 cache. Single-precision w and r halve
// the bytes of the vectors the kernels sweep, and sixteen products fit one AVX-512 instruction
// against eight: the 171,032 updates of the 20-λ path benchmark (columns of 2,000, up to 1,100 of
// them) took 0.09 to 0.10 s instead of 0.12 to 0.14 s in double precision (default build). Written as plain loops over sixteen independent lanes, they are
// compiled three times (AVX-512, AVX2, baseline; GCC's target_clones picks at load time), as
// Exercise 7's exponential is: a default build would otherwise get SSE2 only. With
// -ffp-contract=off and the lanes summed in a fixed order, every version rounds alike: the same
// iterates on every processor (lib/CMakeLists.txt; a HW6_NATIVE build contracts to fused multiply-adds).
#include <cstddef>

namespace hw6::optim::detail {

/// Σ x_i w_i r_i.
double weighted_dot(const float* x, const float* w, const float* r, std::ptrdiff_t m);
/// Σ x_i² w_i.
double weighted_square(const float* x, const float* w, std::ptrdiff_t m);
/// r += a·x.
void add_scaled(float a, const float* x, float* r, std::ptrdiff_t m);
/// r += a·x, then Σ y_i w_i r_i with the new r, in one pass over r: one column's update fused
/// with the next column's product (an eighth faster than add_scaled then weighted_dot on 850
/// columns of 2,000, more than the L2 cache holds). r must not overlap x, y or w.
double add_then_weighted_dot(float a, const float* x, const float* y, const float* w, float* r, std::ptrdiff_t m);

// In double precision, over the columns of X̄ itself (the gradient products and the steps' margins):
// four columns per pass over the vector, and compiled three times like the kernels above (a default
// build would get SSE2 only).
/// out[k] = Σ_i x[k][i]·v[i] for k < 4; eight lanes per column, summed in a fixed order.
void dot4(const double* const* x, const double* v, std::ptrdiff_t m, double* out);
/// r += Σ_k a[k]·x[k] for k < 4, the four terms added left to right into r.
void add4(const double* const* x, const double* a, double* r, std::ptrdiff_t m);

}  // namespace hw6::optim::detail
