// See cd_kernels.hpp.
#include "cd_kernels.hpp"

#include <algorithm>
#include <cstring>

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

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
/// Eight doubles (GCC's vector extension): one AVX-512 register, two AVX2 ones, four SSE2 ones.
/// The helpers are always inlined into each clone, so the ABI of passing such a vector by value
/// (which GCC warns differs with and without AVX-512) never applies.
typedef double Wide __attribute__((vector_size(64)));
[[gnu::always_inline]] inline Wide load(const double* p) {
  Wide w;
  std::memcpy(&w, p, sizeof w);
  return w;
}
[[gnu::always_inline]] inline void store(double* p, const Wide& w) { std::memcpy(p, &w, sizeof w); }

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

HW6_CLONES void dot4(const double* const* x, const double* v, std::ptrdiff_t m, double* out) {
  const std::ptrdiff_t body = m - m % 8;
  Wide acc[4] = {};
  for (std::ptrdiff_t i = 0; i < body; i += 8) {
    const Wide vi = load(v + i);
    for (int k = 0; k < 4; ++k) acc[k] += load(x[k] + i) * vi;
  }
  for (int k = 0; k < 4; ++k) {
    double t = 0;
    for (int l = 0; l < 8; ++l) t += acc[k][l];
    for (std::ptrdiff_t i = body; i < m; ++i) t += x[k][i] * v[i];
    out[k] = t;
  }
}

HW6_CLONES void add4(const double* const* x, const double* a, double* r, std::ptrdiff_t m) {
  const std::ptrdiff_t body = m - m % 8;
  const double* x0 = x[0];
  const double* x1 = x[1];
  const double* x2 = x[2];
  const double* x3 = x[3];
  const double c0 = a[0], c1 = a[1], c2 = a[2], c3 = a[3];
  std::ptrdiff_t i = 0;
  for (; i < body; i += 8) store(r + i, (((load(r + i) + c0 * load(x0 + i)) + c1 * load(x1 + i)) + c2 * load(x2 + i)) + c3 * load(x3 + i));
  for (; i < m; ++i) r[i] = (((r[i] + c0 * x0[i]) + c1 * x1[i]) + c2 * x2[i]) + c3 * x3[i];
}
#pragma GCC diagnostic pop

}  // namespace hw6::optim::detail
