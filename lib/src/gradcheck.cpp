// Gradient checks along random rank-one directions and at sampled entries; see gradcheck.hpp.
#include "hw6/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

namespace hw6 {

namespace {

constexpr double kUnitRoundoff = std::numeric_limits<double>::epsilon() / 2;
constexpr double kDeviations = 6;  ///< λ of rounding_level()

/// One central difference along u vᵀ: the quotient, and R, the bound on its error from rounding:
/// the two evaluations' bounds over 2t, the subtraction and division (2 roundings of the
/// quotient), and G's entries as seen along u vᵀ (|u|ᵀB|v|).
struct Quotient {
  double value = 0, rounding = 0, step = 0;
  bool finite = true;
};

Quotient central_difference(const RankOneLoss& L, const Eigen::VectorXd& u, const Eigen::VectorXd& v, const GradCheckOptions& o) {
  Quotient q;
  q.step = o.step ? o.step(u, v) : 1e-5;
  const Evaluation plus = L(u, v, q.step), minus = L(u, v, -q.step);
  q.value = (plus.value - minus.value) / (2 * q.step);
  q.rounding = (plus.rounding + minus.rounding) / (2 * q.step) + 2 * kUnitRoundoff * std::fabs(q.value);
  if (o.G_rounding) q.rounding += u.cwiseAbs().dot(*o.G_rounding * v.cwiseAbs());
  q.finite = std::isfinite(q.value) && std::isfinite(q.rounding);
  return q;
}

/// |quotient − claimed| over scale; 0 when both are exactly equal, even at scale 0.
double scaled(double difference, double scale) { return difference == 0 ? 0.0 : difference / scale; }

}  // namespace

double rounding_level(double n) { return kDeviations * std::sqrt(n) * kUnitRoundoff; }

GradCheckResult gradcheck(const RankOneLoss& L, const Eigen::MatrixXd& G, const GradCheckOptions& o) {
  GradCheckResult c;
  const Eigen::Index m = G.rows(), n = G.cols();
  c.entries_total = static_cast<std::size_t>(G.size());
  if (G.size() == 0) {
    c.passed = true;
    return c;
  }
  std::mt19937 rng(o.seed);

  // Entries: all of a small matrix, else a reproducible random sample.
  std::vector<Eigen::Index> entries;
  const bool exhaustive = c.entries_total <= o.exhaustive_up_to;
  if (exhaustive) {
    entries.resize(c.entries_total);
    std::iota(entries.begin(), entries.end(), Eigen::Index{0});
  } else {
    std::uniform_int_distribution<Eigen::Index> pick(0, G.size() - 1);
    for (int k = 0; k < o.entries; ++k) entries.push_back(pick(rng));
  }
  // The quotients first, then the errors: the scale needs the largest rounding bound.
  struct Compared {
    double difference, rounding;
    Eigen::Index i, j;
  };
  auto note_nonfinite = [&](const Quotient& q, Eigen::Index i, Eigen::Index j) {
    if (!c.finite) return;
    c.finite = false;
    c.nonfinite_row = i;
    c.nonfinite_col = j;
    c.nonfinite_step = q.step;
  };
  std::vector<Compared> at_entries;
  Eigen::VectorXd e_i = Eigen::VectorXd::Zero(m), e_j = Eigen::VectorXd::Zero(n);
  for (Eigen::Index k : entries) {
    const Eigen::Index i = k % m, j = k / m;  // column-major, as Eigen stores
    e_i(i) = 1;
    e_j(j) = 1;
    const Quotient q = central_difference(L, e_i, e_j, o);
    e_i(i) = 0;
    e_j(j) = 0;
    ++c.entries_checked;
    if (!q.finite) {
      note_nonfinite(q, i, j);
      continue;
    }
    at_entries.push_back({std::fabs(q.value - G(i, j)), q.rounding, i, j});
    c.entry_rounding = std::max(c.entry_rounding, q.rounding);
  }
  std::vector<Compared> along_directions;
  if (!exhaustive) {
    std::normal_distribution<double> normal(0.0, 1.0);
    for (int k = 0; k < o.directions; ++k) {
      Eigen::VectorXd u(m), v(n);
      for (Eigen::Index i = 0; i < m; ++i) u(i) = normal(rng);
      for (Eigen::Index j = 0; j < n; ++j) v(j) = normal(rng);
      const Quotient q = central_difference(L, u, v, o);
      ++c.directions;
      if (!q.finite) {
        note_nonfinite(q, -1, -1);
        continue;
      }
      along_directions.push_back({std::fabs(q.value - u.dot(G * v)), q.rounding, -1, -1});
      c.direction_rounding = std::max(c.direction_rounding, q.rounding);
    }
  }

  c.entry_scale = G.cwiseAbs().maxCoeff() + c.entry_rounding / o.tolerance;
  for (const auto& a : at_entries) {
    const double err = scaled(a.difference, c.entry_scale);
    if (c.worst_row < 0 || err > c.entry_error) {
      c.entry_error = err;
      c.worst_row = a.i;
      c.worst_col = a.j;
    }
  }
  // stableNorm, not norm: at entries of 1e-300 the sum of squares underflows and norm() is 0.
  c.direction_scale = G.stableNorm() + c.direction_rounding / o.tolerance;
  for (const auto& a : along_directions) c.direction_error = std::max(c.direction_error, scaled(a.difference, c.direction_scale));
  c.max_error = std::max(c.entry_error, c.direction_error);
  c.passed = c.finite && c.max_error <= o.tolerance;
  return c;
}

GradCheckResult gradcheck(const std::function<Evaluation(const Eigen::MatrixXd&)>& L, const Eigen::MatrixXd& M,
                          const Eigen::MatrixXd& G, const GradCheckOptions& options) {
  // Forming M + t u vᵀ rounds each entry once, by at most u|M_ij| (to first order), which moves L
  // by about |G_ij| times that; the roundings of different entries are independent.
  const double formed = rounding_level(1) * G.cwiseProduct(M).stableNorm();
  Eigen::MatrixXd moved(M.rows(), M.cols());
  return gradcheck(
      [&](const Eigen::VectorXd& u, const Eigen::VectorXd& v, double t) {
        moved = M;
        moved.noalias() += t * u * v.transpose();
        Evaluation e = L(moved);
        e.rounding += formed;
        return e;
      },
      G, options);
}

}  // namespace hw6
