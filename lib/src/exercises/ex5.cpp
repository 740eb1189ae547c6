// Exercise 5: parse, solve and check. The explanation is in ex5_report.cpp.
#include "hw6/exercises/ex5.hpp"

#include "hw6/gradcheck.hpp"
#include "hw6/numeric.hpp"
#include "hw6/render.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <functional>
#include <limits>
#include <random>

namespace hw6::ex5 {

std::string activation_name(Activation a) { return a == Activation::Sigmoid ? "sigmoid" : "relu"; }

std::string init_name(Init i) {
  switch (i) {
    case Init::Zero: return "zero";
    case Init::Given: return "given";
    case Init::Random: return "random";
  }
  return "";
}

Problem parse(const Json& j) {
  Reader root(j, "");
  root.only_keys({"description", "softmax", "network"});
  Problem p;
  Reader inputs = root.at("softmax").at("inputs");
  root.at("softmax").only_keys({"description", "inputs"});
  for (std::size_t k = 0; k < inputs.array_size(); ++k) {
    if (inputs.at(k).array_size() > static_cast<std::size_t>(kMaxSoftmaxEntries))
      inputs.at(k).fail("a softmax input of " + std::to_string(inputs.at(k).array_size()) + " entries; hw6 takes at most " +
                        std::to_string(kMaxSoftmaxEntries) + " (its Jacobians are n×n and its Hessian's eigenvalues cost n³)");
    p.softmax_inputs.push_back(inputs.at(k).vector());
    // Finite entries more than DBL_MAX apart (1e308 and −1e308): x_i − max x overflows, so
    // log-softmax is −inf and every difference of it NaN. Refused, as an overflowing network is below.
    const Eigen::VectorXd& x = p.softmax_inputs.back();
    Eigen::Index low = 0;
    x.minCoeff(&low);
    if (!std::isfinite(x(low) - x.maxCoeff()))
      inputs.at(k).at(static_cast<std::size_t>(low))
          .fail(format_number(x(low), 3) + " lies more than the largest double (" + format_number(DBL_MAX, 2) + ") below the input's largest entry " +
                format_number(x.maxCoeff(), 3) + ", so log-softmax x_i − max x overflows; expected entries within " + format_number(DBL_MAX, 2) +
                " of each other");
  }

  Reader net = root.at("network");
  net.only_keys({"description", "x", "target", "W1", "W2", "b1", "b2", "activations", "learning_rate",
                 "training_steps", "seed"});
  NetworkProblem& n = p.network;
  n.x = net.at("x").vector();
  n.W1 = net.at("W1").matrix(std::nullopt, n.x.size());
  n.W2 = net.at("W2").matrix(std::nullopt, n.W1.rows());
  n.target = net.at("target").vector(n.W2.rows());
  for (Eigen::Index i = 0; i < n.target.size(); ++i)
    if (n.target(i) < 0)
      net.at("target").at(static_cast<std::size_t>(i)).fail("target entries must be >= 0 (a probability vector), got " + format_number(n.target(i), 6));
  // 15 digits: a sum off by 1e-8 (beyond target_sum) would print as 1.000000 with std::to_string.
  if (std::fabs(n.target.sum() - 1) > kTolerances.target_sum)
    net.at("target").fail("target must sum to 1 (a probability vector such as [0, 0, 1]), sums to " + format_number(n.target.sum(), 15));
  n.b1 = net.find("b1") ? net.at("b1").vector(n.W1.rows()) : Eigen::VectorXd::Zero(n.W1.rows());
  n.b2 = net.find("b2") ? net.at("b2").vector(n.W2.rows()) : Eigen::VectorXd::Zero(n.W2.rows());
  Reader acts = net.at("activations");
  for (std::size_t k = 0; k < acts.array_size(); ++k) {
    std::string a = acts.at(k).string();
    if (a == "sigmoid")
      n.activations.push_back(Activation::Sigmoid);
    else if (a == "relu")
      n.activations.push_back(Activation::Relu);
    else
      acts.at(k).fail("expected \"sigmoid\" or \"relu\", got \"" + a + "\"");
    for (std::size_t m = 0; m + 1 < n.activations.size(); ++m)
      if (n.activations[m] == n.activations.back()) acts.at(k).fail("activation \"" + a + "\" is listed twice");
  }
  n.learning_rate = net.at("learning_rate").positive();
  if (auto s = net.find("training_steps")) {
    n.training_steps = static_cast<int>(s->integer(1, 100000));
  }
  if (auto s = net.find("seed")) {
    n.seed = static_cast<unsigned>(s->integer(0, 4294967295LL));
  }
  // Finite entries can still overflow on the way through the network (weights and inputs of
  // 1e300): every printed quantity would then be inf or NaN. Such a network is refused here, with
  // the first quantity that overflows, rather than explained in NaNs.
  const Params given{n.W1, n.W2, n.b1, n.b2};
  for (Activation act : n.activations) {
    const Forward f = forward(given, n.x, n.target, act);
    const Gradients g = f.loss == f.loss ? backward(given, n.x, n.target, act, f) : Gradients{};
    const std::pair<const char*, bool> stages[] = {
        {"z = W¹x + b¹", f.z.allFinite()},   {"a = activation(z)", f.a.allFinite()},
        {"y = W²a + b²", f.y.allFinite()},   {"the loss", std::isfinite(f.loss)},
        {"∂L/∂a = W²ᵀ(p − q)", g.dL_da.allFinite()}, {"∂L/∂W¹ = ∂L/∂z xᵀ", g.W1.allFinite() && g.W2.allFinite()}};
    for (const auto& [what, finite] : stages)
      if (!finite)
        net.fail(std::string(what) + " overflows double precision at these weights and inputs (with " + activation_name(act) +
                 "); scale them down");
  }
  return p;
}

SoftmaxResult analyze_softmax(const Eigen::VectorXd& x) {
  SoftmaxResult r;
  r.x = x;
  r.value = softmax(x);
  r.log_softmax = log_softmax(x);
  const Eigen::Index n = x.size();
  // 1 − f_i, the diagonal's factor, as the sum of the other entries where f_i > ½ (one entry at most):
  // there 1 − f_i cancels (x = (0, −30): f₁ = 1 − 9.36e-14, and f₁ − f₁² kept 3 digits of J₁₁,
  // printed as 9.348e-14 beside J₂₂ = 9.358e-14, its rows no longer summing to 0). Elsewhere
  // 1 − f_i ≥ ½ is exact to a rounding.
  Eigen::VectorXd others = (1.0 - r.value.array()).matrix();
  Eigen::Index top = 0;
  if (r.value.maxCoeff(&top) > 0.5) {
    double rest = 0;
    for (Eigen::Index k = 0; k < n; ++k)
      if (k != top) rest += r.value(k);
    others(top) = rest;
  }
  r.jacobian = -r.value * r.value.transpose();
  r.jacobian.diagonal() = r.value.cwiseProduct(others);
  r.log_softmax_jacobian = -Eigen::VectorXd::Ones(n) * r.value.transpose();
  r.log_softmax_jacobian.diagonal() = others;
  // ∇² log f_i = −(diag f − f fᵀ) = −J, for every i: the Hessian does not depend on i.
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(-r.jacobian);
  r.hessian_eigenvalues = eig.eigenvalues();
  // Each f_i is off by at most ρf_i, and 1 − f_i (computed without cancellation) by ρ(1 − f_i) and
  // one rounding: every entry of J, −f_i f_j or f_i(1 − f_i), to a relative 3ρ, and of I − 1fᵀ to 2ρ.
  const double rho = rounding_level(static_cast<double>(n + 4));
  r.jacobian_level = 3 * rho * r.jacobian.cwiseAbs();
  r.log_softmax_jacobian_level = 2 * rho * r.log_softmax_jacobian.cwiseAbs();
  r.eigenvalue_level = r.jacobian_level.norm();
  r.naive_value = softmax_naive(x);
  r.naive_finite = r.naive_value.allFinite();
  if (r.naive_finite) r.naive_error = (r.naive_value - r.value).cwiseAbs().maxCoeff();
  if (x.maxCoeff() > std::log(DBL_MAX)) r.naive_failure = "overflow";
  else if (!r.naive_finite) r.naive_failure = "underflow";
  else if (log_sum_exp(x) > std::log(DBL_MAX)) r.naive_failure = "sum_overflow";
  else if (r.naive_error > 1e-12 * r.value.maxCoeff()) r.naive_failure = "subnormal";
  // std::log, not Eigen's vectorized log, which clamps subnormal arguments: log(4.5e-309) is −710,
  // not log(DBL_MIN) = −708.4.
  r.log_of_softmax = r.value.unaryExpr([](double t) { return std::log(t); });

  // Checks: Jacobians against central differences; the Hessian of log f_0 against differences of
  // its analytic gradient e_0 − f; the shift identity f(x) = f(x − c1). The differences are taken
  // at x − max(x)·1, where softmax, log-softmax and their derivatives are the same as at x (the
  // shift identity) and the steps can be small: at x = (1e15, 1e15) no step below 0.125 moves x.
  const Eigen::VectorXd shifted = x.array() - x.maxCoeff();
  // The values carry no rounding bound of their own (unrounded): the differences' floor 8ε·max|f|/s
  // and their uncertainty are what the check cannot resolve.
  r.fd_jacobian = measure_derivative(unrounded([](const Eigen::MatrixXd& v) -> Eigen::VectorXd { return softmax(v.col(0)); }), shifted, r.jacobian);
  r.fd_log_jacobian =
      measure_derivative(unrounded([](const Eigen::MatrixXd& v) -> Eigen::VectorXd { return log_softmax(v.col(0)); }), shifted, r.log_softmax_jacobian);
  r.fd_jacobian_error = r.fd_jacobian.beyond;
  r.fd_log_jacobian_error = r.fd_log_jacobian.beyond;
  // The gradient of log f_0 is e_0 − f; its constant e_0 has no differences, and adding it would
  // round them away where f_0 is 1 to the last bit (x = (710, 0): f_1 = 4.5e-309 is lost in 1 − f_0).
  r.fd_hessian = measure_derivative(unrounded([](const Eigen::MatrixXd& v) -> Eigen::VectorXd { return -softmax(v.col(0)); }), shifted, -r.jacobian);
  r.fd_hessian_error = r.fd_hessian.beyond;
  r.shift_error = (softmax_naive(shifted) - r.value).cwiseAbs().maxCoeff();
  return r;
}

namespace {

Eigen::VectorXd activate(const Eigen::VectorXd& z, Activation act) {
  if (act == Activation::Sigmoid) return z.unaryExpr([](double t) { return 1.0 / (1.0 + std::exp(-t)); });
  return z.cwiseMax(0.0);
}

/// σ'(z) = σ(z)σ(−z), equal to a(1 − a) but without its cancellation: at z = 30, 1 − a keeps only
/// 3 digits of e⁻³⁰ (a(1 − a) = 9.348e-14 against 9.358e-14), and ∂L/∂z was printed wrong from its
/// 4th digit. Exact limits far out: 1/(1 + inf) = 0, no NaN.
double sigmoid_slope(double t) { return 1.0 / (1.0 + std::exp(-t)) / (1.0 + std::exp(t)); }

Eigen::VectorXd activation_derivative(const Eigen::VectorXd& z, Activation act) {
  if (act == Activation::Sigmoid) return z.unaryExpr([](double t) { return sigmoid_slope(t); });
  return z.unaryExpr([](double t) { return t > 0 ? 1.0 : 0.0; });
}

/// Largest difference between the parameters of two hidden units j, j': row j of W1 with b1_j and
/// column j of W2. Zero means the units compute the same function and receive the same updates.
double hidden_unit_spread(const Params& w) {
  double spread = 0;
  for (Eigen::Index j = 1; j < w.W1.rows(); ++j) {
    spread = std::max(spread, (w.W1.row(j) - w.W1.row(0)).cwiseAbs().maxCoeff());
    spread = std::max(spread, (w.W2.col(j) - w.W2.col(0)).cwiseAbs().maxCoeff());
    spread = std::max(spread, std::fabs(w.b1(j) - w.b1(0)));
  }
  return spread;
}

}  // namespace

Forward forward(const Params& w, const Eigen::VectorXd& x, const Eigen::VectorXd& q, Activation act) {
  Forward f;
  f.z = w.W1 * x + w.b1;
  f.a = activate(f.z, act);
  f.y = w.W2 * f.a + w.b2;
  f.p = softmax(f.y);
  f.loss = -q.dot(log_softmax(f.y));
  return f;
}

Gradients backward(const Params& w, const Eigen::VectorXd& x, const Eigen::VectorXd& q, Activation act,
                   const Forward& f) {
  Gradients g;
  g.delta2 = f.p * q.sum() - q;  // = p − q for a probability vector q
  g.W2 = g.delta2 * f.a.transpose();
  g.b2 = g.delta2;
  g.dL_da = w.W2.transpose() * g.delta2;
  g.delta1 = g.dL_da.cwiseProduct(activation_derivative(f.z, act));
  g.W1 = g.delta1 * x.transpose();
  g.b1 = g.delta1;
  return g;
}

double loss_rounding(const Params& w, const Eigen::VectorXd& x, const Eigen::VectorXd& q, Activation act, const Forward& f,
                     double* logit_bound) {
  // A running error bound of forward() (Higham, Accuracy and Stability of Numerical Algorithms, 2nd
  // ed., §3.5), stage by stage, each from the computed values and the bounds carried in. γ(n) is
  // gradcheck.hpp's rounding_level: a chain of n roundings, relative to the same computation on
  // absolute values.
  const double u = std::numeric_limits<double>::epsilon() / 2;
  const auto n_in = static_cast<double>(x.size()), hidden = static_cast<double>(f.z.size()), outputs = static_cast<double>(f.y.size());
  // z = W¹x + b¹: a product of inner dimension n_in and one addition.
  const Eigen::VectorXd dz = rounding_level(n_in + 1) * (w.W1.cwiseAbs() * x.cwiseAbs() + w.b1.cwiseAbs());
  // a = σ(z) moves by at most σ's slope over [z − Δz, z + Δz] times Δz, plus σ's own rounding.
  Eigen::VectorXd da(f.z.size());
  for (Eigen::Index j = 0; j < f.z.size(); ++j) {
    if (act == Activation::Relu) {
      // relu is exact and 1-Lipschitz; a unit farther below 0 than its rounding stays at 0.
      da(j) = f.z(j) > -dz(j) ? dz(j) : 0.0;
    } else {
      // σ' = 1/(4cosh²(z/2)) changes by at most e^|t| over a move t, and never exceeds ¼;
      // 1/(1 + e^(−z)) rounds e^(−z) (1 ulp), the sum and the quotient: at most 4u relative.
      const double slope = std::min(0.25, f.a(j) * (1 - f.a(j)) * std::exp(std::min(dz(j), 700.0)));
      da(j) = slope * dz(j) + 4 * u * std::fabs(f.a(j));
    }
  }
  // y = W²a + b²: the product's and the addition's rounding, and a's bound carried through W².
  // This is the term a step on b² meets: added to W²a = 1.2e5 it is rounded to the doubles there.
  const Eigen::VectorXd dy = rounding_level(hidden + 1) * (w.W2.cwiseAbs() * f.a.cwiseAbs() + w.b2.cwiseAbs()) + w.W2.cwiseAbs() * da;
  // L = −qᵀ log_softmax(y) at the computed y: y_i − c (c = max y) rounded by u|y_i − c|, which moves
  // e^(y_i − c) by that relative amount (where it is not 0: |y_i − c| ≤ 745) and the sum Σ e by the
  // p-weighted mean of it; the sum of k terms, the log, the subtraction and the dot product with q
  // (each relative to the terms' absolute values: γ(k + 4) for the whole chain).
  const double c = f.y.maxCoeff();
  const Eigen::ArrayXd shifted = (f.y.array() - c).abs();
  double sum = 0;
  for (Eigen::Index i = 0; i < f.y.size(); ++i) sum += std::exp(f.y(i) - c);
  const double lse = std::log(sum);
  const Eigen::ArrayXd terms = shifted + (shifted + lse).abs() + lse + 1;  // |y_i − c|, |log p_i|, log Σ, the exp's ulp
  const double q_mass = q.cwiseAbs().sum();
  const double at_y = rounding_level(outputs + 4) * (q.cwiseAbs().array() * terms).sum() +
                      q_mass * u * (f.p.array() * shifted.min(745.0)).sum();
  // y's bound Δ reaches L through ∂L/∂y = (Σq)p − q: |L(y + Δ) − L(y)| ≤ Σ_i |∂L/∂y_i| Δ_i + ½(Σq)‖Δ‖∞²
  // (the Hessian (Σq)(diag p − ppᵀ) is a variance under p, at most ‖Δ‖∞²), and ≤ 2(Σq)‖Δ‖∞ whatever
  // Δ (‖∂L/∂y‖₁ ≤ 2Σq everywhere): the second holds where Δ is beyond the softmax's linear range.
  const double sum_q = q.sum(), largest = dy.size() ? dy.maxCoeff() : 0.0;
  const Eigen::VectorXd slope_y = (f.p * sum_q - q).cwiseAbs();
  const double through_y = std::min(2 * q_mass * largest, slope_y.dot(dy) + 0.5 * q_mass * largest * largest);
  if (logit_bound) *logit_bound = largest;
  return at_y + through_y;
}

NetworkChecks check_network_gradients(const NetworkProblem& n, Activation act, const Forward& f, const Gradients& g) {
  const Params given{n.W1, n.W2, n.b1, n.b2};
  // The loss in one parameter alone, with its rounding bound: the differences' floor then counts
  // (R₊ + R₋)/(step taken) (numeric.hpp, adaptive_differences).
  // `w` starts as the given parameters; set() overwrites the one being checked, whole, at every
  // call, so the others stay as given (a copy per call was a fifth of ex5's allocations).
  auto loss_with = [&](auto set, Params& w) {
    return [&, set](const Eigen::MatrixXd& m) {
      set(w, m);
      const Forward moved = forward(w, n.x, n.target, act);
      return Evaluation{moved.loss, loss_rounding(w, n.x, n.target, act, moved)};
    };
  };
  // With relu, a step on W1(j,c) moves z_j by step·x_c and one on b1(j) by step: they stay below
  // half the distance to the kink, so that the differences see one linear piece.
  // Along a direction D, z moves by t·Dx (W¹) or t·D (b¹). Large layers are checked along random
  // directions and at sampled entries (numeric.hpp, derivative_check).
  StepCap w1_cap, b1_cap;
  std::function<double(const Eigen::MatrixXd&)> w1_dir_cap, b1_dir_cap;
  const bool relu = act == Activation::Relu;
  if (relu) {
    const Eigen::Index rows = n.W1.rows();
    w1_cap = [&, rows](Eigen::Index k) { return 0.5 * std::fabs(f.z(k % rows)) / std::fabs(n.x(k / rows)); };
    b1_cap = [&](Eigen::Index k) { return 0.5 * std::fabs(f.z(k)); };
    auto cap_for = [&](const Eigen::VectorXd& move) {
      double cap = std::numeric_limits<double>::infinity();
      for (Eigen::Index j = 0; j < move.size(); ++j)
        if (move(j) != 0) cap = std::min(cap, 0.5 * std::fabs(f.z(j)) / std::fabs(move(j)));
      return cap;
    };
    w1_dir_cap = [&, cap_for](const Eigen::MatrixXd& D) { return cap_for(D * n.x); };
    b1_dir_cap = [&, cap_for](const Eigen::MatrixXd& D) { return cap_for(D.col(0)); };
  }
  // The size of each gradient's terms, from the forward pass (not from the claimed gradient): |p − q|
  // for ∂L/∂y; through W² on absolute values, |W²|ᵀ|p − q|, which does not cancel where W²ᵀ(p − q)
  // does (equal rows of W²: ∂L/∂W¹ = 0 with terms of size |W²|·|p − q|); times the activation's
  // slope: σ'(z) = a(1 − a) for sigmoid, 1 for relu (whose 0 on an inactive unit is exact, not a small
  // slope, and the capped differences there are exactly 0 as well).
  const Eigen::VectorXd d2 = (f.p * n.target.sum() - n.target).cwiseAbs();
  const Eigen::VectorXd gate = relu ? Eigen::VectorXd::Ones(f.z.size()) : Eigen::VectorXd(f.z.unaryExpr([](double t) { return sigmoid_slope(t); }));
  const Eigen::VectorXd d1 = (n.W2.cwiseAbs().transpose() * d2).cwiseProduct(gate);
  // How far one unit of step on each entry moves the logits: a_j for W²(i,j), 1 for b²(i);
  // max_i |W²(i,j)| times the slope (relu: 1 on an active unit, 0 on one that passes nothing)
  // times |x_k| for W¹(j,k), 1 for b¹(j); with sigmoid, the pre-activation's own move |x_k| (or 1)
  // as well, its curvature being of order 1 too.
  const Eigen::VectorXd column_max = n.W2.cwiseAbs().colwise().maxCoeff().transpose();
  const Eigen::VectorXd slope = relu ? Eigen::VectorXd(f.z.unaryExpr([](double t) { return t > 0 ? 1.0 : 0.0; })) : gate;
  const Eigen::VectorXd through = column_max.cwiseProduct(slope);
  Eigen::MatrixXd per_step_W1 = through * n.x.cwiseAbs().transpose();
  Eigen::VectorXd per_step_b1 = through;
  if (!relu) {
    per_step_W1 = per_step_W1.cwiseMax(Eigen::VectorXd::Ones(f.z.size()) * n.x.cwiseAbs().transpose());
    per_step_b1 = per_step_b1.cwiseMax(1.0);
  }
  const Eigen::MatrixXd per_step_W2 = Eigen::VectorXd::Ones(f.y.size()) * f.a.cwiseAbs().transpose();
  const Eigen::VectorXd per_step_b2 = Eigen::VectorXd::Ones(f.y.size());

  double logit_rounding = 0;
  const double R = loss_rounding(given, n.x, n.target, act, f, &logit_rounding);
  // Along a direction D (layers of more than 256 entries, numeric.hpp), how far the logits (with
  // sigmoid, the pre-activations too) move per unit of t, to first order: the move itself, signed,
  // not the sum of every entry's |move| (a bound √(entries) times too large on a random D: a 300×200
  // W¹ took steps of 3e-8, and its check was inconclusive at a resolution of 0.45%).
  auto hidden_move = [&](const Eigen::VectorXd& dz) {
    const double logits = (n.W2 * slope.cwiseProduct(dz)).cwiseAbs().maxCoeff();
    return relu ? logits : std::max(logits, dz.cwiseAbs().maxCoeff());
  };
  using DirectionMove = std::function<double(const Eigen::MatrixXd&)>;
  const DirectionMove W1_move = [&](const Eigen::MatrixXd& D) { return hidden_move(D * n.x); };
  const DirectionMove b1_move = [&](const Eigen::MatrixXd& D) { return hidden_move(D.col(0)); };
  const DirectionMove W2_move = [&](const Eigen::MatrixXd& D) { return (D * f.a).cwiseAbs().maxCoeff(); };
  const DirectionMove b2_move = [&](const Eigen::MatrixXd& D) { return D.cwiseAbs().maxCoeff(); };
  auto check = [&](auto set, const Eigen::MatrixXd& X, const Eigen::MatrixXd& G, const Eigen::MatrixXd& magnitude, const Eigen::MatrixXd& per_step,
                   const DirectionMove& direction_move, const StepCap& cap, const std::function<double(const Eigen::MatrixXd&)>& dir_cap) {
    GradientCheck c;
    // Where every term is exactly 0 the gradient is 0 by structure (a zero factor: W² = 0, a = 0 at
    // relu's kink, p = q), not small, and what matters is whether a wrong gradient of ordinary size
    // would show: the size is then the loss's per unit of the parameter, max(1, L)/max(1, max|θ|).
    const Eigen::MatrixXd size = magnitude.size() > 0 && magnitude.isZero(0)
                                     ? Eigen::MatrixXd::Constant(magnitude.rows(), magnitude.cols(),
                                                                 std::max(1.0, std::fabs(f.loss)) / std::max(1.0, X.size() ? X.cwiseAbs().maxCoeff() : 0.0))
                                     : magnitude;
    // Every step also keeps the logits' (with sigmoid, the pre-activations') move within
    // kTolerances.logit_move, where the softmax is close to linear: a larger step on a saturated
    // softmax sees one linear piece of it, consistent from step to step, and its slope (W² = 1e8:
    // a quarter off) would be taken for the derivative.
    const StepCap capped = [&](Eigen::Index k) {
      const double move = per_step.data()[k], limit = move > 0 ? kTolerances.logit_move / move : std::numeric_limits<double>::infinity();
      return cap ? std::min(cap(k), limit) : limit;
    };
    const std::function<double(const Eigen::MatrixXd&)> dir_capped = [&](const Eigen::MatrixXd& D) {
      const double move = direction_move(D);
      const double limit = move > 0 ? kTolerances.logit_move / move : std::numeric_limits<double>::infinity();
      return dir_cap ? std::min(dir_cap(D), limit) : limit;
    };
    Params work = given;
    c.measure = measure_gradient(loss_with(set, work), X, G, size, capped, dir_capped);
    c.loss_rounding = R;
    c.logit_rounding = logit_rounding;
    for (Eigen::Index k = 0; k < X.size(); ++k) {
      // The differences compare the estimates of two steps at least, so the second smallest of the
      // ladder (4 times the smallest, numeric.hpp) must stay within the linear range.
      const double step = 4 * smallest_difference_step(X.data()[k]), move = per_step.data()[k] * step;
      if (move > c.logit_move || c.smallest_step == 0) c.smallest_step = step, c.logit_move = move;
    }
    c.can_fail = c.measure.swamp < 1 && !(c.logit_move > kTolerances.logit_move);
    c.conclusive = c.can_fail && c.measure.swamp <= kConclusiveResolution;
    return c;
  };
  NetworkChecks out;
  out.W1 = check([](Params& w, const Eigen::MatrixXd& m) { w.W1 = m; }, n.W1, g.W1, d1 * n.x.cwiseAbs().transpose(), per_step_W1, W1_move, w1_cap, w1_dir_cap);
  out.W2 = check([](Params& w, const Eigen::MatrixXd& m) { w.W2 = m; }, n.W2, g.W2, d2 * f.a.cwiseAbs().transpose(), per_step_W2, W2_move, {}, {});
  out.b1 = check([](Params& w, const Eigen::MatrixXd& m) { w.b1 = m.col(0); }, n.b1, g.b1, d1, per_step_b1, b1_move, b1_cap, b1_dir_cap);
  out.b2 = check([](Params& w, const Eigen::MatrixXd& m) { w.b2 = m.col(0); }, n.b2, g.b2, d2, per_step_b2, b2_move, {}, {});
  return out;
}

TrainingRun train(const Params& start, Init init, const NetworkProblem& p, Activation act) {
  TrainingRun run;
  run.init = init;
  Params w = start;
  run.hidden_unit_spread = hidden_unit_spread(w);
  run.weights_stayed_zero = w.W1.isZero(0) && w.W2.isZero(0);
  for (int step = 0; step < p.training_steps; ++step) {
    Forward f = forward(w, p.x, p.target, act);
    run.loss.push_back(f.loss);
    Gradients g = backward(w, p.x, p.target, act, f);
    Params next = w;
    next.W1 -= p.learning_rate * g.W1;
    next.W2 -= p.learning_rate * g.W2;
    next.b1 -= p.learning_rate * g.b1;
    next.b2 -= p.learning_rate * g.b2;
    if (!next.W1.allFinite() || !next.W2.allFinite() || !next.b1.allFinite() || !next.b2.allFinite() ||
        !std::isfinite(forward(next, p.x, p.target, act).loss)) {
      run.diverged_at = step + 1;
      break;
    }
    w = next;
    run.hidden_unit_spread = std::max(run.hidden_unit_spread, hidden_unit_spread(w));
    run.weights_stayed_zero = run.weights_stayed_zero && w.W1.isZero(0) && w.W2.isZero(0);
  }
  if (!run.diverged_at) run.loss.push_back(forward(w, p.x, p.target, act).loss);
  run.final_params = w;
  // Beyond round-off: from a uniform q's optimum the loss "falls" from 1.0986122886681098 to
  // 1.0986122886681096, which is no fall.
  run.loss_fell = !run.diverged_at && run.loss.back() < run.loss.front() - kTolerances.same * std::max(1.0, std::fabs(run.loss.front()));
  return run;
}

namespace {
/// a and b agree up to round-off of values of their size.
bool same(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  const double scale = std::max({1.0, a.cwiseAbs().maxCoeff(), b.cwiseAbs().maxCoeff()});
  return (a - b).cwiseAbs().maxCoeff() <= kTolerances.same * scale;
}
bool all_equal(const Eigen::VectorXd& v) { return same(v, Eigen::VectorXd::Constant(v.size(), v(0))); }
}  // namespace

NetworkFacts network_facts(const NetworkProblem& n) {
  NetworkFacts f;
  f.inputs = n.W1.cols();
  f.hidden = n.W1.rows();
  f.outputs = n.W2.rows();
  f.has_biases = !n.b1.isZero(0) || !n.b2.isZero(0);
  f.is_homework = f.inputs == 3 && f.hidden == 4 && f.outputs == 3 && !f.has_biases && n.x == Eigen::VectorXd::Ones(3) &&
                  n.target == Eigen::Vector3d(0, 0, 1) && n.W1 == Eigen::MatrixXd::Constant(4, 3, 1.0) &&
                  n.W2 == Eigen::MatrixXd::Constant(3, 4, 0.5);
  auto unit_same = [&](Eigen::Index j, Eigen::Index k) {
    return same(n.W1.row(j), n.W1.row(k)) && same(n.W2.col(j), n.W2.col(k)) && same(n.b1.segment(j, 1), n.b1.segment(k, 1));
  };
  std::vector<bool> placed(static_cast<std::size_t>(f.hidden), false);
  for (Eigen::Index j = 0; j < f.hidden; ++j) {
    if (placed[static_cast<std::size_t>(j)]) continue;
    std::vector<Eigen::Index> group{j};
    for (Eigen::Index k = j + 1; k < f.hidden; ++k)
      if (!placed[static_cast<std::size_t>(k)] && unit_same(j, k)) {
        group.push_back(k);
        placed[static_cast<std::size_t>(k)] = true;
      }
    if (group.size() >= 2) f.identical_units.push_back(group);
  }
  f.all_units_identical = f.hidden >= 2 && f.identical_units.size() == 1 &&
                          static_cast<Eigen::Index>(f.identical_units.front().size()) == f.hidden;
  f.target_uniform = all_equal(n.target);
  f.W2_rows_equal = true;
  for (Eigen::Index i = 1; i < f.outputs; ++i) f.W2_rows_equal = f.W2_rows_equal && same(n.W2.row(i), n.W2.row(0));
  return f;
}

Result solve(const Problem& problem) {
  Result r;
  for (const auto& x : problem.softmax_inputs) r.softmax.push_back(analyze_softmax(x));

  const NetworkProblem& n = problem.network;
  r.facts = network_facts(n);
  const Params given{n.W1, n.W2, n.b1, n.b2};
  for (Activation act : n.activations) {
    ActivationResult ar;
    ar.activation = act;
    ar.fwd = forward(given, n.x, n.target, act);
    ar.grad = backward(given, n.x, n.target, act, ar.fwd);
    ar.W1_updated = n.W1 - n.learning_rate * ar.grad.W1;
    ar.W2_updated = n.W2 - n.learning_rate * ar.grad.W2;
    ar.b1_updated = n.b1 - n.learning_rate * ar.grad.b1;
    ar.b2_updated = n.b2 - n.learning_rate * ar.grad.b2;
    // p − q = p·Σq − q: p off by a relative λ√(k+4)·u, Σq and the subtraction by one rounding each.
    const auto outputs = static_cast<double>(ar.fwd.p.size());
    const Eigen::VectorXd delta2_level = rounding_level(outputs + 4) * (ar.fwd.p.array() + n.target.array().abs()).matrix();
    ar.dL_da_level = n.W2.cwiseAbs().transpose() * (delta2_level + rounding_level(outputs) * ar.grad.delta2.cwiseAbs());
    ar.dL_da_zero = (ar.grad.dL_da.cwiseAbs().array() <= ar.dL_da_level.array()).all();
    ar.outputs_equal = all_equal(ar.fwd.y);
    if (act == Activation::Relu)
      for (Eigen::Index j = 0; j < ar.fwd.z.size(); ++j)
        if (ar.fwd.z(j) <= 0) ar.inactive_units.push_back(j);

    ar.fd = check_network_gradients(n, act, ar.fwd, ar.grad);
    // Relu is not differentiable at 0. The differences of W1(j,k) and b1(j) keep their steps on one
    // side of the kink (the caps above) and try steps down to 1e-5·4⁻¹⁵·max(1, |entry|), which move
    // z_j by up to that times max(1, |x_k|); only when some |z_j| is within reach of the two
    // smallest does no pair of steps fit, and then the check is reported as not applicable.
    if (act == Activation::Relu) {
      const double entries = std::max({1.0, n.W1.cwiseAbs().maxCoeff(), n.b1.size() ? n.b1.cwiseAbs().maxCoeff() : 0.0});
      const double reach = kTolerances.kink_reach * entries * std::max(1.0, n.x.cwiseAbs().maxCoeff());
      ar.kink_distance = ar.fwd.z.size() ? ar.fwd.z.cwiseAbs().minCoeff() : 0.0;
      ar.near_kink = ar.fwd.z.size() > 0 && ar.kink_distance < reach;
    }

    // 3(d): all-zero initialization against the given one and a small random one.
    const Eigen::Index h = n.W1.rows();
    Params zero{Eigen::MatrixXd::Zero(h, n.W1.cols()), Eigen::MatrixXd::Zero(n.W2.rows(), h),
                Eigen::VectorXd::Zero(h), Eigen::VectorXd::Zero(n.W2.rows())};
    std::mt19937 rng(n.seed);
    std::normal_distribution<double> normal(0.0, kRandomInitStddev);
    Params random = zero;
    for (Eigen::Index i = 0; i < random.W1.size(); ++i) random.W1.data()[i] = normal(rng);
    for (Eigen::Index i = 0; i < random.W2.size(); ++i) random.W2.data()[i] = normal(rng);
    ar.runs.push_back(train(zero, Init::Zero, n, act));
    ar.runs.push_back(train(given, Init::Given, n, act));
    ar.runs.push_back(train(random, Init::Random, n, act));
    r.network.push_back(std::move(ar));
  }
  return r;
}

Report run(const Json& problem_json, const RunContext& /*ctx*/) {
  Problem p = parse(problem_json);
  return report(p, solve(p));
}

}  // namespace hw6::ex5
