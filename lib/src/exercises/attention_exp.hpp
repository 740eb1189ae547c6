#pragma once
// The exponential of Exercise 7's softmax (row_softmax and the finite-difference checks'
// softmax_change, fused there with the sums that use it), vectorized with the processor's widest registers.
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

/// One column j of the finite-difference checks' perturbed softmax (ex7_checks.cpp's
/// softmax_change), fused into one pass without branches, so that it vectorizes like exp_shifted
/// and no intermediate column is stored. For i in [0, n), the unnormalized weight e is either
///   x = ((s[i] − row_max[i]) + r[0]·p[0][i] + … + r[k−1]·p[k−1][i]) − shift[i]   (in that order),
///   e = e^x (as exp_shifted), weight = e·(|x| + per_term)
/// or, where `series` is set, with s the column of the weights A (row_max and shift unused),
///   x = r[0]·p[0][i] + … + r[k−1]·p[k−1][i],  e = s[i]·(1 + x + x²/2 + … + x⁵/120),  weight = e·per_term;
/// then sum[i] += e, paired[i] += e·m[i], magnitude[i] += weight·|m[i]| and, where with_w is not
/// null, with_w[i] += e·w_j and with_w_abs[i] += weight·|w_j|. k is 1, 2 or 3. With e^x, the same
/// bits as those steps done one after another (-ffp-contract=off).
struct SoftmaxColumn {
  const double* s;
  const double* row_max;
  const double* shift;
  const double* p[3];
  double r[3];
  int k;
  bool series;
  const double* m;
  double per_term, w_j;
  double *sum, *paired, *magnitude, *with_w, *with_w_abs;
};
void softmax_column(const SoftmaxColumn& c, std::ptrdiff_t n);

}  // namespace hw6::ex7::detail
