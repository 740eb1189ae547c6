// Tests of the explain-nn work: the Markdown renderer's escaping and vectors, --part selection,
// the one definition of central differences, and the facts that decide Exercise 5's and 6's prose.
#include "hw6/exercises/ex5.hpp"
#include "hw6/exercises/ex6.hpp"
#include "hw6/numeric.hpp"
#include "hw6/parts.hpp"
#include "hw6/problems.hpp"
#include "hw6/render.hpp"

#include <doctest/doctest.h>

#include <cmath>

namespace {
hw6::Report one_step_report(hw6::Step s) {
  hw6::Report r;
  r.exercise = 9;
  r.title = "Test";
  r.problem_source = "here";
  r.steps.push_back(std::move(s));
  return r;
}
bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
}  // namespace

TEST_SUITE("markdown") {
  TEST_CASE("prose is escaped: μ*g(x*) is text, not emphasis") {
    hw6::Step s("2", "Claims");
    s.para("(g) needs μ*g(x*) = 0 and a_1 [sic] <b> $5 | x");
    const std::string md = hw6::render_markdown(one_step_report(s), "");
    CHECK(has(md, "μ\\*g(x\\*) = 0 and a\\_1 \\[sic\\] \\<b\\> \\$5 \\| x"));
  }

  TEST_CASE("a line starting like a list or heading is escaped; \"- \" lines are list items") {
    hw6::Step s("1", "T");
    s.para("Claim (a).\n  - first reason\n  - second reason\n1. not a list\n# not a heading");
    const std::string md = hw6::render_markdown(one_step_report(s), "");
    // The claim, then its list, each line apart (the text output keeps them on separate lines too).
    CHECK(has(md, "Claim (a).\n\n- first reason\n- second reason\n\n1\\. not a list\n\n\\# not a heading\n"));
  }

  TEST_CASE("a vector longer than 8 entries is shown whole, with no matrix dots") {
    Eigen::VectorXd v(12);
    for (int i = 0; i < 12; ++i) v(i) = i + 1;
    hw6::Step s("1", "T");
    s.vector("α", "\\alpha", v);
    const std::string md = hw6::render_markdown(one_step_report(s), "");
    CHECK(has(md, "\\alpha = \\left(1,\\ 2,\\ 3,\\ 4,\\ 5,\\ 6,\\ 7,\\ 8,\\ 9,\\ 10,\\ 11,\\ 12\\right)^\\top"));
    CHECK_FALSE(has(md, "\\vdots"));
    CHECK_FALSE(has(md, "\\ddots"));
    // Beyond 20 entries: the first 20, then \ldots and the length.
    Eigen::VectorXd w = Eigen::VectorXd::Ones(25);
    CHECK(has(hw6::latex_column(w), ",\\ \\ldots\\right)^\\top\\quad\\text{(25 entries, the first 20 shown)}"));
  }

  TEST_CASE("a large matrix shows the dots that match its cut") {
    const std::string wide = hw6::latex_matrix(Eigen::MatrixXd::Ones(2, 12));
    CHECK(has(wide, "& \\cdots \\\\"));
    CHECK_FALSE(has(wide, "\\vdots"));
    CHECK(has(wide, "_{2\\times12}"));
    const std::string tall = hw6::latex_matrix(Eigen::MatrixXd::Ones(12, 2));
    CHECK(has(tall, "\\vdots & \\vdots\\end{bmatrix}"));
    CHECK_FALSE(has(tall, "\\cdots"));
    const std::string big = hw6::latex_matrix(Eigen::MatrixXd::Ones(12, 12));
    CHECK(has(big, "\\vdots & \\ddots\\end{bmatrix}_{12\\times12}"));
  }

  TEST_CASE("a value printed in the text formula is not lost in Markdown") {
    hw6::Step s("3", "T");
    s.formula("b* = -1,   margin 2/‖w*‖ = 1.414213562", "b^* = -1");  // the LaTeX form forgot the margin
    s.formula("y = 2.5", "y = 2.5");
    const std::string md = hw6::render_markdown(one_step_report(s), "");
    CHECK(has(md, "```\nb* = -1,   margin 2/‖w*‖ = 1.414213562\n```"));
    CHECK(has(md, "$$\ny = 2.5\n$$"));
  }

  TEST_CASE("numbers in LaTeX: 1.5e-07 is 1.5 \\times 10^{-7}") {
    CHECK(hw6::latex_matrix(Eigen::Matrix<double, 1, 1>(1.5e-7)) == "\\begin{bmatrix}1.5 \\times 10^{-7}\\end{bmatrix}");
  }
}

TEST_SUITE("parts") {
  TEST_CASE("the homework's numbering, however typed") {
    CHECK(hw6::normalize_part("3b") == "3(b)");
    CHECK(hw6::normalize_part("3.B") == "3(b)");
    CHECK(hw6::normalize_part(" 3 (b) ") == "3(b)");
    CHECK(hw6::normalize_part("3") == "3");
    CHECK(hw6::part_matches("3(a)", "3"));
    CHECK(hw6::part_matches("3(a)", "3(a)"));
    CHECK_FALSE(hw6::part_matches("30", "3"));
    CHECK_FALSE(hw6::part_matches("3(b)", "3(a)"));
  }

  TEST_CASE("select_part keeps the part's steps, checks and figures; an unknown part names the parts") {
    hw6::Report r;
    r.exercise = 5;
    r.steps.push_back(hw6::Step("1(a)", "A"));
    r.steps.push_back(hw6::Step("3(d)", "D"));
    r.steps.back().figure("f.svg", "a figure");
    r.checks.push_back({"1(a) first", true, ""});
    r.checks.push_back({"3(d) second", true, ""});
    r.checks.push_back({"1(a) failed", false, ""});
    r.figures.push_back({"f.svg", "<svg/>"});
    hw6::Report three = r;
    CHECK_FALSE(hw6::select_part(three, "3").has_value());
    REQUIRE(three.steps.size() == 1);
    CHECK(three.steps[0].label == "3(d)");
    REQUIRE(three.checks.size() == 2);  // its own check, and the failed one (a failure is never hidden)
    CHECK(three.checks[0].name == "3(d) second");
    CHECK(three.figures.size() == 1);
    hw6::Report one = r;
    CHECK_FALSE(hw6::select_part(one, "1a").has_value());
    CHECK(one.figures.empty());
    auto error = hw6::select_part(r, "4");
    REQUIRE(error.has_value());
    CHECK(has(*error, "its parts are 1(a), 3(d)"));
    CHECK(r.steps.size() == 2);
  }
}

TEST_SUITE("numeric") {
  TEST_CASE("central_differences: the Jacobian of (Σ X², X₀₀·X₁₁) in column-major order") {
    // f(X) = (Σ_ij X_ij², X_00 X_11); ∂f₀/∂X_ij = 2X_ij; ∂f₁/∂X_00 = X_11, ∂f₁/∂X_11 = X_00, else 0.
    // Both are quadratic, so central differences are exact up to rounding (~1e-11 here).
    Eigen::MatrixXd X(2, 2);
    X << 1, -2, 3, 0.5;
    auto f = [](const Eigen::MatrixXd& Y) { return Eigen::Vector2d(Y.squaredNorm(), Y(0, 0) * Y(1, 1)); };
    const Eigen::MatrixXd D = hw6::central_differences(f, X);
    REQUIRE(D.rows() == 2);
    REQUIRE(D.cols() == 4);
    // Column-major: entries (0,0), (1,0), (0,1), (1,1) = 1, 3, −2, 0.5.
    const double expected0[] = {2, 6, -4, 1}, expected1[] = {0.5, 0, 0, 1};
    for (int k = 0; k < 4; ++k) {
      CHECK(D(0, k) == doctest::Approx(expected0[k]).epsilon(1e-9));
      CHECK(D(1, k) == doctest::Approx(expected1[k]).epsilon(1e-9));
    }
  }
}

TEST_SUITE("ex5 facts") {
  using namespace hw6::ex5;
  TEST_CASE("the homework's network: named as such, all units identical, every row of W² equal") {
    Problem p = parse(hw6::parse_json(std::string(hw6::builtin_problem_text("ex5"))));
    NetworkFacts f = network_facts(p.network);
    CHECK(f.is_homework);
    CHECK(f.inputs == 3);
    CHECK(f.hidden == 4);
    CHECK(f.outputs == 3);
    CHECK(f.all_units_identical);
    CHECK(f.W2_rows_equal);
    CHECK_FALSE(f.has_biases);
    Result r = solve(p);
    CHECK(r.network[0].dL_da_zero);  // every row of W² is (0.5, …) and p − q sums to 0
    CHECK(r.network[0].outputs_equal);
  }

  TEST_CASE("a 2-3-2 network with biases and equal columns (not rows) of W²") {
    // z = W¹x + b¹ with x = (1, −2): (0.5 + 0.6 + 0.1, −1 − 0.8 − 0.2, 0.2 + 1.2 + 0.3) = (1.2, −2, 1.7).
    // W² = [0.3·1ᵀ; −0.4·1ᵀ]: ∂L/∂a = (0.3(p₁ − 1) − 0.4 p₂)·1 = 0.7(p₁ − 1)·1 ≠ 0 since p₁ < 1.
    Problem p = parse(hw6::parse_json(std::string(R"({"softmax": {"inputs": [[0.5, -0.5]]}, "network": {
      "x": [1, -2], "target": [1, 0], "W1": [[0.5, -0.3], [-1.0, 0.4], [0.2, -0.6]], "b1": [0.1, -0.2, 0.3],
      "W2": [[0.3, 0.3, 0.3], [-0.4, -0.4, -0.4]], "b2": [0.1, -0.1], "activations": ["sigmoid", "relu"], "learning_rate": 0.5}})")));
    Result r = solve(p);
    CHECK_FALSE(r.facts.is_homework);
    CHECK(r.facts.inputs == 2);
    CHECK(r.facts.hidden == 3);
    CHECK(r.facts.outputs == 2);
    CHECK(r.facts.has_biases);
    CHECK(r.facts.identical_units.empty());
    CHECK_FALSE(r.facts.all_units_identical);
    CHECK_FALSE(r.facts.W2_rows_equal);
    const ActivationResult& relu = r.network[1];
    CHECK(relu.fwd.z(0) == doctest::Approx(1.2));
    CHECK(relu.fwd.z(1) == doctest::Approx(-2.0));
    CHECK(relu.fwd.z(2) == doctest::Approx(1.7));
    CHECK(relu.inactive_units == std::vector<Eigen::Index>{1});
    CHECK_FALSE(relu.dL_da_zero);
    CHECK(relu.grad.dL_da(0) == doctest::Approx(0.7 * (relu.fwd.p(0) - 1)));
    CHECK_FALSE(relu.outputs_equal);
  }

  TEST_CASE("∂L/∂a = 0 is decided against its rounding level, at any scale of W²") {
    // The 2-3-2 network above with W² scaled by 1e-20: ∂L/∂a = 0.7e-20(p₁ − 1)·1, about 1e-20 and not
    // 0 (it was called 0 against an absolute floor of 1e-12, and the text said W¹ does not move).
    // With equal rows of W² (× 1e-20 too) it is 0 in exact arithmetic and still called 0.
    auto network = [](const std::string& W2) {
      return parse(hw6::parse_json(R"({"softmax": {"inputs": [[0.5, -0.5]]}, "network": {
        "x": [1, -2], "target": [1, 0], "W1": [[0.5, -0.3], [-1.0, 0.4], [0.2, -0.6]], "b1": [0.1, -0.2, 0.3],
        "W2": )" + W2 + R"(, "b2": [0.1, -0.1], "activations": ["sigmoid"], "learning_rate": 0.5}})"));
    };
    const Problem tiny = network("[[0.3e-20, 0.3e-20, 0.3e-20], [-0.4e-20, -0.4e-20, -0.4e-20]]");
    const Result r = solve(tiny);
    const ActivationResult& a = r.network[0];
    CHECK_FALSE(a.dL_da_zero);
    CHECK(std::fabs(a.grad.dL_da(0) / (0.7e-20 * (a.fwd.p(0) - 1)) - 1) < 1e-12);  // relative (values of 1e-20)
    const std::string text = hw6::render_text(report(tiny, r), hw6::TextOptions{});
    CHECK_FALSE(has(text, "Here ∂L/∂a"));
    CHECK_FALSE(has(text, "∂L/∂a = W²ᵀ(p − q) = (0, 0, 0)ᵀ"));
    const Problem equal_rows = network("[[0.3e-20, -0.4e-20, 0.3e-20], [0.3e-20, -0.4e-20, 0.3e-20]]");
    const Result e = solve(equal_rows);
    CHECK(e.network[0].dL_da_zero);
    CHECK(has(hw6::render_text(report(equal_rows, e), hw6::TextOptions{}), "∂L/∂a = W²ᵀ(p − q) = (0, 0, 0)ᵀ"));
  }

  TEST_CASE("softmax Jacobian entries far below 1e-14 are shown when they are not round-off") {
    // x = (0, −40): f₂ = e⁻⁴⁰/(1 + e⁻⁴⁰) = 4.248354e-18 and f₁ rounds to 1. J₁₂ = J₂₁ = −f₁f₂ and
    // J₂₂ = f₂(1 − f₂) are ±4.24835e-18, far above their rounding level (about 1e-33); the renderers
    // showed every entry below 1e-14 as 0, so the whole Jacobian printed as zeros. J₁₁ = f₁(1 − f₁)
    // = f₁f₂ as well: computed as 1·(1 − 1) = 0 it was shown as 0 (J not symmetric, its rows not
    // summing to 0); 1 − f₁ is now the sum of the other entries, f₂.
    const Problem p = parse(hw6::parse_json(R"({"softmax": {"inputs": [[0, -40]]}, "network": {"x": [1], "target": [1, 0],
      "W1": [[1]], "W2": [[1], [2]], "activations": ["sigmoid"], "learning_rate": 0.1}})"));
    const Result r = solve(p);
    const double f2 = std::exp(-40.0) / (1 + std::exp(-40.0));
    CHECK(std::fabs(r.softmax[0].jacobian(0, 1) / (-f2 * (1 - f2)) - 1) < 1e-12);  // relative: Approx's scale of 1 would accept any 1e-18
    const std::string text = hw6::render_text(report(p, r), hw6::TextOptions{});
    CHECK(std::fabs(r.softmax[0].jacobian(0, 0) / (f2 / (1 + std::exp(-40.0))) - 1) < 1e-12);  // relative: 4e-18
    CHECK(has(text, "Jf(x^(1)) = [  4.24835e-18 -4.24835e-18 ]\n                [ -4.24835e-18  4.24835e-18 ]"));
  }

  TEST_CASE("two identical units among four are found, and stay identical") {
    Problem p = parse(hw6::parse_json(std::string(R"({"softmax": {"inputs": [[0, 1]]}, "network": {
      "x": [1, 0, 1], "target": [0, 1, 0], "W1": [[1, 5, 1], [-1, 2, 0], [1, 5, 1], [0.25, 0, 0.25]],
      "W2": [[0.1, 0.2, 0.1, 0.4], [0.1, 0.2, 0.1, 0.4], [0.1, 0.2, 0.1, 0.4]], "activations": ["relu"], "learning_rate": 0.1}})")));
    Result r = solve(p);
    REQUIRE(r.facts.identical_units.size() == 1);
    CHECK(r.facts.identical_units[0] == std::vector<Eigen::Index>{0, 2});
    CHECK_FALSE(r.facts.all_units_identical);
    CHECK(r.facts.W2_rows_equal);
    CHECK(r.network[0].dL_da_zero);  // equal rows: W²ᵀ(p − q) = (Σ(p_i − q_i)) w = 0
    const Params& w = r.network[0].runs[1].final_params;  // the given initialization, trained
    CHECK((w.W1.row(0) - w.W1.row(2)).cwiseAbs().maxCoeff() == 0.0);
    CHECK((w.W2.col(0) - w.W2.col(2)).cwiseAbs().maxCoeff() == 0.0);
  }
}

TEST_SUITE("ex6 padding and batch norm") {
  using namespace hw6::ex6;
  TEST_CASE("the homework's table with \"valid\" padding, derived by hand") {
    // valid: 512 − 5 + 1 = 508, 508 − 5 + 1 = 504, pool ⌊(504 − 2)/2⌋ + 1 = 252, 250, 248, pool 124.
    // FC-512 = 124·124·512·512 = 4,030,726,144; the other layers 6,400 + 204,800 + 294,912 +
    // 1,179,648 + 5,120 = 1,690,880 (they do not depend on padding); total 4,032,417,024.
    Problem p = parse(hw6::parse_json(std::string(hw6::builtin_problem_text("ex6"))));
    Result r = solve(p);
    REQUIRE(r.alternative.has_value());
    CHECK(r.alternative->padding.kind == Padding::Kind::Valid);
    REQUIRE(r.alternative->layers.size() == 8);
    CHECK(r.alternative->layers[0].output == std::vector<std::int64_t>{508, 508, 64});
    CHECK(r.alternative->layers[2].output == std::vector<std::int64_t>{252, 252, 128});
    CHECK(r.alternative->layers[5].output == std::vector<std::int64_t>{124, 124, 512});
    CHECK(r.alternative->layers[6].params == 4030726144LL);
    CHECK(r.alternative->total_params == 4032417024LL);
  }

  TEST_CASE("\"valid\" that does not fit is reported, not thrown") {
    Problem p = parse(hw6::parse_json(std::string(R"({"input": [4, 4, 1], "layers": ["conv5-8", "FC-2"], "padding": "same"})")));
    Result r = solve(p);
    REQUIRE(r.alternative.has_value());
    CHECK(r.alternative->layers.empty());
    CHECK(has(r.alternative->does_not_fit, "does not fit"));
  }

  TEST_CASE("without a batchnorm block, 2(b) still derives the backward pass") {
    Problem p = parse(hw6::parse_json(std::string(R"({"input": [8, 8, 1], "layers": ["conv3-2", "FC-2"]})")));
    hw6::Report rep = report(p, solve(p));
    bool derivation = false;
    for (const auto& s : rep.steps)
      if (s.label == "2(b)")
        for (const auto& b : s.blocks) derivation = derivation || has(b.plain, "∂L/∂x_i = ∂L/∂x̂_i /√(σ² + ε)");
    CHECK(derivation);
    CHECK_FALSE(rep.results.contains("batchnorm"));
  }
}
