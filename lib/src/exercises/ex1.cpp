// Exercise 1: parse, solve and check. The explanation is in ex1_report.cpp.
#include "hw6/exercises/ex1.hpp"

#include "hw6/datafile.hpp"
#include "hw6/exercises/svm_common.hpp"
#include "hw6/exercises/svm_scale.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

namespace hw6::ex1 {

Problem parse(const Json& j) { return parse(j, RunContext{}); }

Problem parse(const Json& j, const RunContext& ctx) {
  Reader root(j, "");
  root.only_keys({"description", "X", "y", "data", "distance"});
  Problem p;
  if (auto d = root.find("data")) {
    if (root.find("X") || root.find("y")) root.fail(R"(expected either "data" or "X" and "y", not both)");
    data::Labeled l = data::load(*d, ctx.base_dir, false, *ctx.progress);
    p.X = std::move(l.X);
    p.y = std::move(l.y);
    p.source = std::move(l.source);
  } else {
    svm::read_labeled(root, p.X, p.y, false);
  }
  svm::check_coordinates(root, p.X);  // squares and inner products must stay finite (svm_scale.hpp)
  svm::check_offset(root, p.X);       // and far from 0, enough digits must be left (svm_scale.hpp)
  if (auto d = root.find("distance")) {
    d->only_keys({"description", "w", "b", "z"});
    DistanceQuery q;
    q.w = d->at("w").vector(p.X.cols());
    if (q.w.norm() == 0) d->at("w").fail("the zero vector defines no hyperplane; expected w ≠ 0");
    q.b = d->at("b").number();
    q.z = d->at("z").matrix(std::nullopt, p.X.cols());
    svm::check_magnitude(d->at("w"), q.w, true);
    svm::check_magnitude(d->at("z"), q.z, false);
    if (std::fabs(q.b) > svm::kMaxCoordinate)
      d->at("b").fail("b = " + d->at("b").json().dump() + " is beyond what double precision can solve with (hw6 reads |b| ≤ 1e100)");
    p.distance = q;
  }
  return p;
}

Distance distances(const DistanceQuery& q) {
  Distance d;
  const Eigen::Index m = q.z.rows(), n = q.w.size();
  d.values = Eigen::VectorXd(m);
  d.closest = Eigen::MatrixXd(m, n);
  d.closest_kkt = Eigen::MatrixXd(m, n);
  // KKT of min ½‖x − z‖² s.t. ⟨w,x⟩ = −b:  x − z + λw = 0,  ⟨w,x⟩ = −b.
  Eigen::MatrixXd K = Eigen::MatrixXd::Zero(n + 1, n + 1);
  K.topLeftCorner(n, n).setIdentity();
  K.topRightCorner(n, 1) = q.w;
  K.bottomLeftCorner(1, n) = q.w.transpose();
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(K);
  for (Eigen::Index k = 0; k < m; ++k) {
    const Eigen::VectorXd z = q.z.row(k).transpose();
    const double f = q.w.dot(z) + q.b;
    d.values(k) = std::fabs(f) / q.w.norm();
    d.closest.row(k) = (z - f / q.w.squaredNorm() * q.w).transpose();
    Eigen::VectorXd rhs(n + 1);
    rhs.head(n) = z;
    rhs(n) = -q.b;
    d.closest_kkt.row(k) = lu.solve(rhs).head(n).transpose();
  }
  return d;
}

const char* separability_name(Separability s) {
  switch (s) {
    case Separability::Separable: return "separable";
    case Separability::NotSeparable: return "not_separable";
    case Separability::MarginAtMost: return "margin_at_most";
    case Separability::Undecided: return "undecided";
  }
  return "";
}

namespace {

/// Whether the hulls' nearest points are too close for a failed solve to be the solvers' fault:
/// relative to the spread of the data (max‖x_i − c‖, optim::svm_data_spread), not to max‖x_i‖, which
/// an offset would inflate: the homework's points moved by 1e8 have max‖x_i‖ = 1.4e8 and hulls 2 apart.
bool hulls_within_tolerance(const optim::NearestPoints& h, const Eigen::MatrixXd& X) {
  return h.distance <= Tolerances::hulls_meet * optim::svm_data_spread(X);
}

/// The hard margin from the interior point, or, when that is not exact (degenerate problems make it
/// stall, and so does a thin margin: 1e-5 of the spread), from the hulls' nearest points; each
/// polished on its active set, the better one kept. The hulls are tried whenever their nearest
/// points are apart at all: at a margin of 1e-8 of the spread they are 1e-8 apart and the polished
/// hyperplane solves (2) exactly. Not converged when neither did: that alone proves nothing.
optim::SvmSolution hard(const Eigen::MatrixXd& X, const Eigen::VectorXd& y) {
  optim::SvmProblem P{X, y, optim::kInfinity, 1};
  optim::SvmSolution s = optim::svm_interior_point(P);
  if (s.converged) s = optim::svm_polish(P, s);
  if (s.converged && s.kkt_residual <= Tolerances::exact_kkt) return s;
  const optim::NearestPoints h = optim::nearest_hull_points(X, y);
  if (!(h.distance > 0)) return s;  // the hulls' nearest points coincide: no hyperplane to start from
  optim::SvmSolution t = svm::hull_solution(P, h, Tolerances::hull_converged);
  if (!s.converged && !t.converged) return t.kkt_residual < s.kkt_residual ? t : s;
  return !s.converged || (t.converged && t.kkt_residual < s.kkt_residual) ? t : s;
}

std::pair<Eigen::MatrixXd, Eigen::VectorXd> subset(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const std::vector<Eigen::Index>& rows) {
  Eigen::MatrixXd Xs(static_cast<Eigen::Index>(rows.size()), X.cols());
  Eigen::VectorXd ys(static_cast<Eigen::Index>(rows.size()));
  for (std::size_t k = 0; k < rows.size(); ++k) Xs.row(static_cast<Eigen::Index>(k)) = X.row(rows[k]), ys(static_cast<Eigen::Index>(k)) = y(rows[k]);
  return {Xs, ys};
}

}  // namespace

Result solve(const Problem& p) {
  Result r;
  const Eigen::Index n = p.X.rows(), d = p.X.cols();
  const bool pos = (p.y.array() > 0).any(), neg = (p.y.array() < 0).any();
  r.contradictions = svm::contradictions(p.X, p.y);
  if (!(pos && neg)) {
    // 5(b): one class. (w, b) = (0, ±1) is feasible with objective 0, the least possible, so w* = 0;
    // the optimal b are those with y_i b ≥ 1: [1, ∞) for positives, (−∞, −1] for negatives.
    r.one_class = true;
    r.solution.converged = true;
    r.solution.method = "closed form (one class: w* = 0)";
    r.solution.w = Eigen::VectorXd::Zero(d);
    r.solution.b = pos ? 1.0 : -1.0;
    r.solution.alpha = Eigen::VectorXd::Zero(n);
    r.solution.xi = Eigen::VectorXd::Zero(n);
    r.b_lo = pos ? 1.0 : -optim::kInfinity;
    r.b_hi = pos ? optim::kInfinity : -1.0;
    for (Eigen::Index i = 0; i < n; ++i) r.active.push_back(i);  // every constraint reads y_i b ≥ 1: active at b = ±1
    r.feasible_w = r.solution.w;
    r.feasible_b = r.solution.b;
    r.feasible_method = "w = 0, b = " + std::string(pos ? "1" : "−1");
    r.query = p.distance ? *p.distance : DistanceQuery{};
    if (p.distance) r.dist = distances(r.query);
    return r;
  }
  r.solution = hard(p.X, p.y);
  r.hull = optim::nearest_hull_points(p.X, p.y);
  // Not separable only on a certificate: a point in both classes, or the hulls' nearest points
  // coinciding. A solution whose KKT conditions hold separates the data. Without either, the
  // hulls' weights still bound every margin by their distance δ (part 2); the interior point's
  // failure alone proves nothing.
  if (!r.contradictions.empty()) {  // an exact certificate: the same point in both classes
    r.status = Status::Infeasible;
    r.separability = Separability::NotSeparable;
    r.hull->lambda.setZero();
    r.hull->lambda(r.contradictions.front().first) = 1;
    r.hull->lambda(r.contradictions.front().second) = 1;
    r.hull->u = p.X.row(r.contradictions.front().first).transpose();
    r.hull->v = r.hull->u;
    r.hull->difference.setZero();
    r.hull->distance = 0;
  } else if (!r.solution.converged) {
    r.separability = r.hull->distance == 0 ? Separability::NotSeparable
                     : hulls_within_tolerance(*r.hull, p.X) ? Separability::MarginAtMost
                                                            : Separability::Undecided;
    // The contract's "infeasible" (not linearly separable) also where the hulls meet only to
    // within Tolerances::hulls_meet of the spread: overlapping classes, for which MDM ends at
    // points 1e-13 apart rather than at 0. What that proves (no margin above δ) is said as such,
    // in the text and in separability = "margin_at_most".
    r.status = r.separability == Separability::Undecided ? Status::Undecided : Status::Infeasible;
    r.attempt_kkt_residual = r.solution.kkt_residual;
  }
  if (r.status != Status::Optimal) {
    if (p.distance) r.query = *p.distance, r.dist = distances(r.query);
    return r;
  }
  const auto& s = r.solution;
  const optim::SvmProblem P{p.X, p.y, optim::kInfinity, 1};
  r.centre = optim::svm_data_centre(p.X);
  r.extra_digits = svm::offset_digits(p.X, s.w);
  r.b_floor = svm::b_floor(p.X, s.w, s.b, optim::svm_scales(P, s.w, s.alpha).w, Tolerances::show_zero);
  r.b_lo = r.b_hi = s.b;
  for (Eigen::Index i = 0; i < n; ++i)
    if (svm::margin_excess(P, s.w, s.b, i, svm::functional_margin(p.X, p.y, s.w, s.b, i) - 1) <= Tolerances::active) r.active.push_back(i);

  // Second method: nearest points u, v of the two hulls; w = 2(u − v)/‖u − v‖², b = −⟨w, (u + v)/2⟩.
  std::tie(r.hull_w, r.hull_b) = svm::hull_hyperplane(*r.hull);

  // Part 2: a feasible point from a separating hyperplane found by the perceptron, rescaled so that
  // min y_i f(x_i) = 1 (any separating (w, b) scaled by 1/min y_i f(x_i) is in F). The perceptron
  // runs on the centred points x_i − c (the solvers' centre, optim/svm.hpp "Origin"): Novikoff's
  // bound on its steps grows with max‖x_i‖², which an offset inflates; (w, b_c) there is (w, b_c −
  // ⟨w,c⟩) here.
  const Eigen::VectorXd& c = r.centre;
  const Eigen::MatrixXd Xc = p.X.rowwise() - c.transpose();
  Eigen::VectorXd w = Eigen::VectorXd::Zero(d);
  double b = 0;
  bool separated = false;
  const double R2 = Xc.rowwise().squaredNorm().maxCoeff();
  for (int epoch = 0; epoch < 10000 && !separated; ++epoch) {
    separated = true;
    for (Eigen::Index i = 0; i < n; ++i)
      if (p.y(i) * (Xc.row(i).dot(w) + b) <= 0) {
        w += p.y(i) * Xc.row(i).transpose();
        b += p.y(i) * R2;  // the bias scaled like the data (Novikoff's bound then holds with R²)
        separated = false;
      }
  }
  // A scaled point is shown only when it is finite: a separating hyperplane that passes within a
  // subnormal distance of a point (a coordinate of 1e-308 that the perceptron's hyperplane nearly
  // touches) has min y_i f(x_i) near 1e-308, and w/m overflowed to (inf, 0) with b₀ = NaN. Then the
  // hulls' bisector, whose smallest margin is half their distance, and failing that (w*, b*) itself,
  // which lies in 𝓕 with min y_i f(x_i) = 1 by (2)'s constraints.
  auto finite_point = [&]() { return r.feasible_w.allFinite() && std::isfinite(r.feasible_b); };
  if (separated) {
    const double m = svm::functional_margins(Xc, p.y, w, b).minCoeff();
    r.feasible_w = w / m;
    r.feasible_b = optim::svm_bias_from_centred(r.feasible_w, b / m, c);
    r.feasible_method = "the perceptron's separating hyperplane, scaled by 1/min y_i f(x_i)";
  }
  if (!separated || !finite_point()) {
    // The hulls' perpendicular bisector separates them (the separating hyperplane theorem).
    const double m = svm::functional_margins(p.X, p.y, r.hull_w, r.hull_b).minCoeff();
    r.feasible_w = r.hull_w / m;
    r.feasible_b = r.hull_b / m;
    r.feasible_method = "the perpendicular bisector of the hulls' nearest points, scaled";
  }
  if (!finite_point()) {
    r.feasible_w = s.w;
    r.feasible_b = s.b;
    r.feasible_method = "the solution (w*, b*) of (2) below, which lies in 𝓕";
  }

  // Part 3: on {‖w‖ ≤ ρ} ∩ 𝓕, a positive point gives b ≥ 1 − Rρ and a negative one b ≤ −1 + Rρ.
  r.level_rho = r.feasible_w.norm();
  r.level_R = p.X.rowwise().norm().maxCoeff();
  r.level_b_lo = 1 - r.level_R * r.level_rho;
  r.level_b_hi = -1 + r.level_R * r.level_rho;

  // Parts 6 and 7: per class, the smallest functional margin and b* from w* alone.
  const Eigen::VectorXd fm = svm::functional_margins(p.X, p.y, s.w, s.b), wx = p.X * s.w;
  double min_pos_wx = optim::kInfinity, max_neg_wx = -optim::kInfinity;
  r.min_margin_pos = r.min_margin_neg = optim::kInfinity;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (p.y(i) > 0) r.min_margin_pos = std::min(r.min_margin_pos, fm(i)), min_pos_wx = std::min(min_pos_wx, wx(i));
    else r.min_margin_neg = std::min(r.min_margin_neg, fm(i)), max_neg_wx = std::max(max_neg_wx, wx(i));
  }
  r.b_from_positive = 1 - min_pos_wx;
  r.b_from_negative = -1 - max_neg_wx;

  // Part 7: b from each active constraint.
  double lo = optim::kInfinity, hi = -optim::kInfinity;
  for (auto i : r.active) {
    const double bi = p.y(i) - p.X.row(i).dot(s.w);
    lo = std::min(lo, bi), hi = std::max(hi, bi);
  }
  r.b_spread = r.active.empty() ? 0 : hi - lo;

  // Part 8: only the active constraints; then without one active constraint with α_i > 0.
  auto [Xa, ya] = subset(p.X, p.y, r.active);
  if ((ya.array() > 0).any() && (ya.array() < 0).any()) r.active_only = hard(Xa, ya);
  for (auto i : r.active) {
    std::vector<Eigen::Index> rest;
    for (Eigen::Index k = 0; k < n; ++k)
      if (k != i) rest.push_back(k);
    auto [Xr, yr] = subset(p.X, p.y, rest);
    if (!((yr.array() > 0).any() && (yr.array() < 0).any())) continue;
    optim::SvmSolution t = hard(Xr, yr);
    if (!t.converged) continue;
    const double change = svm::solution_distance(P, s, t.w, t.b);
    if (!r.dropped || (!r.drop_changes && change > Tolerances::solution_changed)) {
      r.dropped = i;
      r.without_dropped = t;
      r.drop_changes = change > Tolerances::solution_changed;
    }
    if (r.drop_changes) break;
  }

  // Part 1: the problem's query, or the data's distances to the optimal H0.
  if (p.distance) {
    r.query = *p.distance;
  } else {
    r.query = DistanceQuery{s.w, s.b, p.X, true};
  }
  r.dist = distances(r.query);
  return r;
}

Report run(const Json& problem_json, const RunContext& ctx) {
  Problem p = parse(problem_json, ctx);
  return report(p, solve(p));
}

}  // namespace hw6::ex1
