// Exercise 5, 3(b): the gradient checks against central differences where the logits are large.
// The differences then carry the forward pass's rounding (loss_rounding). A check that cannot see
// an error of 1e-3 is inconclusive ([ok?]) but still fails an error it can see; where even a
// gradient wrong by 100% would pass, or no step is small enough, it cannot fail and passes.
#include "hw6/exercises/ex5.hpp"
#include "hw6/numeric.hpp"
#include "hw6/problems.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>

using namespace hw6::ex5;

namespace {
Problem homework() { return parse(hw6::parse_json(std::string(hw6::builtin_problem_text("ex5")))); }

/// The homework with every entry of W² equal to w.
Problem with_W2(double w) {
  Problem p = homework();
  p.network.W2.setConstant(w);
  return p;
}

/// Every 3(b) check of the report (name starting "3(b)").
std::vector<hw6::Check> gradient_checks(const Problem& p, const Result& r) {
  std::vector<hw6::Check> out;
  for (const auto& c : report(p, r).checks)
    if (c.name.rfind("3(b)", 0) == 0) out.push_back(c);
  return out;
}

std::vector<const GradientCheck*> all(const NetworkChecks& c) { return {&c.W1, &c.W2, &c.b1, &c.b2}; }
}  // namespace

TEST_SUITE("ex5") {
  TEST_CASE("W² = 1e4 (all equal): the right gradient is never failed") {
    // relu: W¹ = 1, x = 1 give z = a = (3, 3, 3, 3); y = W²a = 1.2e5·(1, 1, 1), so p is uniform and
    // ∂L/∂b² = p − q = (1/3, 1/3, −2/3) for q = (0, 0, 1). b² enters y beside 1.2e5, whose doubles are
    // 1.5e-11 apart: a step δ on b² moves y by δ rounded to that spacing, which the loss's rounding
    // bound counts.
    const Problem p = with_W2(1e4);
    const Result r = solve(p);
    const ActivationResult& relu = r.network[1];
    REQUIRE(relu.activation == Activation::Relu);
    const Eigen::Vector3d expected(1.0 / 3, 1.0 / 3, -2.0 / 3);
    for (int i = 0; i < 3; ++i) CHECK(std::fabs(relu.grad.b2(i) - expected(i)) <= 1e-12 * std::fabs(expected(i)));
    const hw6::Report rep = report(p, r);
    CHECK(rep.all_checks_passed());  // exit status 0
    for (const auto& c : gradient_checks(p, r)) {
      INFO(c.name << ": " << c.detail);
      CHECK(c.passed);
      CHECK(c.detail.find("FAILED") == std::string::npos);
    }
    // The b² check passes, but it is not conclusive: what its differences cannot resolve (their
    // uncertainty with y's rounding of about 3e-10 over the step) is about 7% of |p − q|, above the
    // 1e-3 that every exercise's checks require (kConclusiveResolution).
    CHECK_FALSE(relu.fd.b2.conclusive);
    CHECK(relu.fd.b2.measure.swamp > hw6::kConclusiveResolution);
    CHECK(relu.fd.b2.measure.swamp < 0.2);
    CHECK(relu.fd.b2.measure.error <= kTolerances.finite_difference);
  }

  TEST_CASE("W² = 1e100 (all equal): nothing fails, every 3(b) check is inconclusive and says why") {
    // ulp(1e100) is 1e84, the softmax is linear only over logit changes ≪ 1: no step is small enough.
    const Problem p = with_W2(1e100);
    const Result r = solve(p);
    CHECK(report(p, r).all_checks_passed());
    const auto checks = gradient_checks(p, r);
    CHECK(checks.size() == 8);
    for (const auto& c : checks) {
      INFO(c.name << ": " << c.detail);
      CHECK(c.passed);
      REQUIRE(c.conclusive.has_value());
      CHECK_FALSE(*c.conclusive);
      CHECK(c.detail.rfind("inconclusive: ", 0) == 0);
    }
    const auto json = report(p, r).to_json();
    int flagged = 0;
    for (const auto& c : json["checks"])
      if (c["name"].get<std::string>().rfind("3(b)", 0) == 0 && c.contains("conclusive") && !c["conclusive"].get<bool>()) ++flagged;
    CHECK(flagged == 8);
  }

  TEST_CASE("the homework: every 3(b) check is conclusive and passed") {
    const Problem p = homework();
    const Result r = solve(p);
    for (const auto& a : r.network)
      for (const GradientCheck* g : all(a.fd)) {
        CHECK(g->conclusive);
        CHECK(g->measure.swamp < 1e-6);  // far from swamped: the allowance is ~1e-10 of the gradients' size
      }
    for (const auto& c : gradient_checks(p, r)) {
      INFO(c.name << ": " << c.detail);
      CHECK(c.passed);
      REQUIRE(c.conclusive.has_value());
      CHECK(*c.conclusive);
    }
  }

  TEST_CASE("a planted wrong gradient still fails, at ordinary scale and beside large logits") {
    // One entry off by 1e-3 of the gradient's size at W² = 0.5: the new allowance must not hide it.
    // At W² = 1e4 the relu b² differences resolve only about 7% of p − q (the rounding of y = 1.2e5
    // over the step; not conclusive, as that is above 1e-3): an entry off by 50% must still fail
    // there, an error beyond the allowance being evidence however coarse the resolution.
    for (double w : {0.5, 1e4}) {
      const double off = w == 0.5 ? 1e-3 : 0.5;
      const Problem p = with_W2(w);
      const NetworkProblem& n = p.network;
      for (Activation act : {Activation::Sigmoid, Activation::Relu}) {
        const Params given{n.W1, n.W2, n.b1, n.b2};
        const Forward f = forward(given, n.x, n.target, act);
        const Gradients right = backward(given, n.x, n.target, act, f);
        Gradients wrong = right;
        wrong.W2(1, 2) += off * right.W2.cwiseAbs().maxCoeff();
        wrong.b2(0) += off * right.b2.cwiseAbs().maxCoeff();
        const NetworkChecks ok = check_network_gradients(n, act, f, right), bad = check_network_gradients(n, act, f, wrong);
        INFO("W2 = " << w << ", " << activation_name(act));
        CHECK(ok.W2.measure.error <= kTolerances.finite_difference);
        CHECK(ok.b2.measure.error <= kTolerances.finite_difference);
        if (w == 0.5) {
          CHECK(bad.W2.conclusive);
          CHECK(bad.b2.conclusive);
        }
        CHECK(bad.W2.measure.error > kTolerances.finite_difference);
        CHECK(bad.b2.measure.error > kTolerances.finite_difference);
        // And the report fails them, conclusive or not.
        CHECK_FALSE(gradient_check_line("3(b) ∂L/∂W²", bad.W2, act, n.W2.size(), false).passed);
        CHECK_FALSE(gradient_check_line("3(b) ∂L/∂b²", bad.b2, act, n.b2.size(), false).passed);
        if (w == 0.5) {
          // ∂L/∂W¹ is 0 here by cancellation (equal rows of W²); a wrong 1e-3 of its terms' size shows.
          Gradients wrong1 = right;
          wrong1.W1(0, 0) += 1e-3;
          const NetworkChecks bad1 = check_network_gradients(n, act, f, wrong1);
          CHECK(bad1.W1.conclusive);
          CHECK(bad1.W1.measure.error > kTolerances.finite_difference);
        }
      }
    }
  }

  TEST_CASE("a 200-300-50 sigmoid network: ∂L/∂W¹ along random directions is conclusive, and a 1% error fails") {
    // 60,000 entries are checked along random directions (numeric.hpp). Their steps were capped by
    // the sum of every entry's |move| of the logits, √60000 times the first-order move on a random
    // direction: steps of 3e-8, where the loss's rounding left a resolution of 0.45% (inconclusive).
    std::mt19937 rng(4);
    std::normal_distribution<double> normal(0.0, 1.0);
    NetworkProblem n;
    const Eigen::Index inputs = 200, hidden = 300, outputs = 50;
    n.x = Eigen::VectorXd::NullaryExpr(inputs, [&] { return normal(rng); });
    n.W1 = Eigen::MatrixXd::NullaryExpr(hidden, inputs, [&] { return normal(rng) / std::sqrt(200.0); });
    n.W2 = Eigen::MatrixXd::NullaryExpr(outputs, hidden, [&] { return normal(rng) / std::sqrt(300.0); });
    n.b1 = Eigen::VectorXd::Zero(hidden);
    n.b2 = Eigen::VectorXd::Zero(outputs);
    n.target = Eigen::VectorXd::Unit(outputs, 0);
    const Params given{n.W1, n.W2, n.b1, n.b2};
    const Forward f = forward(given, n.x, n.target, Activation::Sigmoid);
    const Gradients right = backward(given, n.x, n.target, Activation::Sigmoid, f);
    const NetworkChecks ok = check_network_gradients(n, Activation::Sigmoid, f, right);
    INFO("W¹: swamp " << ok.W1.measure.swamp << ", error " << ok.W1.measure.beyond);
    CHECK(ok.W1.conclusive);
    CHECK(ok.W1.measure.beyond <= kTolerances.finite_difference);
    Gradients wrong = right;
    wrong.W1 *= 1.01;
    CHECK(check_network_gradients(n, Activation::Sigmoid, f, wrong).W1.measure.beyond > kTolerances.finite_difference);
  }

  TEST_CASE("the loss's rounding bound covers what rounding does, and is small at ordinary scale") {
    const Problem p = homework();
    const NetworkProblem& n = p.network;
    const Params given{n.W1, n.W2, n.b1, n.b2};
    const Forward f = forward(given, n.x, n.target, Activation::Relu);
    double logits = 0;
    const double R = loss_rounding(given, n.x, n.target, Activation::Relu, f, &logits);
    CHECK(R > 0);
    CHECK(R < 1e-13);
    CHECK(logits < 1e-13);
    // At W² = 1e4, adding b² = 1e-5 to y = 1.2e5 is rounded by up to half of 1.5e-11: within the bound.
    const Problem big = with_W2(1e4);
    const Params w{big.network.W1, big.network.W2, big.network.b1, big.network.b2};
    const Forward fb = forward(w, big.network.x, big.network.target, Activation::Relu);
    loss_rounding(w, big.network.x, big.network.target, Activation::Relu, fb, &logits);
    CHECK(logits >= 0.5 * 1.5e-11);
  }
}

TEST_SUITE("ex5") {
  /// The report's checks for the softmax input k (1-based), by name.
  std::vector<hw6::Check> softmax_checks(const std::vector<std::vector<double>>& inputs, int k) {
    Problem p = homework();
    p.softmax_inputs.clear();
    for (const auto& in : inputs) p.softmax_inputs.push_back(Eigen::Map<const Eigen::VectorXd>(in.data(), static_cast<Eigen::Index>(in.size())));
    const Result r = solve(p);
    std::vector<hw6::Check> out;
    const std::string tag = "(input " + std::to_string(k) + ")";
    for (const auto& c : report(p, r).checks)
      if (c.name.find("vs ") != std::string::npos && c.name.find(tag) != std::string::npos) out.push_back(c);
    return out;
  }

  TEST_CASE("1(a), 2(a): the softmax derivative checks say when differences cannot resolve the derivative") {
    // x = (1, 2, 3): entries of order 0.1, resolved to about 1e-10 of them: conclusive.
    for (const auto& c : softmax_checks({{1, 2, 3}, {0, -30}, {-1000, 0, 1000}, {5}}, 1)) {
      INFO(c.name << ": " << c.detail);
      CHECK(c.passed);
      REQUIRE(c.conclusive.has_value());
      CHECK(*c.conclusive);
    }
    // x = (0, −30): the Jacobian's entries are ±f₁f₂ ≈ 9.4e-14, and differences of values near 1
    // at steps of 1e-5 resolve nothing below about 1e-10: the softmax Jacobian and the Hessian of
    // log f₁ (−J) pass inconclusive; the log-softmax Jacobian (entries δᵢⱼ − fⱼ, near 1) is conclusive.
    const auto tiny = softmax_checks({{1, 2, 3}, {0, -30}}, 2);
    REQUIRE(tiny.size() == 3);
    for (const auto& c : tiny) {
      INFO(c.name << ": " << c.detail);
      CHECK(c.passed);
      REQUIRE(c.conclusive.has_value());
      const bool log_jacobian = c.name.rfind("2(a) log-softmax", 0) == 0;
      CHECK(*c.conclusive == log_jacobian);
      if (!log_jacobian) CHECK(c.detail.find("of the " + std::string(c.name.find("Hessian") != std::string::npos ? "Hessian" : "Jacobian") +
                                             "'s largest entry 9.4e-14") != std::string::npos);
    }
    // x = (−1000, 0, 1000): every entry of J underflows to 0.
    for (const auto& c : softmax_checks({{-1000, 0, 1000}}, 1))
      if (c.name.rfind("2(a) log-softmax", 0) != 0) {
        INFO(c.name << ": " << c.detail);
        CHECK_FALSE(*c.conclusive);
        CHECK(c.detail.find("each 0 or below the smallest normal double") != std::string::npos);
      }
    // One number: softmax is the constant 1, every derivative exactly 0: conclusive.
    for (const auto& c : softmax_checks({{5}}, 1)) {
      INFO(c.name << ": " << c.detail);
      CHECK(*c.conclusive);
      CHECK(c.detail.rfind("exactly 0, as the derivative of a constant", 0) == 0);
    }
  }

  TEST_CASE("1(a): why (0, −30) is inconclusive: a Jacobian with the wrong sign passes there and fails at (1, 2, 3)") {
    for (const std::vector<double>& x : {std::vector<double>{0, -30}, std::vector<double>{1, 2, 3}}) {
      const Eigen::VectorXd v = Eigen::Map<const Eigen::VectorXd>(x.data(), static_cast<Eigen::Index>(x.size()));
      const SoftmaxResult s = analyze_softmax(v);
      const hw6::RoundedFunction f = hw6::unrounded([](const Eigen::MatrixXd& y) -> Eigen::VectorXd { return hw6::softmax(y.col(0)); });
      const hw6::DerivativeMeasure wrong = hw6::measure_derivative(f, v, -s.jacobian);
      INFO("x = (" << x[0] << ", " << x[1] << "): error " << wrong.error << ", swamp " << s.fd_jacobian.swamp);
      if (x.size() == 2) {
        CHECK(wrong.error <= 1e-6);  // passes: the check cannot see it
        CHECK(s.fd_jacobian.swamp > 1);
      } else {
        CHECK(wrong.error > 1);  // fails by far
        CHECK(s.fd_jacobian.swamp < 1e-3);
      }
    }
  }

  TEST_CASE("1(a), 2(a): a right Jacobian is never failed where its entries are below the differences' floor") {
    // At x = (0, −20) the Jacobian's entries are ±f₁f₂ = ±e⁻²⁰/(1 + e⁻²⁰)² ≈ ±2.06e-9, and the
    // differences of values near 1 settle only to their rounding floor, about 8ε/1e-5 ≈ 1.8e-10.
    // The checks used to count that settled-to-rounding change as "unsettled" (1% of the entries)
    // and failed the right Jacobian (exit 1); the same at (1, −19) and (−720, −700). Every gap from
    // 0 to 40 in steps of 1/4 must pass.
    for (int k = 0; k <= 160; ++k) {
      const double gap = 0.25 * k;
      for (const auto& c : softmax_checks({{0, -gap}}, 1)) {
        INFO("x = (0, " << -gap << "): " << c.name << ": " << c.detail);
        CHECK(c.passed);
      }
    }
    for (const auto& c : softmax_checks({{1, -19}, {-720, -700}}, 2)) {
      INFO(c.name << ": " << c.detail);
      CHECK(c.passed);
    }
    // The check still sees a Jacobian with the wrong sign or twice the right one there: what it
    // cannot resolve is about a third of the entries (7.5e-10 of 2.1e-9), so a 100% error fails.
    const Eigen::Vector2d v(0, -20);
    const SoftmaxResult s = analyze_softmax(v);
    CHECK(s.fd_jacobian.swamp < 0.5);
    const hw6::RoundedFunction f = hw6::unrounded([](const Eigen::MatrixXd& y) -> Eigen::VectorXd { return hw6::softmax(y.col(0)); });
    CHECK(hw6::measure_derivative(f, v, -s.jacobian).beyond > kTolerances.finite_difference);
    CHECK(hw6::measure_derivative(f, v, 2 * s.jacobian).beyond > kTolerances.finite_difference);
  }
}
