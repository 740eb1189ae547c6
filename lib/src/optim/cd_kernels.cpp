// See cd_kernels.hpp.
#include "cd_kernels.hpp"

#include <algorithm>

namespace hw6::optim::detail {

namespace {

constexpr std::ptrdiff_t kLanes = 16;

/// The single-precision products are summed in blocks of kBlock entries (16 per lane), each block's
/// lanes then added in double precision: an error of at most about 18·2⁻²⁴ ≈ 1.1e-6 of the sum of
/// the terms' absolute values (two roundings per product, sixteen additions per lane), however long
/// the column.
constexpr std::ptrdiff_t kBlock = 256;

/// The float lanes' sum in double precision, in a fixed order; the lanes are reset.
double flush(float* acc) {
  double s = 0;
  for (std::ptrdiff_t l = 0; l < kLanes; ++l) s += double(acc[l]), acc[l] = 0;
  return s;
}

/// Σ term(i) for i < m, term(i) a float: sixteen float lanes, each block of kBlock entries added
/// into a double total in a fixed order, then the last m mod 16 terms one by one. Inlined into
/// each clone, so that it is compiled for that clone's instruction set.
template <class Term>
[[gnu::always_inline]] inline double blocked_sum(std::ptrdiff_t m, Term term) {
  float acc[kLanes] = {};
  double total = 0;
  const std::ptrdiff_t body = m - m % kLanes;
  std::ptrdiff_t i = 0;
  while (i < body) {
    const std::ptrdiff_t end = std::min(body, i + kBlock);
    for (; i < end; i += kLanes)
      for (std::ptrdiff_t l = 0; l < kLanes; ++l) acc[l] += term(i + l);
    total += flush(acc);
  }
  for (; i < m; ++i) total += double(term(i));
  return total;
}

}  // namespace

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define HW6_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define HW6_CLONES
#endif

HW6_CLONES double weighted_dot(const float* __restrict x, const float* __restrict w, const float* __restrict r, std::ptrdiff_t m) {
  return blocked_sum(m, [=](std::ptrdiff_t i) { return x[i] * w[i] * r[i]; });
}

HW6_CLONES double weighted_square(const float* __restrict x, const float* __restrict w, std::ptrdiff_t m) {
  return blocked_sum(m, [=](std::ptrdiff_t i) { return x[i] * x[i] * w[i]; });
}

HW6_CLONES void add_scaled(float a, const float* __restrict x, float* __restrict r, std::ptrdiff_t m) {
  for (std::ptrdiff_t i = 0; i < m; ++i) r[i] += a * x[i];
}

HW6_CLONES double add_then_weighted_dot(float a, const float* __restrict x, const float* __restrict y, const float* __restrict w,
                                        float* __restrict r, std::ptrdiff_t m) {
  return blocked_sum(m, [=](std::ptrdiff_t i) {
    r[i] += a * x[i];
    return y[i] * w[i] * r[i];
  });
}

}  // namespace hw6::optim::detail
