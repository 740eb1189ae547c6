// Exercise 3: parse, solve and check. The explanation is in ex3_report.cpp.
#include "hw6/exercises/ex3.hpp"

#include "hw6/datafile.hpp"

#include <cmath>

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
  } else {
    read_labels(root, p);
  }
  const bool has_lambda = root.find("lambda").has_value(), has_ratio = root.find("lambda_ratio").has_value();
  if (has_lambda == has_ratio) root.fail(R"(expected exactly one of "lambda" or "lambda_ratio" (λ as a fraction of λ_max))");
  if (has_lambda) p.lambda = root.at("lambda").positive();
  if (has_ratio) p.lambda_ratio = root.at("lambda_ratio").positive();
  if (auto path = root.find("path")) {
    path->only_keys({"count", "min_ratio"});
    const auto count = path->at("count").integer();
    if (count < 2 || count > 200) path->at("count").fail("expected an integer from 2 to 200");
    p.path_count = static_cast<int>(count);
    if (auto mr = path->find("min_ratio")) {
      p.path_min_ratio = mr->positive();
      if (p.path_min_ratio >= 1) mr->fail("expected a ratio below 1");
    }
  }
  return p;
}

Result solve(const Problem& pr) { return solve(pr, silent_progress()); }

Result solve(const Problem& pr, Progress& progress) {
  Result r;
  const double m = double(pr.X.rows());
  r.Xbar = pr.b.asDiagonal() * pr.X;
  for (Eigen::Index j = 0; j < pr.X.cols(); ++j) {
    if (pr.X.col(j).cwiseAbs().maxCoeff() == 0) r.zero_columns.push_back(j);
    else if ((pr.X.col(j).array() == pr.X(0, j)).all()) r.constant_columns.push_back(j);
  }
  r.lambda_max = optim::l1_logreg_lambda_max(r.Xbar, pr.b);
  r.lambda = pr.lambda ? *pr.lambda : *pr.lambda_ratio * r.lambda_max;
  progress.begin("ex3: solving (4) by newGLMNET with GAP safe screening", 0);
  r.primal = optim::l1_logreg(r.Xbar, pr.b, r.lambda, Tolerances::solve);
  r.theta = optim::l1_logreg_theta(r.Xbar, pr.b, r.primal.beta, r.primal.c);
  r.Xtheta = r.Xbar.transpose() * r.theta;
  r.dual_value = optim::l1_logreg_dual(r.theta);
  for (Eigen::Index j = 0; j < pr.X.cols(); ++j)
    if (std::fabs(r.Xtheta(j)) < m * r.lambda * (1 - Tolerances::screening)) r.inactive.push_back(j);
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
