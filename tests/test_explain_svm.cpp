// The facts behind the words of Exercises 1, 3 and 4: each test derives the fact by hand and
// checks the typed Result (not the printed text, which tests/cli/golden_text pins).
#include "hw6/exercises/ex1.hpp"
#include "hw6/exercises/ex3.hpp"
#include "hw6/exercises/ex4.hpp"
#include "hw6/exercises/svm_common.hpp"
#include "hw6/problems.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace hw6;

TEST_SUITE("explain_svm") {
  TEST_CASE("svm_common: one functional margin, one position, one support test") {
    // Points (2, 0)+ and (0, 0)− with w = (1, 0), b = −1: f = 1 and −1, so both margins are 1.
    Eigen::MatrixXd X(2, 2);
    X << 2, 0, 0, 0;
    Eigen::VectorXd y(2), w(2);
    y << 1, -1;
    w << 1, 0;
    CHECK(svm::functional_margin(X, y, w, -1, 0) == 1);
    CHECK(svm::functional_margins(X, y, w, -1)(1) == 1);
    CHECK(svm::classify(1.5, 1e-7) == svm::Position::OutsideMargin);
    CHECK(svm::classify(1 - 1e-9, 1e-7) == svm::Position::OnMargin);
    CHECK(svm::classify(0.5, 1e-7) == svm::Position::InsideMargin);
    CHECK(svm::classify(0, 1e-7) == svm::Position::OnSeparator);
    CHECK(svm::classify(-0.1, 1e-7) == svm::Position::Misclassified);
    CHECK(std::string(svm::position_name(svm::Position::OnSeparator)) == "on_separator");
    // Scale min(max α, C) = min(2, 1) = 1: 1e-9 is round-off, 1e-3 is a support vector.
    Eigen::VectorXd a(3);
    a << 2, 1e-9, 1e-3;
    const auto mask = svm::support_mask(a, 1.0, 1e-7);
    CHECK(mask[0]);
    CHECK(!mask[1]);
    CHECK(mask[2]);
    CHECK(svm::points_from_one({0, 4}) == "1, 5");
  }

  TEST_CASE("ex1, 3-D data: b* from each class, the level-set bounds of part 3") {
    // tests/cli/explain_svm/ex1_3d.json: w* = (1, 0, 0), b* = −1 by hand. Part 7's formulas:
    // 1 − min over positives of x₁ = 1 − 2 = −1 and −1 − max over negatives of x₁ = −1 − 0 = −1.
    const auto p = ex1::parse(parse_json(R"({"X": [[2, 0, 0], [3, 1, 0], [2, 0, 2], [0, 0, 0], [-1, 1, 1], [0, 2, -1]],
                                              "y": [1, 1, 1, -1, -1, -1]})"));
    const auto r = ex1::solve(p);
    CHECK(r.b_from_positive == doctest::Approx(-1).epsilon(1e-9));
    CHECK(r.b_from_negative == doctest::Approx(-1).epsilon(1e-9));
    CHECK(r.min_margin_pos == doctest::Approx(1).epsilon(1e-9));
    CHECK(r.min_margin_neg == doctest::Approx(1).epsilon(1e-9));
    // The bounds 1 − Rρ ≤ b ≤ −1 + Rρ hold for every (w, b) ∈ 𝓕 with ‖w‖ ≤ ρ; b* = −1 is inside.
    CHECK(r.level_b_lo <= -1);
    CHECK(r.level_b_hi >= -1);
    CHECK(r.level_b_lo == doctest::Approx(1 - r.level_R * r.level_rho));
  }

  TEST_CASE("ex4: figure 1's reconstruction is recognised only for the built-in points") {
    const std::string builtin(builtin_problem_text("ex4"));
    CHECK(ex4::solve(ex4::parse(parse_json(builtin))).reconstructs_figure1);
    Json other = parse_json(builtin);
    other["X"][0][0] = 2.6;
    CHECK(!ex4::solve(ex4::parse(other)).reconstructs_figure1);
  }

  TEST_CASE("ex4, separable data: C at least max α of (2) gives Exercise 1's hyperplane") {
    // (1, 0)+, (2, 1)+, (−1, 0)−, (−2, −1)−: (2) gives w = (1, 0), b = 0, α = ½ on (±1, 0) (w = α₁ + α₃
    // along x₁ and α₁ = α₃); C = 10 ≥ ½.
    const auto p = ex4::parse(parse_json(R"({"X": [[1, 0], [2, 1], [-1, 0], [-2, -1]], "y": [1, 1, -1, -1], "C": 10})"));
    const auto r = ex4::solve(p);
    CHECK(r.separability == ex4::Separability::Separable);
    CHECK(r.hard_alpha_max == doctest::Approx(0.5).epsilon(1e-7));
    REQUIRE(r.problem_C_difference);
    CHECK(*r.problem_C_difference < 1e-7);
    CHECK(r.free_support == std::vector<Eigen::Index>{0, 2});
  }

  TEST_CASE("ex4: slack ranges, and a slack that rises with C") {
    CHECK(ex4::slack_range(0) == ex4::SlackRange::Zero);
    CHECK(ex4::slack_range(0.5) == ex4::SlackRange::Below1);
    CHECK(ex4::slack_range(1 + 1e-9) == ex4::SlackRange::One);
    CHECK(ex4::slack_range(2) == ex4::SlackRange::Above1);
    // Built-in points: at C = 1 point 7 (0-based 6) has ξ = 1.76783 and at C = 3 ξ = 2.26738 (both
    // misclassified, α = C); the total slack still falls (4.87587 → 4.64171), as proved in part 4.
    Json j = parse_json(std::string(builtin_problem_text("ex4")));
    j["C_values"] = Json::array({1, 3});
    const auto r = ex4::solve(ex4::parse(j));
    const auto& f = r.sweep_facts;
    CHECK(f.total_nonincreasing);
    CHECK(f.total[1] < f.total[0]);
    bool rises = false;
    for (const auto& q : f.rises) rises = rises || q.point == 6;
    CHECK(rises);
  }

  TEST_CASE("ex4, p = 1.5: α of (8) has no upper bound and equals pCξ^(p−1)") {
    Json j = parse_json(std::string(builtin_problem_text("ex4")));
    j["p"] = 1.5;
    j["C"] = 0.7;
    j.erase("C_values");
    const auto r = ex4::solve(ex4::parse(j));
    CHECK(r.primal.alpha.maxCoeff() > 0.7);  // a misclassified point has ξ > 1, so α > pC = 1.05 > C
    for (Eigen::Index i = 0; i < r.primal.alpha.size(); ++i)
      CHECK(r.primal.alpha(i) == doctest::Approx(1.5 * 0.7 * std::sqrt(r.primal.xi(i))).epsilon(1e-6));
    REQUIRE(r.p_recovered_difference);
    CHECK(*r.p_recovered_difference < 1e-5);
  }

  TEST_CASE("ex3: path events follow the path; above λ_max nothing is nonzero") {
    // Balanced 6×3 data of tests/cli/explain_svm/ex3_small.json: X̄ᵀθ₀ = (3, 1, 0.5), λ_max = 0.5, so
    // feature 0 is the first to enter.
    const char* data = R"({"X": [[1, 0, 2], [2, 1, 0], [0, 1, 1], [-1, 0, 1], [-2, 1, 0], [0, -1, 1]],
                           "b": [1, 1, 1, -1, -1, -1], "lambda_ratio": 0.5, "path": {"count": 6, "min_ratio": 0.05}})";
    const auto r = ex3::solve(ex3::parse(parse_json(data)));
    CHECK(r.lambda_max == doctest::Approx(0.5).epsilon(1e-12));
    REQUIRE(!r.path_events.empty());
    CHECK(r.path_events.front().entered == std::vector<Eigen::Index>{0});
    // Replaying the events from the empty support gives the support at the end of the path.
    std::vector<bool> on(3, false);
    for (const auto& e : r.path_events) {
      for (auto k : e.entered) on[static_cast<std::size_t>(k)] = true;
      for (auto k : e.left) on[static_cast<std::size_t>(k)] = false;
    }
    for (Eigen::Index k = 0; k < 3; ++k) CHECK(on[static_cast<std::size_t>(k)] == (r.path.back().solution.beta(k) != 0));
  }
}
