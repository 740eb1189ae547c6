#include "hw6/exercises/ex7.hpp"
#include "hw6/blas.hpp"
#include "hw6/problems.hpp"
#include "hw6/render.hpp"

#include <doctest/doctest.h>

// Private kernels of ex7.cpp, tested here directly.
#include "../lib/src/exercises/attention_exp.hpp"
#include "../lib/src/exercises/attention_gemm.hpp"
#include "input_error.hpp"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace hw6::ex7;
using hw6::GradCheckResult;

namespace {
Problem random_problem(int T, int d, int dk, unsigned seed, double scale = 1.0) {
  return parse(hw6::parse_json(R"({"random": {"T": )" + std::to_string(T) + R"(, "d_model": )" + std::to_string(d) + R"(, "d_k": )" +
                               std::to_string(dk) + R"(, "seed": )" + std::to_string(seed) + R"(, "scale": )" + std::to_string(scale) + "}}"));
}
/// A random problem whose X and weights are rescaled so that their largest |entry| is exactly
/// `x_scale` and `w_scale` (hw6 reads entries up to 1e6).
Problem scaled_problem(int T, int d, int dk, unsigned seed, double x_scale, double w_scale) {
  Problem p = random_problem(T, d, dk, seed);
  p.X *= x_scale / p.X.cwiseAbs().maxCoeff();
  for (Eigen::MatrixXd* W : {&p.W_Q, &p.W_K, &p.W_V}) *W *= w_scale / W->cwiseAbs().maxCoeff();
  return p;
}

/// An independent reference for every gradient: forward-mode differentiation (a Jacobian-vector
/// product, dL along the direction e_a e_bᵀ of one matrix) in long double, written with the
/// forward rules only (dQ = dX W_Q + X dW_Q, dS = (dQ Kᵀ + Q dKᵀ)/√d_k, dA_ij = A_ij(dS_ij −
/// Σ_k A_ik dS_ik), dY = dA V + A dV, dL = ⟨∂L/∂Z, dX + dY⟩), where backward() uses the reverse
/// ones: no step, no truncation, 11 more bits. It starts from the double forward pass's Q, K, V
/// and S (the point both backward() and the checks differentiate at) and recomputes A from S.
class ForwardMode {
 public:
  using LD = long double;
  using MatL = Eigen::Matrix<LD, Eigen::Dynamic, Eigen::Dynamic>;
  ForwardMode(const Problem& p, const Forward& f)
      : X(p.X.cast<LD>()), WQ(p.W_Q.cast<LD>()), WK(p.W_K.cast<LD>()), WV(p.W_V.cast<LD>()), G(p.dL_dZ.cast<LD>()),
        Q(f.Q.cast<LD>()), K(f.K.cast<LD>()), V(f.V.cast<LD>()), A(f.S.rows(), f.S.cols()),
        scale(1.0L / std::sqrt(static_cast<LD>(p.W_Q.cols()))) {
    const MatL S = f.S.cast<LD>();
    for (Eigen::Index i = 0; i < S.rows(); ++i) {
      const LD m = S.row(i).maxCoeff();
      LD sum = 0;
      for (Eigen::Index j = 0; j < S.cols(); ++j) sum += (A(i, j) = std::exp(S(i, j) - m));
      A.row(i) /= sum;
    }
  }
  /// ∂L/∂(matrix w)_ab.
  LD derivative(Wrt w, Eigen::Index a, Eigen::Index b) const {
    auto one_hot = [&](const MatL& like, Wrt which) {
      MatL e = MatL::Zero(like.rows(), like.cols());
      if (w == which) e(a, b) = 1;
      return e;
    };
    const MatL dX = one_hot(X, Wrt::X);
    const MatL dQ = dX * WQ + X * one_hot(WQ, Wrt::W_Q) + one_hot(Q, Wrt::Q);
    const MatL dK = dX * WK + X * one_hot(WK, Wrt::W_K) + one_hot(K, Wrt::K);
    const MatL dV = dX * WV + X * one_hot(WV, Wrt::W_V) + one_hot(V, Wrt::V);
    MatL dS = scale * (dQ * K.transpose() + Q * dK.transpose()) + one_hot(A, Wrt::S);
    // The softmax's tangent ignores a constant added to a row of dS; with the row's value at its
    // largest weight subtracted, a weight of 1 − 1e-173 does not turn dS_ij − A_ij dS_ij into 0.
    for (Eigen::Index i = 0; i < A.rows(); ++i) {
      Eigen::Index heaviest = 0;
      A.row(i).maxCoeff(&heaviest);
      dS.row(i).array() -= dS(i, heaviest);
    }
    const MatL dA = A.cwiseProduct(dS.colwise() - A.cwiseProduct(dS).rowwise().sum()) + one_hot(A, Wrt::A);
    const MatL dY = dA * V + A * dV + one_hot(G, Wrt::Y);
    return G.cwiseProduct(dX + dY).sum();
  }
  MatL all(Wrt w, Eigen::Index rows, Eigen::Index cols) const {
    MatL out(rows, cols);
    for (Eigen::Index i = 0; i < rows; ++i)
      for (Eigen::Index j = 0; j < cols; ++j) out(i, j) = derivative(w, i, j);
    return out;
  }

 private:
  MatL X, WQ, WK, WV, G, Q, K, V, A;
  LD scale;
};

/// The ten gradients of a result and their rounding levels, in wrt_name order.
std::vector<std::tuple<Wrt, Eigen::MatrixXd*, const Eigen::MatrixXd*>> gradients_of(Result& r) {
  auto& g = r.grad;
  const auto& b = r.grad_rounding;
  return {{Wrt::Y, &g.Y, &b.Y},       {Wrt::A, &g.A, &b.A},       {Wrt::V, &g.V, &b.V},       {Wrt::S, &g.S, &b.S},
          {Wrt::Q, &g.Q, &b.Q},       {Wrt::K, &g.K, &b.K},       {Wrt::W_Q, &g.W_Q, &b.W_Q}, {Wrt::W_K, &g.W_K, &b.W_K},
          {Wrt::W_V, &g.W_V, &b.W_V}, {Wrt::X, &g.X, &b.X}};
}

/// The rendered text with its line wrapping undone (runs of spaces and newlines as one space).
std::string flat_text(const hw6::Report& report) {
  const std::string wrapped = hw6::render_text(report, hw6::TextOptions{});
  std::string flat;
  for (char c : wrapped) {
    const char d = c == '\n' ? ' ' : c;
    if (!(d == ' ' && !flat.empty() && flat.back() == ' ')) flat += d;
  }
  return flat;
}

std::string parse_error(const std::string& text) {
  return hw6::testing::input_error_of([&] { parse(hw6::parse_json(text)); });
}
}  // namespace

TEST_SUITE("ex7") {
  TEST_CASE("explicit matrices: T, d_model and d_k at most 4096, as for a random problem, refused before they are read") {
    // T = 4097 would take T × T scores and their gradients; the error names the matrix and the
    // limit instead of an allocation failing. 4096 itself is allowed (as "random": {"T": 4096}).
    auto rows = [](int n, int width) {
      std::string m = "[";
      for (int i = 0; i < n; ++i) {
        m += i ? ",[" : "[";
        for (int j = 0; j < width; ++j) m += j ? ",0.5" : "0.5";
        m += "]";
      }
      return m + "]";
    };
    const std::string tall = R"({"X": )" + rows(4097, 1) + R"(, "W_Q": [[1]], "W_K": [[1]], "W_V": [[1]], "dL_dZ": )" + rows(4097, 1) + "}";
    CHECK(parse_error(tall) == "/X expected at most 4096 rows (T; a random problem has the same limit), got 4097");
    const std::string wide = R"({"X": )" + rows(1, 4097) + R"(, "W_Q": [[1]], "W_K": [[1]], "W_V": [[1]], "dL_dZ": [[1]]})";
    CHECK(parse_error(wide) == "/X/0 expected a row of at most 4096 entries (d_model; a random problem has the same limit), got 4097");
    const std::string deep = R"({"X": [[1]], "W_Q": )" + rows(1, 4097) + R"(, "W_K": [[1]], "W_V": [[1]], "dL_dZ": [[1]]})";
    CHECK(parse_error(deep) == "/W_Q/0 expected a row of at most 4096 entries (d_k; a random problem has the same limit), got 4097");
    const std::string at_limit = R"({"X": )" + rows(4096, 1) + R"(, "W_Q": [[1]], "W_K": [[1]], "W_V": [[1]], "dL_dZ": )" + rows(4096, 1) + "}";
    CHECK(parse_error(at_limit) == "<none>");
  }

  TEST_CASE("T = 1: the only attention weight is 1") {
    // One token: A = [1], so Y = V = xW_V and Z = x + xW_V. The softmax of a single score is constant,
    // so ∂L/∂S = 0 and with it ∂L/∂Q, ∂L/∂K, ∂L/∂W_Q, ∂L/∂W_K; ∂L/∂X = ∂L/∂Z (I + W_Vᵀ) by hand.
    Problem p = random_problem(1, 3, 2, 5);
    Result r = solve(p);
    CHECK(r.fwd.A(0, 0) == doctest::Approx(1.0));
    CHECK((r.fwd.Y - p.X * p.W_V).cwiseAbs().maxCoeff() < 1e-14);
    CHECK(r.grad.S.cwiseAbs().maxCoeff() == 0.0);
    CHECK(r.grad.W_Q.cwiseAbs().maxCoeff() == 0.0);
    CHECK((r.grad.X - p.dL_dZ * (Eigen::MatrixXd::Identity(3, 3) + p.W_V.transpose())).cwiseAbs().maxCoeff() < 1e-14);
  }

  TEST_CASE("W_V = 0: the attention branch carries no gradient to Q and K") {
    // V = 0 ⇒ Y = 0, Z = X, ∂L/∂A = ∂L/∂Y Vᵀ = 0 ⇒ ∂L/∂S = ∂L/∂Q = ∂L/∂K = 0; ∂L/∂X = ∂L/∂Z;
    // but ∂L/∂W_V = Xᵀ Aᵀ ∂L/∂Z is not zero: W_V would still learn.
    Problem p = random_problem(4, 3, 2, 9);
    p.W_V.setZero();
    Result r = solve(p);
    CHECK((r.fwd.Z - p.X).cwiseAbs().maxCoeff() == 0.0);
    CHECK(r.grad.S.cwiseAbs().maxCoeff() == 0.0);
    CHECK((r.grad.X - p.dL_dZ).cwiseAbs().maxCoeff() == 0.0);
    CHECK((r.grad.W_V - p.X.transpose() * r.fwd.A.transpose() * p.dL_dZ).cwiseAbs().maxCoeff() < 1e-14);
  }

  TEST_CASE("equal rows of X: uniform attention") {
    // All tokens equal ⇒ all scores in a row equal ⇒ A = 1/T everywhere, and Y's rows all equal v = xW_V.
    Problem p = random_problem(5, 4, 3, 1);
    for (int i = 1; i < 5; ++i) p.X.row(i) = p.X.row(0);
    Result r = solve(p);
    CHECK((r.fwd.A.array() - 0.2).abs().maxCoeff() < 1e-15);
    CHECK((r.fwd.Y.row(3) - p.X.row(0) * p.W_V).cwiseAbs().maxCoeff() < 1e-14);
  }

  TEST_CASE("gradients agree with central differences on random sizes, d_k ≠ d_model") {
    for (auto [T, d, dk] : {std::tuple{2, 3, 1}, {3, 4, 2}, {5, 2, 6}, {7, 8, 3}, {9, 5, 5}}) {
      Result r = solve(random_problem(T, d, dk, static_cast<unsigned>(T * 31 + d)));
      CHECK(r.fwd.S.rows() == T);
      CHECK(r.grad.W_Q.rows() == d);
      CHECK(r.grad.W_Q.cols() == dk);
      CHECK(r.grad.W_V.cols() == d);
      for (const auto& c : r.checks) {
        INFO(c.name << " T=" << T << " d=" << d << " dk=" << dk);
        CHECK(c.fd.max_error < 1e-6);
      }
    }
  }

  TEST_CASE("at every scale of X and W from 1e-3 to 1e6 every check passes, every gradient agrees with forward mode, and a wrong one fails") {
    // Scales of X alone, of the weights alone, and of both (scores up to 1e24): the finite
    // differences must pass on right gradients (the reviewer's at1e6 problem failed seven), each
    // gradient must agree with the long-double forward-mode reference to 1e-8 of its largest entry
    // plus the rounding level hw6 claims for it (so the claim is tested too), and the gradient with
    // its largest entry made 1e-3 larger must fail its check wherever the check resolves 1e-3 of
    // that entry (the rounding level over the tolerance below 1e3 times the entry). Small sizes
    // check every entry; T = 12, d_model = 8 the random directions, sampled entries and the dense
    // direction through forward().
    const double scales[] = {1e-3, 1e-1, 1.0, 1e2, 1e4, 1e6};
    std::vector<std::pair<double, double>> grid;
    for (double s : scales) grid.insert(grid.end(), {{s, 1.0}, {1.0, s}, {s, s}});
    int resolved_total = 0;
    for (auto [T, d, dk] : {std::tuple{3, 4, 2}, {12, 8, 3}})
      for (auto [x_scale, w_scale] : grid) {
        const Problem p = scaled_problem(T, d, dk, static_cast<unsigned>(7 * T + d), x_scale, w_scale);
        Result r = solve(p);
        const ForwardMode reference(p, r.fwd);
        int resolved = 0;
        for (std::size_t k = 0; k < r.checks.size(); ++k) {
          INFO("T=" << T << " X scale " << x_scale << " W scale " << w_scale << ": " << std::string(r.checks[k].through_forward ? "dense " : "")
                    << r.checks[k].name << " " << r.checks[k].fd.max_error);
          CHECK(r.checks[k].fd.passed);
        }
        const auto gradients = gradients_of(r);
        for (std::size_t k = 0; k < gradients.size(); ++k) {
          const auto [w, G, bound] = gradients[k];
          const Eigen::MatrixXd ref = reference.all(w, G->rows(), G->cols()).cast<double>();
          const Eigen::ArrayXXd allowed = 1e-8 * ref.cwiseAbs().maxCoeff() + bound->array();
          const std::string name = wrt_name(w);
          INFO("T=" << T << " X scale " << x_scale << " W scale " << w_scale << ": ∂L/∂" << name << ", worst excess "
                    << ((*G - ref).array().abs() - allowed).maxCoeff() << " of an allowance up to " << allowed.maxCoeff());
          CHECK(((*G - ref).array().abs() <= allowed).all());

          Eigen::Index i = 0, j = 0;
          const double largest = G->cwiseAbs().maxCoeff(&i, &j);
          const GradCheckResult& right = r.checks[k].fd;
          const double floor = std::max(right.entry_rounding, right.direction_rounding) / kFiniteDifferenceTolerance;
          if (largest == 0 || floor >= 1e3 * largest) continue;  // 1e-3 of the entry is below what the check resolves
          ++resolved;
          Result wrong = r;
          std::get<1>(gradients_of(wrong)[k])->coeffRef(i, j) *= 1 + 1e-3;
          const std::vector<GradientCheck> checks = check_gradients(p, wrong);
          const bool caught = !checks[k].fd.passed || (w == Wrt::X && checks.size() > 10 && !checks[10].fd.passed);
          CHECK(caught);
        }
        // ∂L/∂Y, ∂L/∂A, ∂L/∂V, ∂L/∂W_V and ∂L/∂X never vanish here; at moderate scores all ten are resolved.
        INFO("T=" << T << " X scale " << x_scale << " W scale " << w_scale);
        CHECK(resolved >= 5);
        if (x_scale * x_scale * w_scale * w_scale <= 1e4) CHECK(resolved == 10);
        resolved_total += resolved;
      }
    MESSAGE(resolved_total << " gradients checked against a deliberately wrong copy");
  }

  TEST_CASE("the reviewer's problem with X up to 1e6: correct gradients pass, ∂L/∂X[1][0] = −250000") {
    // S = [[1e12, 0], [0, 0]]: row 1 of A is one-hot, row 2 is (½, ½). By hand: ∂L/∂S row 2 =
    // A ⊙ (∂L/∂A − ⟨A, ∂L/∂A⟩) with ∂L/∂A row 2 = (0, 1) (∂L/∂Z Vᵀ), so (−¼, ¼); ∂L/∂Q_2 = −¼·K_1
    // = −250000, and X_21 reaches L only through Q_2 = X_21·1: ∂L/∂X_21 = −250000.
    const Problem p = parse(hw6::parse_json(R"({"X": [[1000000, 0], [0, 1]], "W_Q": [[1], [0]], "W_K": [[1], [0]],
                                                "W_V": [[1, 0], [0, 1]], "dL_dZ": [[1, 0], [0, 1]]})"));
    const Result r = solve(p);
    CHECK(r.grad.X(1, 0) == -250000.0);
    CHECK(r.grad.S(1, 0) == -0.25);
    CHECK(r.grad.S.row(0).cwiseAbs().maxCoeff() == 0.0);  // one-hot row: exactly 0, no 1e6 − 1e6
    for (const auto& c : r.checks) {
      INFO(c.name);
      CHECK(c.fd.passed);
      CHECK(c.fd.finite);
    }
  }

  TEST_CASE("an exactly zero gradient with exactly zero differences passes with error 0, never null") {
    // X scale 1e4 (the reviewer's scale1e4.json): where every row of A is one-hot, ∂L/∂S = 0 exactly
    // (differences from the heaviest entry), so ∂L/∂K and ∂L/∂W_K are 0 exactly, and so is every
    // difference of L along them.
    const Problem p = parse(hw6::parse_json(R"({"X": [[3500.0, 8200.0], [3300.0, -13000.0], [9100.0, 4500.0]],
      "W_Q": [[-0.54, 0.58], [0.36, 0.29]], "W_K": [[0.03, 0.55], [-0.74, -0.16]], "W_V": [[-0.48, 0.6], [0.04, -0.29]],
      "dL_dZ": [[-0.78, -0.26], [0.01, -0.28], [1.29, 1.01]]})"));
    const Result r = solve(p);
    REQUIRE(r.grad.W_K.cwiseAbs().maxCoeff() == 0.0);
    CHECK(r.checks[7].name == "W_K");
    CHECK(r.checks[7].fd.passed);
    CHECK(r.checks[7].fd.max_error == 0.0);
    for (const auto& c : r.checks) CHECK(c.fd.passed);
    const hw6::Json doc = report(p, r).to_json();
    CHECK(doc["finite_differences"][7]["max_error"] == 0.0);
  }

  TEST_CASE("the row sums of ∂L/∂S are checked against their own rounding level, not a floor of 1") {
    // ∂L/∂Z scaled by 1e-20: ∂L/∂S is of order 1e-20 and its rows sum to 0 within about 1e-36. A row
    // that sums to 1e-3 of the largest entry instead fails; divided by max(1, max|∂L/∂S|) as before,
    // 1e-23 passed a tolerance of 1e-12.
    Problem p = random_problem(4, 3, 2, 5);
    p.dL_dZ *= 1e-20;
    Result r = solve(p);
    auto row_sum_check = [&](const Result& result) {
      for (const auto& c : report(p, result).checks)
        if (c.name == "3 every row of ∂L/∂S sums to 0") return c.passed;
      FAIL("no row-sum check");
      return false;
    };
    CHECK(row_sum_check(r));
    r.grad.S(1, 2) += 1e-3 * r.grad.S.cwiseAbs().maxCoeff();
    CHECK_FALSE(row_sum_check(r));
  }

  TEST_CASE("permutation equivariance: all permutations for small T, some for larger") {
    const Problem small = random_problem(4, 3, 2, 2);
    Equivariance e = check_equivariance(small, solve(small).fwd.Z);
    CHECK(e.all_permutations);
    CHECK(e.permutations == 24);  // 4!
    CHECK(e.max_error < 1e-13);
    const Problem large = random_problem(12, 3, 2, 2);
    Equivariance big = check_equivariance(large, solve(large).fwd.Z, 6, 8);
    CHECK_FALSE(big.all_permutations);
    CHECK(big.permutations == 10);  // the reversal, a cyclic shift, 8 random ones
    CHECK(big.max_error < 1e-13);
  }

  TEST_CASE("scores large enough to overflow a naive softmax stay finite and correct") {
    // X of scale 1000 gives scores of order 10⁶: exp overflows without the shift.
    Problem p = random_problem(6, 4, 2, 3, 1000.0);
    Result r = solve(p);
    CHECK(r.fwd.A.allFinite());
    CHECK((r.fwd.A.rowwise().sum().array() - 1.0).abs().maxCoeff() < 1e-12);
    CHECK(r.grad.X.allFinite());
    // The softmax is then (numerically) one-hot: every row has an entry ≈ 1.
    CHECK((r.fwd.A.rowwise().maxCoeff().array() > 0.999).all());
  }

  TEST_CASE("part 1's z_T, summed term by term, passes the forward pass's Z and fails a wrong one") {
    const Problem p = parse(hw6::parse_json(std::string(hw6::builtin_problem_text("ex7"))));
    auto z_check = [&](const Result& r) {
      const hw6::Report rep = report(p, r);
      for (const auto& c : rep.checks)
        if (c.name.rfind("1 z_3 = x_3 + Σ_j α_3j v_j", 0) == 0) return c;
      FAIL("no check of z_3");
      return hw6::Check{};
    };
    const Result right = solve(p);
    CHECK(z_check(right).passed);
    // Y = Aᵀ V instead of A V (A is not symmetric here): z_3 is not the weighted average of part 1.
    Result transposed = right;
    transposed.fwd.Z = p.X + right.fwd.A.transpose() * right.fwd.V;
    CHECK_FALSE(z_check(transposed).passed);
    // z_3 off by one part in 10^12 of its entry: far beyond (T + 1)·u, still caught.
    Result nudged = right;
    nudged.fwd.Z(2, 1) *= 1 + 1e-12;
    CHECK_FALSE(z_check(nudged).passed);
    // A large random problem (T = 1024): the right Z passes, the last token's tolerance grows with T only as (T + 1)·u.
    const Problem big = random_problem(1024, 16, 4, 2, 3.0);
    CHECK(hw6::Report(report(big, solve(big))).all_checks_passed());
  }

  TEST_CASE("random directions at entries of 1e-300: ‖G‖_F does not underflow to 0, the right gradient passes, a wrong one fails") {
    // ∂L/∂S has entries of about 5e-302 (T = 300, so it is checked along random directions): the sum
    // of squares in norm() underflowed, the scale was R/tol = 1e-305 alone and the right ∂L/∂S failed
    // (error 1.7e-5 of that scale).
    const Problem p = parse(hw6::parse_json(R"({"random": {"T": 300, "d_model": 6, "d_k": 3, "seed": 9, "scale": 1e-300}})"));
    Result r = solve(p);
    REQUIRE(r.checks[3].name == "S");
    REQUIRE(r.checks[3].fd.directions == 2);
    CHECK(r.checks[3].fd.direction_scale > 1e-303);
    for (const auto& c : r.checks) CHECK(c.fd.passed);
    CHECK(report(p, r).all_checks_passed());
    // ∂L/∂S with its sign flipped fails along the directions.
    r.grad.S = -r.grad.S;
    CHECK_FALSE(check_gradients(p, r)[3].fd.passed);
  }

  TEST_CASE("the built-in problem passes all its checks") {
    hw6::Report rep = run(hw6::parse_json(std::string(hw6::builtin_problem_text("ex7"))));
    CHECK(rep.all_checks_passed());
    CHECK(rep.to_json()["gradients"]["W_Q"].size() == 4);
    CHECK(rep.results["equivariance"]["permutations"] == 6);
    CHECK(rep.results["equivariance"]["unchanged"] == 1);  // the identity alone: the three tokens differ
  }

  TEST_CASE("the low-rank evaluations of L equal full recomputations") {
    // LossAlong evaluates L at (matrix) + t u vᵀ by low-rank updates; loss_with recomputes from the
    // replaced matrix (a full forward pass for W_Q, W_K, W_V, X). They must agree for any t, also a
    // large one (t = 0.3: the X case has a t² term), to round-off.
    const Problem p = random_problem(7, 5, 3, 11);
    const Forward f = forward(p.X, p.W_Q, p.W_K, p.W_V);
    const LossAlong along(p, f);
    std::mt19937 rng(3);
    std::normal_distribution<double> normal(0, 1);
    const std::vector<std::pair<Wrt, const Eigen::MatrixXd*>> all = {
        {Wrt::Y, &f.Y}, {Wrt::A, &f.A}, {Wrt::V, &f.V}, {Wrt::S, &f.S}, {Wrt::Q, &f.Q},
        {Wrt::K, &f.K}, {Wrt::W_Q, &p.W_Q}, {Wrt::W_K, &p.W_K}, {Wrt::W_V, &p.W_V}, {Wrt::X, &p.X}};
    // Dense directions move every row of S (softmax_change's pass by columns); a unit u moves one
    // row of S or Q only (its pass along the moved rows alone, used where at most T/4 rows move).
    for (bool unit : {false, true})
      for (const auto& [w, M] : all) {
        Eigen::VectorXd u(M->rows()), v(M->cols());
        for (auto& x : u) x = normal(rng);
        for (auto& x : v) x = normal(rng);
        if (unit) u = Eigen::VectorXd::Unit(M->rows(), 2);
        for (double t : {0.0, 1e-5, 0.3}) {
          const Eigen::MatrixXd moved = *M + t * u * v.transpose();
          INFO(wrt_name(w) << " t=" << t << (unit ? " u = e_2" : ""));
          CHECK(along(w, u, v, t) == doctest::Approx(loss_with(p, f, w, moved)).epsilon(1e-12));
        }
      }
  }

  TEST_CASE("every low-rank evaluation of L's change is within its claimed rounding of a long-double recomputation") {
    // change() evaluates L(M + t u vᵀ) − L(M) by four routes: the computed weights times a series
    // (|moves of S| ≤ 2⁻¹⁰, every step the checks take), exponentials shifted by a bound (≤ 1) or
    // by the perturbed row maxima (> 1), and the moved rows alone (a unit u of S or Q). Each must
    // be within the rounding it claims (Evaluation::rounding, the checks' floor) of the same
    // change recomputed in long double from the same S, Q, K, V: Σ ∂L/∂Z ⊙ (Z' − Z), with
    // Z' − Z = ΔX + (A' − A)V + A'ΔV entry by entry.
    using LD = long double;
    using MatL = Eigen::Matrix<LD, Eigen::Dynamic, Eigen::Dynamic>;
    using VecL = Eigen::Matrix<LD, Eigen::Dynamic, 1>;
    const Problem p = random_problem(12, 6, 3, 5);
    const Forward f = forward(p.X, p.W_Q, p.W_K, p.W_V);
    const LossAlong along(p, f);
    const LD scale = 1.0L / std::sqrt(static_cast<LD>(p.W_Q.cols()));
    const MatL S = f.S.cast<LD>(), Q = f.Q.cast<LD>(), K = f.K.cast<LD>(), V = f.V.cast<LD>(), X = p.X.cast<LD>(), G = p.dL_dZ.cast<LD>();
    auto softmax = [](const MatL& s) {
      MatL a(s.rows(), s.cols());
      for (Eigen::Index i = 0; i < s.rows(); ++i) {
        a.row(i) = (s.row(i).array() - s.row(i).maxCoeff()).exp().matrix();
        a.row(i) /= a.row(i).sum();
      }
      return a;
    };
    const MatL A = softmax(S);
    auto exact = [&](Wrt w, const Eigen::VectorXd& u_d, const Eigen::VectorXd& v_d, LD t) {
      const VecL u = u_d.cast<LD>(), v = v_d.cast<LD>();
      MatL dS = MatL::Zero(S.rows(), S.cols()), dV = MatL::Zero(V.rows(), V.cols()), dX = MatL::Zero(X.rows(), X.cols());
      switch (w) {
        case Wrt::S: dS = t * u * v.transpose(); break;
        case Wrt::Q: dS = t * scale * u * (K * v).transpose(); break;
        case Wrt::K: dS = t * scale * (Q * v) * u.transpose(); break;
        case Wrt::W_Q: dS = t * scale * (X * u) * (K * v).transpose(); break;
        case Wrt::W_K: dS = t * scale * (Q * v) * (X * u).transpose(); break;
        case Wrt::X: {
          const VecL a = p.W_Q.cast<LD>().transpose() * v, b = p.W_K.cast<LD>().transpose() * v, c = p.W_V.cast<LD>().transpose() * v;
          dS = t * scale * (u * (K * a).transpose() + (Q * b) * u.transpose() + t * a.dot(b) * u * u.transpose());
          dV = t * u * c.transpose();
          dX = t * u * v.transpose();
          break;
        }
        default: break;
      }
      const MatL A2 = softmax(S + dS);
      return G.cwiseProduct(dX + (A2 - A) * V + A2 * dV).sum();
    };
    std::mt19937 rng(9);
    std::normal_distribution<double> normal(0, 1);
    int routes = 0;
    for (Wrt w : {Wrt::S, Wrt::Q, Wrt::K, Wrt::W_Q, Wrt::W_K, Wrt::X}) {
      const Eigen::MatrixXd& M = w == Wrt::S ? f.S : w == Wrt::Q ? f.Q : w == Wrt::K ? f.K : w == Wrt::W_Q ? p.W_Q : w == Wrt::W_K ? p.W_K : p.X;
      for (bool unit : {false, true}) {
        Eigen::VectorXd u(M.rows()), v(M.cols());
        for (auto& x : u) x = normal(rng);
        for (auto& x : v) x = normal(rng);
        if (unit) u = Eigen::VectorXd::Unit(M.rows(), 3);
        const double step = along.step(w, u, v);  // moves S by about 1e-5: the series
        for (double t : {step, -step, 300 * step, 3e5 * step}) {
          const hw6::Evaluation e = along.change(w, u, v, t);
          const LD reference = exact(w, u, v, t);
          INFO(wrt_name(w) << (unit ? " u = e_3" : "") << " t = " << t << ": computed " << e.value << ", long double "
                           << static_cast<double>(reference) << ", claimed rounding " << e.rounding);
          CHECK(std::isfinite(e.value));
          CHECK(std::fabs(static_cast<LD>(e.value) - reference) <= static_cast<LD>(e.rounding));
          CHECK(e.rounding < 1e-10 * std::max(1.0, std::fabs(e.value)));  // and that claim is not vacuous
          ++routes;
        }
      }
    }
    CHECK(routes == 48);
  }

  TEST_CASE("large matrices: random directions and sampled entries, and a wrong gradient is caught") {
    const Problem p = random_problem(40, 12, 4, 21);
    Result r = solve(p);
    REQUIRE(r.checks.size() == 11);  // ten gradients and X once more through forward()
    for (const auto& c : r.checks) {
      INFO(c.name);
      CHECK(c.fd.max_error < 1e-6);
    }
    CHECK(r.checks[9].fd.directions == 2);
    CHECK(r.checks[9].fd.entries_checked == 2);
    CHECK(r.checks[10].through_forward);
    // ∂L/∂X with its residual path dropped (a classic mistake): the check must fail.
    const LossAlong along(p, r.fwd);
    const Eigen::MatrixXd wrong = r.grad.X - p.dL_dZ;
    auto L = [&](const Eigen::VectorXd& u, const Eigen::VectorXd& v, double t) { return along.change(Wrt::X, u, v, t); };
    CHECK(hw6::gradcheck(L, wrong).max_error > 1e-3);
  }

  TEST_CASE("the JSON document holds every matrix, spliced without a DOM") {
    const Problem p = random_problem(5, 3, 2, 4);
    Result r = solve(p);
    const Eigen::MatrixXd S = r.fwd.S, gX = r.grad.X;
    hw6::Report rep = report(p, std::move(r));
    const hw6::Json doc = rep.to_json();
    CHECK(doc["forward"]["S"] == hw6::matrix_json(S));
    CHECK(doc["gradients"]["X"] == hw6::matrix_json(gX));
    CHECK(hw6::json_text(rep.to_json_shallow(), rep.splices()) == hw6::dump_pretty(doc));
  }

  TEST_CASE("data-dependent sentences appear only when their fact holds") {
    auto text = [](const std::string& problem) { return flat_text(run(hw6::parse_json(problem))); };
    const std::string builtin = text(std::string(hw6::builtin_problem_text("ex7")));
    CHECK(builtin.find("z₃, as part 1 asks") != std::string::npos);
    CHECK(builtin.find("Part 1 asks for z₃ with T = 3; this problem has") == std::string::npos);
    CHECK(builtin.find("over 6 permutations (all of them)") != std::string::npos);  // 3! = 6
    CHECK(builtin.find("exponentiating without the shift would give the same A up to rounding") != std::string::npos);
    CHECK(builtin.find("Frobenius norm") == std::string::npos);  // small: matrices in full
    // T = 5, and scores of order 10⁶ (scale 1000): the shift is needed, and 5! = 120 permutations.
    const std::string big_scores = text(R"({"random": {"T": 5, "d_model": 4, "d_k": 2, "seed": 3, "scale": 1000}})");
    CHECK(big_scores.find("Part 1 asks for z₃ with T = 3; this problem has T = 5, so here is the last token, 5") != std::string::npos);
    CHECK(big_scores.find("here the shift is needed: without it, row") != std::string::npos);
    CHECK(big_scores.find("is above ln(DBL_MAX) ≈ 709.78, so exp of it overflows to inf") != std::string::npos);
    CHECK(big_scores.find("over 120 permutations (all of them)") != std::string::npos);
    // The scale that makes the scores large is said with the seed (it was left out).
    CHECK(big_scores.find("T = 5 tokens, d_model = 4, d_k = 2 (random matrices, seed 3, X of standard deviation 1000).") != std::string::npos);
    // T = 1: one token, the softmax is constant.
    const std::string one = text(R"({"random": {"T": 1, "d_model": 2, "d_k": 2, "seed": 1}})");
    CHECK(one.find("With T = 1 every row of S has a single score") != std::string::npos);
    CHECK(one.find("over 1 permutation (the only one)") != std::string::npos);
    CHECK(one.find("(random matrices, seed 1).") != std::string::npos);  // scale 1, the default: not said
    // Too large to print: the summary table, and 3 permutations (reversal, shift, one random).
    const std::string large = text(R"({"random": {"T": 12, "d_model": 4, "d_k": 2, "seed": 1}})");
    CHECK(large.find("Frobenius norm") != std::string::npos);
    CHECK(large.find("over 3 permutations (the reversal, a cyclic shift and a random one)") != std::string::npos);
    CHECK(large.find("With T = 1") == std::string::npos);
    // Permutations that leave X as it is are said (they test nothing); none but the identity here.
    CHECK(builtin.find("leave X as it is") == std::string::npos);
    CHECK(builtin.find("leaves X as it is") == std::string::npos);
    const std::string same = text(R"({"X": [[1, 2], [1, 2], [1, 2]], "W_Q": [[1, 0], [0, 1]], "W_K": [[1, 2], [3, 4]], "W_V": [[1, 0], [0, 1]],
                                      "dL_dZ": [[1, 2], [-1, 0], [0.5, 0.5]]})");
    CHECK(same.find("Every one of them leaves X as it is here (its tokens are all equal), so this only confirms that the forward pass "
                    "is deterministic") != std::string::npos);
    // Tokens 1, 2 and 4 equal: 3! = 6 of the 24 permutations only swap them.
    const std::string dup = text(R"({"X": [[1, 2], [1, 2], [0, 4], [1, 2]], "W_Q": [[1, 0], [0, 1]], "W_K": [[1, 2], [3, 4]],
                                     "W_V": [[1, 0], [0, 1]], "dL_dZ": [[1, 2], [-1, 0], [0.5, 0.5], [1, 1]]})");
    CHECK(dup.find("over 24 permutations (all of them)") != std::string::npos);
    CHECK(dup.find("6 of them leave X as it is (swapping only equal tokens), the identity included.") != std::string::npos);
    // T ≥ 10: α_12,j in the formula as in its terms (α_12,1), not α_12j.
    CHECK(large.find("z_12 = x_12 + Σ_j α_12,j v_j α_12,j = exp(q_12ᵀk_j/√d_k)") != std::string::npos);
    CHECK(large.find("α_12j") == std::string::npos);
    CHECK(large.find("The matrices are too large to print (T = 12, above the 8 rows and columns shown whole)") != std::string::npos);
    // Too large because of d_model or d_k alone: the sentence names that size, not the (small) scores.
    const std::string wide = text(R"({"random": {"T": 3, "d_model": 9, "d_k": 2, "seed": 1}})");
    CHECK(wide.find("The matrices are too large to print (d_model = 9, above the 8 rows and columns shown whole)") != std::string::npos);
    CHECK(wide.find("3×3 scores") == std::string::npos);
    const std::string keys = text(R"({"random": {"T": 3, "d_model": 4, "d_k": 9, "seed": 1}})");
    CHECK(keys.find("The matrices are too large to print (d_k = 9, above the 8") != std::string::npos);
    const std::string all = text(R"({"random": {"T": 9, "d_model": 10, "d_k": 11, "seed": 1}})");
    CHECK(all.find("The matrices are too large to print (T = 9, d_model = 10 and d_k = 11, above the 8") != std::string::npos);
  }

  TEST_CASE("a passed check whose rounding allowance swamps the gradient is flagged inconclusive, computed from the data") {
    // Scale 1e3, attention one-hot: the dense check of ∂L/∂X through forward() has R ≈ 5e-3 of
    // ‖∂L/∂X‖_F (the forward pass's rounding over a step that moves scores of 1e6 by 1e-5).
    const Problem big = parse(hw6::parse_json(R"({"random": {"T": 12, "d_model": 10, "d_k": 3, "seed": 3, "scale": 1e3}})"));
    Result r = solve(big);
    REQUIRE(r.checks.size() == 11);
    REQUIRE(r.checks[10].through_forward);
    const hw6::Json doc = report(big, r).to_json();
    const hw6::Json& fd = doc["finite_differences"];
    CHECK(fd[10]["conclusive"] == false);
    CHECK(fd[10]["resolution"].get<double>() > 1e-3);
    CHECK(doc["checks"][10]["passed"] == true);  // not a failure
    CHECK(doc["checks"][10]["conclusive"] == false);
    CHECK(fd[9]["conclusive"] == true);  // the low-rank check of ∂L/∂X resolves it
    CHECK(fd[9]["resolution"].get<double>() < 1e-10);
    CHECK(!doc["checks"][11].contains("conclusive"));  // row sums: not judged
    const std::string text = flat_text(report(big, r));
    CHECK(text.find("[ok?] 4 ∂L/∂X vs central differences of L through the whole forward pass INCONCLUSIVE at this scale: its rounding "
                    "allowance R = 8.04e-02 is 4.97e-03 of ‖∂L/∂X‖_F") != std::string::npos);
    CHECK(text.find("Still conclusive for ∂L/∂X: the check by low-rank updates (above), which resolves 1.75e-13 of it.") != std::string::npos);
    // What the flag warns of is real: ∂L/∂X made 0.2% too large passes the dense check and fails the low-rank one.
    Result wrong = r;
    wrong.grad.X *= 1 + 2e-3;
    const std::vector<GradientCheck> checks = check_gradients(big, wrong);
    CHECK(checks[10].fd.passed);
    CHECK(!checks[9].fd.passed);
    // The homework's problem: every check conclusive, no key false, no "[ok?]".
    const hw6::Report builtin = run(hw6::parse_json(std::string(hw6::builtin_problem_text("ex7"))));
    const hw6::Json builtin_json = builtin.to_json();  // kept: a range-for over a temporary's member reads freed memory
    for (const auto& c : builtin_json["finite_differences"]) CHECK(c["conclusive"] == true);
    for (const auto& c : builtin.checks) CHECK(c.conclusive.value_or(true));
    CHECK(flat_text(builtin).find("INCONCLUSIVE") == std::string::npos);
    // Scale 1e5: R exceeds ‖∂L/∂X‖_F itself: even 0 in its place would pass the dense check.
    const Problem huge = parse(hw6::parse_json(R"({"random": {"T": 12, "d_model": 10, "d_k": 3, "seed": 3, "scale": 1e5}})"));
    CHECK(flat_text(run(hw6::parse_json(R"({"random": {"T": 12, "d_model": 10, "d_k": 3, "seed": 3, "scale": 1e5}})")))
              .find("so a ∂L/∂X wrong by 100%, or even 0 in its place, would pass as well") != std::string::npos);
    Result zeroed = solve(huge);
    zeroed.grad.X.setZero();
    CHECK(check_gradients(huge, zeroed)[10].fd.passed);
  }

  TEST_CASE("an exactly zero gradient is said to be 0 with the reason the data shows, not with a subnormal allowance") {
    auto text = [](const std::string& problem) { return flat_text(run(hw6::parse_json(problem))); };
    const std::string one = text(R"({"random": {"T": 1, "d_model": 5, "d_k": 2, "seed": 7}})");
    CHECK(one.find("every entry (2): ∂L/∂Q = 0 exactly, and every difference quotient is exactly 0 too (L does not change in any bit); "
                   "∂L/∂Q is 0 because ∂L/∂S = 0, since T = 1: each row of A is a single weight, always 1") != std::string::npos);
    CHECK(one.find("e-31") == std::string::npos);  // no subnormal allowance printed
    // T = 12, one-hot rows (scale 1e3): the cause is the one-hot rows, not T.
    const std::string onehot = text(R"({"random": {"T": 12, "d_model": 10, "d_k": 3, "seed": 3, "scale": 1e3}})");
    CHECK(onehot.find("∂L/∂W_Q is 0 because ∂L/∂Q = 0, since ∂L/∂S = 0, since every row of A is one-hot (one weight exactly 1, the "
                      "others underflow to exactly 0)") != std::string::npos);
    CHECK(onehot.find("T = 1:") == std::string::npos);
    // W_Q = 0: Q = 0, so ∂L/∂K = 0 (while ∂L/∂Q is not).
    const std::string uniform = text(R"({"X": [[1, 2], [3, -1], [0, 4]], "W_Q": [[0, 0], [0, 0]], "W_K": [[1, 2], [3, 4]],
                                         "W_V": [[1, 0], [0, 1]], "dL_dZ": [[1, 2], [-1, 0], [0.5, 0.5]]})");
    CHECK(uniform.find("∂L/∂K is 0 because Q = 0 (W_Q = 0).") != std::string::npos);
    CHECK(uniform.find("∂L/∂Q = 0 exactly") == std::string::npos);
    // ∂L/∂Z = 0: everything is 0 for that reason alone.
    const std::string zero = text(R"({"X": [[1, 2], [3, -1]], "W_Q": [[1, 0], [0, 1]], "W_K": [[1, 2], [3, 4]], "W_V": [[1, 0], [0, 1]],
                                      "dL_dZ": [[0, 0], [0, 0]]})");
    CHECK(zero.find("∂L/∂W_V is 0 because ∂L/∂Z = 0 as given.") != std::string::npos);
    // The homework's problem has no zero gradient.
    CHECK(text(std::string(hw6::builtin_problem_text("ex7"))).find("= 0 exactly") == std::string::npos);
    // Identical tokens: ∂L/∂A is constant along every row, no row is one-hot, and nothing says one is.
    const std::string same = text(R"({"X": [[1, 2, 3], [1, 2, 3], [1, 2, 3]], "W_Q": [[1, 0], [0, 1], [1, 1]], "W_K": [[0.5, 1], [1, 0], [0, 1]],
                                      "W_V": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "dL_dZ": [[1, 0, -1], [0, 2, 0], [1, 1, 1]]})");
    CHECK(same.find("∂L/∂S is 0 because in every row ∂L/∂A takes one value wherever the weight is nonzero, and the softmax rule "
                    "subtracts exactly that weighted mean.") != std::string::npos);
    CHECK(same.find("one-hot") == std::string::npos);
    // Rows 1 and 3 one-hot (scores ±1e6), row 2 uniform, every row of V the same (so ∂L/∂A is constant along each row).
    const std::string mixed = text(R"({"X": [[1000, 1], [0, 1], [-1000, 1]], "W_Q": [[1], [0]], "W_K": [[1], [0]], "W_V": [[0, 0], [1, 1]],
                                       "dL_dZ": [[1, 2], [-1, 0], [0.5, 0.5]]})");
    CHECK(mixed.find("∂L/∂S is 0 because in every row that is not one-hot ∂L/∂A takes one value wherever the weight is nonzero, and "
                     "the softmax rule subtracts exactly that weighted mean (a one-hot row has Jacobian diag(a) − aaᵀ = 0).") != std::string::npos);
  }

  TEST_CASE("uniform attention is said where the rows of S are constant, with what it implies") {
    auto text = [](const std::string& problem) { return flat_text(run(hw6::parse_json(problem))); };
    // W_Q = 0: S = 0, A = 1/3 everywhere; ∂L/∂S = (1/3)(∂L/∂A − row means) is not 0 (ref: −1.2222 at (1, 2)).
    const std::string uniform = text(R"({"X": [[1, 2], [3, -1], [0, 4]], "W_Q": [[0, 0], [0, 0]], "W_K": [[1, 2], [3, 4]],
                                         "W_V": [[1, 0], [0, 1]], "dL_dZ": [[1, 2], [-1, 0], [0.5, 0.5]]})");
    CHECK(uniform.find("Every row of S is constant (the scores of each row are equal), so the softmax spreads every row evenly: A = (1/T) "
                       "1 1ᵀ, every weight 1/3 = 0.333333.") != std::string::npos);
    CHECK(uniform.find("and z_i = x_i + that mean.") != std::string::npos);
    CHECK(uniform.find("every row of ∂L/∂V is the mean of the rows of ∂L/∂Z.") != std::string::npos);
    CHECK(uniform.find("It is not 0 here (|∂L/∂S_1,2| = 1.222), so the gradient still reaches the scores") != std::string::npos);
    // X = 0: S = 0 and V = 0, so ∂L/∂A = 0 and ∂L/∂S = 0.
    const std::string zero_x = text(R"({"X": [[0, 0], [0, 0], [0, 0]], "W_Q": [[1, 0], [0, 1]], "W_K": [[1, 2], [3, 4]],
                                        "W_V": [[1, 0], [0, 1]], "dL_dZ": [[1, 2], [-1, 0], [0.5, 0.5]]})");
    CHECK(zero_x.find("Every row of S is constant") != std::string::npos);
    CHECK(zero_x.find("It is 0 here, ∂L/∂A being 0.") != std::string::npos);
    // Identical tokens: S and V have equal rows, so every row of ∂L/∂A is exactly constant (no "up to rounding").
    const std::string same = text(R"({"X": [[1, 2, 3], [1, 2, 3], [1, 2, 3]], "W_Q": [[1, 0], [0, 1], [1, 1]], "W_K": [[0.5, 1], [1, 0], [0, 1]],
                                      "W_V": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "dL_dZ": [[1, 0, -1], [0, 2, 0], [1, 1, 1]]})");
    CHECK(same.find("It is 0 here: every row of ∂L/∂A is constant.") != std::string::npos);
    // Scores that differ only by their rounding: 0.1 + 0.2 = 0.30000000000000004 ≠ 0.3, within K's rounding bound.
    const std::string rounded = text(R"({"X": [[0.1, 0.2], [0.3, 0]], "W_Q": [[1], [1]], "W_K": [[1], [1]], "W_V": [[1, 0], [0, 1]],
                                         "dL_dZ": [[1, 0], [0, 1]]})");
    CHECK(rounded.find("Every row of S is constant (within a row the scores differ by at most 1.39e-17, inside their rounding bounds), "
                       "so the softmax spreads every row evenly: A = (1/T) 1 1ᵀ up to rounding") != std::string::npos);
    // The homework's problem, T = 1 and one-hot rows: no such sentence.
    CHECK(text(std::string(hw6::builtin_problem_text("ex7"))).find("Every row of S is constant") == std::string::npos);
    CHECK(text(R"({"random": {"T": 1, "d_model": 2, "d_k": 2, "seed": 1}})").find("Every row of S is constant") == std::string::npos);
    CHECK(text(R"({"random": {"T": 12, "d_model": 10, "d_k": 3, "seed": 3, "scale": 1e3}})").find("Every row of S is constant") ==
          std::string::npos);
  }

  TEST_CASE("the sentence on the shift says what exponentiating without it would do with these scores") {
    auto text = [](const std::string& problem) { return flat_text(run(hw6::parse_json(problem))); };
    // S = x xᵀ·(−1) with x = (30, 31): S = [[−900, −930], [−930, −961]]. Every score is below
    // ln(2⁻¹⁰⁷⁵) ≈ −745.13, so every exp(S_ij) is 0 and A = 0/0; row 2's largest, −930, is the worst.
    const std::string under = text(R"({"X": [[30.0, 0], [31.0, 1]], "W_Q": [[1.0], [0]], "W_K": [[-1.0], [0]], "W_V": [[1, 0], [0, 1]],
                                       "dL_dZ": [[1, 0], [0, 1]]})");
    CHECK(under.find("every score of row 2 is at most -930, below ln(2⁻¹⁰⁷⁵) ≈ −745.13 where exp rounds to 0, so every exp(S_ij) "
                     "underflows to 0 and the row's weights would be 0/0, not a number (and in 1 more row)") != std::string::npos);
    // x = 26.636441203734407, x² = 709.5 in every entry: each exp(709.5) is finite (below e^709.78),
    // their sum 3·e^709.5 = e^(709.5 + ln 3) = e^710.599 is not.
    const std::string sum = text(R"({"X": [[26.636441203734407], [26.636441203734407], [26.636441203734407]], "W_Q": [[1]],
                                     "W_K": [[1]], "W_V": [[1]], "dL_dZ": [[1], [0], [0]]})");
    CHECK(sum.find("every exp(S_ij) of row 1 is finite (its largest score is 709.5), but their sum, exp(710.599), overflows to inf, so "
                   "its weights would all be 0 (and in 2 more rows)") != std::string::npos);
    // S = −x xᵀ with x = (26.8, 26.9): row 2 is (−720.92, −723.61), its first weight 1/(1 + e^−2.69) =
    // 0.9364, but e^−720.92 = 8.1e-314 is subnormal: (−720.92 + 744.44)/ln 2 = 33.9, so 34 bits.
    const std::string sub = text(R"({"X": [[26.8], [26.9]], "W_Q": [[1]], "W_K": [[-1]], "W_V": [[1]], "dL_dZ": [[1], [1]]})");
    CHECK(sub.find("row 2's score S_2,1 = -720.92 carries weight 0.9364, but exp(-720.92) = 8.1e-314 is subnormal, below the smallest "
                   "normal double (2.2e-308), and keeps only 34 of 53 significant bits (and in 1 more row)") != std::string::npos);
    CHECK(sub.find("would give the same A") == std::string::npos);
  }

  TEST_CASE("small values are printed, input values never hidden, round-off shown as 0") {
    auto text = [](const std::string& problem) { return hw6::render_text(run(hw6::parse_json(problem)), hw6::TextOptions{}); };
    // ∂L/∂Z of size 1e-15 (the reviewer's smallG.json): printed, not as a zero matrix (the
    // renderers once showed every entry below 1e-14 as 0).
    const std::string small = text(R"({"X": [[1, 0], [0, 2]], "W_Q": [[1], [0]], "W_K": [[0.5], [0]], "W_V": [[1, 0], [0, 1]],
                                       "dL_dZ": [[1e-15, 0], [0, -2e-15]]})");
    CHECK(small.find("∂L/∂Z = [ 1e-15      0 ]") != std::string::npos);
    // S = [[0.5, 0], [0, 0]]: A's rows (σ(0.5), σ(−0.5)) = (0.622459, 0.377541) and (½, ½);
    // ∂L/∂W_V = Xᵀ Aᵀ ∂L/∂Z, row 1 = (0.622459·1e-15, ½·(−2e-15)).
    CHECK(small.find("∂L/∂W_V = [ 6.22459e-16 -1e-15 ]") != std::string::npos);
    // X = 1e-200·I beside weights 1e-100 and 1 (tiny.json): X as it is; W_Q, whose entries span
    // 100 orders of magnitude, as a table of every entry.
    const std::string tiny = text(R"({"X": [[1e-200, 0], [0, 1e-200]], "W_Q": [[1e-100, 0], [0, 1]], "W_K": [[1, 0], [0, 1e-100]],
                                      "W_V": [[1, 0], [0, 1]], "dL_dZ": [[1e-300, 0], [0, 1]]})");
    CHECK(tiny.find("X = [ 1e-200      0 ]") != std::string::npos);
    CHECK(tiny.find("row 1    1e-100") != std::string::npos);
    CHECK(tiny.find("row 1    1e-300") != std::string::npos);  // ∂L/∂Z
    // Y = A V with A = 1/3 everywhere (S = 0) and V = (0.1, 0.2, −0.3)ᵀ: exactly 0, computed
    // (0.1 + 0.2 − 0.3)/3 ≈ 1.9e-17, within Y's rounding level: shown as 0, not over 10¹⁷.
    const std::string zero = text(R"({"X": [[0.1], [0.2], [-0.3]], "W_Q": [[0]], "W_K": [[1]], "W_V": [[1]], "dL_dZ": [[1], [1], [1]]})");
    CHECK(zero.find("Y = [ 0 ]") != std::string::npos);
    CHECK(zero.find("Y × 10") == std::string::npos);
  }

  TEST_CASE("scores of 1e18 carry a rounding of ±300, yet a weight of exactly 1 is no round-off: A, Y and Z are printed") {
    // S = diag(1.414e18): each row one-hot, the other weight e^{−1.4e18} = 0 exactly. The old bound
    // 2ε·A_ij (first order in the scores' rounding ε ≈ 300) exceeded every weight, and the text
    // printed A, Y and Z as zero matrices while the JSON (and z_2's own line) said otherwise.
    const std::string problem = R"({"X": [[1e6, -1e6], [1e6, 1e6]], "W_Q": [[1e6, 0], [0, 1e6]], "W_K": [[1, 0], [0, 1]],
                                    "W_V": [[1e6, 0], [0, 1e6]], "dL_dZ": [[1e6, 0], [0, -1e6]]})";
    const Problem p = parse(hw6::parse_json(problem));
    const Forward f = forward(p.X, p.W_Q, p.W_K, p.W_V);
    REQUIRE(f.A(0, 0) == 1.0);
    REQUIRE(f.A(0, 1) == 0.0);
    const Forward b = forward_rounding(p, f);
    CHECK(b.S.maxCoeff() > 1);  // the scores' own rounding is large: the situation tested
    CHECK(b.A(0, 0) < 1e-12);
    CHECK(b.A(1, 1) < 1e-12);
    CHECK(b.A(0, 1) == 0);
    CHECK(b.Z.cwiseQuotient(f.Z.cwiseAbs()).maxCoeff() < 1e-12);
    const std::string text = hw6::render_text(run(hw6::parse_json(problem)), hw6::TextOptions{});
    CHECK(text.find("A = [ 1 0 ]") != std::string::npos);
    CHECK(text.find("Z = [ 1000001000000 -1000001000000 ]") != std::string::npos);
    CHECK(text.find("z_2 = (1000001000000, 1000001000000)ᵀ") != std::string::npos);
    // At ordinary scores the bound is the first-order one, 2ε A_ij (1 − A_ij), and tiny.
    const Problem q = parse(hw6::parse_json(std::string(hw6::builtin_problem_text("ex7"))));
    const Forward fq = forward(q.X, q.W_Q, q.W_K, q.W_V);
    CHECK(forward_rounding(q, fq).A.cwiseQuotient(fq.A).maxCoeff() < 1e-13);
  }

  TEST_CASE("scores of 1e18 with ties: the weights are uncertain, so A, Y and Z are printed as computed and the text says why") {
    // Rows 1 and 2 of S are ties at 7.07e17, row 3 one-hot. The scores' rounding (hundreds) could
    // break a tie either way, so the bound on those weights is 1: clearing the entries within it
    // printed A's rows of ½ as 0 and Z = (2e6, 5e5) as (0, 0), beside X = (1e6, 0).
    const std::string problem = R"({"X": [[1e6, 0], [0, 1e6], [1e6, 1e6]], "W_Q": [[1e6, 0], [0, 1e6]], "W_K": [[1, 0], [0, 1]],
                                    "W_V": [[1, 0], [0, 1]], "dL_dZ": [[1, 2], [-1, 0], [0.5, 0.5]]})";
    const std::string text = flat_text(run(hw6::parse_json(problem)));
    CHECK(text.find("The scores reach 1.414e+18, and their own rounding, up to ±") != std::string::npos);
    CHECK(text.find("could move that row's weights by up to 1: A, Y and Z below follow from the computed scores and are printed as "
                    "computed (no entry is cleared as round-off).") != std::string::npos);
    CHECK(text.find("A = [ 0.5 0 0.5 ] [ 0 0.5 0.5 ] [ 0 0 1 ]") != std::string::npos);
    CHECK(text.find("Z = [ 2000000 500000 ] [ 500000 2000000 ] [ 2000000 2000000 ]") != std::string::npos);
    // Ordinary scores: no such sentence (the built-in problem, and 1e18 without ties above).
    CHECK(flat_text(run(hw6::parse_json(std::string(hw6::builtin_problem_text("ex7"))))).find("their own rounding") == std::string::npos);
  }

  TEST_CASE("mismatched sizes are named exactly") {
    const std::string ok = R"({"X": [[1, 2], [3, 4], [5, 6]], "W_Q": [[1], [0]], "W_K": [[0], [1]], "W_V": [[1, 0], [0, 1]], "dL_dZ": [[1, 0], [0, 1], [1, 1]]})";
    CHECK(parse_error(ok) == "<none>");
    CHECK(parse_error(R"({"X": [[1, 2]], "W_Q": [[1], [0], [2]], "W_K": [[0], [1]], "W_V": [[1, 0], [0, 1]], "dL_dZ": [[1, 0]]})").rfind("/W_Q expected 2 rows", 0) == 0);
    CHECK(parse_error(R"({"X": [[1, 2]], "W_Q": [[1], [0]], "W_K": [[0, 1], [1, 0]], "W_V": [[1, 0], [0, 1]], "dL_dZ": [[1, 0]]})").rfind("/W_K/0 ", 0) == 0);
    CHECK(parse_error(R"({"X": [[1, 2]], "W_Q": [[1], [0]], "W_K": [[0], [1]], "W_V": [[1], [0]], "dL_dZ": [[1, 0]]})").rfind("/W_V/0 ", 0) == 0);
    CHECK(parse_error(R"({"X": [[1, 2]], "W_Q": [[1], [0]], "W_K": [[0], [1]], "W_V": [[1, 0], [0, 1]], "dL_dZ": [[1, 0], [0, 0]]})").rfind("/dL_dZ expected 1 rows", 0) == 0);
    CHECK(parse_error(R"({"X": [], "W_Q": [[1]], "W_K": [[1]], "W_V": [[1]], "dL_dZ": [[1]]})").rfind("/X ", 0) == 0);
    // A wrong number of columns says where the expected length comes from, as a wrong number of rows does.
    CHECK(parse_error(R"({"X": [[1, 2]], "W_Q": [[1], [0]], "W_K": [[0, 1], [1, 0]], "W_V": [[1, 0], [0, 1]], "dL_dZ": [[1, 0]]})") ==
          "/W_K/0 expected a row of length 1 (d_k, the number of columns of W_Q), got length 2");
    CHECK(parse_error(R"({"X": [[1, 2]], "W_Q": [[1], [0]], "W_K": [[0], [1]], "W_V": [[1], [0]], "dL_dZ": [[1, 0]]})") ==
          "/W_V/0 expected a row of length 2 (W_V is d_model × d_model, d_model the number of columns of X), got length 1");
    CHECK(parse_error(R"({"X": [[1, 2]], "W_Q": [[1], [0]], "W_K": [[0], [1]], "W_V": [[1, 0], [0, 1]], "dL_dZ": [[1, 0, 3]]})") ==
          "/dL_dZ/0 expected a row of length 2 (d_model, the number of columns of X), got length 3");
    CHECK(parse_error(R"({"random": {"T": 0, "d_model": 2, "d_k": 1}})").rfind("/random/T ", 0) == 0);
    // A scale below the smallest normal double (X subnormal: right gradients failed their checks at T = 70) is named.
    CHECK(parse_error(R"({"random": {"T": 70, "d_model": 12, "d_k": 5, "seed": 4, "scale": 1e-310}})")
              .rfind("/random/scale scale 1e-310 is below what double precision can check: expected a scale ≥ 2.2250738585072014e-308", 0) == 0);
    CHECK(parse_error(R"({"random": {"T": 70, "d_model": 12, "d_k": 5, "seed": 4, "scale": 2.3e-308}})") == "<none>");
  }
}

TEST_SUITE("ex7 kernels") {
  TEST_CASE("the vectorized exponential agrees with std::exp to 3 ulp and is 0 below ln(DBL_MIN)") {
    // ln(DBL_MIN) = −1022 ln 2 ≈ −708.396: at and above it e^x is a normal double and must be
    // accurate; below it the kernel writes 0 (the softmax's terms there are under 2.2e-308 beside a
    // row sum ≥ 1). e^0 = 1 exactly: a row whose maximum is alone gets weight exactly 1 at that entry.
    const double ln_min = std::log(std::numeric_limits<double>::min());
    std::vector<double> x = {0.0, -0.0, -1e-300, -std::log(2.0), -1.0, -10.0, -700.0, ln_min, std::nextafter(ln_min, 0.0),
                             std::nextafter(ln_min, -1e9), -708.5, -745.0, -1e6, 1.0, 5.0, 700.0};
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> wide(-760.0, 10.0), narrow(-1.0, 0.0);
    for (int i = 0; i < 100000; ++i) x.push_back(i % 2 ? wide(rng) : narrow(rng));
    std::vector<double> y(x.size());
    hw6::ex7::detail::exp_shifted(x.data(), y.data(), static_cast<std::ptrdiff_t>(x.size()));
    CHECK(y[0] == 1.0);
    CHECK(y[1] == 1.0);
    double worst = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (x[i] < ln_min) {
        CHECK(y[i] == 0.0);
        continue;
      }
      const double e = std::exp(x[i]);
      worst = std::max(worst, std::fabs(y[i] - e) / e);
    }
    CHECK(worst <= 3 * std::numeric_limits<double>::epsilon());
    MESSAGE("largest relative error " << worst << " (" << worst / std::numeric_limits<double>::epsilon() << " ulp)");
  }

  TEST_CASE("the products through OpenBLAS (when installed) equal Eigen's, in all four transpositions") {
    // 40 × 50 × 60 is above the size from which attention_gemm.hpp calls dgemm.
    std::mt19937 rng(3);
    std::normal_distribution<double> normal(0, 1);
    auto random = [&](Eigen::Index r, Eigen::Index c) {
      Eigen::MatrixXd m(r, c);
      for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = normal(rng);
      return m;
    };
    using hw6::ex7::detail::gemm;
    using hw6::ex7::detail::Op;
    const Eigen::MatrixXd A = random(40, 50), B = random(50, 60), At = A.transpose(), Bt = B.transpose();
    const Eigen::MatrixXd expected = 0.5 * A * B;
    for (const auto& [a, opa, b, opb] : {std::tuple{&A, Op::N, &B, Op::N}, std::tuple{&At, Op::T, &B, Op::N},
                                         std::tuple{&A, Op::N, &Bt, Op::T}, std::tuple{&At, Op::T, &Bt, Op::T}}) {
      Eigen::MatrixXd C;
      gemm(C, *a, opa, *b, opb, 0.5);
      CHECK((C - expected).cwiseAbs().maxCoeff() <= 1e-12);
      gemm(C, *a, opa, *b, opb, 0.5, true);  // accumulates: twice the product
      CHECK((C - 2 * expected).cwiseAbs().maxCoeff() <= 1e-12);
    }
    MESSAGE("OpenBLAS: " << (hw6::blas::dgemm() ? hw6::blas::description() : std::string("not installed, Eigen's products")));
  }
}
