// Nearest points of the convex hulls of the two classes, by the MDM algorithm of Mitchell,
// Dem'yanov & Malozemov, "Finding the point of a polyhedron closest to the origin", SIAM J.
// Control 12 (1974), applied to the difference polytope {u − v}: minimize ½‖z‖², z = Σλ_i y_i x_i,
// with λ ≥ 0 summing to 1 within each class. Each step moves weight within one class from the
// point with the largest gradient ⟨y_i x_i, z⟩ (and λ_i > 0) to the one with the smallest, by an
// exact line search. O(n·d) per step; beyond 4,000 points on a working set (chunking) with Wolfe's
// affine step (P. Wolfe, "Finding the nearest point in a polytope", Math. Programming 11 (1976))
// every 1,000 steps, stopping on the same test over every point.
#include "hw6/optim/svm.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace hw6::optim {

namespace {

/// How often MDM on a working set tries the affine jump (below).
constexpr int kJumpEvery = 1000;

/// MDM's steps shrink geometrically near the optimum (100,000 points of 30 features: 2 million
/// steps did not reach the test). The jump (Wolfe's affine step for nearest points): the minimizer
/// of ‖z‖² over the affine hull of the current support (λ_i > 0, each class's weights summing to 1),
/// from its KKT system; where a weight would turn negative, only as far toward it as keeps every
/// weight ≥ 0 (‖z‖² is convex along the segment and least at its end, so it does not grow), the
/// weight reaching 0 leaves the support, and again. MDM continues from a feasible point no worse
/// than before, and its stopping test still decides. Returns whether λ moved.
bool affine_jump(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, Eigen::VectorXd& lambda, Eigen::VectorXd& z) {
  bool moved = false;
  for (int round = 0; round < 100; ++round) {
    std::vector<Eigen::Index> S;
    for (Eigen::Index i = 0; i < lambda.size(); ++i)
      if (lambda(i) > 0) S.push_back(i);
    const auto k = static_cast<Eigen::Index>(S.size());
    if (k > 2000) break;
    Eigen::MatrixXd Z(k, X.cols());
    Eigen::VectorXd cur(k);
    for (Eigen::Index a = 0; a < k; ++a) {
      const Eigen::Index i = S[static_cast<std::size_t>(a)];
      Z.row(a) = y(i) * X.row(i), cur(a) = lambda(i);
    }
    Eigen::MatrixXd K = Eigen::MatrixXd::Zero(k + 2, k + 2);
    K.topLeftCorner(k, k) = Z * Z.transpose();
    Eigen::VectorXd rhs = Eigen::VectorXd::Zero(k + 2);
    rhs(k) = rhs(k + 1) = 1;
    for (Eigen::Index a = 0; a < k; ++a) {
      const Eigen::Index row = y(S[static_cast<std::size_t>(a)]) > 0 ? k : k + 1;
      K(row, a) = K(a, row) = 1;
    }
    const Eigen::VectorXd lam = K.completeOrthogonalDecomposition().solve(rhs).head(k);
    double pos = 0, neg = 0;
    for (Eigen::Index a = 0; a < k; ++a) (y(S[static_cast<std::size_t>(a)]) > 0 ? pos : neg) += lam(a);
    if (!lam.allFinite() || std::fabs(pos - 1) > 1e-9 || std::fabs(neg - 1) > 1e-9) break;
    if ((Z.transpose() * lam).squaredNorm() > (Z.transpose() * cur).squaredNorm()) break;  // rounding: no gain
    double t = 1;
    Eigen::Index leaving = -1;
    for (Eigen::Index a = 0; a < k; ++a)
      if (lam(a) <= 0 && cur(a) - lam(a) > 0 && cur(a) / (cur(a) - lam(a)) < t) t = cur(a) / (cur(a) - lam(a)), leaving = a;
    const Eigen::VectorXd next = cur + t * (lam - cur);
    for (Eigen::Index a = 0; a < k; ++a) lambda(S[static_cast<std::size_t>(a)]) = a == leaving ? 0.0 : std::max(0.0, next(a));
    moved = true;
    if (leaving < 0) break;
  }
  if (!moved) return false;
  // Each class's weights sum to 1 again (the jump is exact only to rounding).
  double pos = 0, neg = 0;
  for (Eigen::Index i = 0; i < lambda.size(); ++i) (y(i) > 0 ? pos : neg) += lambda(i);
  for (Eigen::Index i = 0; i < lambda.size(); ++i) lambda(i) /= y(i) > 0 ? pos : neg;
  z = X.transpose() * lambda.cwiseProduct(y);
  return true;
}

/// MDM steps on X from the feasible weights `lambda` (summing to 1 within each class) until, in each
/// class, the largest gradient ⟨y_i x_i, z⟩ with λ_i > 0 exceeds the smallest by at most tol·scale
/// (or ‖z‖² ≤ tol²·scale: the hulls meet). Adds the steps taken to `iterations`; true when converged.
bool mdm_steps(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, double tol, double scale, int max_iterations, Eigen::VectorXd& lambda, int& iterations,
               bool jump = false) {
  const Eigen::Index n = X.rows();
  Eigen::VectorXd z = X.transpose() * lambda.cwiseProduct(y);
  Eigen::VectorXd g = y.cwiseProduct(X * z);
  for (int it = 0; it < max_iterations; ++it, ++iterations) {
    if (jump && it > 0 && it % kJumpEvery == 0 && affine_jump(X, y, lambda, z)) g = y.cwiseProduct(X * z);
    double best_gap = 0;
    Eigen::Index best_max = -1, best_min = -1;
    for (double cls : {1.0, -1.0}) {
      Eigen::Index imax = -1, imin = -1;
      for (Eigen::Index i = 0; i < n; ++i) {
        if (y(i) != cls) continue;
        if (lambda(i) > 0 && (imax < 0 || g(i) > g(imax))) imax = i;
        if (imin < 0 || g(i) < g(imin)) imin = i;
      }
      if (imax >= 0 && imin >= 0 && g(imax) - g(imin) > best_gap) best_gap = g(imax) - g(imin), best_max = imax, best_min = imin;
    }
    if (best_max < 0 || best_gap <= tol * scale || z.squaredNorm() <= tol * tol * scale) return true;
    const Eigen::VectorXd e = y(best_min) * (X.row(best_min) - X.row(best_max)).transpose();
    const double ee = e.squaredNorm();
    if (ee <= 0) return false;
    const double t = std::min(lambda(best_max), best_gap / ee);
    lambda(best_max) -= t;
    lambda(best_min) += t;
    z += t * e;
    g += t * y.cwiseProduct(X * e);
  }
  return false;
}

/// Above this many points MDM runs on a working set (below): each step costs O(n·d), and from
/// uniform weights it needs at least a step per point it drops, so 10,000 points of 30 features
/// took 70 s and 100,000 would have taken hours.
constexpr Eigen::Index kWorkingSetAbove = 4000;
/// Points per class in the first working set, and at most added per class in each round.
constexpr Eigen::Index kWorkingSetChunk = 50;

/// The `count` points of class `cls` with the smallest g, outside `in`, whose g is below `below`.
std::vector<Eigen::Index> smallest(const Eigen::VectorXd& g, const Eigen::VectorXd& y, double cls, const std::vector<char>& in, double below, Eigen::Index count) {
  std::vector<Eigen::Index> idx;
  for (Eigen::Index i = 0; i < g.size(); ++i)
    if (y(i) == cls && !in[static_cast<std::size_t>(i)] && g(i) < below) idx.push_back(i);
  const auto k = std::min<std::size_t>(idx.size(), static_cast<std::size_t>(count));
  std::partial_sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(k), idx.end(), [&](Eigen::Index a, Eigen::Index b) { return g(a) < g(b); });
  idx.resize(k);
  return idx;
}

/// MDM on X as given; nearest_hull_points calls it on the centred data. Up to kWorkingSetAbove
/// points, from uniform weights over all of them. Beyond, on a working set (chunking, as SVM
/// solvers do): per class the kWorkingSetChunk points that reach furthest toward the other class's
/// mean, uniform weights there, MDM to the same test; then the gradients of every point, and the
/// points breaking the test join the set, until none does. The test that ends it is the same
/// full-data test, so the answer is what MDM on all points certifies.
NearestPoints mdm(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, double tol, int max_iterations) {
  const Eigen::Index n = X.rows();
  NearestPoints r;
  r.lambda = Eigen::VectorXd::Zero(n);
  // Gradients ⟨y_i x_i, z⟩ and ‖z‖² scale as R², R = max‖x_i‖: the tests are relative to it.
  const double R2 = X.rows() ? X.rowwise().squaredNorm().maxCoeff() : 0.0;
  const double scale = R2 > 0 ? R2 : 1.0;
  std::vector<char> in(static_cast<std::size_t>(n), n <= kWorkingSetAbove);
  if (n > kWorkingSetAbove) {
    Eigen::VectorXd mean_diff = Eigen::VectorXd::Zero(X.cols());
    Eigen::Index n_pos = 0, n_neg = 0;
    for (Eigen::Index i = 0; i < n; ++i) (y(i) > 0 ? n_pos : n_neg)++;
    for (Eigen::Index i = 0; i < n; ++i) mean_diff += y(i) / double(y(i) > 0 ? n_pos : n_neg) * X.row(i).transpose();
    const Eigen::VectorXd g0 = y.cwiseProduct(X * mean_diff);
    for (double cls : {1.0, -1.0})
      for (Eigen::Index i : smallest(g0, y, cls, in, optim::kInfinity, kWorkingSetChunk)) in[static_cast<std::size_t>(i)] = 1;
  }
  Eigen::Index n_pos = 0, n_neg = 0;
  for (Eigen::Index i = 0; i < n; ++i)
    if (in[static_cast<std::size_t>(i)]) (y(i) > 0 ? n_pos : n_neg)++;
  for (Eigen::Index i = 0; i < n; ++i)
    if (in[static_cast<std::size_t>(i)]) r.lambda(i) = 1.0 / double(y(i) > 0 ? n_pos : n_neg);
  for (;;) {
    std::vector<Eigen::Index> rows;
    for (Eigen::Index i = 0; i < n; ++i)
      if (in[static_cast<std::size_t>(i)]) rows.push_back(i);
    const auto m = static_cast<Eigen::Index>(rows.size());
    Eigen::MatrixXd Xw(m, X.cols());
    Eigen::VectorXd yw(m), lw(m);
    for (Eigen::Index k = 0; k < m; ++k) {
      const Eigen::Index i = rows[static_cast<std::size_t>(k)];
      Xw.row(k) = X.row(i), yw(k) = y(i), lw(k) = r.lambda(i);
    }
    r.converged = mdm_steps(m == n ? X : Xw, m == n ? y : yw, tol, scale, max_iterations - r.iterations, lw, r.iterations, n > kWorkingSetAbove);
    for (Eigen::Index k = 0; k < m; ++k) r.lambda(rows[static_cast<std::size_t>(k)]) = lw(k);
    if (!r.converged || m == n) break;
    // The full-data test: a point outside the set whose gradient is below its class's largest
    // supported gradient by more than tol·scale would let MDM step on; it joins the set.
    const Eigen::VectorXd z = X.transpose() * r.lambda.cwiseProduct(y);
    if (z.squaredNorm() <= tol * tol * scale) break;
    const Eigen::VectorXd g = y.cwiseProduct(X * z);
    bool added = false;
    for (double cls : {1.0, -1.0}) {
      double gmax = -optim::kInfinity;
      for (Eigen::Index i = 0; i < n; ++i)
        if (y(i) == cls && r.lambda(i) > 0) gmax = std::max(gmax, g(i));
      for (Eigen::Index i : smallest(g, y, cls, in, gmax - tol * scale, kWorkingSetChunk)) in[static_cast<std::size_t>(i)] = 1, added = true;
    }
    if (!added) break;
  }
  r.u = Eigen::VectorXd::Zero(X.cols());
  r.v = Eigen::VectorXd::Zero(X.cols());
  for (Eigen::Index i = 0; i < n; ++i) (y(i) > 0 ? r.u : r.v) += r.lambda(i) * X.row(i).transpose();
  r.difference = r.u - r.v;
  r.distance = r.difference.norm();
  return r;
}

}  // namespace

NearestPoints nearest_hull_points(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, double tol, int max_iterations) {
  // On the centred data (svm.hpp, "Origin"): the gradients ⟨y_i x_i, z⟩ of points near a far origin
  // c differ by ⟨x_i − x_j, z⟩ but are each of size ‖c‖‖z‖, and the stopping test relative to
  // max‖x_i‖² would stop at a gap of ‖c‖² times the tolerance. u and v are moved back; u − v and
  // the distance are kept as computed on the centred data.
  const Eigen::VectorXd c = svm_data_centre(X);
  if (c.isZero(0)) return mdm(X, y, tol, max_iterations);
  NearestPoints r = mdm(X.rowwise() - c.transpose(), y, tol, max_iterations);
  r.u += c;
  r.v += c;
  return r;
}

}  // namespace hw6::optim
