#include "hw6/exercises/ex3.hpp"
#include "hw6/problems.hpp"
#include "hw6/render.hpp"

#include <doctest/doctest.h>

#include "input_error.hpp"
#include "random_logreg.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <random>

using namespace hw6;

namespace {
/// Moves weight t = β_from/4 from β_from to β_to (which is 0), with c − shift·t, for columns with
/// x̄_to = x̄_from + shift·b: the margins stay, and so does ‖β‖₁ when β_to may take β_from's sign.
/// The point must be a minimizer too: the same objective to 1e-14, a KKT residual within 1e-9.
void check_second_minimizer(const std::string& problem, const Report& r, Eigen::Index from, Eigen::Index to, double shift) {
  const ex3::Problem p = ex3::parse(parse_json(problem));
  const Eigen::MatrixXd Xbar = p.b.asDiagonal() * p.X;
  Eigen::VectorXd beta(p.X.cols());
  for (Eigen::Index j = 0; j < beta.size(); ++j) beta(j) = r.results["primal"]["beta"][static_cast<std::size_t>(j)].get<double>();
  const double c = r.results["primal"]["c"].get<double>(), lambda = r.results["lambda"].get<double>();
  REQUIRE(beta(to) == 0.0);
  REQUIRE(beta(from) != 0.0);
  const double t = 0.25 * beta(from);
  Eigen::VectorXd moved = beta;
  moved(from) -= t;
  moved(to) += t;
  CHECK(optim::l1_logreg_objective(Xbar, p.b, lambda, moved, c - shift * t) ==
        doctest::Approx(optim::l1_logreg_objective(Xbar, p.b, lambda, beta, c)).epsilon(1e-14));
  CHECK(optim::l1_logreg_kkt(Xbar, p.b, lambda, moved, c - shift * t) <= 1e-9);
}

/// For x̄_to = x̄_from + shift·b with feature `to` on the boundary: every check passes, the verdict is
/// "not unique" through the boundary along {from, to} and b, and a second minimizer is built.
void check_through_boundary(const std::string& problem, Eigen::Index from, Eigen::Index to, double shift) {
  const Report r = ex3::run(parse_json(problem));
  CHECK(r.all_checks_passed());
  REQUIRE(r.results["uniqueness"]["verdict"] == "not_unique");
  CHECK(r.results["uniqueness"]["through_boundary"] == true);
  CHECK(r.results["uniqueness"]["dependent"] == Json::array({from, to}));
  CHECK(r.results["uniqueness"]["with_intercept"] == true);
  check_second_minimizer(problem, r, from, to, shift);
}

std::string error_of(const std::string& text) {
  return hw6::testing::input_error_of([&] { ex3::parse(parse_json(text)); });
}
}  // namespace

TEST_SUITE("ex3") {
  TEST_CASE("features far outside single precision's range solve with every check passing") {
    // The inner solver keeps its columns in single precision, scaled by powers of two: a column of
    // 1e50 would overflow float (max ~3.4e38) and one of 1e-45 would underflow without the scaling.
    for (const char* text : {R"({"X": [[1e50, 2], [3e50, -1], [-2e50, 0.5], [1e49, 1]], "b": [1, -1, 1, -1], "lambda_ratio": 0.1})",
                             R"({"X": [[1e-45, 2, 1e30], [3e-45, -1, -2e30], [-2e-45, 0.5, 1e29], [1e-46, 1, 3e30], [2e-45, -1.5, -1e30]],
                                 "b": [1, -1, 1, -1, 1], "lambda_ratio": 0.05})"}) {
      CAPTURE(text);
      Report r = ex3::run(parse_json(text));
      CHECK(r.all_checks_passed());
    }
  }

  TEST_CASE("uniqueness of β*: unique on the homework's data, not unique with duplicated columns (a second minimizer is built)") {
    // Built-in: support {1, 3, 5, 7}; the smallest singular value of those columns of X̄ and b, each
    // scaled to unit length, is 0.6070 (computed separately by a Jacobi eigenvalue iteration on their
    // 5 × 5 Gram matrix in plain Python).
    Report r = ex3::run(parse_json(std::string(builtin_problem_text("ex3"))));
    CHECK(r.results["uniqueness"]["verdict"] == "unique");
    CHECK(r.results["uniqueness"]["smallest_singular_value"].get<double>() == doctest::Approx(0.6070161417553531).epsilon(1e-9));
    CHECK(r.results["uniqueness"]["boundary"].empty());

    // Columns 1 and 2 identical: the solver puts weight on both (or one); moving weight between
    // them keeps X̄β, hence the loss, and ‖β‖₁ while the signs agree: another minimizer, same value.
    const char* dup = R"({"X": [[1.2, 1.2, 0.3], [-0.7, -0.7, 1.1], [0.4, 0.4, -0.8], [-1.5, -1.5, -0.2], [0.9, 0.9, 0.6],
                                [-0.3, -0.3, 1.4], [1.8, 1.8, -1.0], [-1.1, -1.1, 0.5], [0.2, 0.2, 0.9], [-0.6, -0.6, -1.3]],
                          "b": [1, -1, 1, -1, 1, -1, 1, -1, -1, 1], "lambda_ratio": 0.2})";
    Report d = ex3::run(parse_json(dup));
    CHECK(d.all_checks_passed());
    CHECK(d.results["uniqueness"]["verdict"] == "not_unique");
    CHECK(d.results["uniqueness"]["dependent"] == Json::array({0, 1}));
    CHECK(d.results["uniqueness"]["with_intercept"] == false);
    CHECK(d.results["uniqueness"]["smallest_singular_value"].get<double>() <= 1e-12);
    ex3::Problem p = ex3::parse(parse_json(dup));
    const Eigen::MatrixXd Xbar = p.b.asDiagonal() * p.X;
    Eigen::VectorXd beta(3);
    for (int j = 0; j < 3; ++j) beta(j) = d.results["primal"]["beta"][static_cast<std::size_t>(j)].get<double>();
    const double c = d.results["primal"]["c"].get<double>(), lambda = d.results["lambda"].get<double>();
    REQUIRE(beta(0) + beta(1) != 0);
    Eigen::VectorXd other = beta;
    other(0) = 0.25 * (beta(0) + beta(1));  // the same sum, split 1:3, same sign as the sum
    other(1) = 0.75 * (beta(0) + beta(1));
    CHECK((other - beta).cwiseAbs().maxCoeff() > 1e-3);
    CHECK(optim::l1_logreg_objective(Xbar, p.b, lambda, other, c) == doctest::Approx(optim::l1_logreg_objective(Xbar, p.b, lambda, beta, c)).epsilon(1e-14));
    CHECK(optim::l1_logreg_kkt(Xbar, p.b, lambda, other, c) <= 1e-9);
    const std::string dtext = render_text(d, TextOptions{false, 100000});
    CHECK(dtext.find("β* is not the only minimizer.") != std::string::npos);
    // The program checks its claim the same way: its own second point, as good as β*.
    CHECK(dtext.find("[ok]     4 β* not unique: β* moved along the dependence has the same value") != std::string::npos);
    CHECK(dtext.find("[ok]     4 β* not unique: β* moved along the dependence satisfies the KKT") != std::string::npos);

    // The same columns perturbed by a relative 1e-9: unique in exact arithmetic, but barely.
    std::string near = dup;
    near.replace(near.find("[1.2, 1.2,"), 10, "[1.2, 1.2000000012,");
    Report n = ex3::run(parse_json(near));
    CHECK(n.results["uniqueness"]["verdict"] == "nearly_dependent");
    CHECK(n.results["uniqueness"]["dependent"] == Json::array({0, 1}));
    const double sigma = n.results["uniqueness"]["smallest_singular_value"].get<double>();
    CHECK(sigma > 1e-12);
    CHECK(sigma < 1e-8);

    // Column 4 = column 2 ± 1e-13 (a TA's case): independent in the given doubles (σ_min = 7.9e-14, far
    // above the SVD's rounding), so nearly dependent, not "zero to within rounding".
    const Json p13 = parse_json(R"({"X": [[1.288, 1.449, 0.066, 1.4490000000001], [-0.765, -1.092, 0.031, -1.0920000000001], [-1.022, -1.437, 0.199, -1.4369999999999001], [0.133, 0.546, -0.914, 0.5459999999999], [0.005, -0.065, -1.506, -0.0649999999999], [0.538, 0.321, 2.389, 0.32099999999990003], [0.203, -0.145, 1.233, -0.1449999999999], [0.199, 0.909, -0.366, 0.9089999999999], [0.218, 1.024, 0.696, 1.0240000000001], [0.128, -1.082, 0.445, -1.0820000000001], [0.077, 0.72, 0.216, 0.7200000000001], [1.088, -0.052, 0.202, -0.0520000000001]],
                                        "b": [-1, 1, 1, 1, 1, -1, -1, -1, -1, 1, -1, 1], "lambda_ratio": 0.2})");
    Report n13 = ex3::run(p13);
    CHECK(n13.results["uniqueness"]["verdict"] == "nearly_dependent");
    // Measured (relative: an Approx with its default scale of 1 accepted any value below 0.01), and
    // within the bound the pair gives: σ_min ≤ ‖X(e₂ − e₄)‖/√2, the columns' difference over √2.
    const double s13 = n13.results["uniqueness"]["smallest_singular_value"].get<double>();
    CHECK(std::fabs(s13 / 7.86e-14 - 1) < 0.01);
    double diff13 = 0;
    for (const Json& row : p13["X"]) diff13 += std::pow(row[1].get<double>() - row[3].get<double>(), 2);
    CHECK(s13 <= std::sqrt(diff13 / 2) * (1 + 1e-9));

    // At λ = λ_max with the duplicated pair attaining the maximum: β* = 0, both on the boundary and
    // their columns dependent, yet unique: every minimizer has ‖β‖₁ = ‖β*‖₁ = 0.
    std::string at_max = dup;
    at_max.replace(at_max.find("0.2}"), 4, "1}");
    Report a = ex3::run(parse_json(at_max));
    CHECK(a.results["uniqueness"]["verdict"] == "unique");
    CHECK(a.results["uniqueness"]["boundary"] == Json::array({0, 1}));

    // x₄ = x₂ + 3 (a TA's case), so x̄₄ = x̄₂ + 3b: feature 4 sits on the boundary with β₄* = 0, and
    // (β₂, β₄, c) += t(−1, 1, −3), t with β₂'s sign, moves it off zero with the sign part 3 allows.
    // A second minimizer, built here, has the same value.
    const char* shift = R"({"X": [[1.288, 1.449, 0.066, 4.449], [-0.765, -1.092, 0.031, 1.908], [-1.022, -1.437, 0.199, 1.563], [0.133, 0.546, -0.914, 3.5460000000000003], [0.005, -0.065, -1.506, 2.935], [0.538, 0.321, 2.389, 3.321], [0.203, -0.145, 1.233, 2.855], [0.199, 0.909, -0.366, 3.909], [0.218, 1.024, 0.696, 4.024], [0.128, -1.082, 0.445, 1.918], [0.077, 0.72, 0.216, 3.7199999999999998], [1.088, -0.052, 0.202, 2.948]],
                            "b": [-1, 1, 1, 1, 1, -1, -1, -1, -1, 1, -1, 1], "lambda_ratio": 0.2})";
    check_through_boundary(shift, 1, 3, 3.0);  // x̄₄ = x̄₂ + 3b
  }

  TEST_CASE("uniqueness of β*: more columns than samples on the boundary is decided too (a TA's file, 5 columns in ℝ⁴)") {
    // x₄ = x₂ − 1, so x̄₄ = x̄₂ − b; features 3 and 4 are on the boundary, so [X̄_E, b] has five
    // columns in ℝ⁴. This was left undecided; now the null space (of dimension 2: one by counting,
    // one exact) is searched as any other, and the second minimizer the program builds to check its
    // verdict keeps every sign (a direction's 1e-17 noise entry on feature 3, of the wrong sign,
    // once broke that check by 2λ).
    const char* wide = R"({"X": [[-0.708, 0.42, 2.42, -0.5800000000000001], [0.607, -0.897, 1.103, -1.897],
                                 [-1.245, -0.227, 1.773, -1.227], [-0.757, 1.211, 3.2110000000000003, 0.21100000000000008]],
                           "b": [-1, 1, -1, -1], "lambda_ratio": 0.5})";
    check_through_boundary(wide, 1, 3, -1.0);  // x̄₄ = x̄₂ − b
  }

  TEST_CASE("columns 3e-8 apart: the solve converges (it crept for 103 Newton iterations and failed its KKT check before)") {
    // Column 4 is column 2 changed by ±3e-8 (a TA's file). At the optimum all the weight sits on
    // feature 4, whose correlation is larger by a relative 5e-8; the inner solver used to move the
    // weight over by a few 1e-5 per thousand sweeps. Now every check passes, β₂* = 0 exactly, and
    // feature 2 is ruled out (barely), so β* is unique.
    Report r = ex3::run(parse_json(R"({"X": [[1.288, 1.449, 0.066, 1.44900003], [-0.765, -1.092, 0.031, -1.0920000300000001], [-1.022, -1.437, 0.199, -1.43699997], [0.133, 0.546, -0.914, 0.54599997], [0.005, -0.065, -1.506, -0.06499997], [0.538, 0.321, 2.389, 0.32099997], [0.203, -0.145, 1.233, -0.14499996999999998], [0.199, 0.909, -0.366, 0.90899997], [0.218, 1.024, 0.696, 1.02400003], [0.128, -1.082, 0.445, -1.0820000300000001], [0.077, 0.72, 0.216, 0.72000003], [1.088, -0.052, 0.202, -0.052000029999999996]], "b": [-1, 1, 1, 1, 1, -1, -1, -1, -1, 1, -1, 1], "lambda_ratio": 0.2})"));
    CHECK(r.all_checks_passed());
    CHECK(r.results["primal"]["beta"][1].get<double>() == 0.0);
    CHECK(r.results["primal"]["kkt_residual"].get<double>() <= 1e-11);
    CHECK(r.results["uniqueness"]["verdict"] == "unique");
  }

  TEST_CASE("uniqueness of β*: a dependence the signs forbid, and a feature ruled out only barely (a TA's files)") {
    // Features 4 and 5 are features 2 and 3 plus the same vector d (the last two samples' rows
    // differ from duplicated ones), so x̄₄ − x̄₂ = x̄₅ − x̄₃; both sit on the boundary, and moving
    // along that dependence either way makes one of them take the sign part 3 forbids: unique.
    // Evidence: the same β* again from a far start.
    const char* blocked = R"({"X": [[4.0, 4.0, 0.0, 3.0, -1.0], [-2.0, -3.0, 0.0, -3.0, 0.0], [-3.0, -4.0, 1.0, -4.0, 1.0], [0.0, 2.0, -3.0, 2.0, -3.0], [0.0, 0.0, -5.0, 0.0, -5.0], [2.0, 1.0, 7.0, 1.0, 7.0], [1.0, 0.0, 4.0, 0.0, 4.0], [1.0, 3.0, -1.0, 3.0, -1.0], [1.0, 3.0, 2.0, 3.0, 2.0], [0.0, -3.0, 1.0, -3.0, 1.0], [0.0, 2.0, 1.0, 2.0, 1.0], [3.0, 0.0, 1.0, 0.0, 1.0], [4.0, 4.0, 0.0, 5.0, 1.0], [-2.0, -3.0, 0.0, -3.0, 0.0]], "b": [-1, 1, 1, 1, 1, -1, -1, -1, -1, 1, -1, 1, -1, 1], "lambda_ratio": 0.2})";
    Report r = ex3::run(parse_json(blocked));
    CHECK(r.all_checks_passed());
    CHECK(r.results["uniqueness"]["verdict"] == "unique");
    CHECK(r.results["uniqueness"]["blocked"] == Json::array({1, 2, 3, 4}));
    CHECK(r.results["uniqueness"]["boundary"] == Json::array({3, 4}));
    ex3::Problem p = ex3::parse(parse_json(blocked));
    const Eigen::MatrixXd Xbar = p.b.asDiagonal() * p.X;
    optim::L1LogRegSolution far;
    far.beta = (Eigen::VectorXd(5) << 1, -2, 3, -1, 2).finished();
    far.c = -1;
    const auto again = optim::l1_logreg(Xbar, p.b, r.results["lambda"].get<double>(), 1e-12, 100000, &far, nullptr, false);
    REQUIRE(again.converged);
    for (int j = 0; j < 5; ++j) CHECK(again.beta(j) == doctest::Approx(r.results["primal"]["beta"][static_cast<std::size_t>(j)].get<double>()).epsilon(1e-7));

    // Column 4 = (1 − 2⁻²⁴)·x₂ + 3: |(X̄ᵀθ*)₄| = mλ(1 − 6e-8), inside the boundary, so no minimizer
    // uses feature 4 and β* is unique; the text says it is ruled out only barely.
    Report in = ex3::run(parse_json(R"({"X": [[4.0, 4.0, 0.0, 6.999999761581421], [-2.0, -3.0, 0.0, 1.7881393432617188e-07], [-3.0, -4.0, 1.0, -0.9999997615814209], [0.0, 2.0, -3.0, 4.9999998807907104], [0.0, 0.0, -5.0, 3.0], [2.0, 1.0, 7.0, 3.9999999403953552], [1.0, 0.0, 4.0, 3.0], [1.0, 3.0, -1.0, 5.999999821186066], [1.0, 3.0, 2.0, 5.999999821186066], [0.0, -3.0, 1.0, 1.7881393432617188e-07], [0.0, 2.0, 1.0, 4.9999998807907104], [3.0, 0.0, 1.0, 3.0]], "b": [-1, 1, 1, 1, 1, -1, -1, -1, -1, 1, -1, 1], "lambda_ratio": 0.2})"));
    CHECK(in.results["uniqueness"]["verdict"] == "unique");
    CHECK(in.results["uniqueness"]["boundary"].empty());
    CHECK(render_text(in, TextOptions{false, 100000}).find("Feature 4 is ruled out only barely") != std::string::npos);
  }

  TEST_CASE("uniqueness of β*: two dependences through the boundary, one keeping the signs and one pair that cannot (a TA's files)") {
    // Two boundary features make the columns of E with b have a two-dimensional null space. In the
    // first file x₅ = x₃ + 2 (so x̄₅ = x̄₃ + 2b): moving weight t (β₃'s sign) from β₃ to β₅ with c − 2t
    // keeps every sign, a second minimizer, built here. In the second no combination keeps them:
    // unique, and the same β* again from a far start.
    const char* two = R"({"X": [[4.0, 4.0, 0.0, 7.0, 2.0], [-2.0, -3.0, 0.0, 0.0, 2.0], [-3.0, -4.0, 1.0, -1.0, 3.0], [0.0, 2.0, -3.0, 5.0, -1.0], [0.0, 0.0, -5.0, 3.0, -3.0], [2.0, 1.0, 7.0, 4.0, 9.0], [1.0, 0.0, 4.0, 3.0, 6.0], [1.0, 3.0, -1.0, 6.0, 1.0], [1.0, 3.0, 2.0, 6.0, 4.0], [0.0, -3.0, 1.0, 0.0, 3.0], [0.0, 2.0, 1.0, 5.0, 3.0], [3.0, 0.0, 1.0, 3.0, 3.0], [4.0, 4.0, 0.0, 7.0, 2.0], [-2.0, -3.0, 0.0, 0.0, 2.0]], "b": [-1, 1, 1, 1, 1, -1, -1, -1, -1, 1, -1, 1, -1, 1], "lambda_ratio": 0.2})";
    Report r = ex3::run(parse_json(two));
    CHECK(r.all_checks_passed());
    REQUIRE(r.results["uniqueness"]["verdict"] == "not_unique");
    CHECK(r.results["uniqueness"]["through_boundary"] == true);
    CHECK(r.results["uniqueness"]["dependent"] == Json::array({2, 4}));
    check_second_minimizer(two, r, 2, 4, 2.0);  // x̄₅ = x̄₃ + 2b

    const char* blocked = R"({"X": [[4.0, 4.0, 0.0, 6.0, 2.0, 5.0], [-2.0, -3.0, 0.0, 0.0, 3.0, 0.0], [-3.0, -4.0, 1.0, -1.0, 4.0, -1.0], [0.0, 2.0, -3.0, 5.0, 0.0, 5.0], [0.0, 0.0, -5.0, 3.0, -2.0, 3.0], [2.0, 1.0, 7.0, 4.0, 10.0, 4.0], [1.0, 0.0, 4.0, 3.0, 7.0, 3.0], [1.0, 3.0, -1.0, 6.0, 2.0, 6.0], [1.0, 3.0, 2.0, 6.0, 5.0, 6.0], [0.0, -3.0, 1.0, 0.0, 4.0, 0.0], [0.0, 2.0, 1.0, 5.0, 4.0, 5.0], [3.0, 0.0, 1.0, 3.0, 4.0, 3.0], [4.0, 4.0, 0.0, 8.0, 4.0, 9.0], [-2.0, -3.0, 0.0, 0.0, 3.0, 0.0]], "b": [-1, 1, 1, 1, 1, -1, -1, -1, -1, 1, -1, 1, -1, 1], "lambda_ratio": 0.2})";
    Report u = ex3::run(parse_json(blocked));
    CHECK(u.all_checks_passed());
    CHECK(u.results["uniqueness"]["verdict"] == "unique");
    CHECK_FALSE(u.results["uniqueness"]["blocked"].empty());
    ex3::Problem q = ex3::parse(parse_json(blocked));
    const Eigen::MatrixXd Xq = q.b.asDiagonal() * q.X;
    optim::L1LogRegSolution far;
    far.beta = (Eigen::VectorXd(6) << 2, -1, 1, -2, 1, 3).finished();
    far.c = 1;
    const auto again = optim::l1_logreg(Xq, q.b, u.results["lambda"].get<double>(), 1e-12, 100000, &far, nullptr, false);
    REQUIRE(again.converged);
    for (int j = 0; j < 6; ++j) CHECK(again.beta(j) == doctest::Approx(u.results["primal"]["beta"][static_cast<std::size_t>(j)].get<double>()).epsilon(1e-7));
  }

  TEST_CASE("uniqueness of β*: x̄₃ = x̄₁ + x̄₂ is a dependence among the columns but not among the support's; more nonzeros than samples") {
    // ℓ1 prefers the sum column: with β₁x̄₁ + β₂x̄₂ + β₃(x̄₁ + x̄₂) fixed, |β₁| + |β₂| + |β₃| is
    // smallest with β₃ = the smaller of the two weights. The support then excludes one of 1 and 2,
    // and its columns with b are independent: unique. Solved again from a far start, the same β*.
    const char* sum = R"({"X": [[0.5, 1.0, 1.5], [-1.0, 0.5, -0.5], [1.5, 1.0, 2.5], [-0.5, -1.5, -2.0], [1.0, -0.5, 0.5],
                                [-1.5, 0.5, -1.0], [2.0, 1.5, 3.5], [-2.0, -1.0, -3.0], [0.5, -2.0, -1.5], [-0.5, 2.0, 1.5]],
                          "b": [1, -1, 1, -1, 1, -1, 1, -1, -1, 1], "lambda_ratio": 0.1})";
    Report r = ex3::run(parse_json(sum));
    CHECK(r.all_checks_passed());
    CHECK(r.results["uniqueness"]["verdict"] == "unique");
    ex3::Problem p = ex3::parse(parse_json(sum));
    const Eigen::MatrixXd Xbar = p.b.asDiagonal() * p.X;
    const double lambda = r.results["lambda"].get<double>();
    optim::L1LogRegSolution far;
    far.beta = Eigen::Vector3d(3, -2, 1);
    far.c = 2;
    const auto again = optim::l1_logreg(Xbar, p.b, lambda, 1e-12, 100000, &far, nullptr, false);
    REQUIRE(again.converged);
    for (int j = 0; j < 3; ++j) CHECK(again.beta(j) == doctest::Approx(r.results["primal"]["beta"][static_cast<std::size_t>(j)].get<double>()).epsilon(1e-7));

    // Three samples, two duplicated pairs: four nonzero coefficients and the intercept are five
    // vectors in ℝ³, dependent by counting.
    Report t = ex3::run(parse_json(R"({"X": [[1.0, 1.0, 0.3, 0.3], [-0.5, -0.5, 1.2, 1.2], [0.7, 0.7, -0.9, -0.9]],
                                       "b": [1, -1, 1], "lambda_ratio": 0.05})"));
    CHECK(t.results["uniqueness"]["verdict"] == "not_unique");
    CHECK_FALSE(t.results["uniqueness"].contains("smallest_singular_value"));
  }

  TEST_CASE("λ ≥ λ_max by hand: β* = 0, c* = ln(m₊/m₋)") {
    // 3 positive samples and 1 negative: c* = ln 3 and the value of (4) is
    // (1/4)[3 ln(1 + e^(−ln 3)) + ln(1 + e^(ln 3))] = (1/4)[3 ln(4/3) + ln 4].
    Report r = ex3::run(parse_json(R"({"X": [[1], [2], [-1], [0.5]], "b": [1, 1, 1, -1], "lambda_ratio": 1.5})"));
    CHECK(r.all_checks_passed());
    CHECK(r.results["primal"]["beta"][0].get<double>() == 0.0);
    CHECK(r.results["primal"]["c"].get<double>() == doctest::Approx(std::log(3.0)).epsilon(1e-9));
    CHECK(r.results["primal"]["objective"].get<double>() == doctest::Approx((3 * std::log(4.0 / 3) + std::log(4.0)) / 4).epsilon(1e-10));
    // λ_max = (1/m)|Σ_i x̄_i θ_i| with θ = m₋/m = ¼ for positives and m₊/m = ¾ for the negative:
    // x̄ = (1, 2, −1, −0.5): |¼(1 + 2 − 1) + ¾(−0.5)| / 4 = |0.5 − 0.375| / 4 = 0.03125.
    CHECK(r.results["lambda_max"].get<double>() == doctest::Approx(0.03125).epsilon(1e-12));
  }

  TEST_CASE("λ_max agrees with a bisection on solves") {
    Report r = ex3::run(parse_json(std::string(builtin_problem_text("ex3"))));
    const double lmax = r.results["lambda_max"].get<double>();
    ex3::Problem p = ex3::parse(parse_json(std::string(builtin_problem_text("ex3"))));
    const Eigen::MatrixXd Xbar = p.b.asDiagonal() * p.X;
    double lo = 0.5 * lmax, hi = 2 * lmax;  // β = 0 at hi, not at lo
    for (int k = 0; k < 40; ++k) {
      const double mid = 0.5 * (lo + hi);
      const bool zero = optim::l1_logreg(Xbar, p.b, mid, 1e-12).beta.cwiseAbs().maxCoeff() == 0;
      (zero ? hi : lo) = mid;
    }
    CHECK(hi == doctest::Approx(lmax).epsilon(1e-6));
  }

  TEST_CASE("random instances: zero gap, feasible θ*, screening consistent") {
    std::mt19937 rng(11);
    std::normal_distribution<double> normal(0, 1);
    for (int trial = 0; trial < 8; ++trial) {
      const int m = 10 + 10 * trial, p = 3 + 4 * trial;
      Json X = Json::array(), b = Json::array();
      for (int i = 0; i < m; ++i) {
        Json row = Json::array();
        double s = 0;
        for (int j = 0; j < p; ++j) {
          const double x = normal(rng);
          row.push_back(x);
          s += (j < 2 ? 1.0 : 0.0) * x;
        }
        X.push_back(row);
        b.push_back(s + normal(rng) > 0 ? 1 : -1);
      }
      if (std::abs(std::count(b.begin(), b.end(), 1) - m / 2) == m / 2) continue;  // one class drawn
      Report r = ex3::run(Json{{"X", X}, {"b", b}, {"lambda_ratio", 0.2 + 0.1 * trial}});
      INFO("trial " << trial);
      for (const auto& c : r.checks) {
        INFO(c.name << ": " << c.detail);
        CHECK(c.passed);
      }
    }
  }

  TEST_CASE("bad input") {
    CHECK(error_of(R"({"X": [[1], [2]], "b": [1, -1], "lambda": 0})").rfind("/lambda expected a number > 0", 0) == 0);
    CHECK(error_of(R"({"X": [[1], [2]], "b": [1, 3], "lambda": 1})").rfind("/b/1 label must be 1 or -1", 0) == 0);
    CHECK(error_of(R"({"X": [[1], [2]], "b": [1, 1], "lambda": 1})").rfind("/b both classes are needed", 0) == 0);
    CHECK(error_of(R"({"X": [[1]], "b": [1], "lambda": 1})").rfind("/X expected at least 2 samples", 0) == 0);
    CHECK(error_of(R"({"X": [[1], [2]], "b": [1, -1], "lambda": 1, "lambda_ratio": 0.5})").find("exactly one of") != std::string::npos);
    // Beyond the range double precision solves with (the solution and its text were inf and NaN):
    // a coordinate of 1e308 (X̄ᵀθ₀ overflows), and λ = 1e308 with m = 2 (mλ = 2e308 overflows).
    CHECK(error_of(R"({"X": [[1, 2], [1e308, 0]], "b": [1, -1], "lambda": 1})").rfind("/X/1/0 coordinate 1e+308 is beyond", 0) == 0);
    std::string error = "<none>";
    try {
      ex3::run(parse_json(R"({"X": [[1], [2]], "b": [1, -1], "lambda": 1e308})"));
    } catch (const InputError& e) {
      error = e.pointer() + " " + e.what();
    }
    CHECK(error.rfind("/lambda mλ = 2·1e+308 is beyond double range", 0) == 0);
  }

  TEST_CASE("λ_max = 0 (every column zero or constant): β* = 0 at every λ > 0, no crash, no λ_max check; a ratio is an input error") {
    // 3 positive samples and 1 negative. A constant column x_j = k has (X̄ᵀθ₀)_j = k⟨b, θ₀⟩ =
    // k(3·¼ − 1·¾) = 0, a zero column 0: λ_max = 0 exactly (an all-zero X crashed the report, which
    // read the unsolved 1.01·λ_max point; constant columns gave λ_max ≈ 1e-17 of rounding, a
    // nonzero β_1 and a failed λ_max check). At any λ > 0, β* = 0 and c* = ln(m₊/m₋) = ln 3, the
    // value of (4) being (1/4)[3 ln(1 + 1/3) + ln(1 + 3)].
    const double value = (3 * std::log(4.0 / 3) + std::log(4.0)) / 4;
    for (const char* X : {"[[0, 0], [0, 0], [0, 0], [0, 0]]", "[[0.3, 1], [0.3, 1], [0.3, 1], [0.3, 1]]", "[[0.1, 0], [0.1, 0], [0.1, 0], [0.1, 0]]"}) {
      CAPTURE(X);
      const std::string text = std::string(R"({"X": )") + X + R"(, "b": [1, 1, -1, 1], "lambda": 0.01, "path": {"count": 5}})";
      const Report r = ex3::run(parse_json(text));
      CHECK(r.all_checks_passed());
      CHECK(r.results["lambda_max"].get<double>() == 0.0);
      CHECK(r.results["primal"]["beta"] == Json::array({0.0, 0.0}));
      CHECK(r.results["primal"]["c"].get<double>() == doctest::Approx(std::log(3.0)).epsilon(1e-9));
      CHECK(r.results["primal"]["objective"].get<double>() == doctest::Approx(value).epsilon(1e-12));
      CHECK_FALSE(r.results.contains("path"));
      for (const auto& c : r.checks) CHECK(c.name.find("λ_max") == std::string::npos);
      const std::string text_out = render_text(r, {});
      CHECK(text_out.find("Here λ_max = 0") != std::string::npos);
      CHECK(text_out.find("No path: λ_max = 0") != std::string::npos);
      CHECK(text_out.find("λ_max checked") == std::string::npos);
      std::string error = "<none>";
      try {
        ex3::run(parse_json(std::string(R"({"X": )") + X + R"(, "b": [1, 1, -1, 1], "lambda_ratio": 0.5})"));
      } catch (const InputError& e) {
        error = e.pointer() + " " + e.what();
      }
      CHECK(error.rfind("/lambda_ratio λ_max = 0 for this data", 0) == 0);
    }
  }

  TEST_CASE("tolerances relative to λ: λ = 1e-9·λ_max on separable data, and features of 1e8, solve with every check passing") {
    // Separable by feature 1 (positives have x_1 ≤ 1, negatives x_1 ≥ 2), so as λ → 0 the margins
    // grow like ln(1/λ) and θ*, X̄ᵀθ* and λ are all about 1e-9. The KKT residual used to be
    // absolute (5e-13 passed, 0.1% of λ = 4.4e-10): feature 1, with β_1* = −40.6, came out with
    // |(X̄ᵀθ*)_1| = 2.19833e-9 < mλ(1 − 1e-7) = 2.2e-9 and was listed as proved zero.
    const Report tiny = ex3::run(parse_json(R"({"X": [[1, 2], [3, -1], [0, 1], [2, 2], [1, 1]], "b": [1, -1, 1, -1, 1], "lambda_ratio": 1e-9})"));
    for (const auto& c : tiny.checks) {
      INFO(c.name << ": " << c.detail);
      CHECK(c.passed);
    }
    CHECK(tiny.results["screening"]["inactive"] == Json::array({1}));
    CHECK(tiny.results["primal"]["beta"][0].get<double>() < -30);
    // Sparse condition and feasibility to λ's own precision: |(X̄ᵀθ*)_1| = mλ to 1e-9 relative.
    const double m_lambda = tiny.results["screening"]["threshold"].get<double>();
    CHECK(std::fabs(tiny.results["dual"]["Xbar_T_theta"][0].get<double>()) == doctest::Approx(m_lambda).epsilon(1e-9));
    // Feature 2 at 1e8 beside one at 1e-6: λ = 0.3·λ_max = 1e7·… ; the gradient's rounding alone
    // (1e8·1e-16·m) was above the absolute tolerance 1e-11, and the solve ran 999 Newton steps.
    const Report big = ex3::run(parse_json(R"({"X": [[1e-6, 1e8, 0.5], [2e-6, -1e8, -1], [-1e-6, 0, 0], [0.5e-6, 3e8, 2], [-2e-6, -2e8, 1],
                                                  [1e-6, 1e8, -0.5]], "b": [1, 1, -1, 1, -1, -1], "lambda_ratio": 0.3})"));
    for (const auto& c : big.checks) {
      INFO(c.name << ": " << c.detail);
      CHECK(c.passed);
    }
    CHECK(big.results["primal"]["iterations"].get<int>() < 100);
  }

  TEST_CASE("λ = 1e-15 on separable data: the Newton model's damping and the line search scale with the numbers") {
    // x̄ rows (1, 0), (2, 1), (1, 0), (2, −1), b = (1, 1, −1, −1). Flipping the sign of feature 2 and
    // of c, and swapping samples 1 and 3 (the same x̄, opposite b), leaves (4) unchanged; the columns
    // with b are independent, so the minimizer is unique and has β_2* = 0, c* = 0. Then (4) is
    // ½[ln(1 + e^(−β)) + ln(1 + e^(−2β))] + λβ, stationary where ½[σ(−β) + 2σ(−2β)] = λ; with
    // σ(−2β) ≈ 1e-29 negligible, σ(−β) = 2λ: β_1* = ln(1/(2λ) − 1) = ln(5e14 − 1) = 33.8456.
    // Every weight σ(1 − σ) is then below 1e-14: the fixed damping ν = 1e-12 outweighed the
    // curvature and the solve ran 999 Newton steps to a relative KKT residual of 1.
    const Report r = ex3::run(parse_json(R"({"X": [[1, 0], [2, 1], [-1, 0], [-2, 1]], "b": [1, 1, -1, -1], "lambda": 1e-15})"));
    for (const auto& c : r.checks) {
      INFO(c.name << ": " << c.detail);
      CHECK(c.passed);
    }
    CHECK(r.results["primal"]["beta"][0].get<double>() == doctest::Approx(std::log(5e14 - 1)).epsilon(1e-9));
    CHECK(r.results["primal"]["beta"][1].get<double>() == 0.0);
    CHECK(std::fabs(r.results["primal"]["c"].get<double>()) < 1e-6);
    CHECK(r.results["screening"]["inactive"] == Json::array({1}));
    CHECK(r.results["uniqueness"]["verdict"] == "unique");
  }

  TEST_CASE("λ below the rounding of X̄ᵀθ*: a zero coefficient's sparse condition is said to be undecided, not proved") {
    // x̄ rows (1, 0), (2, 1), (1, 0), (2, −1), (−0.5, 0), (−0.5, 0), b = (1, 1, −1, −1, −1, 1). Flipping
    // feature 2 and c and swapping samples 1↔3, 2↔4, 5↔6 leaves (4) unchanged, so β_2* = 0, c* = 0
    // and (X̄ᵀθ*)_2 = θ_2* − θ_4* = 0. With λ = 1e-17 negligible, β_1* solves the 1-D stationarity
    // −σ(−β) − 2σ(−2β) + ½σ(β/2) = 0: β_1* = 1.35111 (bisection). But mλ = 6e-17 is below the
    // rounding of (X̄ᵀθ*)_j, (m + 4)u·Σ_i|x̄_ij|θ_i* ≈ 1e-15: no computed (X̄ᵀθ*)_2 can show
    // |(X̄ᵀθ*)_2| < mλ, so feature 2 is neither proved zero nor analysed for uniqueness.
    const Report r = ex3::run(parse_json(R"({"X": [[1, 0], [2, 1], [-1, 0], [-2, 1], [0.5, 0], [-0.5, 0]], "b": [1, 1, -1, -1, -1, 1],
                                             "lambda": 1e-17})"));
    CHECK(r.all_checks_passed());
    CHECK(r.results["primal"]["beta"][0].get<double>() == doctest::Approx(1.3511121597).epsilon(1e-8));
    CHECK(r.results["primal"]["beta"][1].get<double>() == 0.0);
    CHECK(r.results["screening"]["inactive"] == Json::array());
    CHECK(r.results["uniqueness"]["verdict"] == "not_assessed");
    std::string text;  // the text with its line breaks and indents as single spaces
    for (char ch : render_text(r, {}))
      if (!(ch == ' ' || ch == '\n') || (!text.empty() && text.back() != ' ')) text += (ch == '\n' ? ' ' : ch);
    CHECK(text.find("for feature 2, with β_j* = 0, it is too coarse to tell |(X̄ᵀθ*)_j| = mλ from < mλ") != std::string::npos);
  }

  TEST_CASE("round-off is judged by a coefficient's effect on the margins: β_1* = 3.9e-13 of a feature of 1e12 is not 0") {
    // Scaling column 1 by s scales λ_max and λ = 0.3·λ_max by s and the solution's β_1 by 1/s (the
    // margins and λ|β_1| stay; β_2 = 0 stays optimal, its penalty only grows). At s = 1 an independent
    // solve (FISTA in plain Python, KKT residual 7e-10) gives β_1* = 0.389885, β_2* = 0, c* = −0.126699,
    // so here β_1* = 3.89885e-13, which moves the margins by up to 3e12·β_1* = 1.17. An absolute
    // threshold of 1e-12 printed it as 0, called feature 1 a boundary feature with β_1* = 0 and said
    // "β* = 0 is the only minimizer".
    const Report r = ex3::run(parse_json(R"({"X": [[1e12, 0.5], [-1e12, -1], [0, 0], [3e12, 2], [-2e12, 1], [1e12, -0.5]],
                                             "b": [1, 1, -1, 1, -1, -1], "lambda_ratio": 0.3})"));
    CHECK(r.all_checks_passed());
    // Relative: an Approx with its default scale of 1 would accept any value within 1e-5 of 3.9e-13.
    CHECK(std::fabs(r.results["primal"]["beta"][0].get<double>() / 3.89885e-13 - 1) < 1e-5);
    CHECK(r.results["primal"]["c"].get<double>() == doctest::Approx(-0.126699).epsilon(1e-5));
    CHECK(r.results["uniqueness"]["verdict"] == "unique");
    CHECK(r.results["uniqueness"]["boundary"] == Json::array());
    CHECK(r.results["uniqueness"].contains("smallest_singular_value"));  // the support {1} with b was tested
    const std::string text = render_text(r, {});
    CHECK(text.find("β* = 0 is the only minimizer") == std::string::npos);
    CHECK(text.find("3.89885e-13") != std::string::npos);
  }

  TEST_CASE("small λ is printed as it is, not as round-off") {
    // m₊ = m₋ = 4, so θ₀ = ½ and λ_max = max_j |Σ_i b_i x_ij|/(2m): column 2 gives
    // |2 + 1 + 1 − 2 + 1 + 0 − 1 + 0.5|/16 = 2.5/16 = 0.15625 (columns 1 and 3: 0.5/16, 0.4/16).
    // λ = 1e-12·λ_max = 1.5625e-13 was printed "λ = 0 = 1e-12·λ_max".
    const Report r = ex3::run(parse_json(R"({"X": [[1, 2, 0.3], [3, -1, 1], [0, 1, -1], [2, 2, 0.5], [1, 1, 2], [2, 0, 1], [-1, 1, 0.2],
                                                   [0.5, -0.5, 1]], "b": [1, -1, 1, -1, 1, 1, -1, -1], "lambda_ratio": 1e-12})"));
    const std::string text = render_text(r, {});
    CHECK(text.find("λ = 1.5625e-13 = 1e-12·λ_max") != std::string::npos);
    CHECK(text.find("λ = 0 ") == std::string::npos);
  }

  TEST_CASE("Markdown: numbers in LaTeX as powers of ten, and the Lagrangian's regrouped form that part 2 uses") {
    // λ_max = 0.44 (θ₀ = (⅖, ⅗, ⅖, ⅗, ⅖); |Σ_i b_i θ₀ᵢ x_i1| = |0.4 − 1.8 + 0 − 1.2 + 0.4| = 2.2, over m = 5),
    // λ = 4.4e-10: written bare in math, "4.4e-10" reads as 4.4e − 10.
    const Report r = ex3::run(parse_json(R"({"X": [[1, 2], [3, -1], [0, 1], [2, 2], [1, 1]], "b": [1, -1, 1, -1, 1], "lambda_ratio": 1e-9})"));
    const std::string md = render_markdown(r, "");
    CHECK(md.find("\\lambda = 4.4 \\times 10^{-10} = 10^{-9}\\,\\lambda_{\\max}") != std::string::npos);
    CHECK(md.find("\\text{duality gap below }10^{-8}") != std::string::npos);
    CHECK(md.find("- m\\theta_i q_i") != std::string::npos);  // L regrouped: [ln(1 + e^{mq_i}) − mθ_i q_i]
    // No number in e-notation inside display math.
    for (std::size_t at = md.find("$$\n"); at != std::string::npos; at = md.find("$$\n", md.find("\n$$", at + 3) + 3)) {
      const std::string math = md.substr(at, md.find("\n$$", at + 3) - at);
      CAPTURE(math);
      for (std::size_t k = 1; k + 1 < math.size(); ++k)
        CHECK_FALSE((std::isdigit(static_cast<unsigned char>(math[k - 1])) && math[k] == 'e' && (math[k + 1] == '-' || math[k + 1] == '+')));
    }
  }

  TEST_CASE("the path's sentence says what happened: several features entering at once is stated, not hedged") {
    // With θ₀ = ½ (m₊ = m₋ = 2), (X̄ᵀθ₀)_j = ½Σ_i b_i x_ij: 2, 0, −2, −1, 1.25, 1, −1, 2, so features 1,
    // 3 and 8 tie at λ_max = 2/4 (x̄_1 + x̄_3 = b, whence (X̄ᵀθ)_1 + (X̄ᵀθ)_3 = ⟨b, θ⟩ = 0 at every
    // dual-feasible θ), so several features are candidates at the first grid step below λ_max; where
    // several did enter at one step the text said they "may".
    const Report r = ex3::run(parse_json(R"({"X": [[1, 2, 0, -1, 0.5, 3, 1, 0], [0, 1, 1, 2, -1, 0, 2, 1], [2, 0, -1, 1, 1, 1, 0, 3],
                                                   [-1, 1, 2, 0, 0, 2, 1, -2]], "b": [1, -1, 1, -1], "lambda_ratio": 0.1,
                                             "path": {"count": 10, "min_ratio": 0.01}})"));
    std::string text;  // the text with its line breaks and indents as single spaces
    for (char ch : render_text(r, {}))
      if (!(ch == ' ' || ch == '\n') || (!text.empty() && text.back() != ' ')) text += (ch == '\n' ? ' ' : ch);
    CHECK(text.find("between some grid points several enter at once") != std::string::npos);
  }

  TEST_CASE("zero and constant columns are situations, reported") {
    Report r = ex3::run(parse_json(R"({"X": [[0, 1, 2], [0, 1, -1], [0, 1, 0.5], [0, 1, 3]], "b": [1, -1, -1, 1], "lambda_ratio": 0.5})"));
    CHECK(r.all_checks_passed());
    CHECK(r.results["primal"]["beta"][0].get<double>() == 0.0);
    CHECK(r.results["primal"]["beta"][1].get<double>() == 0.0);
  }
}

#include "hw6/optim/l1logreg.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace {
Eigen::MatrixXd random_xbar(int m, int p, int informative, unsigned seed, Eigen::VectorXd& b) {
  return hw6::testing::random_xbar(m, p, informative, seed, b, hw6::testing::Weights::Equal);
}
}  // namespace

TEST_SUITE("ex3") {
  TEST_CASE("GAP safe screening: every screened feature is zero at the optimum, and satisfies its KKT condition") {
    // The rule is a proof that |(X̄ᵀθ*)_j| < mλ, i.e. β_j* = 0 by the sparse condition. Check it
    // against an unscreened solve to 1e-12: there β_j* = 0 and |g_j| = |(X̄ᵀθ*)_j|/m < λ for every j
    // the screened solve discarded, and both solves reach the same objective.
    for (unsigned seed : {1u, 2u, 3u, 4u}) {
      Eigen::VectorXd b;
      const Eigen::MatrixXd Xbar = random_xbar(120, 300, 5, seed, b);
      const double lmax = optim::l1_logreg_lambda_max(Xbar, b);
      for (double ratio : {0.7, 0.3, 0.1}) {
        INFO("seed " << seed << ", λ/λ_max = " << ratio);
        const double lambda = ratio * lmax;
        const auto plain = optim::l1_logreg(Xbar, b, lambda, 1e-12, 100000, nullptr, nullptr, false);
        const auto fast = optim::l1_logreg(Xbar, b, lambda, 1e-12, 100000, nullptr, nullptr, true);
        REQUIRE(plain.converged);
        REQUIRE(fast.converged);
        CHECK(fast.screened > 0);
        CHECK(fast.objective == doctest::Approx(plain.objective).epsilon(1e-12));
        const Eigen::VectorXd theta = optim::l1_logreg_theta(Xbar, b, plain.beta, plain.c);
        const Eigen::VectorXd g = (Xbar.transpose() * theta).cwiseAbs() / double(Xbar.rows());
        REQUIRE(fast.discarded.size() == static_cast<std::size_t>(Xbar.cols()));
        std::size_t count = 0;
        for (Eigen::Index j = 0; j < Xbar.cols(); ++j) {
          if (!fast.discarded[static_cast<std::size_t>(j)]) continue;
          ++count;
          INFO("feature " << j);
          CHECK(plain.beta(j) == 0.0);  // zero at the optimum found without the rule
          CHECK(g(j) < lambda);         // and its KKT condition holds strictly there
          CHECK(fast.beta(j) == 0.0);
        }
        CHECK(count == fast.screened);
        CHECK(fast.kkt_residual <= 1e-12);  // computed over every feature, screened or not
      }
    }
  }

  TEST_CASE("GAP safe screening: the discarded set itself, checked feature by feature") {
    // Reproduce the rule's test at the exact optimum (gap = 0, radius 0): it discards exactly the
    // features with |(X̄ᵀθ*)_j| < mλ, each of which has β_j* = 0 — the sparse condition. At a
    // sub-optimal point (β = 0, c = ln(m₊/m₋)) with a positive gap, the ball of radius √(m·gap/2)
    // must contain θ*: check ‖θ − θ*‖ ≤ r directly.
    Eigen::VectorXd b;
    const Eigen::MatrixXd Xbar = random_xbar(150, 200, 4, 9u, b);
    const double m = double(Xbar.rows());
    const double lambda = 0.4 * optim::l1_logreg_lambda_max(Xbar, b);
    const auto opt = optim::l1_logreg(Xbar, b, lambda, 1e-13, 100000, nullptr, nullptr, false);
    REQUIRE(opt.converged);
    const Eigen::VectorXd theta_star = optim::l1_logreg_theta(Xbar, b, opt.beta, opt.c);
    // A feasible θ at β = 0: σ(−c b_i) with c = ln(m₊/m₋) gives θ = m₋/m on positives, m₊/m on
    // negatives, ⟨b, θ⟩ = 0; scale into |X̄ᵀθ| ≤ mλ.
    const double mp = double((b.array() > 0).count()), mn = m - mp;
    Eigen::VectorXd theta(b.size());
    for (Eigen::Index i = 0; i < b.size(); ++i) theta(i) = b(i) > 0 ? mn / m : mp / m;
    theta *= std::min(1.0, m * lambda / (Xbar.transpose() * theta).cwiseAbs().maxCoeff());
    const double primal0 = optim::l1_logreg_objective(Xbar, b, lambda, Eigen::VectorXd::Zero(Xbar.cols()), std::log(mp / mn));
    const double gap = primal0 - optim::l1_logreg_dual(theta);
    REQUIRE(gap > 0);
    CHECK((theta - theta_star).norm() <= std::sqrt(m * gap / 2));
  }

  TEST_CASE("path with and without screening: the same objectives, rejection ratios reported") {
    Eigen::VectorXd b;
    const Eigen::MatrixXd Xbar = random_xbar(200, 400, 6, 5u, b);
    const double lmax = optim::l1_logreg_lambda_max(Xbar, b);
    std::vector<double> lambdas;
    for (int k = 0; k < 8; ++k) lambdas.push_back(lmax * std::pow(0.05, k / 7.0));
    optim::PathStats with, without;
    const auto a = optim::l1_logreg_path(Xbar, b, lambdas, true, 1e-11, &with);
    const auto c = optim::l1_logreg_path(Xbar, b, lambdas, false, 1e-11, &without);
    REQUIRE(with.rejection.size() == lambdas.size());
    for (std::size_t k = 0; k < lambdas.size(); ++k) {
      CHECK(a[k].objective == doctest::Approx(c[k].objective).epsilon(1e-10));
      CHECK(a[k].kkt_residual <= 1e-11);
      CHECK(with.rejection[k] >= 0);
      CHECK(with.rejection[k] <= 1);
      CHECK(without.rejection[k] == 0);
    }
    // At λ_max, β* = 0 and θ* = θ₀: the gap closes at once and every feature with
    // |(X̄ᵀθ₀)_j| < mλ_max is discarded, i.e. all but the one(s) attaining the maximum.
    CHECK(with.rejection[0] >= 1.0 - 2.0 / double(Xbar.cols()));
  }

  TEST_CASE("a LIBSVM data file gives the same problem and answer as the JSON") {
    // Write the built-in problem's X and b as LIBSVM with 17 significant digits (exact round trip),
    // then parse {"data": ...} relative to the file's folder: X, b and the objective must be equal.
    const Json j = parse_json(std::string(builtin_problem_text("ex3")));
    const ex3::Problem direct = ex3::parse(j);
    const auto dir = std::filesystem::temp_directory_path() / ("hw6_ex3_data_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
      std::ofstream f(dir / "ex3.libsvm");
      f.precision(17);
      for (Eigen::Index i = 0; i < direct.X.rows(); ++i) {
        f << (direct.b(i) > 0 ? "+1" : "-1");
        for (Eigen::Index k = 0; k < direct.X.cols(); ++k)
          if (direct.X(i, k) != 0) f << ' ' << k + 1 << ':' << direct.X(i, k);
        f << '\n';
      }
    }
    Json viafile = j;
    viafile.erase("X");
    viafile.erase("b");
    viafile["data"] = {{"path", "ex3.libsvm"}, {"format", "libsvm"}, {"features", direct.X.cols()}};
    RunContext ctx;
    ctx.base_dir = dir;
    const ex3::Problem fromfile = ex3::parse(viafile, ctx);
    std::filesystem::remove_all(dir);
    CHECK(fromfile.X == direct.X);
    CHECK(fromfile.b == direct.b);
    CHECK(ex3::solve(fromfile).primal.objective == ex3::solve(direct).primal.objective);
  }

  TEST_CASE("a correlation whose rounding exceeds mλ is printed with its uncertainty, not as 0") {
    // Column 2 at 1e20 beside λ = 0.25 (m = 8, mλ = 2): (X̄ᵀθ*)_2 is a sum of terms of 1e20 whose
    // true value is at most mλ = 2 in size (dual feasibility), but its rounding, (m + 4)u·Σ|x̄_i2|θ_i,
    // is about 1e5. It printed as "0", as if it were known to be 0, and "max_j |(X̄ᵀθ*)_j| = 0
    // against mλ = 2" beside an active feature 1 at exactly 2.
    const Report r = ex3::run(parse_json(R"({"X": [[1, 1e20], [2, -2e20], [-1, 3e20], [-2, -1e20], [0.5, 2.5e20], [-0.5, -3e20],
                                              [1.5, 0.7e20], [-1.2, -0.4e20]], "b": [1, 1, -1, -1, 1, -1, 1, -1], "lambda": 0.25})"));
    const std::string text = render_text(r, TextOptions{false, 100000});
    CHECK(text.find("max_j |(X̄ᵀθ*)_j| = 0 against") == std::string::npos);
    CHECK(text.find(" ± ") != std::string::npos);
    CHECK(text.find("may be off by up to") != std::string::npos);
  }
  TEST_CASE("class means equal in decimal but not in binary: λ_max = 0 to within rounding, a ratio is refused, every check passes") {
    // Feature 1: 0.1 + 0.2 against 0.3 + 0, which differ by 2.8e-17 in binary; feature 2: 1 + 3
    // against 2 + 2, exactly. λ_max came out 3.5e-18, all of it the sum's rounding (±6.7e-17); a
    // ratio of it was solved, and the λ_max check failed (no solve sees a gradient below its rounding).
    const std::string X = R"("X": [[0.1, 1], [0.2, 3], [0.3, 2], [0, 2]], "b": [1, 1, -1, -1])";
    const Report r = ex3::run(parse_json("{" + X + R"(, "lambda": 0.001, "path": {"count": 3}})"));
    CHECK(r.all_checks_passed());
    CHECK(r.results["lambda_max"].get<double>() == 0.0);
    CHECK_FALSE(r.results.contains("path"));
    const std::string text = render_text(r, TextOptions{false, 100000});
    CHECK(text.find("Here λ_max = 0") != std::string::npos);
    CHECK(text.find("here only to within the rounding of these sums") != std::string::npos);
    CHECK(error_of("{" + X + R"(, "lambda_ratio": 0.5})") == "<none>");  // parses; the solve refuses it
    const std::string error = hw6::testing::input_error_of([&] { ex3::run(parse_json("{" + X + R"(, "lambda_ratio": 0.5})")); });
    CHECK(error.rfind("/lambda_ratio λ_max = 0 for this data (in every feature the two classes have the same mean, to within the rounding", 0) == 0);
    // Exactly equal means (constant columns) do not say "to within rounding".
    const Report exact = ex3::run(parse_json(R"({"X": [[2, 1], [2, 3], [2, 2], [2, 2]], "b": [1, 1, -1, -1], "lambda": 0.001})"));
    CHECK(render_text(exact, TextOptions{false, 100000}).find("to within the rounding of these sums") == std::string::npos);
  }

  TEST_CASE("λ_max known only to within its rounding: β* ≠ 0 at 0.99·λ_max is said to be beyond double precision, not failed") {
    // Feature 1's class means differ by 5e-15: λ_max = 1.25e-15, real, but its sum's rounding is
    // ±8.9e-16 (over m), so 0.99·λ_max is not certainly below it, and the solve there stops at β = 0.
    const Report r = ex3::run(parse_json(R"({"X": [[1.00000000000001, 1], [1, 3], [1, 2], [1, 2]], "b": [1, 1, -1, -1], "lambda_ratio": 0.5})"));
    CHECK(r.results["lambda_max"].get<double>() > 0);
    CHECK(r.all_checks_passed());
    bool upper = false;
    for (const auto& c : r.checks)
      if (c.name == "4 λ_max: β* = 0 at 1.01·λ_max") upper = c.passed;
    CHECK(upper);
    CHECK(render_text(r, TextOptions{false, 100000}).find("at 0.99·λ_max, not checked: λ_max is known only to ±") != std::string::npos);
    // With λ_max well above its rounding (the homework's data) both halves are checked.
    const Report builtin = ex3::run(parse_json(std::string(builtin_problem_text("ex3"))));
    bool both = false;
    for (const auto& c : builtin.checks)
      if (c.name == "4 λ_max: β* = 0 at 1.01·λ_max and β* ≠ 0 at 0.99·λ_max") both = c.passed;
    CHECK(both);
  }

  TEST_CASE("λ a hair above λ_max: the ratio as given, and the features the list of proved zeros leaves out are named") {
    // λ = 1.00000001·λ_max was printed "λ = 0.338776 = 1·λ_max" beside "Here λ > λ_max", and "every
    // feature satisfies the sparse condition strictly" beside "proves zero: 2" (feature 1 is within
    // the 1e-7 margin a proof asks).
    const std::string data = R"("X": [[1, 0.3], [2, -1], [0.5, 0.2], [-1, 0.4], [-0.5, -2], [-2, 1], [0.3, 0.3]], "b": [1, 1, -1, -1, 1, -1, -1])";
    const Report r = ex3::run(parse_json("{" + data + R"(, "lambda_ratio": 1.00000001})"));
    CHECK(r.all_checks_passed());
    const std::string text = render_text(r, TextOptions{false, 100000});
    CHECK(text.find("= 1.00000001·λ_max") != std::string::npos);
    CHECK(text.find("λ = 0.338775514") != std::string::npos);
    CHECK(text.find("strictly; but the computed |(X̄ᵀθ*)_j| of feature 1 is not below mλ by the margin") != std::string::npos);
    CHECK(text.find("Features the sparse condition proves zero: 2.") != std::string::npos);
    // Far above λ_max every feature is proved, and nothing is added.
    const std::string far = render_text(ex3::run(parse_json("{" + data + R"(, "lambda_ratio": 2})")), TextOptions{false, 100000});
    CHECK(far.find("every feature satisfies the sparse condition strictly.") != std::string::npos);
    CHECK(far.find("= 2·λ_max") != std::string::npos);
    // p = 1: "1 feature".
    CHECK(render_text(ex3::run(parse_json(R"({"X": [[1], [2], [3], [-1]], "b": [1, 1, -1, -1], "lambda": 0.01})")), {}).find("p = 1 feature (") !=
          std::string::npos);
  }
  TEST_CASE("λ a hair below λ_max: a computed β* = 0 beside λ < λ_max is explained") {
    // λ = (1 − 1e-12)·λ_max: exactly, β_1* ≈ 1e-12 ≠ 0, but β = 0 meets the KKT conditions to the
    // solve's relative tolerance 1e-11; "β* = (0, 0)" stood beside "λ < λ_max" unexplained.
    const std::string data = R"("X": [[1, 0.3], [2, -1], [0.5, 0.2], [-1, 0.4], [-0.5, -2], [-2, 1], [0.3, 0.3]], "b": [1, 1, -1, -1, 1, -1, -1])";
    const Report r = ex3::run(parse_json("{" + data + R"(, "lambda_ratio": 0.999999999999})"));
    CHECK(r.all_checks_passed());
    CHECK(r.results["primal"]["beta"] == Json::array({0.0, 0.0}));
    const std::string text = render_text(r, TextOptions{false, 100000});
    CHECK(text.find("Here λ < λ_max, so in exact arithmetic β* ≠ 0; but λ is below λ_max by only a relative 1e-12") != std::string::npos);
    // Further below, β* ≠ 0 is computed, and nothing is said.
    const Report below = ex3::run(parse_json("{" + data + R"(, "lambda_ratio": 0.9999999})"));
    CHECK(below.results["primal"]["beta"][0].get<double>() > 0);
    CHECK(render_text(below, TextOptions{false, 100000}).find("Here λ < λ_max") == std::string::npos);
  }
}
