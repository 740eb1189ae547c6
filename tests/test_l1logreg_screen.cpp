// GAP safe screening along the ℓ1-LR path with its cheap correlation bound (optim/l1logreg.hpp):
// the rule may only discard features that are zero at the optimum, so every solve must reach the
// unscreened solver's objective and satisfy the KKT conditions over EVERY feature, even when the
// end-of-solve check of the screened features is off (verify_screened = false, as in the benchmark)
// and the bound's reference point is stale.
#include "hw6/optim/l1logreg.hpp"

#include <doctest/doctest.h>

#include "random_logreg.hpp"
#include "../lib/src/optim/cd_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace {
namespace optim = hw6::optim;

/// The instances of bench/bench_logreg.cpp (alternating weights), smaller.
Eigen::MatrixXd make_problem(int m, int p, int informative, unsigned seed, Eigen::VectorXd& b) {
  return hw6::testing::random_xbar(m, p, informative, seed, b, hw6::testing::Weights::Alternating);
}

/// Every feature the screened solve discarded is zero in the unscreened solution `plain`, and its
/// gradient there is strictly inside [−λ, λ]: the sparse condition |(X̄ᵀθ*)_j| < mλ the rule proves.
void check_discarded(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, double lambda, const optim::L1LogRegSolution& fast,
                     const optim::L1LogRegSolution& plain) {
  REQUIRE(fast.discarded.size() == static_cast<std::size_t>(Xbar.cols()));
  const Eigen::VectorXd theta = optim::l1_logreg_theta(Xbar, b, plain.beta, plain.c);
  const Eigen::VectorXd g = (Xbar.transpose() * theta).cwiseAbs() / double(Xbar.rows());
  std::size_t count = 0;
  for (Eigen::Index j = 0; j < Xbar.cols(); ++j) {
    if (!fast.discarded[static_cast<std::size_t>(j)]) continue;
    ++count;
    INFO("feature " << j);
    CHECK(plain.beta(j) == 0.0);
    CHECK(g(j) < lambda);
    CHECK(fast.beta(j) == 0.0);
  }
  CHECK(count == fast.screened);
}
}  // namespace

TEST_SUITE("logreg-screening") {
  TEST_CASE("a stale reference point: the bound only keeps more features in play, the solution is the same") {
    // The reference (σ_ref, X̄ᵀσ_ref) is taken at β = 0, c = 0 (σ_ref = ½ everywhere), far from the
    // optimum: |x̄_jᵀσ| ≤ |x̄_jᵀσ_ref| + ‖x̄_j‖‖σ − σ_ref‖ still holds (Cauchy–Schwarz), only looser.
    // The solve must match the unscreened one, with the KKT residual computed independently over
    // every feature (l1_logreg_kkt recomputes X̄ᵀθ from scratch). A sign error in the gradients
    // taken from the reference (tried) makes these solves fail to converge.
    for (unsigned seed : {11u, 12u, 13u}) {
      Eigen::VectorXd b;
      const Eigen::MatrixXd Xbar = make_problem(150, 400, 6, seed, b);
      const double lmax = optim::l1_logreg_lambda_max(Xbar, b);
      for (double ratio : {0.6, 0.2, 0.05}) {
        INFO("seed " << seed << ", λ/λ_max = " << ratio);
        const double lambda = ratio * lmax;
        const auto plain = optim::l1_logreg(Xbar, b, lambda, 1e-12, 100000, nullptr, nullptr, false);
        REQUIRE(plain.converged);
        optim::ScreeningReference stale;
        stale.sigma.assign(1, Eigen::VectorXd::Constant(Xbar.rows(), 0.5));
        stale.corr = (Xbar.transpose() * stale.sigma[0]).cwiseAbs();
        stale.point.assign(static_cast<std::size_t>(Xbar.cols()), 0);
        const auto fast = optim::l1_logreg(Xbar, b, lambda, 1e-12, 100000, nullptr, nullptr, true, nullptr, false, &stale);
        REQUIRE(fast.converged);
        CHECK(fast.objective == doctest::Approx(plain.objective).epsilon(1e-12));
        CHECK(optim::l1_logreg_kkt(Xbar, b, lambda, fast.beta, fast.c) <= 1e-11);
        check_discarded(Xbar, b, lambda, fast, plain);
      }
    }
  }

  TEST_CASE("the path with the rule's proof alone (no end check) equals the unscreened path, feature by feature") {
    // As the benchmark runs it: 12 values of λ from λ_max to 0.05 λ_max, warm starts, the reference
    // carried from one λ to the next, verify_screened = false. At every λ: the same objective, the
    // KKT residual over every feature within the tolerance, every discarded feature zero in the
    // unscreened solution, and the same support (a coefficient nonzero in one path and zero in the
    // other would be a rule that discarded an active feature, or a solve stopped early). "Nonzero"
    // means above 1e-9: at λ = λ_max the maximizing feature sits exactly on |g_j| = λ, where a
    // solve may end at β_j ≈ 1e-17 as well as at 0.
    for (unsigned seed : {21u, 22u}) {
      Eigen::VectorXd b;
      const Eigen::MatrixXd Xbar = make_problem(300, 900, 10, seed, b);
      const double lmax = optim::l1_logreg_lambda_max(Xbar, b);
      std::vector<double> lambdas;
      for (int k = 0; k < 12; ++k) lambdas.push_back(lmax * std::pow(0.05, k / 11.0));
      optim::PathStats with, without;
      const double tol = 1e-10;
      const auto fast = optim::l1_logreg_path(Xbar, b, lambdas, true, tol, &with, {}, false);
      const auto plain = optim::l1_logreg_path(Xbar, b, lambdas, false, tol, &without, {}, false);
      REQUIRE(fast.size() == lambdas.size());
      double rejected = 0;
      for (std::size_t k = 0; k < lambdas.size(); ++k) {
        INFO("seed " << seed << ", λ/λ_max = " << lambdas[k] / lmax);
        REQUIRE(fast[k].converged);
        REQUIRE(plain[k].converged);
        CHECK(std::fabs(fast[k].objective - plain[k].objective) <= 1e-9);
        CHECK(optim::l1_logreg_kkt(Xbar, b, lambdas[k], fast[k].beta, fast[k].c) <= tol);
        check_discarded(Xbar, b, lambdas[k], fast[k], plain[k]);
        for (Eigen::Index j = 0; j < Xbar.cols(); ++j) {
          if (std::fabs(plain[k].beta(j)) > 1e-9) CHECK(fast[k].beta(j) != 0);
          if (std::fabs(fast[k].beta(j)) > 1e-9) CHECK(plain[k].beta(j) != 0);
        }
        rejected += with.rejection[k];
      }
      // Not a test that can pass by doing nothing: the rule does discard (most noise features
      // along this path; at λ_max all but the feature(s) attaining the maximum).
      CHECK(with.rejection[0] >= 1.0 - 2.0 / double(Xbar.cols()));
      CHECK(rejected / double(lambdas.size()) > 0.5);
    }
  }
}

TEST_CASE("aim_at_tolerance: the same solution to the tolerance, with fewer coordinate updates") {
  // Warm-started from 0.2 λ_max down to 0.1 λ_max, as a path steps, once with the inner solves
  // tightening by the schedule alone and once aiming at the tolerance (as l1_logreg_path does).
  // Both end within the tolerance over every feature, at the same objective, and the second does
  // less coordinate descent: its last inner solve stops at tol/kkt instead of 10⁻³ or tighter.
  Eigen::VectorXd b;
  const Eigen::MatrixXd Xbar = make_problem(300, 900, 10, 23, b);
  const double lmax = optim::l1_logreg_lambda_max(Xbar, b), tol = 1e-10;
  const optim::L1LogRegSolution start = optim::l1_logreg(Xbar, b, 0.2 * lmax, tol);
  REQUIRE(start.converged);
  const double lambda = 0.1 * lmax;
  const auto tight = optim::l1_logreg(Xbar, b, lambda, tol, 100000, &start, nullptr, true, nullptr, true, nullptr, nullptr, false);
  const auto aimed = optim::l1_logreg(Xbar, b, lambda, tol, 100000, &start, nullptr, true, nullptr, true, nullptr, nullptr, true);
  REQUIRE(tight.converged);
  REQUIRE(aimed.converged);
  CHECK(optim::l1_logreg_kkt(Xbar, b, lambda, tight.beta, tight.c) <= tol);
  CHECK(optim::l1_logreg_kkt(Xbar, b, lambda, aimed.beta, aimed.c) <= tol);
  CHECK(std::fabs(aimed.objective - tight.objective) <= 1e-12);
  INFO("updates: " << aimed.updates << " aimed, " << tight.updates << " tight");
  CHECK(aimed.updates > 0);
  CHECK(aimed.updates < tight.updates);
}

TEST_CASE("the rule's reference points: every feature's bound holds at its own point, also after the oldest are folded") {
  // Solves along 30 values of λ with one ScreeningReference kept throughout, as the path keeps it.
  // Every feature's stored corr_j must bound |x̄_jᵀσ_k| at its point k (up to rounding), and the
  // points must have been capped. Forgetting the distance when the oldest point is folded into the
  // next (tried) breaks the bound for the features that were on it.
  Eigen::VectorXd b;
  const Eigen::MatrixXd Xbar = make_problem(200, 600, 8, 31, b);
  const double lmax = optim::l1_logreg_lambda_max(Xbar, b);
  optim::ScreeningReference reference;
  optim::L1LogRegSolution warm;
  std::size_t most = 0;
  for (int k = 0; k < 30; ++k) {
    const double lambda = lmax * std::pow(0.05, k / 29.0);
    warm = optim::l1_logreg(Xbar, b, lambda, 1e-10, 100000, k ? &warm : nullptr, nullptr, true, nullptr, false, &reference);
    REQUIRE(warm.converged);
    most = std::max(most, reference.sigma.size());
    REQUIRE(reference.point.size() == static_cast<std::size_t>(Xbar.cols()));
    for (Eigen::Index j = 0; j < Xbar.cols(); ++j) {
      const std::size_t point = reference.point[static_cast<std::size_t>(j)];
      REQUIRE(point < reference.sigma.size());
      const double exact = std::fabs(Xbar.col(j).dot(reference.sigma[point]));
      INFO("λ/λ_max = " << lambda / lmax << ", feature " << j);
      CHECK(reference.corr(j) >= exact - 1e-12 * (1 + exact));
    }
  }
  CHECK(most == optim::ScreeningReference::kMaxPoints);
}

TEST_CASE("the working set's single-precision columns: kept in their slots, copied once, rebuilt when mostly idle") {
  Eigen::VectorXd b;
  const Eigen::MatrixXd Xbar = make_problem(37, 300, 5, 11, b);
  optim::WorkingColumns cols;
  cols.slot_of.assign(300, -1);
  auto holds = [&](Eigen::Index j) {  // the slot of j holds x̄_j / 2^e rounded to single precision, largest entry in [½, 1)
    const Eigen::Index slot = cols.slot_of[static_cast<std::size_t>(j)];
    if (slot < 0 || cols.owner[static_cast<std::size_t>(slot)] != j) return false;
    const double s = cols.scale[static_cast<std::size_t>(slot)];
    int e = 0;
    const bool power_of_two = std::frexp(s, &e) == 0.5;
    const Eigen::Map<const Eigen::VectorXf> column(cols.column(slot), Xbar.rows());
    const double largest = column.cwiseAbs().maxCoeff();
    // Each column starts on a 64-byte boundary (37 rows are stored 48 apart), as the kernels' loads want.
    const bool aligned = reinterpret_cast<std::uintptr_t>(cols.column(slot)) % 64 == 0 && cols.stride == 48;
    return power_of_two && aligned && largest >= 0.5 && largest <= 1 && column == (Xbar.col(j) / s).cast<float>();
  };
  const auto first = cols.place(Xbar, {7, 3});
  CHECK(first == std::vector<Eigen::Index>{0, 1});
  const auto second = cols.place(Xbar, {3, 9, 7});  // 3 and 7 keep their slots; 9 is appended
  CHECK(second == std::vector<Eigen::Index>{1, 2, 0});
  std::vector<Eigen::Index> many;
  for (Eigen::Index j = 100; j < 250; ++j) many.push_back(j);
  cols.place(Xbar, many);  // the block grows past its capacity: the columns held before survive the move
  CHECK(cols.owner.size() == 153);
  for (Eigen::Index j : {3, 7, 9, 100, 180, 249}) CHECK(holds(j));
  CHECK_FALSE(holds(10));
  // 153 held, 2 asked for: rebuilt with just these two, the others forgotten.
  CHECK(cols.place(Xbar, {180, 5}) == std::vector<Eigen::Index>{0, 1});
  CHECK(cols.owner.size() == 2);
  CHECK(holds(180));
  CHECK(holds(5));
  CHECK(cols.slot_of[3] == -1);
  CHECK(cols.scale.size() == 2);
}

TEST_CASE("single-precision columns in the inner solver: tight tolerances are still reached, the result is exact") {
  // The model's matrix is built from rounded columns, but the step is recomputed exactly: the KKT
  // residual over every feature, computed independently in double precision, meets a 1e-12 tolerance
  // up to the rounding of the two computations of the gradient. The solver's products and
  // l1_logreg_kkt's are summed in different orders, each within (m + 4)u·|x̄_j|ᵀθ/m of the exact
  // sum, and l1_logreg_kkt subtracts only its own. At λ = 0.01 λ_max that allowance is 2.6e-12 of
  // λ and the residual seen is 2.9e-12, far below what single-precision columns would leave (1e-7).
  Eigen::VectorXd b;
  const Eigen::MatrixXd Xbar = make_problem(300, 120, 6, 5, b);
  const double lmax = optim::l1_logreg_lambda_max(Xbar, b);
  for (double f : {0.5, 0.1, 0.01}) {
    CAPTURE(f);
    const auto s = optim::l1_logreg(Xbar, b, f * lmax, 1e-12, 100000, nullptr, nullptr, false);
    CHECK(s.converged);
    const Eigen::VectorXd theta = optim::l1_logreg_theta(Xbar, b, s.beta, s.c);
    const double other_rounding = optim::l1_logreg_correlation_rounding(Xbar, theta).maxCoeff() / double(Xbar.rows()) / (f * lmax);
    CAPTURE(other_rounding);
    CHECK(other_rounding < 1e-11);
    CHECK(optim::l1_logreg_kkt(Xbar, b, f * lmax, s.beta, s.c) <= 1e-12 + other_rounding);
    // The objective is taken at the solver's running z = X̄β + c·b, which only rounding separates
    // from z computed afresh.
    CHECK(s.objective == doctest::Approx(optim::l1_logreg_objective(Xbar, b, f * lmax, s.beta, s.c)).epsilon(1e-14));
  }
}

TEST_CASE("the single-precision sweep kernels: within their stated error of an exact sum, for any length") {
  // The kernels' own bound (cd_kernels.cpp): at most about 18·2⁻²⁴ of Σ|terms|, the terms being the
  // products of the float inputs (which are exact in double precision). Lengths around the block
  // of 256 and the 16 lanes, and a length of 5,000 whose float-only sum would drift further.
  namespace detail = hw6::optim::detail;
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> u(-1, 1);
  for (std::ptrdiff_t m : {1, 15, 16, 17, 255, 256, 257, 1000, 5000}) {
    CAPTURE(m);
    std::vector<float> x(static_cast<std::size_t>(m)), y(x), w(x), r(x);
    for (std::ptrdiff_t i = 0; i < m; ++i) {
      const auto k = static_cast<std::size_t>(i);
      x[k] = u(rng), y[k] = u(rng), w[k] = 0.5f + 0.5f * u(rng), r[k] = u(rng);
    }
    const double bound = 18 * std::ldexp(1.0, -24);
    long double exact = 0, scale = 0;
    for (std::size_t k = 0; k < x.size(); ++k) {
      exact += static_cast<long double>(x[k]) * w[k] * r[k];
      scale += std::fabs(static_cast<long double>(x[k]) * w[k] * r[k]);
    }
    CHECK(std::fabs(detail::weighted_dot(x.data(), w.data(), r.data(), m) - double(exact)) <= bound * double(scale));
    long double square = 0;
    for (std::size_t k = 0; k < x.size(); ++k) square += static_cast<long double>(x[k]) * x[k] * w[k];
    CHECK(std::fabs(detail::weighted_square(x.data(), w.data(), m) - double(square)) <= bound * double(square));
    // The fused update: r += a·x (each entry rounded once to float), then Σ y w r with the new r.
    const float a = 0.37f;
    std::vector<float> r2 = r;
    const double fused = detail::add_then_weighted_dot(a, x.data(), y.data(), w.data(), r2.data(), m);
    exact = 0, scale = 0;
    for (std::size_t k = 0; k < x.size(); ++k) {
      CHECK(r2[k] == r[k] + a * x[k]);
      exact += static_cast<long double>(y[k]) * w[k] * r2[k];
      scale += std::fabs(static_cast<long double>(y[k]) * w[k] * r2[k]);
    }
    CHECK(std::fabs(fused - double(exact)) <= bound * double(scale));
  }
}

TEST_CASE("the double-precision column kernels: dot4 within its rounding bound, each column alone; add4 as four axpys") {
  // dot4 sums eight lanes of at most ⌈m/8⌉ products each, then the lanes and the last m mod 8 products
  // in order: at most m/8 + 16 roundings of Σ|x_i v_i|. Each column's sum is its own, so a column
  // gives the same bits beside any other three (column_products relies on it for the last group).
  namespace detail = hw6::optim::detail;
  std::mt19937 rng(12);
  std::uniform_real_distribution<double> u(-1, 1);
  for (std::ptrdiff_t m : {0, 1, 7, 8, 9, 63, 64, 65, 2000, 2003}) {
    CAPTURE(m);
    std::vector<std::vector<double>> x(5, std::vector<double>(static_cast<std::size_t>(m)));
    std::vector<double> v(static_cast<std::size_t>(m)), r(v);
    for (std::size_t i = 0; i < v.size(); ++i) {
      for (auto& col : x) col[i] = u(rng) * 1e3;
      v[i] = u(rng), r[i] = u(rng);
    }
    const double* cols[4] = {x[0].data(), x[1].data(), x[2].data(), x[3].data()};
    double out[4];
    detail::dot4(cols, v.data(), m, out);
    const double roundings = (double(m) / 8 + 16) * std::ldexp(1.0, -53);
    for (int k = 0; k < 4; ++k) {
      long double exact = 0, scale = 0;
      for (std::size_t i = 0; i < v.size(); ++i) {
        exact += static_cast<long double>(x[static_cast<std::size_t>(k)][i]) * v[i];
        scale += std::fabs(static_cast<long double>(x[static_cast<std::size_t>(k)][i]) * v[i]);
      }
      CHECK(std::fabs(out[k] - double(exact)) <= roundings * double(scale) * (1 + 1e-12));
    }
    const double* shuffled[4] = {x[4].data(), x[2].data(), x[0].data(), x[0].data()};
    double again[4];
    detail::dot4(shuffled, v.data(), m, again);
    CHECK(again[1] == out[2]);
    CHECK(again[2] == out[0]);
    CHECK(again[3] == out[0]);
    // add4: r + a₀x₀ + a₁x₁ + a₂x₂ + a₃x₃, added left to right; a zero coefficient changes nothing.
    const double a[4] = {0.3, -1.7, 0.0, 2.5};
    std::vector<double> r4 = r;
    detail::add4(cols, a, r4.data(), m);
    for (std::size_t i = 0; i < r.size(); ++i) {
      double seq = r[i];
      double scale = std::fabs(r[i]);
      for (std::size_t k = 0; k < 4; ++k) seq += a[k] * x[k][i], scale += std::fabs(a[k] * x[k][i]);
      CHECK(std::fabs(r4[i] - seq) <= 8 * std::ldexp(1.0, -53) * scale);
    }
    const double none[4] = {0, 0, 0, 0};
    std::vector<double> same = r;
    detail::add4(cols, none, same.data(), m);
    CHECK(same == r);
  }
}

TEST_CASE("a path that starts at λ_max ends its first solve at β = 0 exactly, with c = ln(m₊/m₋)") {
  // At λ_max the feature that sets it is on the boundary |g_j| = λ; started from c = 0 the solver
  // once left β_j ≈ 1e-15 there, a nonzero the explanation then counted.
  for (unsigned seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    Eigen::VectorXd b;
    const Eigen::MatrixXd Xbar = make_problem(60, 12, 3, seed, b);
    const double lmax = optim::l1_logreg_lambda_max(Xbar, b);
    const auto path = optim::l1_logreg_path(Xbar, b, {lmax, 0.9 * lmax, 0.5 * lmax}, true, 1e-10);
    CHECK((path[0].beta.array() == 0).all());
    const double pos = double((b.array() > 0).count());
    CHECK(path[0].c == doctest::Approx(std::log(pos / (double(b.size()) - pos))).epsilon(1e-12));
    CHECK((path[1].beta.array() != 0).count() >= 1);
  }
}

TEST_SUITE("logreg-line-search") {
  TEST_CASE("near the optimum the line search sees decreases far below the objective's rounding") {
    // 10,000 samples of 8 features in {0, 1} (features 0–2 are 1 with probability 0.6 in the
    // positive class, 0.4 otherwise): a student's binary data. At λ = 0.2 λ_max three features are
    // nonzero and four Newton steps reach the optimum. The third step already lowers F by only
    // about 1e-17, while F ≈ 0.65, a sum of 10,000 losses, rounds at 1e-14: the search compared two
    // computed values of F, halved t on their noise, and took steps of t = 1e-6 from right Newton
    // directions, ending at 999 Newton iterations with a KKT residual of 1.3e-7 (this seed; `hw6
    // ex3` exited 1). The change of F is now summed term by term.
    std::mt19937 rng(5);  // std::mt19937's sequence is fixed by the standard: the same data everywhere
    const int m = 10000, p = 8;
    Eigen::MatrixXd Xbar(m, p);
    Eigen::VectorXd b(m);
    for (int i = 0; i < m; ++i) {
      b(i) = rng() % 2 ? 1.0 : -1.0;
      for (int j = 0; j < p; ++j) Xbar(i, j) = b(i) * double(rng() % 10 < unsigned(j < 3 && b(i) > 0 ? 6 : 4));
    }
    const double lambda = 0.2 * optim::l1_logreg_lambda_max(Xbar, b);
    for (bool screening : {false, true}) {
      INFO("screening " << screening);
      const optim::L1LogRegSolution s = optim::l1_logreg(Xbar, b, lambda, 1e-9, 100000, nullptr, nullptr, screening);
      CHECK(s.converged);
      CHECK(s.kkt_residual <= 1e-9);
      CHECK(s.iterations <= 10);
      CHECK((s.beta.array() != 0).count() == 3);
      // The residual over every feature, recomputed from the answer alone.
      CHECK(optim::l1_logreg_kkt(Xbar, b, lambda, s.beta, s.c) <= 1e-9);
    }
  }
}
