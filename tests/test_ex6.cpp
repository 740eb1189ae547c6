#include "hw6/exercises/ex6.hpp"
#include "hw6/numeric.hpp"
#include "hw6/problems.hpp"
#include "input_error.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <tuple>

using namespace hw6::ex6;

namespace {
Problem from(const std::string& text) { return parse(hw6::parse_json(text)); }

std::string solve_error_pointer(const std::string& text) {
  return hw6::testing::input_error_of([&] { solve(from(text)); });
}
}  // namespace


TEST_SUITE("ex6") {
  TEST_CASE("the homework's network, derived by hand") {
    // 'same' convolutions keep 512×512; each pool halves it. Parameters K·K·C_in·N:
    //   conv5-64:  5·5·4·64    =     6,400      conv5-128: 5·5·64·128  =   204,800
    //   conv3-256: 3·3·128·256 =   294,912      conv3-512: 3·3·256·512 = 1,179,648
    //   FC-512: (128·128·512)·512 = 2²³·2⁹ = 2³² = 4,294,967,296     FC-10: 512·10 = 5,120
    //   total = 6,400 + 204,800 + 294,912 + 1,179,648 + 4,294,967,296 + 5,120 = 4,296,658,176
    Result r = solve(from(std::string(hw6::builtin_problem_text("ex6"))));
    REQUIRE(r.layers.size() == 8);
    const std::vector<std::vector<std::int64_t>> shapes = {{512, 512, 64},  {512, 512, 128}, {256, 256, 128}, {256, 256, 256},
                                                           {256, 256, 512}, {128, 128, 512}, {512},           {10}};
    const std::vector<std::int64_t> params = {6400, 204800, 0, 294912, 1179648, 0, 4294967296LL, 5120};
    for (std::size_t i = 0; i < 8; ++i) {
      CHECK(r.layers[i].output == shapes[i]);
      CHECK(r.layers[i].params == params[i]);
    }
    CHECK(r.total_params == 4296658176LL);
    CHECK(r.total_params_independent == 4296658176LL);
  }

  TEST_CASE("LeNet-5 with biases and valid padding, from the literature") {
    // LeCun et al. 1998 with full C3 connectivity: 32×32×1 → conv5-6 28×28×6 (5·5·1·6 + 6 = 156)
    // → pool 14×14×6 → conv5-16 10×10×16 (5·5·6·16 + 16 = 2,416) → pool 5×5×16 → FC-120 (400·120 + 120
    // = 48,120) → FC-84 (120·84 + 84 = 10,164) → FC-10 (84·10 + 10 = 850); total 61,706.
    Result r = solve(from(R"({"input": [32, 32, 1], "layers": ["conv5-6", "maxpool", "conv5-16", "maxpool", "FC-120", "FC-84", "FC-10"],
                              "padding": "valid", "bias": true})"));
    CHECK(r.layers[0].output == std::vector<std::int64_t>{28, 28, 6});
    CHECK(r.layers[0].params == 156);
    CHECK(r.layers[3].output == std::vector<std::int64_t>{5, 5, 16});
    CHECK(r.layers[2].params == 2416);
    CHECK(r.layers[4].params == 48120);
    CHECK(r.total_params == 61706);
  }

  TEST_CASE("layer strings in general") {
    CHECK(parse_layer("conv3-64")->kernel == 3);
    CHECK(parse_layer("CONV3x3-64")->count == 64);
    CHECK(parse_layer("max pool")->kind == LayerKind::MaxPool);
    CHECK(parse_layer("FC512")->count == 512);
    CHECK(parse_layer("fc-10")->kind == LayerKind::FC);
    CHECK_FALSE(parse_layer("conv3x5-64"));
    CHECK_FALSE(parse_layer("conv-64"));
    CHECK_FALSE(parse_layer("conv0-64"));
    CHECK_FALSE(parse_layer("FC-"));
    CHECK_FALSE(parse_layer("dense-10"));
    CHECK_FALSE(parse_layer("conv3-99999999999"));
  }

  TEST_CASE("closed-form sizes agree with enumerating window positions") {
    for (std::int64_t n = 1; n <= 40; ++n)
      for (std::int64_t k = 1; k <= 6; ++k)
        for (std::int64_t s = 1; s <= 4; ++s)
          for (Padding pad : {Padding{Padding::Kind::Same, 0}, Padding{Padding::Kind::Valid, 0}, Padding{Padding::Kind::Fixed, 2}}) {
            INFO("n=" << n << " k=" << k << " s=" << s << " pad=" << pad.describe());
            CHECK(window_output(n, k, s, pad) == window_output_enumerated(n, k, s, pad));
          }
    // Hand cases: ⌊(7 − 3)/2⌋ + 1 = 3; ⌈7/2⌉ = 4; ⌊(5 + 2 − 3)/1⌋ + 1 = 5.
    CHECK(window_output(7, 3, 2, Padding{Padding::Kind::Valid, 0}) == 3);
    CHECK(window_output(7, 3, 2, Padding{}) == 4);
    CHECK(window_output(5, 3, 1, Padding{Padding::Kind::Fixed, 1}) == 5);
  }

  TEST_CASE("sizes that reach zero, overflowing counts and impossible orders are input errors") {
    auto e = solve_error_pointer(R"({"input": [4, 4, 3], "layers": ["conv5-8"], "padding": "valid"})");
    CHECK(e.rfind("/layers/0 ", 0) == 0);
    CHECK(e.find("does not fit") != std::string::npos);
    e = solve_error_pointer(R"({"input": [2147483648, 2147483648, 2147483648], "layers": ["FC-10"]})");
    CHECK(e.rfind("/layers/0 ", 0) == 0);
    CHECK(e.find("overflows") != std::string::npos);
    e = solve_error_pointer(R"({"input": [8, 8, 3], "layers": ["FC-10", "conv3-4"]})");
    CHECK(e.rfind("/layers/1 ", 0) == 0);
    CHECK(solve_error_pointer(R"({"input": [8, 8, 3], "layers": ["conv3-4", "maxpool", "maxpool", "maxpool", "maxpool"], "padding": "valid"})")
              .rfind("/layers/3 ", 0) == 0);  // valid: 8 → conv3 6 → pool 3 → pool 1 → pool: window 2 > 1
  }

  TEST_CASE("batch normalization by hand") {
    // One feature, x = (1, 3): μ = 2, σ² = ((1−2)² + (3−2)²)/2 = 1, x̂ = (−1, 1)/√(1 + ε).
    // With γ = 2, β = 0.5: y = γx̂ + β = (−1.5, 2.5). With ∂L/∂y = (1, 0): ∂L/∂β = Σ dy = 1 and
    // ∂L/∂γ = Σ dy·x̂ = −1. Two samples are always normalized to ∓1 whatever their values, so y does
    // not depend on x at all (up to ε) and ∂L/∂x = 0.
    BatchNormProblem p;
    p.x = Eigen::MatrixXd(2, 1);
    p.x << 1, 3;
    p.gamma = Eigen::VectorXd::Constant(1, 2.0);
    p.beta = Eigen::VectorXd::Constant(1, 0.5);
    p.eps = 1e-12;
    p.dL_dy = Eigen::MatrixXd(2, 1);
    p.dL_dy << 1, 0;
    BatchNormResult r = batchnorm(p);
    CHECK(r.mu(0) == doctest::Approx(2.0));
    CHECK(r.var(0) == doctest::Approx(1.0));
    CHECK(r.y(0, 0) == doctest::Approx(-1.5));
    CHECK(r.y(1, 0) == doctest::Approx(2.5));
    CHECK(r.dbeta(0) == doctest::Approx(1.0));
    CHECK(r.dgamma(0) == doctest::Approx(-1.0));
    CHECK(r.dx.cwiseAbs().maxCoeff() < 1e-9);
  }

  TEST_CASE("batch normalization gradients against central differences, random instances") {
    std::mt19937 rng(3);
    std::normal_distribution<double> normal(0, 1);
    for (int trial = 0; trial < 10; ++trial) {
      const int m = 2 + trial, k = 1 + trial % 4;
      BatchNormProblem p;
      p.x = Eigen::MatrixXd(m, k);
      p.dL_dy = Eigen::MatrixXd(m, k);
      p.gamma = Eigen::VectorXd(k);
      p.beta = Eigen::VectorXd(k);
      for (Eigen::Index i = 0; i < p.x.size(); ++i) p.x.data()[i] = 3 * normal(rng), p.dL_dy.data()[i] = normal(rng);
      for (int j = 0; j < k; ++j) p.gamma(j) = normal(rng), p.beta(j) = normal(rng);
      p.eps = 1e-5;
      BatchNormResult r = batchnorm(p);
      CHECK(r.fd_error_x < 1e-6);
      CHECK(r.fd_error_gamma < 1e-6);
      CHECK(r.fd_error_beta < 1e-6);
      // Independently of the code under test: L = ⟨dy, y⟩ differentiated numerically here.
      auto L = [&](const Eigen::MatrixXd& x) {
        Eigen::RowVectorXd mu = x.colwise().mean();
        Eigen::MatrixXd c = x.rowwise() - mu;
        Eigen::RowVectorXd var = c.array().square().colwise().mean();
        double total = 0;
        for (int i = 0; i < m; ++i)
          for (int j = 0; j < k; ++j) total += p.dL_dy(i, j) * (p.gamma(j) * c(i, j) / std::sqrt(var(j) + p.eps) + p.beta(j));
        return total;
      };
      CHECK(hw6::scaled_max_error(r.dx, hw6::numeric_gradient(L, p.x)) < 1e-6);
    }
  }

  // The 2(b) checks judge their own power, as Exercises 5 and 7 do (BnGradientCheck). Planted wrong
  // ∂L/∂x: the usual slips in the three-term formula
  //   ∂L/∂x_i = (1/(m√(σ² + ε))) (m g_i − Σ_j g_j − x̂_i Σ_j g_j x̂_j),  g = γ ∂L/∂y,
  // with `mean` and `var` the signs of the 2nd and 3rd terms and `scale` a factor on the whole.
  Eigen::MatrixXd planted_dx(const BatchNormProblem& p, double mean, double var, double scale) {
    const BatchNormResult r = batchnorm_values(p);
    const double m = static_cast<double>(p.x.rows());
    const Eigen::MatrixXd g = p.dL_dy.array().rowwise() * p.gamma.transpose().array();
    const Eigen::RowVectorXd inv = (r.var.array() + p.eps).rsqrt();
    Eigen::MatrixXd inner = (m * g).rowwise() - mean * g.colwise().sum();
    inner -= var * (r.xhat.array().rowwise() * g.cwiseProduct(r.xhat).colwise().sum().array()).matrix();
    return scale * (inner.array().rowwise() * (inv.array() / m)).matrix();
  }
  BatchNormProblem two_features(const Eigen::MatrixXd& x, double gamma, double beta, double eps) {
    BatchNormProblem p;
    p.x = x;
    p.gamma = Eigen::VectorXd::Constant(2, gamma);
    p.beta = Eigen::VectorXd::Constant(2, beta);
    p.eps = eps;
    p.dL_dy = Eigen::MatrixXd(4, 2);
    p.dL_dy << 0.1, -0.2, -0.4, 0.5, 0.2, 0.1, 0.6, -0.1;
    return p;
  }
  /// As the report decides (bn_check_line): fails only where the check can fail.
  bool fails(const BnGradientCheck& c) { return c.can_fail && c.measure.beyond > kTolerances.finite_difference; }
  /// Every planted slip of ∂L/∂x (planted_dx: each of the two inner terms' sign flipped, a factor 4,
  /// the sign of the whole, either inner term dropped) fails the ∂L/∂x check; with `conclusive`, that
  /// check is also conclusive for each.
  void check_planted_slips_fail(const BatchNormProblem& p, const BatchNormResult& r, bool conclusive) {
    for (auto [mean, var, scale] : {std::tuple{-1.0, 1.0, 1.0}, {1.0, -1.0, 1.0}, {1.0, 1.0, 4.0}, {1.0, 1.0, -1.0}, {0.0, 1.0, 1.0}, {1.0, 0.0, 1.0}}) {
      INFO("mean " << mean << ", var " << var << ", scale " << scale);
      const BnGradientCheck c = check_batchnorm_gradients(p, planted_dx(p, mean, var, scale), r.dgamma, r.dbeta).x;
      if (conclusive) CHECK(c.conclusive);
      CHECK(fails(c));
    }
  }

  TEST_CASE("2(b) checks at x = 1e8 with a spread of 1e-4: the right ∂L/∂x passes, wrong ones fail") {
    // Before: the steps (1e3 down to 1e-6) began 10⁷ spreads wide, the quotients were of a saturated
    // x̂, and the right gradient failed with a relative error of 1. Now the steps stay within 0.1 of a
    // spread; μ's rounding (u·1e8 ≈ 1e-8 = 1e-4 spreads) limits the resolution to a few percent, so
    // the pass is inconclusive, but every planted slip (errors of 10% and more) still fails.
    Eigen::MatrixXd x(4, 2);
    x << 1e8, 1e8, 100000000.0001, 1e8, 99999999.9999, 100000000.0002, 100000000.0003, 99999999.9998;
    const BatchNormProblem p = two_features(x, 1, 0, 1e-12);
    const BatchNormResult r = batchnorm(p);
    CHECK(r.fd_error_x <= kTolerances.finite_difference);
    CHECK(r.fd.x.can_fail);
    CHECK_FALSE(r.fd.x.conclusive);
    CHECK(r.fd.gamma.conclusive);
    CHECK(r.fd.beta.conclusive);
    check_planted_slips_fail(p, r, false);
    // The report: passed, marked inconclusive, and saying how large an error would go unnoticed.
    Problem prob;
    prob.H = prob.W = prob.C = 1;
    prob.layers = {*parse_layer("FC-1")};
    prob.batchnorm = p;
    const hw6::Report rep = report(prob, solve(prob));
    bool seen = false;
    for (const auto& c : rep.checks)
      if (c.name.rfind("2(b) ∂L/∂x vs", 0) == 0) {
        seen = true;
        CHECK(c.passed);
        REQUIRE(c.conclusive.has_value());
        CHECK_FALSE(*c.conclusive);
        CHECK(c.detail.find("would pass unnoticed (a larger one fails)") != std::string::npos);
      }
    CHECK(seen);
    CHECK(rep.all_checks_passed());
  }

  TEST_CASE("2(b) checks with γ = 1e-12 and β ≠ 0: wrong gradients fail, conclusively") {
    // Before: L = ⟨∂L/∂y, y⟩ ≈ Σ ∂L/∂y β ≈ 0.5 moves by 1e-12 relative when x does, below its own
    // rounding (8ε|L|/step ≈ 2e-10 against ∂L/∂x ≈ 2e-13): every planted ∂L/∂x passed with error 0.
    // The differences are now of L minus its β part, which does not move with x.
    Eigen::MatrixXd x(4, 2);
    x << 1, 2, 3, -1, -2, 4, 5, 0;
    const BatchNormProblem p = two_features(x, 1e-12, 1, 1e-5);
    const BatchNormResult r = batchnorm(p);
    for (const BnGradientCheck* c : {&r.fd.x, &r.fd.gamma, &r.fd.beta}) {
      CHECK(c->conclusive);
      CHECK_FALSE(fails(*c));
    }
    check_planted_slips_fail(p, r, false);
    CHECK(fails(check_batchnorm_gradients(p, r.dx, -r.dgamma, r.dbeta).gamma));
    CHECK(fails(check_batchnorm_gradients(p, r.dx, r.dgamma, 4 * r.dbeta).beta));
  }

  TEST_CASE("2(b) checks where no difference step is small enough pass, inconclusive") {
    // x = 1e8 + (0, 1, 2, 3)·1.5e-8 (consecutive doubles), ε = 1e-18: √(σ² + ε) ≈ 1.7e-8, while the
    // smallest steps the differences take at 1e8 are about 1e-6 (numeric.hpp's ladder), 60 spreads:
    // the quotients say nothing, and the check neither fails the right gradient nor claims evidence.
    Eigen::MatrixXd x(4, 2);
    const double step = std::nextafter(1e8, 2e8) - 1e8;
    x << 1e8, 1e8 + 3 * step, 1e8 + step, 1e8 + 2 * step, 1e8 + 2 * step, 1e8 + step, 1e8 + 3 * step, 1e8;
    const BatchNormProblem p = two_features(x, 1, 0, 1e-18);
    const BatchNormResult r = batchnorm(p);
    CHECK(r.fd.x.xhat_move > kTolerances.xhat_move);
    CHECK_FALSE(r.fd.x.can_fail);
    CHECK_FALSE(r.fd.x.conclusive);
  }

  TEST_CASE("2(b) checks on ordinary data are conclusive and catch every planted slip") {
    // The homework-sized mini-batch of problems/ex6.json.
    const Problem prob = from(std::string(hw6::builtin_problem_text("ex6")));
    const BatchNormProblem& p = *prob.batchnorm;
    const BatchNormResult r = batchnorm(p);
    for (const BnGradientCheck* c : {&r.fd.x, &r.fd.gamma, &r.fd.beta}) {
      CHECK(c->conclusive);
      CHECK_FALSE(fails(*c));
    }
    check_planted_slips_fail(p, r, true);
  }

  TEST_CASE("2(b) checks never fail the right gradients, over extreme scales") {
    // Offsets up to 1e12, spreads from 1e-8 to 1e4, ε from 1e-18 to 1, γ from 1e-12 to 1e4, ∂L/∂y
    // from 1e-5 to 1e5, m from 1 to 30 (and 400): the right gradients pass every check that can fail.
    std::mt19937 rng(7);
    std::normal_distribution<double> normal(0, 1);
    std::uniform_real_distribution<double> unit(0, 1);
    for (int trial = 0; trial < 400; ++trial) {
      const int m = trial % 50 == 0 ? 400 : 1 + static_cast<int>(unit(rng) * 30), k = 1 + static_cast<int>(unit(rng) * 3);
      double offset = std::pow(10.0, -10 + 22 * unit(rng)) * (unit(rng) < 0.5 ? -1 : 1);
      if (unit(rng) < 0.3) offset = 0;
      const double spread = std::pow(10.0, -8 + 12 * unit(rng));
      BatchNormProblem p;
      p.x.resize(m, k);
      p.dL_dy.resize(m, k);
      p.gamma.resize(k);
      p.beta.resize(k);
      for (Eigen::Index i = 0; i < p.x.size(); ++i)
        p.x.data()[i] = offset + spread * normal(rng), p.dL_dy.data()[i] = std::pow(10.0, -5 + 10 * unit(rng)) * normal(rng);
      for (int j = 0; j < k; ++j) p.gamma(j) = std::pow(10.0, -12 + 16 * unit(rng)) * normal(rng), p.beta(j) = std::pow(10.0, -3 + 6 * unit(rng)) * normal(rng);
      p.eps = std::pow(10.0, -18 + 18 * unit(rng));
      const BatchNormResult r = batchnorm(p);
      INFO("trial " << trial << ": m = " << m << ", offset " << offset << ", spread " << spread << ", ε " << p.eps);
      CHECK_FALSE(fails(r.fd.x));
      CHECK_FALSE(fails(r.fd.gamma));
      CHECK_FALSE(fails(r.fd.beta));
    }
  }

  TEST_CASE("ε = 0 where every σ² > 0: plain standardization, checked conclusively") {
    // Feature 0: x = (1, 2, 6), μ = 3, σ² = (4 + 1 + 9)/3 = 14/3, x̂ = (−2, −1, 3)/√(14/3).
    // Feature 1: x = (0, 4, 2), μ = 2, σ² = 8/3, x̂ = (−2, 2, 0)/√(8/3).
    const Problem prob = from(R"({"input": [8, 8, 1], "layers": ["FC-1"], "batchnorm": {"x": [[1, 0], [2, 4], [6, 2]], "gamma": [1, 2],
                                 "beta": [0, 1], "eps": 0, "dL_dy": [[0.3, -0.2], [-0.1, 0.5], [0.4, 0.1]]}})");
    REQUIRE(prob.batchnorm);
    CHECK(prob.batchnorm->eps == 0);
    const BatchNormResult r = batchnorm(*prob.batchnorm);
    const double s0 = std::sqrt(14.0 / 3), s1 = std::sqrt(8.0 / 3);
    CHECK(r.var(0) == doctest::Approx(14.0 / 3));
    CHECK(r.xhat(0, 0) == doctest::Approx(-2 / s0));
    CHECK(r.xhat(2, 0) == doctest::Approx(3 / s0));
    CHECK(r.xhat(1, 1) == doctest::Approx(2 / s1));
    CHECK(r.xhat(2, 1) == doctest::Approx(0.0));
    CHECK(r.dx.allFinite());
    for (const BnGradientCheck* c : {&r.fd.x, &r.fd.gamma, &r.fd.beta}) {
      CHECK(c->conclusive);
      CHECK_FALSE(fails(*c));
    }
    check_planted_slips_fail(*prob.batchnorm, r, true);
  }

  TEST_CASE("ε = 0 where some σ² = 0 (or is subnormal) and ε < 0 are refused at /batchnorm/eps") {
    auto error = [](const std::string& x, const std::string& eps) {
      std::string dy = "[";
      for (std::size_t i = 0; i < hw6::parse_json(x).size(); ++i) dy += (i ? ", " : "") + std::string("[1, -1]");
      return hw6::testing::input_error_of([&] {
        from(R"({"input": [8, 8, 1], "layers": ["FC-1"], "batchnorm": {"x": )" + x + R"(, "gamma": [1, 1], "beta": [0, 0], "eps": )" + eps +
             R"(, "dL_dy": )" + dy + "]}}");
      });
    };
    CHECK(error("[[1, 5], [2, 5], [4, 5]]", "0") ==
          "/batchnorm/eps ε = 0 with a constant feature: σ² = 0 in feature 2 (column 1 of x): all 3 samples are 5, so x̂ = 0/0; give ε > 0 (e.g. 1e-5)");
    CHECK(error("[[1, 5]]", "0").rfind("/batchnorm/eps ε = 0 with m = 1 sample", 0) == 0);
    CHECK(error("[[0, 1], [1e-170, 2]]", "0").rfind("/batchnorm/eps ε = 0 and σ² underflows to 0 in feature 1 (column 0 of x)", 0) == 0);
    CHECK(error("[[0, 1], [1e-161, 2], [3e-161, 4]]", "0").rfind("/batchnorm/eps σ² + ε = 1.53e-322 in feature 1 (column 0 of x) is a subnormal double", 0) == 0);
    CHECK(error("[[1, 2], [3, 5]]", "-1e-5").rfind("/batchnorm/eps expected a number ≥ 0", 0) == 0);
    // The same constant feature with ε > 0, and σ² down to 1e-310 (normal enough) with ε = 0, are fine.
    CHECK(error("[[1, 5], [2, 5], [4, 5]]", "1e-5") == "<none>");
    CHECK(error("[[0, 1], [1e-155, 2], [3e-155, 4]]", "0") == "<none>");
  }

  TEST_CASE("a mini-batch that overflows is refused at the entry to scale down") {
    auto error = [](const std::string& x, const std::string& gamma, const std::string& beta, const std::string& dy) {
      return hw6::testing::input_error_of([&] {
        from(R"({"input": [8, 8, 1], "layers": ["FC-1"], "batchnorm": {"x": )" + x + R"(, "gamma": )" + gamma + R"(, "beta": )" + beta +
             R"(, "eps": 1e-5, "dL_dy": )" + dy + "}}");
      });
    };
    const std::string x = "[[1, 2], [2, 3], [4, 5]]", dy = "[[1, 0], [0, 1], [1, 1]]";
    // (x − μ)² of one entry: μ = (1 + 2 + 1e200)/3 ≈ 3.3e199, x_21 − μ ≈ 6.7e199.
    CHECK(error("[[1, 2], [2, 3], [1e200, 5]]", "[1, 1]", "[0, 0]", dy) ==
          "/batchnorm/x/2/0 computing σ² overflows in feature 1 (column 0 of x): (x − μ)² = (6.67e+199)² exceeds the largest double, 1.8e+308; scale x down");
    // A sum of squares: no square overflows, their sum 2e308 does; the largest deviation is named.
    CHECK(error("[[1e154, 2], [-1e154, 3], [0, 5]]", "[1, 1]", "[0, 0]", dy).rfind("/batchnorm/x/0/0 computing σ² overflows in feature 1 (column 0 of x): the sum", 0) == 0);
    CHECK(error("[[1, 1.7e308], [2, 1.7e308], [4, 5]]", "[1, 1]", "[0, 0]", dy).rfind("/batchnorm/x/0/1 computing μ overflows in feature 2 (column 1 of x)", 0) == 0);
    CHECK(error(x, "[1, 1.7e308]", "[0, 0]", dy).rfind("/batchnorm/gamma/1 y = γx̂ + β overflows in feature 2 (column 1 of x)", 0) == 0);
    CHECK(error(x, "[1e307, 1]", "[1.7e308, 0]", dy).rfind("/batchnorm/beta/0 y = γx̂ + β overflows in feature 1 (column 0 of x)", 0) == 0);
    CHECK(error(x, "[1, 1]", "[0, 0]", "[[1, 0], [1e308, 1], [1.5e308, 1]]").rfind("/batchnorm/dL_dy/2/0 ∂L/∂β = Σ_i ∂L/∂y_i overflows", 0) == 0);
    CHECK(error(x, "[1, 1]", "[0, 0]", "[[1.7e308, 0], [-1.7e308, 1], [0, 1]]").rfind("/batchnorm/dL_dy/0/0 ∂L/∂γ = Σ_i ∂L/∂y_i x̂_i overflows", 0) ==
          0);
    CHECK(error(x, "[1e200, 1]", "[0, 0]", "[[1, 0], [1e150, 1], [0, 1]]").rfind("/batchnorm/gamma/0 ∂L/∂x̂ = γ ∂L/∂y overflows in feature 1 (column 0 of x)", 0) == 0);
    CHECK(error(x, "[1, 1]", "[0, 0]", "[[1e308, 0], [0, 1], [0, 1]]").rfind("/batchnorm/dL_dy/0/0 computing ∂L/∂x overflows in feature 1 (column 0 of x)", 0) == 0);
  }

  TEST_CASE("a table of fully connected layers only has no padding alternative") {
    CHECK_FALSE(solve(from(R"({"input": [4, 4, 2], "layers": ["FC-8", "FC-2"], "padding": "valid"})")).alternative);
    CHECK(solve(from(R"({"input": [4, 4, 2], "layers": ["maxpool", "FC-2"]})")).alternative);
  }

  TEST_CASE("bad problems name the offending place") {
    auto pointer = [](const std::string& text) {
      try {
        from(text);
      } catch (const hw6::InputError& e) {
        return e.pointer();
      }
      return std::string("<none>");
    };
    CHECK(pointer(R"({"input": [8, 8, 3], "layers": ["conv3-4", "pool3d"]})") == "/layers/1");
    CHECK(pointer(R"({"input": [8, 8], "layers": ["FC-1"]})") == "/input");
    CHECK(pointer(R"({"input": [8, 0, 3], "layers": ["FC-1"]})") == "/input/1");
    CHECK(pointer(R"({"input": [8, 8, 3], "layers": []})") == "/layers");
    CHECK(pointer(R"({"input": [8, 8, 3], "layers": ["FC-1"], "padding": "full"})") == "/padding");
    CHECK(pointer(R"({"input": [8, 8, 3], "layers": ["FC-1"], "batchnorm": {"x": [[1, 2]], "gamma": [1], "beta": [0, 0], "eps": 1e-5, "dL_dy": [[1, 1]]}})") ==
          "/batchnorm/gamma");
    CHECK(pointer(R"({"input": [8, 8, 3], "layers": ["FC-1"], "batchnorm": {"x": [[1, 2]], "gamma": [1, 1], "beta": [0, 0], "eps": 0, "dL_dy": [[1, 1]]}})") ==
          "/batchnorm/eps");
  }
}
