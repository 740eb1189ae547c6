// See cd_kernels.hpp.
#include "cd_kernels.hpp"

namespace hw6::optim::detail {

namespace {

constexpr std::ptrdiff_t kLanes = 16;

/// The lanes' sum, always in the same order.
double lanes_sum(const double* acc) {
  double s = 0;
  for (std::ptrdiff_t l = 0; l < kLanes; ++l) s += acc[l];
  return s;
}

}  // namespace

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define HW6_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define HW6_CLONES
#endif

HW6_CLONES double weighted_dot(const float* __restrict x, const double* __restrict w, const double* __restrict r, std::ptrdiff_t m) {
  double acc[kLanes] = {};
  std::ptrdiff_t i = 0;
  for (; i + kLanes <= m; i += kLanes)
    for (std::ptrdiff_t l = 0; l < kLanes; ++l) acc[l] += double(x[i + l]) * w[i + l] * r[i + l];
  double s = lanes_sum(acc);
  for (; i < m; ++i) s += double(x[i]) * w[i] * r[i];
  return s;
}

HW6_CLONES double weighted_square(const float* __restrict x, const double* __restrict w, std::ptrdiff_t m) {
  double acc[kLanes] = {};
  std::ptrdiff_t i = 0;
  for (; i + kLanes <= m; i += kLanes)
    for (std::ptrdiff_t l = 0; l < kLanes; ++l) acc[l] += double(x[i + l]) * double(x[i + l]) * w[i + l];
  double s = lanes_sum(acc);
  for (; i < m; ++i) s += double(x[i]) * double(x[i]) * w[i];
  return s;
}

HW6_CLONES void add_scaled(double a, const float* __restrict x, double* __restrict r, std::ptrdiff_t m) {
  for (std::ptrdiff_t i = 0; i < m; ++i) r[i] += a * double(x[i]);
}

HW6_CLONES double add_then_weighted_dot(double a, const float* __restrict x, const float* __restrict y, const double* __restrict w,
                                        double* __restrict r, std::ptrdiff_t m) {
  double acc[kLanes] = {};
  std::ptrdiff_t i = 0;
  for (; i + kLanes <= m; i += kLanes)
    for (std::ptrdiff_t l = 0; l < kLanes; ++l) {
      const double ri = r[i + l] + a * double(x[i + l]);
      r[i + l] = ri;
      acc[l] += double(y[i + l]) * w[i + l] * ri;
    }
  double s = lanes_sum(acc);
  for (; i < m; ++i) {
    r[i] += a * double(x[i]);
    s += double(y[i]) * w[i] * r[i];
  }
  return s;
}

}  // namespace hw6::optim::detail
