// Exercise 4: parse, solve and check. The explanation is in ex4_report.cpp.
#include "hw6/exercises/ex4.hpp"

#include "hw6/datafile.hpp"
#include "hw6/exercises/svm_common.hpp"

#include <algorithm>
#include <cmath>

namespace hw6::ex4 {

Problem parse(const Json& j) { return parse(j, RunContext{}); }

Problem parse(const Json& j, const RunContext& ctx) {
  Reader root(j, "");
  root.only_keys({"description", "X", "y", "data", "C", "p", "C_values"});
  Problem p;
  if (auto d = root.find("data")) {
    if (root.find("X") || root.find("y")) root.fail(R"(expected either "data" or "X" and "y", not both)");
    data::Labeled l = data::load(*d, ctx.base_dir, true, *ctx.progress);
    p.X = std::move(l.X);
    p.y = std::move(l.y);
  } else {
    svm::read_labeled(root, p.X, p.y, true);
  }
  p.C = root.at("C").positive();
  if (auto r = root.find("p")) {
    p.p = r->number();
    if (p.p < 1) r->fail("expected p >= 1 (the slack penalty Σξ_i^p must be convex), got " + r->json().dump());
    if (p.p > 100) r->fail("expected p <= 100, got " + r->json().dump());
  }
  if (auto r = root.find("C_values")) {
    for (std::size_t k = 0; k < r->array_size(); ++k) p.C_values.push_back(r->at(k).positive());
    if (p.C_values.size() > 200) r->fail("expected at most 200 values of C");
  }
  return p;
}

std::pair<double, double> optimal_b_interval(const optim::SvmProblem& P, const Eigen::VectorXd& w) {
  // With w fixed, the objective depends on b through φ(b) = Σ max(0, 1 − y_i(⟨w,x_i⟩ + b)), convex
  // and piecewise linear with breakpoints β_i = y_i − ⟨w,x_i⟩ (where y_i f_i = 1). Below every
  // breakpoint the slope is −n₊ (each positive point pays, no negative one); each breakpoint raises
  // it by 1 (a positive stops paying or a negative starts). So the slope is −n₊ + k between the k-th
  // and (k+1)-th sorted breakpoints, and the minimizers are exactly [β_(n₊), β_(n₊+1)].
  std::vector<double> beta(static_cast<std::size_t>(P.X.rows()));
  const Eigen::VectorXd wx = P.X * w;
  std::size_t n_pos = 0;
  for (Eigen::Index i = 0; i < P.X.rows(); ++i) {
    beta[static_cast<std::size_t>(i)] = P.y(i) - wx(i);
    n_pos += P.y(i) > 0 ? 1 : 0;
  }
  std::sort(beta.begin(), beta.end());
  return {beta[n_pos - 1], beta[n_pos]};
}

namespace {

optim::SvmSolution primary(const optim::SvmProblem& P) {
  if (P.p == 1) {
    optim::SvmSolution s = optim::svm_interior_point(P);
    return P.X.rows() <= 5000 ? optim::svm_polish(P, s) : s;
  }
  return optim::svm_primal_newton(P);
}

}  // namespace

Result solve(const Problem& pr) { return solve(pr, silent_progress()); }

Result solve(const Problem& pr, Progress& progress) {
  Result r;
  optim::SvmProblem P{pr.X, pr.y, pr.C, pr.p};  // the one copy of the data; C and p are changed below
  progress.begin(pr.p == 1 ? "ex4: solving (6) by the interior-point method" : "ex4: solving (8) by Newton's method", 0);
  r.primal = primary(P);
  progress.begin("ex4: re-solving the dual by SMO", 0);
  if (pr.X.rows() <= kSecondMethodMaxN) r.second = optim::svm_smo(P, 1e-11);
  if (pr.p == 1) {
    auto [lo, hi] = optimal_b_interval(P, r.primal.w);
    r.b_lo = lo;
    r.b_hi = hi;
  } else {
    r.b_lo = r.b_hi = r.primal.b;
  }
  const double amax = std::max(1e-300, r.primal.alpha.cwiseAbs().maxCoeff());
  for (Eigen::Index i = 0; i < pr.X.rows(); ++i) {
    const double m = pr.y(i) * (pr.X.row(i).dot(r.primal.w) + r.primal.b);
    r.margins.push_back(m);
    r.positions.push_back(svm::position(m, 1e-7));
    r.support.push_back(r.primal.alpha(i) > 1e-7 * std::max(amax, pr.C == optim::kInfinity ? 1.0 : std::min(pr.C, amax)));
  }

  // 1(b): the points with margin ≥ 1 are separable (by this very hyperplane). On them, the hard
  // margin and the soft margin with C ≥ max α_hard coincide; check with C = 10·max α_hard.
  std::vector<Eigen::Index> keep;
  for (Eigen::Index i = 0; i < pr.X.rows(); ++i)
    if (r.margins[static_cast<std::size_t>(i)] >= 1 - 1e-9) keep.push_back(i);
  bool both = false;
  for (auto i : keep) both = both || pr.y(i) != pr.y(keep.front());
  r.separable_points = static_cast<Eigen::Index>(keep.size());
  if (both && pr.X.rows() <= 5000) {
    progress.begin("ex4: the hard margin on the separable points", 0);
    optim::SvmProblem H;
    H.X = Eigen::MatrixXd(static_cast<Eigen::Index>(keep.size()), pr.X.cols());
    H.y = Eigen::VectorXd(static_cast<Eigen::Index>(keep.size()));
    for (std::size_t k = 0; k < keep.size(); ++k) H.X.row(static_cast<Eigen::Index>(k)) = pr.X.row(keep[k]), H.y(static_cast<Eigen::Index>(k)) = pr.y(keep[k]);
    optim::SvmSolution hard = optim::svm_polish(H, optim::svm_interior_point(H));
    if (hard.converged) {
      H.C = r.large_C = 10 * std::max(1.0, hard.alpha.maxCoeff());
      optim::SvmSolution soft = optim::svm_polish(H, optim::svm_interior_point(H));
      r.hard_vs_soft_difference = std::max((hard.w - soft.w).cwiseAbs().maxCoeff(), std::fabs(hard.b - soft.b));
    }
  }

  // Part 2.
  r.p2 = pr.p > 1 ? pr.p : 2.0;
  optim::SvmProblem& P2 = P;  // the same data with p = p2 (no second copy of X for large n)
  P2.p = r.p2;
  progress.begin("ex4: part 2, the p-norm variant", 0);
  r.p_primal = pr.p > 1 ? r.primal : optim::svm_primal_newton(P2);
  if (pr.X.rows() <= kSecondMethodMaxN) r.p_dual = pr.p > 1 && r.second ? *r.second : optim::svm_smo(P2, 1e-11);

  progress.begin("ex4: the C sweep", static_cast<std::int64_t>(pr.C_values.size()));
  P.p = pr.p;
  for (double C : pr.C_values) {
    P.C = C;
    r.sweep.push_back(primary(P));
    progress.advance(static_cast<std::int64_t>(r.sweep.size()));
  }
  progress.end();
  return r;
}

Report run(const Json& problem_json, const RunContext& ctx) {
  Problem p = parse(problem_json, ctx);
  return report(p, solve(p, *ctx.progress));
}

}  // namespace hw6::ex4
