#include "hw6/exercises/ex5.hpp"
#include "hw6/numeric.hpp"
#include "hw6/problems.hpp"
#include "input_error.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>

using namespace hw6::ex5;

namespace {
Problem homework() { return parse(hw6::parse_json(std::string(hw6::builtin_problem_text("ex5")))); }

/// A message's pointer when parsing `text` fails.
std::string parse_pointer(const std::string& text) {
  try {
    parse(hw6::parse_json(text));
  } catch (const hw6::InputError& e) {
    return e.pointer();
  }
  return "<none>";
}

const char* kValid = R"({"softmax": {"inputs": [[1, 2]]}, "network": {"x": [1, 1, 1], "target": [0, 0, 1],
  "W1": [[1,1,1],[1,1,1],[1,1,1],[1,1,1]], "W2": [[0.5,0.5,0.5,0.5],[0.5,0.5,0.5,0.5],[0.5,0.5,0.5,0.5]],
  "activations": ["sigmoid", "relu"], "learning_rate": 0.1}})";
}  // namespace

TEST_SUITE("ex5") {
  TEST_CASE("the homework's sigmoid network, derived by hand") {
    // z = W¹x = (3,3,3,3); a = σ(3) = 1/(1+e⁻³); y = W²a: each output is 4·0.5·a = 2a ≈ 1.905148;
    // all outputs are equal, so p = (1/3, 1/3, 1/3) and L = −log(1/3) = ln 3.
    Result r = solve(homework());
    REQUIRE(r.network.size() == 2);
    const ActivationResult& s = r.network[0];
    REQUIRE(s.activation == Activation::Sigmoid);
    const double a = 1.0 / (1.0 + std::exp(-3.0));
    for (int i = 0; i < 4; ++i) CHECK(s.fwd.z(i) == doctest::Approx(3.0));
    for (int i = 0; i < 4; ++i) CHECK(s.fwd.a(i) == doctest::Approx(a).epsilon(1e-15));
    for (int i = 0; i < 3; ++i) CHECK(s.fwd.y(i) == doctest::Approx(2 * a).epsilon(1e-15));
    CHECK(s.fwd.y(0) == doctest::Approx(1.905148).epsilon(1e-6));
    CHECK(s.fwd.loss == doctest::Approx(std::log(3.0)).epsilon(1e-15));

    SUBCASE("gradients") {
      // δ² = p − q = (1/3, 1/3, −2/3); ∂L/∂W² = δ² aᵀ: rows a/3, a/3, −2a/3.
      for (int j = 0; j < 4; ++j) {
        CHECK(s.grad.W2(0, j) == doctest::Approx(a / 3));
        CHECK(s.grad.W2(2, j) == doctest::Approx(-2 * a / 3));
      }
      // Every column of W² equals (0.5, 0.5, 0.5) and δ² sums to 0, so W²ᵀδ² = 0 and ∂L/∂W¹ = 0.
      CHECK(s.grad.W1.cwiseAbs().maxCoeff() < 1e-15);
      // One step with η = 0.1: 0.5 − 0.1·a/3 and 0.5 + 0.1·2a/3.
      CHECK(s.W2_updated(0, 0) == doctest::Approx(0.5 - 0.1 * a / 3));
      CHECK(s.W2_updated(2, 3) == doctest::Approx(0.5 + 0.2 * a / 3));
      CHECK(s.W1_updated(3, 2) == doctest::Approx(1.0));
    }
  }

  TEST_CASE("the homework's relu network, derived by hand") {
    // z = 3 > 0, so a = 3, y = 4·0.5·3 = 6 for every output: again p uniform and L = ln 3.
    // ∂L/∂W² = δ² aᵀ: rows 3·(1/3) = 1, 1, 3·(−2/3) = −2; updated with η = 0.1: 0.4, 0.4, 0.7.
    Result r = solve(homework());
    const ActivationResult& s = r.network[1];
    REQUIRE(s.activation == Activation::Relu);
    CHECK(s.fwd.y(1) == doctest::Approx(6.0));
    CHECK(s.fwd.loss == doctest::Approx(std::log(3.0)).epsilon(1e-15));
    CHECK(s.grad.W2(0, 1) == doctest::Approx(1.0));
    CHECK(s.grad.W2(2, 1) == doctest::Approx(-2.0));
    CHECK(s.W2_updated(1, 0) == doctest::Approx(0.4));
    CHECK(s.W2_updated(2, 0) == doctest::Approx(0.7));
  }

  TEST_CASE("softmax Jacobian of (0, ln 2) by hand") {
    // p = (1/3, 2/3); J = diag(p) − ppᵀ = [[1/3 − 1/9, −2/9], [−2/9, 2/3 − 4/9]] = [[2/9, −2/9], [−2/9, 2/9]].
    SoftmaxResult s = analyze_softmax(Eigen::Vector2d(0.0, std::log(2.0)));
    CHECK(s.jacobian(0, 0) == doctest::Approx(2.0 / 9));
    CHECK(s.jacobian(0, 1) == doctest::Approx(-2.0 / 9));
    CHECK(s.jacobian(1, 1) == doctest::Approx(2.0 / 9));
    // Log-softmax Jacobian I − 1pᵀ: [[1 − 1/3, −2/3], [−1/3, 1 − 2/3]].
    CHECK(s.log_softmax_jacobian(0, 0) == doctest::Approx(2.0 / 3));
    CHECK(s.log_softmax_jacobian(0, 1) == doctest::Approx(-2.0 / 3));
    CHECK(s.log_softmax_jacobian(1, 0) == doctest::Approx(-1.0 / 3));
    // Hessian −J has eigenvalues 0 (along (1,1)) and −(2/9 + 2/9) = −4/9.
    CHECK(s.hessian_eigenvalues(0) == doctest::Approx(-4.0 / 9));
    CHECK(s.hessian_eigenvalues(1) == doctest::Approx(0.0));
  }

  TEST_CASE("1(b) and 2(b): the naive formulas fail where the stable ones do not") {
    SoftmaxResult big = analyze_softmax(Eigen::Vector3d(1001, 1002, 1003));
    CHECK_FALSE(big.naive_finite);
    SoftmaxResult small = analyze_softmax(Eigen::Vector3d(1, 2, 3));
    CHECK(hw6::scaled_max_error(big.value, small.value) < 1e-15);  // shift invariance
    SoftmaxResult spread = analyze_softmax(Eigen::Vector3d(-1000, 0, 1000));
    CHECK(std::isinf(spread.log_of_softmax(0)));
    CHECK(spread.log_softmax(0) == doctest::Approx(-2000));
  }

  TEST_CASE("backpropagation agrees with central differences on random networks") {
    std::mt19937 rng(7);
    std::normal_distribution<double> normal(0, 1);
    for (int trial = 0; trial < 20; ++trial) {
      const int n_in = 1 + trial % 5, n_hidden = 2 + trial % 7, n_out = 2 + trial % 4;
      auto rnd = [&](int r, int c) {
        Eigen::MatrixXd m(r, c);
        for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = normal(rng);
        return m;
      };
      Params w{rnd(n_hidden, n_in), rnd(n_out, n_hidden), rnd(n_hidden, 1).col(0), rnd(n_out, 1).col(0)};
      Eigen::VectorXd x = rnd(n_in, 1).col(0);
      Eigen::VectorXd q = Eigen::VectorXd::Zero(n_out);
      q(trial % n_out) = 1;
      for (Activation act : {Activation::Sigmoid, Activation::Relu}) {
        Forward f = forward(w, x, q, act);
        // The loss by a different formula: −log of the naive softmax (fine for these small logits).
        CHECK(f.loss == doctest::Approx(-std::log(hw6::softmax_naive(f.y)(trial % n_out))).epsilon(1e-12));
        Gradients g = backward(w, x, q, act, f);
        auto loss_W1 = [&](const Eigen::MatrixXd& m) { Params v = w; v.W1 = m; return forward(v, x, q, act).loss; };
        auto loss_W2 = [&](const Eigen::MatrixXd& m) { Params v = w; v.W2 = m; return forward(v, x, q, act).loss; };
        CHECK(hw6::scaled_max_error(g.W2, hw6::numeric_gradient(loss_W2, w.W2)) < 1e-7);
        if (act == Activation::Sigmoid || (f.z.cwiseAbs().array() > 1e-3).all())
          CHECK(hw6::scaled_max_error(g.W1, hw6::numeric_gradient(loss_W1, w.W1)) < 1e-7);
      }
    }
  }

  TEST_CASE("3(d): zero initialization keeps hidden units identical; random does not") {
    Result r = solve(homework());
    for (const auto& a : r.network) {
      REQUIRE(a.runs.size() == 3);
      CHECK(a.runs[0].init == Init::Zero);
      CHECK(a.runs[0].hidden_unit_spread == 0.0);
      CHECK(a.runs[2].init == Init::Random);
      CHECK(a.runs[2].hidden_unit_spread > 0.1);
    }
    // relu from zero: a = relu(0) = 0 and relu'(0) = 0, so W¹ and W² never move.
    const TrainingRun& relu_zero = r.network[1].runs[0];
    CHECK(relu_zero.final_params.W1.cwiseAbs().maxCoeff() == 0.0);
    CHECK(relu_zero.final_params.W2.cwiseAbs().maxCoeff() == 0.0);
    CHECK(relu_zero.loss.back() < relu_zero.loss.front());  // b² still learns
  }

  TEST_CASE("every self-check passes on the built-in problem") {
    hw6::Report rep = run(hw6::parse_json(std::string(hw6::builtin_problem_text("ex5"))));
    for (const auto& c : rep.checks) {
      INFO(c.name << ": " << c.detail);
      CHECK(c.passed);
    }
    CHECK(rep.results["network"]["sigmoid"]["forward"]["loss"].get<double>() == doctest::Approx(std::log(3.0)));
    CHECK(rep.results["softmax"][2]["log_of_softmax"][0] == "-inf");
  }

  TEST_CASE("1(a), 2(a): the Jacobians' diagonals keep their digits where one f_i is near 1") {
    // x = (0, −30): f₂ = e⁻³⁰/(1 + e⁻³⁰) = 9.3576e-14, f₁ = 1 − f₂. J₁₁ = f₁(1 − f₁) = f₁f₂ and the
    // log-softmax Jacobian's (1, 1) entry is 1 − f₁ = f₂. Computed as f₁ − f₁² (and 1 − f₁) they kept
    // 3 digits (9.348e-14): J was printed unsymmetric, its first row not summing to 0.
    for (const double gap : {30.0, 20.0, 36.0}) {
      const SoftmaxResult s = analyze_softmax(Eigen::Vector2d(0, -gap));
      const double f2 = std::exp(-gap) / (1 + std::exp(-gap)), f1 = 1 / (1 + std::exp(-gap));
      INFO("x = (0, −" << gap << ")");
      CHECK(std::fabs(s.jacobian(0, 0) / (f1 * f2) - 1) < 1e-14);
      CHECK(std::fabs(s.jacobian(0, 1) / (-f1 * f2) - 1) < 1e-14);
      CHECK(std::fabs(s.log_softmax_jacobian(0, 0) / f2 - 1) < 1e-14);
      CHECK(std::fabs(s.jacobian.row(0).sum()) <= 1e-14 * f2);
      // The eigenvalue of the Hessian along (1, −1): −2f₁f₂.
      CHECK(std::fabs(s.hessian_eigenvalues(0) / (-2 * f1 * f2) - 1) < 1e-12);
    }
  }

  TEST_CASE("3(b): σ'(z) far out keeps its digits") {
    // σ'(z) = e⁻ᶻ/(1 + e⁻ᶻ)², from the exp itself. As a(1 − a), 1 − a kept about 3 digits of
    // e⁻³⁰ ≈ 9.36e-14 (9.348e-14 against 9.358e-14) and ∂L/∂z was printed wrong from its 4th digit.
    Params w;
    w.W1 = (Eigen::MatrixXd(2, 1) << 30, 2).finished();
    w.W2 = (Eigen::MatrixXd(2, 2) << 1, 1, -1, 0.5).finished();
    w.b1 = Eigen::VectorXd::Zero(2);
    w.b2 = Eigen::VectorXd::Zero(2);
    const Eigen::VectorXd x = Eigen::VectorXd::Ones(1), q = Eigen::Vector2d(0, 1);
    const Forward f = forward(w, x, q, Activation::Sigmoid);
    const Gradients g = backward(w, x, q, Activation::Sigmoid, f);
    for (const double z : {30.0, 2.0}) {
      const Eigen::Index j = z == 30.0 ? 0 : 1;
      const double slope = std::exp(-z) / ((1 + std::exp(-z)) * (1 + std::exp(-z)));
      INFO("z = " << z);
      CHECK(std::fabs(g.delta1(j) / (g.dL_da(j) * slope) - 1) < 1e-13);  // relative: the values are 1e-13
    }
    // Far beyond, the slope underflows to 0, not NaN.
    w.W1(0, 0) = 800;
    const Forward far = forward(w, x, q, Activation::Sigmoid);
    CHECK(backward(w, x, q, Activation::Sigmoid, far).delta1.allFinite());
  }

  TEST_CASE("bad problems name the offending place") {
    CHECK(parse_pointer(kValid) == "<none>");
    std::string t = kValid;
    CHECK(parse_pointer(std::string(t).replace(t.find("[0, 0, 1]"), 9, "[0, 0, 2]")) == "/network/target");
    CHECK(parse_pointer(std::string(t).replace(t.find("\"relu\""), 6, "\"tanh\"")) == "/network/activations/1");
    CHECK(parse_pointer(std::string(t).replace(t.find("[[0.5,0.5,0.5,0.5]"), 18, "[[0.5,0.5,0.5]")) == "/network/W2/0");
    CHECK(parse_pointer(std::string(t).replace(t.find("0.1}"), 3, "-1")) == "/network/learning_rate");
    CHECK(parse_pointer(std::string(t).replace(t.find("[[1, 2]]"), 8, "[]")) == "/softmax/inputs");
    CHECK(parse_pointer(std::string(t).replace(t.find("\"x\""), 3, "\"xx\"")) == "/network/xx");
  }

  TEST_CASE("bad problems: what the message says") {
    const std::string t = kValid;
    const auto error_of = [](const std::string& text) { return hw6::testing::input_error_of([&] { parse(hw6::parse_json(text)); }); };
    // Entries 2e308 apart: x_i − max x overflows, log-softmax is −inf (every derivative check
    // failed, exit 1). Refused at the entry farthest below the maximum.
    CHECK(error_of(std::string(t).replace(t.find("[[1, 2]]"), 8, "[[1, 2], [1e308, -1e308, 0]]")) ==
          "/softmax/inputs/1/1 -1e+308 lies more than the largest double (1.8e+308) below the input's largest entry 1e+308, so "
          "log-softmax x_i − max x overflows; expected entries within 1.8e+308 of each other");
    // 1.7e308 apart is representable: accepted, every value finite.
    const Problem wide = parse(hw6::parse_json(std::string(t).replace(t.find("[[1, 2]]"), 8, "[[8.5e307, -8.5e307]]")));
    CHECK(solve(wide).softmax[0].log_softmax.allFinite());
    // At most kMaxSoftmaxEntries entries per input (n×n Jacobians, n³ eigenvalues).
    std::string many = "[[1";
    for (Eigen::Index i = 1; i < kMaxSoftmaxEntries; ++i) many += ", " + std::to_string(i % 5);
    CHECK(error_of(std::string(t).replace(t.find("[[1, 2]]"), 8, many + "]]")) == "<none>");
    CHECK(error_of(std::string(t).replace(t.find("[[1, 2]]"), 8, many + ", 0]]")).rfind("/softmax/inputs/0 a softmax input of 1001 entries; hw6 takes at most 1000", 0) == 0);
    // A sum off by 1e-8 printed as "sums to 1.000000"; a negative entry did not say its value.
    CHECK(error_of(std::string(t).replace(t.find("[0, 0, 1]"), 9, "[0, 0, 1.00000001]")) ==
          "/network/target target must sum to 1 (a probability vector such as [0, 0, 1]), sums to 1.00000001");
    CHECK(error_of(std::string(t).replace(t.find("[0, 0, 1]"), 9, "[0, -0.5, 1.5]")) ==
          "/network/target/1 target entries must be >= 0 (a probability vector), got -0.5");
  }
}
