// See attention_exp.hpp. Built with -ffp-contract=off -fno-trapping-math (lib/CMakeLists.txt): the
// first keeps a * b + c two roundings in every version, the second lets GCC turn the comparisons
// into vector selects (no flag of the floating-point environment is read anywhere in hw6).
#include "attention_exp.hpp"

#include <cstdint>
#include <cstring>

namespace hw6::ex7::detail {

namespace {

inline double exp_one(double x) {
  constexpr double ln_dbl_min = -708.39641853226410622;  // ln(2^−1022)
  constexpr double shifter = 6755399441055744.0;          // 1.5·2^52: x + shifter rounds x to an integer
  constexpr double log2e = 1.4426950408889634074;
  // ln 2 in two parts (Cody–Waite): ln2_hi has 32 significant bits, so k·ln2_hi is exact for |k| ≤ 2^20.
  constexpr double ln2_hi = 0.693147180369123816490, ln2_lo = 1.90821492927058770002e-10;
  const double xc = x < -708.5 ? -708.5 : (x > 709.0 ? 709.0 : x);  // k stays in [−1022, 1023]
  const double kd = xc * log2e + shifter;
  std::uint64_t bits;
  std::memcpy(&bits, &kd, sizeof bits);  // kd's low bits hold k (two's complement)
  const double k = kd - shifter;
  const double r = (xc - k * ln2_hi) - k * ln2_lo;
  // e^r by Horner on the Taylor series to r¹² (|r| ≤ 0.347: the remainder is below 2e-16).
  double p = 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  // 2^k: the exponent field k + 1023 ∈ [1, 2046]; adding 1023 to kd's bits and shifting the low
  // 12 bits into place gives it without a conversion (which AVX2 lacks for 64-bit integers).
  const std::uint64_t scale_bits = (bits + 1023u) << 52;
  double scale;
  std::memcpy(&scale, &scale_bits, sizeof scale);
  return x < ln_dbl_min ? 0.0 : p * scale;
}

/// softmax_column's loop for k = K, with_w present or not (W), and e^x or the series (Series). The
/// pointers are parameters so that GCC honours __restrict (it ignores it on local variables).
template <int K, bool W, bool Series>
inline __attribute__((always_inline)) void column(const double* __restrict s, const double* __restrict row_max,
                                                  const double* __restrict shift, const double* __restrict p0,
                                                  const double* __restrict p1, const double* __restrict p2,
                                                  const double* __restrict m, double* __restrict sum,
                                                  double* __restrict paired, double* __restrict magnitude,
                                                  double* __restrict with_w, double* __restrict with_w_abs,
                                                  const SoftmaxColumn& c, std::ptrdiff_t n) {
  const double r0 = c.r[0], r1 = c.r[1], r2 = c.r[2];
  const double w_j = c.w_j, w_abs = w_j < 0 ? -w_j : w_j, per_term = c.per_term;
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    double e, weight;
    if constexpr (Series) {
      double x = r0 * p0[i];
      if constexpr (K > 1) x += r1 * p1[i];
      if constexpr (K > 2) x += r2 * p2[i];
      const double series = 1.0 + x * (1.0 + x * (1.0 / 2 + x * (1.0 / 6 + x * (1.0 / 24 + x * (1.0 / 120)))));
      e = s[i] * series;
      weight = e * per_term;
    } else {
      double x = s[i] - row_max[i];
      x += r0 * p0[i];
      if constexpr (K > 1) x += r1 * p1[i];
      if constexpr (K > 2) x += r2 * p2[i];
      x -= shift[i];
      e = exp_one(x);
      weight = e * ((x < 0 ? -x : x) + per_term);
    }
    sum[i] += e;
    paired[i] += e * m[i];
    magnitude[i] += weight * (m[i] < 0 ? -m[i] : m[i]);
    if constexpr (W) {
      with_w[i] += e * w_j;
      with_w_abs[i] += weight * w_abs;
    }
  }
}

template <int K, bool W, bool Series>
inline __attribute__((always_inline)) void column(const SoftmaxColumn& c, std::ptrdiff_t n) {
  column<K, W, Series>(c.s, c.row_max, c.shift, c.p[0], c.p[1], c.p[2], c.m, c.sum, c.paired, c.magnitude, c.with_w, c.with_w_abs, c, n);
}

template <bool Series>
inline __attribute__((always_inline)) void column(const SoftmaxColumn& c, std::ptrdiff_t n) {
  const bool w = c.with_w != nullptr;
  switch (c.k * 2 + (w ? 1 : 0)) {
    case 2: column<1, false, Series>(c, n); break;
    case 3: column<1, true, Series>(c, n); break;
    case 4: column<2, false, Series>(c, n); break;
    case 5: column<2, true, Series>(c, n); break;
    case 6: column<3, false, Series>(c, n); break;
    default: column<3, true, Series>(c, n); break;
  }
}

}  // namespace

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void exp_shifted(const double* __restrict x, double* __restrict out, std::ptrdiff_t n) {
  for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = exp_one(x[i]);
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void softmax_column(const SoftmaxColumn& c, std::ptrdiff_t n) {
  if (c.series)
    column<true>(c, n);
  else
    column<false>(c, n);
}

}  // namespace hw6::ex7::detail
