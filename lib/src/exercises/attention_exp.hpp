#pragma once
// The exponential of Exercise 7's softmax (row_softmax and the finite-difference checks'
// softmax_pairing), vectorized with the processor's widest registers.
//
// Eigen's exp is vectorized only with the instruction set the build targets, SSE2 for a default
// build, and not at all inside select(): about 8 ns per value here, which made it the largest
// cost of `hw6 ex7` at T = 1024 (~50 million exponentials). This one is compiled three times
// (AVX-512, AVX2, baseline; GCC's target_clones picks at load time) from one branch-free loop,
// with -ffp-contract=off so that every version rounds alike: the same bits on every processor.
#include <cstddef>

namespace hw6::ex7::detail {

/// out[i] = e^{x[i]} for the n values x[0..n) (callers shift so that x ≤ 0), with 0 below
/// ln(DBL_MIN) ≈ −708.40, where e^x is under the smallest normal double. Error ≤ 3 ulp
/// (Cody–Waite reduction x = k ln 2 + r, |r| ≤ ln 2 / 2, then Taylor to r¹², error ≤ 2e-16).
/// x and out must not overlap.
void exp_shifted(const double* x, double* out, std::ptrdiff_t n);

}  // namespace hw6::ex7::detail
