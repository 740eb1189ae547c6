#include "hw6/exercises/ex6.hpp"
#include "hw6/numeric.hpp"
#include "hw6/problems.hpp"
#include "input_error.hpp"

#include <doctest/doctest.h>

#include <random>

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
