// Gradient checks along random rank-one directions and at sampled entries; see gradcheck.hpp.
#include "hw6/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

namespace hw6 {

GradCheckResult gradcheck(const RankOneLoss& L, const Eigen::MatrixXd& G, const GradCheckOptions& o) {
  GradCheckResult c;
  const Eigen::Index m = G.rows(), n = G.cols();
  c.entries_total = static_cast<std::size_t>(G.size());
  if (G.size() == 0) return c;
  const double h = o.h;
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
  bool finite = true;
  const double entry_scale = std::max(1.0, G.cwiseAbs().maxCoeff());
  Eigen::VectorXd e_i = Eigen::VectorXd::Zero(m), e_j = Eigen::VectorXd::Zero(n);
  for (Eigen::Index k : entries) {
    const Eigen::Index i = k % m, j = k / m;  // column-major, as Eigen stores
    e_i(i) = 1;
    e_j(j) = 1;
    const double numeric = (L(e_i, e_j, h) - L(e_i, e_j, -h)) / (2 * h);
    e_i(i) = 0;
    e_j(j) = 0;
    const double err = std::fabs(numeric - G(i, j)) / entry_scale;
    finite = finite && std::isfinite(err);
    if (c.entries_checked == 0 || err > c.entry_error) {
      c.entry_error = err;
      c.worst_row = i;
      c.worst_col = j;
    }
    ++c.entries_checked;
  }

  if (!exhaustive) {
    std::normal_distribution<double> normal(0.0, 1.0);
    const double direction_scale = std::max(1.0, G.norm());
    for (int k = 0; k < o.directions; ++k) {
      Eigen::VectorXd u(m), v(n);
      for (Eigen::Index i = 0; i < m; ++i) u(i) = normal(rng);
      for (Eigen::Index j = 0; j < n; ++j) v(j) = normal(rng);
      const double numeric = (L(u, v, h) - L(u, v, -h)) / (2 * h);
      const double err = std::fabs(numeric - u.dot(G * v)) / direction_scale;
      finite = finite && std::isfinite(err);
      c.direction_error = std::max(c.direction_error, err);
      ++c.directions;
    }
  }
  c.max_error = std::max(c.entry_error, c.direction_error);
  if (!finite) c.max_error = std::numeric_limits<double>::quiet_NaN();
  return c;
}

GradCheckResult gradcheck(const std::function<double(const Eigen::MatrixXd&)>& L, const Eigen::MatrixXd& M,
                          const Eigen::MatrixXd& G, const GradCheckOptions& options) {
  Eigen::MatrixXd moved(M.rows(), M.cols());
  return gradcheck(
      [&](const Eigen::VectorXd& u, const Eigen::VectorXd& v, double t) {
        moved = M;
        moved.noalias() += t * u * v.transpose();
        return L(moved);
      },
      G, options);
}

}  // namespace hw6
