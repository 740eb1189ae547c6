// Nearest points of the convex hulls of the two classes, by the MDM algorithm of Mitchell,
// Dem'yanov & Malozemov, "Finding the point of a polyhedron closest to the origin", SIAM J.
// Control 12 (1974), applied to the difference polytope {u − v}: minimize ½‖z‖², z = Σλ_i y_i x_i,
// with λ ≥ 0 summing to 1 within each class. Each step moves weight within one class from the
// point with the largest gradient ⟨y_i x_i, z⟩ (and λ_i > 0) to the one with the smallest, by an
// exact line search. O(n·d) per step.
#include "hw6/optim/svm.hpp"

#include <cmath>

namespace hw6::optim {

namespace {

/// MDM on X as given; nearest_hull_points calls it on the centred data.
NearestPoints mdm(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, double tol, int max_iterations) {
  const Eigen::Index n = X.rows();
  NearestPoints r;
  r.lambda = Eigen::VectorXd::Zero(n);
  Eigen::Index n_pos = 0, n_neg = 0;
  for (Eigen::Index i = 0; i < n; ++i) (y(i) > 0 ? n_pos : n_neg)++;
  for (Eigen::Index i = 0; i < n; ++i) r.lambda(i) = 1.0 / double(y(i) > 0 ? n_pos : n_neg);
  Eigen::VectorXd z = X.transpose() * r.lambda.cwiseProduct(y);
  Eigen::VectorXd g = y.cwiseProduct(X * z);
  // Gradients ⟨y_i x_i, z⟩ and ‖z‖² scale as R², R = max‖x_i‖: the tests are relative to it.
  const double R2 = X.rows() ? X.rowwise().squaredNorm().maxCoeff() : 0.0;
  const double scale = R2 > 0 ? R2 : 1.0;
  for (int it = 0; it < max_iterations; ++it) {
    r.iterations = it;
    double best_gap = 0;
    Eigen::Index best_max = -1, best_min = -1;
    for (double cls : {1.0, -1.0}) {
      Eigen::Index imax = -1, imin = -1;
      for (Eigen::Index i = 0; i < n; ++i) {
        if (y(i) != cls) continue;
        if (r.lambda(i) > 0 && (imax < 0 || g(i) > g(imax))) imax = i;
        if (imin < 0 || g(i) < g(imin)) imin = i;
      }
      if (imax >= 0 && imin >= 0 && g(imax) - g(imin) > best_gap) best_gap = g(imax) - g(imin), best_max = imax, best_min = imin;
    }
    if (best_max < 0 || best_gap <= tol * scale || z.squaredNorm() <= tol * tol * scale) {
      r.converged = true;
      break;
    }
    const Eigen::VectorXd e = y(best_min) * (X.row(best_min) - X.row(best_max)).transpose();
    const double ee = e.squaredNorm();
    if (ee <= 0) break;
    const double t = std::min(r.lambda(best_max), best_gap / ee);
    r.lambda(best_max) -= t;
    r.lambda(best_min) += t;
    z += t * e;
    g += t * y.cwiseProduct(X * e);
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
