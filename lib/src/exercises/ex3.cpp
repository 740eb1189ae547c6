// Exercise 3: parse, solve and check. The explanation is in ex3_report.cpp.
#include "hw6/exercises/ex3.hpp"

#include "hw6/datafile.hpp"
#include "hw6/optim/l1logreg.hpp"
#include "hw6/render.hpp"

#include <Eigen/SVD>

#include <algorithm>
#include <cmath>
#include <utility>

namespace hw6::ex3 {

namespace {

void read_labels(const Reader& root, Problem& p) {
  p.X = root.at("X").matrix();
  Reader labels = root.at("b");
  if (labels.array_size() != static_cast<std::size_t>(p.X.rows()))
    labels.fail("expected " + std::to_string(p.X.rows()) + " labels (one per row of X), got " + std::to_string(labels.array_size()));
  p.b = Eigen::VectorXd(p.X.rows());
  for (std::size_t i = 0; i < labels.array_size(); ++i) {
    const double v = labels.at(i).number();
    if (v != 1 && v != -1) labels.at(i).fail("label must be 1 or -1, got " + labels.at(i).json().dump());
    p.b(static_cast<Eigen::Index>(i)) = v;
  }
  if (p.X.rows() < 2) root.at("X").fail("expected at least 2 samples, got 1");
  if (!(p.b.array() > 0).any() || !(p.b.array() < 0).any())
    labels.fail("both classes are needed: with one class the intercept c runs off to infinity and (4) has no minimizer");
}

/// [X̄_js, b] (or without b) with every column scaled to unit length.
Eigen::MatrixXd unit_columns(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, const std::vector<Eigen::Index>& js, bool with_b) {
  const Eigen::Index k = static_cast<Eigen::Index>(js.size());
  Eigen::MatrixXd A(Xbar.rows(), k + (with_b ? 1 : 0));
  for (Eigen::Index i = 0; i < k; ++i) A.col(i) = Xbar.col(js[static_cast<std::size_t>(i)]);
  if (with_b) A.col(k) = b;
  for (Eigen::Index i = 0; i < A.cols(); ++i) A.col(i) /= A.col(i).norm();
  return A;
}

/// The smallest singular value of [X̄_js, b] with every column scaled to unit length, from the Gram
/// matrix, and, when it is at most Uniqueness::dependent_below, its right singular vector (in the
/// scaled coordinates; the last entry is b's). The eigenvectors are computed only then: for 550
/// columns they would cost several times the eigenvalues.
std::pair<double, Eigen::VectorXd> smallest_singular(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, const std::vector<Eigen::Index>& js) {
  const Eigen::Index k = static_cast<Eigen::Index>(js.size());
  const Eigen::MatrixXd A = unit_columns(Xbar, b, js, true);  // no zero column: those are never in E
  Eigen::MatrixXd G = Eigen::MatrixXd::Zero(k + 1, k + 1);
  G.selfadjointView<Eigen::Lower>().rankUpdate(A.transpose());
  const Eigen::MatrixXd full = G.selfadjointView<Eigen::Lower>();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(full, Eigen::EigenvaluesOnly);
  const double sigma = std::sqrt(std::max(0.0, eig.eigenvalues()(0)));
  if (sigma > Uniqueness::dependent_below) return {sigma, Eigen::VectorXd()};
  eig.compute(full, Eigen::ComputeEigenvectors);
  return {std::sqrt(std::max(0.0, eig.eigenvalues()(0))), eig.eigenvectors().col(0)};
}

/// Entries of a singular vector below this share of the largest are the SVD's mixing with the next
/// singular vector (a near-dependence 2.5e-11 away mixed in 4e-6 of it, in a TA's file), not part of
/// a direction.
constexpr double kNoise = 1e-4;

/// The check of a "not unique" verdict: β* and c* moved along the dependence y (over the unit-scaled
/// columns of `js`, then b's entry if `with_b`; `way` ±1 keeps the boundary features' signs), far
/// enough to see (half the way to the first support coefficient reaching 0), and its value of (4)
/// and KKT residual, which must match β*'s for the second point to be a minimizer too.
void second_point(Uniqueness& u, const Result& r, const Eigen::VectorXd& b, const std::vector<Eigen::Index>& js, bool with_b,
                  const Eigen::VectorXd& y, double way) {
  const Eigen::Index p = r.Xbar.cols();
  // The direction's noise entries are dropped: one of 1e-17 on a boundary feature, of the wrong sign,
  // made the second point violate that feature's KKT condition by 2λ (a TA's file, 5 columns in ℝ⁴).
  const double noise = kNoise * y.cwiseAbs().maxCoeff();
  const auto entry = [&](std::size_t i) { return std::fabs(y(static_cast<Eigen::Index>(i))) > noise ? way * y(static_cast<Eigen::Index>(i)) : 0.0; };
  Eigen::VectorXd d = Eigen::VectorXd::Zero(p);
  for (std::size_t i = 0; i < js.size(); ++i) d(js[i]) = entry(i) / r.Xbar.col(js[i]).norm();
  const double dc = with_b ? entry(js.size()) / b.norm() : 0.0;
  double t = r.primal.beta.cwiseAbs().maxCoeff() / std::max(d.cwiseAbs().maxCoeff(), 1e-300);
  for (Eigen::Index j = 0; j < p; ++j)
    if (r.primal.beta(j) != 0 && d(j) != 0 && (r.primal.beta(j) > 0) != (d(j) > 0)) t = std::min(t, -r.primal.beta(j) / d(j));
  t *= 0.5;
  u.has_second = true;
  u.second_beta = r.primal.beta + t * d;
  u.second_c = r.primal.c + t * dc;
  const double value = optim::l1_logreg_objective(r.Xbar, b, r.lambda, r.primal.beta, r.primal.c);
  // Relative to the value itself (positive): over max(1, value) it was absolute, and at λ = 1e-15
  // the value of (4) is 7e-14, below the tolerance it was compared with.
  u.second_value_difference = std::fabs(optim::l1_logreg_objective(r.Xbar, b, r.lambda, u.second_beta, u.second_c) - value) / value;
  u.second_kkt = optim::l1_logreg_kkt(r.Xbar, b, r.lambda, u.second_beta, u.second_c);
}

/// The right singular vector of the smallest singular value of [X̄_js, b] (unit-scaled columns).
Eigen::VectorXd null_direction(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, const std::vector<Eigen::Index>& js, bool with_b) {
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(unit_columns(Xbar, b, js, with_b), Eigen::ComputeFullV);
  return svd.matrixV().col(svd.matrixV().cols() - 1);
}

Uniqueness uniqueness(const Result& r, const Eigen::VectorXd& b) {
  using V = Uniqueness::Verdict;
  Uniqueness u;
  const Eigen::Index m = r.Xbar.rows();
  for (Eigen::Index j = 0; j < r.Xbar.cols(); ++j) {
    const double inside = 1 - std::fabs(r.Xtheta(j)) / (double(m) * r.lambda);  // how far |(X̄ᵀθ*)_j| is below mλ, relatively
    if (!is_roundoff(r, j)) u.support.push_back(j);
    else if (inside <= Tolerances::boundary) u.boundary.push_back(j);
    else if (inside <= Tolerances::screening) u.barely_out.push_back(j), u.barely_margin = std::max(u.barely_margin, inside);
  }
  if (!(r.kkt <= Tolerances::kkt) || !r.unresolved.empty()) return u.verdict = V::not_assessed, u;
  if (u.support.empty()) return u.verdict = V::unique, u;  // every minimizer has ‖β‖₁ = ‖β*‖₁ = 0
  const auto affordable = [m](std::size_t k) { return double(m) * double(k + 1) * double(k + 1) <= 4e9; };
  const std::size_t k = u.support.size();
  if (static_cast<Eigen::Index>(k) + 1 > m) {
    u.more_than_m = true;
    u.dependent = u.support;
    if (k + 1 <= 200) second_point(u, r, b, u.support, true, null_direction(r.Xbar, b, u.support, true), 1.0);
    return u.verdict = V::not_unique, u;
  }
  if (!affordable(k)) return u.too_large = true, u;
  const auto [sigma_s, v] = smallest_singular(r.Xbar, b, u.support);
  u.has_sigma = true;
  u.sigma_min = sigma_s;
  if (sigma_s <= Uniqueness::dependent_below) {
    // The dependence's columns: the entries of the singular vector above its noise (the Gram matrix
    // gives it to about 1e-8), then their own smallest singular value, accurately.
    const double largest = v.cwiseAbs().maxCoeff();
    std::vector<Eigen::Index> d;
    for (std::size_t i = 0; i < k; ++i)
      if (std::fabs(v(static_cast<Eigen::Index>(i))) >= 1e-4 * largest) d.push_back(u.support[i]);
    const bool with_b = std::fabs(v(static_cast<Eigen::Index>(k))) >= 1e-4 * largest;
    const std::size_t n = d.size() + (with_b ? 1 : 0);
    const double sigma_d = n <= 200 ? Eigen::JacobiSVD<Eigen::MatrixXd>(unit_columns(r.Xbar, b, d, with_b)).singularValues().minCoeff() : sigma_s;
    if (sigma_d <= Uniqueness::exact_below(n)) {
      u.dependent = d, u.with_intercept = with_b, u.sigma_min = sigma_d;
      second_point(u, r, b, d, with_b, null_direction(r.Xbar, b, d, with_b), 1.0);
      return u.verdict = V::not_unique, u;
    }
    u.near = d, u.near_with_intercept = with_b, u.near_sigma = sigma_d;
  }
  const V independent = u.near.empty() ? V::unique : V::nearly_dependent;
  if (u.boundary.empty()) return u.verdict = independent, u;
  // The boundary: the null space of [X̄_E, b], E = S then B.
  std::vector<Eigen::Index> e = u.support;
  e.insert(e.end(), u.boundary.begin(), u.boundary.end());
  const std::size_t n = e.size() + 1;
  if (n > 200 || !affordable(e.size())) return u.too_large = true, u.has_sigma = false, u;
  // With more columns than samples (n > m) the last n − m columns of V span null directions by
  // counting, beyond those of the m singular values that are zero.
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(unit_columns(r.Xbar, b, e, true), Eigen::ComputeFullV);
  const Eigen::VectorXd& sv = svd.singularValues();  // decreasing, min(m, n) of them
  const bool wide = static_cast<Eigen::Index>(n) > m;
  u.sigma_min = wide ? 0.0 : sv(sv.size() - 1);
  u.null_dimension = wide ? static_cast<int>(static_cast<Eigen::Index>(n) - m) : 0;
  for (Eigen::Index i = 0; i < sv.size(); ++i) u.null_dimension += sv(i) <= Uniqueness::exact_below(n);
  const auto sign_of = [&](std::size_t i) { return r.Xtheta(e[i]) > 0 ? 1.0 : -1.0; };
  // Does β* move along w (one way or the other) giving each boundary feature it moves the sign of
  // (X̄ᵀθ*)_j? Returns +1 or −1 for the way that does, 0 if neither.
  const auto allowed_way = [&](const Eigen::VectorXd& w) {
    const double largest = w.cwiseAbs().maxCoeff();
    bool up = true, down = true;
    for (std::size_t i = k; i < e.size(); ++i) {
      const double sw = sign_of(i) * w(static_cast<Eigen::Index>(i));
      if (std::fabs(sw) <= kNoise * largest) continue;
      up = up && sw > 0;
      down = down && sw < 0;
    }
    return up ? 1 : down ? -1 : 0;
  };
  const Eigen::Index q = u.null_dimension;
  // The null space (q ≥ 1), or the direction of the smallest singular value (q = 0, a near one).
  const Eigen::MatrixXd N = svd.matrixV().rightCols(std::max<Eigen::Index>(q, 1));
  // A direction of the null space that keeps the signs. For q = 1 the null space's own. For q = 2
  // or 3 the cone {y : s_j(Ny)_j ≥ 0 on the boundary} is pointed (the support's columns with b are
  // independent), so if it is not {0} it has an extreme ray, where q − 1 independent boundary
  // constraints hold with equality: those rays are tried, each way. Larger null spaces, or more than
  // 30 boundary features, are left undecided (a linear program).
  const std::size_t nb = e.size() - k;
  if (q > 3 || (q > 1 && nb > 30)) return u;
  Eigen::VectorXd w = N.col(N.cols() - 1);
  bool found = allowed_way(w) != 0;
  if (q >= 2) {
    found = false;
    std::vector<std::size_t> pick(static_cast<std::size_t>(q - 1));
    for (std::size_t i = 0; i < pick.size(); ++i) pick[i] = i;  // subsets of q − 1 boundary rows, in order
    while (!found && !pick.empty() && pick.back() < nb) {
      Eigen::MatrixXd rows(q - 1, q);
      for (Eigen::Index t = 0; t < q - 1; ++t) rows.row(t) = sign_of(k + pick[static_cast<std::size_t>(t)]) * N.row(static_cast<Eigen::Index>(k + pick[static_cast<std::size_t>(t)]));
      const Eigen::JacobiSVD<Eigen::MatrixXd> ray(rows, Eigen::ComputeFullV);
      if (ray.singularValues().minCoeff() > 1e-9) {  // q − 1 independent constraints: a single ray
        const Eigen::VectorXd candidate = N * ray.matrixV().col(q - 1);
        if (allowed_way(candidate) != 0) found = true, w = candidate;
      }
      // next subset (lexicographic)
      std::size_t t = pick.size();
      while (t > 0 && pick[t - 1] == nb - pick.size() + t - 1) --t;
      if (t == 0) break;
      ++pick[t - 1];
      for (std::size_t x = t; x < pick.size(); ++x) pick[x] = pick[x - 1] + 1;
    }
  }
  // The features a direction moves: of w when it keeps the signs; of the whole null space otherwise.
  const auto moved_by = [&](const Eigen::MatrixXd& D) {
    std::vector<Eigen::Index> out;
    const double largest = D.cwiseAbs().maxCoeff();
    for (std::size_t i = 0; i < e.size(); ++i)
      if (D.row(static_cast<Eigen::Index>(i)).cwiseAbs().maxCoeff() > kNoise * largest) out.push_back(e[i]);
    std::sort(out.begin(), out.end());
    return std::pair<std::vector<Eigen::Index>, bool>{out, D.row(static_cast<Eigen::Index>(n) - 1).cwiseAbs().maxCoeff() > kNoise * largest};
  };
  const auto subset_sigma = [&](const std::vector<Eigen::Index>& js, bool with_b) {
    if (static_cast<Eigen::Index>(js.size() + (with_b ? 1 : 0)) > m) return 0.0;  // more columns than samples
    return Eigen::JacobiSVD<Eigen::MatrixXd>(unit_columns(r.Xbar, b, js, with_b)).singularValues().minCoeff();
  };
  if (q >= 1) {
    if (found) {
      const auto [along, along_b] = moved_by(w);
      u.dependent = along, u.with_intercept = along_b, u.sigma_min = subset_sigma(along, along_b);
      std::vector<Eigen::Index> in_e(e.begin(), e.end());
      second_point(u, r, b, in_e, true, w, double(allowed_way(w)));
      return u.through_boundary = true, u.verdict = V::not_unique, u;
    }
    const auto [along, along_b] = moved_by(N);
    u.blocked = along, u.blocked_with_intercept = along_b, u.blocked_sigma = subset_sigma(along, along_b);
    return u.verdict = independent, u;
  }
  const auto [along, along_b] = moved_by(w);
  const bool moves_boundary = std::any_of(along.begin(), along.end(), [&](Eigen::Index j) {
    return std::binary_search(u.boundary.begin(), u.boundary.end(), j);
  });
  if (sv(sv.size() - 1) <= Uniqueness::dependent_below && moves_boundary && found && u.near.empty()) {
    // A near-dependence through boundary features, which may move the allowed way: poorly determined.
    u.near = along, u.near_with_intercept = along_b, u.near_sigma = subset_sigma(along, along_b);
    return u.verdict = V::nearly_dependent, u;
  }
  return u.verdict = independent, u;
}

}  // namespace

Problem parse(const Json& j) { return parse(j, RunContext{}); }

Problem parse(const Json& j, const RunContext& ctx) {
  Reader root(j, "");
  root.only_keys({"description", "X", "b", "data", "lambda", "lambda_ratio", "path"});
  Problem p;
  if (auto d = root.find("data")) {
    if (root.find("X") || root.find("b")) root.fail(R"(expected either "data" or "X" and "b", not both)");
    data::Labeled l = data::load(*d, ctx.base_dir, true, *ctx.progress);
    p.X = std::move(l.X);
    p.b = std::move(l.y);
    p.source = std::move(l.source);
  } else {
    read_labels(root, p);
  }
  // Coordinates as large as 1e308 made λ_max, mλ and the value of (4) inf or NaN; products of a
  // coordinate with m, θ and β must stay inside double range (Exercises 1 and 4 read the same bound).
  if (p.X.size() > 0) {
    Eigen::Index row = 0, col = 0;
    if (p.X.cwiseAbs().maxCoeff(&row, &col) > kMaxCoordinate) {
      const std::string what = "coordinate " + format_number(p.X(row, col), 6) + " is beyond what double precision can solve with (hw6 reads |x| ≤ " +
                               format_number(kMaxCoordinate) + ", so that sums of products stay finite); rescale the data";
      if (root.find("X")) root.at("X").at(static_cast<std::size_t>(row)).at(static_cast<std::size_t>(col)).fail(what);
      root.at("data").fail("sample " + std::to_string(row + 1) + ", feature " + std::to_string(col + 1) + ": " + what);
    }
  }
  const bool has_lambda = root.find("lambda").has_value(), has_ratio = root.find("lambda_ratio").has_value();
  if (has_lambda == has_ratio) root.fail(R"(expected exactly one of "lambda" or "lambda_ratio" (λ as a fraction of λ_max))");
  if (has_lambda) p.lambda = root.at("lambda").positive();
  if (has_ratio) p.lambda_ratio = root.at("lambda_ratio").positive();
  if (auto path = root.find("path")) {
    path->only_keys({"count", "min_ratio"});
    p.path_count = static_cast<int>(path->at("count").integer(2, 200));
    if (auto mr = path->find("min_ratio")) {
      p.path_min_ratio = mr->positive();
      if (p.path_min_ratio >= 1) mr->fail("expected a ratio below 1");
    }
  }
  return p;
}

bool is_roundoff(const Result& r, Eigen::Index j) { return std::fabs(r.primal.beta(j)) * r.column_scale(j) < Tolerances::show_zero; }

Result solve(const Problem& pr) { return solve(pr, silent_progress()); }

Result solve(const Problem& pr, Progress& progress) {
  Result r;
  const double m = double(pr.X.rows());
  r.Xbar = pr.b.asDiagonal() * pr.X;
  r.column_scale = pr.X.cwiseAbs().colwise().maxCoeff().transpose();
  for (Eigen::Index j = 0; j < pr.X.cols(); ++j) {
    if (pr.X.col(j).cwiseAbs().maxCoeff() == 0) r.zero_columns.push_back(j);
    else if ((pr.X.col(j).array() == pr.X(0, j)).all()) r.constant_columns.push_back(j);
  }
  r.lambda_max = optim::l1_logreg_lambda_max(r.Xbar, pr.b);
  {
    // (X̄ᵀθ₀)_j as computed, and its rounding: λ_max = 0 exactly, or only to within rounding (some
    // non-constant column's sum computed ≠ 0); and whether the solve at 0.99·λ_max can see the
    // gradient exceed λ by more than that rounding (a solve stops at β = 0 otherwise).
    const double mp = double((pr.b.array() > 0).count());
    const Eigen::VectorXd theta0 = pr.b.unaryExpr([&](double bi) { return bi > 0 ? (m - mp) / m : mp / m; });
    const Eigen::VectorXd corr0 = r.Xbar.transpose() * theta0, rounding0 = optim::l1_logreg_correlation_rounding(r.Xbar, theta0);
    for (Eigen::Index j = 0; j < pr.X.cols(); ++j) {
      if (r.lambda_max == 0 && corr0(j) != 0 && !std::binary_search(r.constant_columns.begin(), r.constant_columns.end(), j))
        r.lambda_max_within_rounding = true;
      if (r.lambda_max > 0 && std::fabs(corr0(j)) - 0.99 * m * r.lambda_max > 2 * rounding0(j)) r.below_max_decidable = true;
      if (r.lambda_max > 0) r.lambda_max_rounding = std::max(r.lambda_max_rounding, rounding0(j) / m);
    }
  }
  // λ_max = 0 (every column zero or constant, or with equal class means): β* = 0 at every λ > 0,
  // and a ratio of λ_max names no λ > 0.
  if (!pr.lambda && r.lambda_max == 0)
    throw InputError("/lambda_ratio",
                     std::string("λ_max = 0 for this data (in every feature the two classes have the same mean") +
                         (r.lambda_max_within_rounding ? ", to within the rounding of the sums" : "") +
                         ", so β* = 0 at every λ > 0), and λ = lambda_ratio·λ_max would be 0; give \"lambda\" instead");
  r.lambda = pr.lambda ? *pr.lambda : *pr.lambda_ratio * r.lambda_max;
  if (!std::isfinite(m * r.lambda))  // λ = 1e308 printed mλ = inf
    throw InputError(pr.lambda ? "/lambda" : "/lambda_ratio",
                     "mλ = " + format_number(m, 6) + "·" + format_number(r.lambda, 6) + " is beyond double range; λ ≥ λ_max = " +
                         format_number(r.lambda_max, 6) + " already gives β* = 0");
  progress.begin("ex3: solving (4) by newGLMNET with GAP safe screening", 0);
  r.primal = optim::l1_logreg(r.Xbar, pr.b, r.lambda, Tolerances::solve);
  r.theta = optim::l1_logreg_theta(r.Xbar, pr.b, r.primal.beta, r.primal.c);
  r.Xtheta = r.Xbar.transpose() * r.theta;
  r.dual_value = optim::l1_logreg_dual(r.theta);
  r.rounding = optim::l1_logreg_correlation_rounding(r.Xbar, r.theta);
  r.kkt = optim::l1_logreg_kkt(r.Xbar, pr.b, r.lambda, r.primal.beta, r.primal.c);
  for (Eigen::Index j = 0; j < pr.X.cols(); ++j) {
    if (std::fabs(r.Xtheta(j)) + r.rounding(j) < m * r.lambda * (1 - Tolerances::screening)) r.inactive.push_back(j);
    else if (is_roundoff(r, j) && r.rounding(j) > 0.1 * Tolerances::boundary * m * r.lambda) r.unresolved.push_back(j);
  }
  r.uniqueness = uniqueness(r, pr.b);
  if (r.lambda_max > 0) {
    r.above_max = optim::l1_logreg(r.Xbar, pr.b, 1.01 * r.lambda_max, Tolerances::solve);
    r.below_max = optim::l1_logreg(r.Xbar, pr.b, 0.99 * r.lambda_max, Tolerances::solve);
  }
  progress.end();
  if (pr.path_count > 0 && r.lambda_max > 0) {
    std::vector<double> lambdas;
    for (int k = 0; k < pr.path_count; ++k) lambdas.push_back(std::pow(pr.path_min_ratio, double(k) / double(pr.path_count - 1)) * r.lambda_max);
    progress.begin("ex3: the λ path", pr.path_count);
    const auto sols = optim::l1_logreg_path(r.Xbar, pr.b, lambdas, true, Tolerances::path, &r.path_stats,
                                            [&progress](std::size_t k) { progress.advance(static_cast<std::int64_t>(k)); });
    progress.end();
    for (std::size_t k = 0; k < sols.size(); ++k) r.path.push_back({lambdas[k] / r.lambda_max, lambdas[k], sols[k]});
    for (std::size_t k = 1; k < r.path.size(); ++k) {
      PathEvent e{k, {}, {}};
      for (Eigen::Index j = 0; j < pr.X.cols(); ++j) {
        const bool was = r.path[k - 1].solution.beta(j) != 0, is = r.path[k].solution.beta(j) != 0;
        if (is && !was) e.entered.push_back(j);
        if (was && !is) e.left.push_back(j);
      }
      if (!e.left.empty()) r.path_monotone = false;
      if (e.entered.size() > 1) r.path_one_at_a_time = false;
      if (!e.entered.empty() || !e.left.empty()) r.path_events.push_back(e);
    }
  }
  return r;
}

Report run(const Json& problem_json, const RunContext& ctx) {
  Problem p = parse(problem_json, ctx);
  return report(p, solve(p, *ctx.progress));
}

}  // namespace hw6::ex3
