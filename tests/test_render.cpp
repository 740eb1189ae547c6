#include "hw6/plot.hpp"
#include "hw6/render.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

TEST_SUITE("render") {
  TEST_CASE("numbers for people") {
    CHECK(hw6::format_number(3.0) == "3");
    CHECK(hw6::format_number(-0.0) == "0");
    CHECK(hw6::format_number(1.0 / 3.0) == "0.333333");
    CHECK(hw6::format_number(INFINITY) == "inf");
    CHECK(hw6::format_count(4296658176LL) == "4,296,658,176");
    CHECK(hw6::format_count(999) == "999");
    CHECK(hw6::format_count(-1000) == "-1,000");
  }

  TEST_CASE("matrices are aligned by column") {
    Eigen::MatrixXd m(2, 2);
    m << 1, -20, 300, 4;
    CHECK(hw6::format_matrix(m) == "[   1 -20 ]\n[ 300   4 ]");
    CHECK(hw6::format_column(Eigen::Vector3d(1, 2, 3)) == "(1, 2, 3)ᵀ");
  }

  TEST_CASE("a tolerance check writes an infinite or NaN error in words, not inf or nan") {
    const hw6::Check inf = hw6::tolerance_check("c", std::numeric_limits<double>::infinity(), 1e-6, "largest difference");
    CHECK_FALSE(inf.passed);
    CHECK(inf.detail == "largest difference: ∞ (tolerance 1.000e-06)");
    const hw6::Check nan = hw6::tolerance_check("c", std::numeric_limits<double>::quiet_NaN(), 1e-6, "largest difference");
    CHECK_FALSE(nan.passed);
    CHECK(nan.detail == "largest difference: not a number (NaN) (tolerance 1.000e-06)");
    CHECK(hw6::tolerance_check("c", 2.5e-7, 1e-6, "d").detail == "d: 2.500e-07 (tolerance 1.000e-06)");
  }

  TEST_CASE("round-off is shown as 0 in text, not in JSON") {
    Eigen::Vector2d v(1.0, 1e-17);
    CHECK(hw6::format_column(v) == "(1, 0)ᵀ");
  }

  TEST_CASE("a report renders to text and markdown with all its blocks") {
    hw6::Report r;
    r.exercise = 9;
    r.title = "Test";
    r.problem_source = "here";
    hw6::Step s("1(a)", "First");
    s.para("Words.").formula("a = b", "a = b").matrix("M", "M", Eigen::Matrix2d::Identity());
    r.steps.push_back(s);
    r.checks.push_back({"c", false, "d"});
    const std::string text = hw6::render_text(r, {});
    CHECK(text.find("1(a)  First") != std::string::npos);
    CHECK(text.find("[FAILED] c") != std::string::npos);
    const std::string md = hw6::render_markdown(r, "");
    CHECK(md.find("### 1(a) First") != std::string::npos);
    CHECK(md.find("\\begin{bmatrix}1 & 0 \\\\ 0 & 1\\end{bmatrix}") != std::string::npos);
    CHECK_FALSE(r.all_checks_passed());
  }

  TEST_CASE("a formula whose LaTeX loses a printed value is shown plain; a value with an exponent may change its notation") {
    // The plain form's 2.5e-06 is kept as 2.5 \\times 10^{-6}, 1e-05 as 0.00001 or 10^{-5}; losing the
    // mantissa or the whole value (as ex4's dropped "duality gap below 1e-8" did) falls back.
    const auto shown_as_latex = [](const std::string& plain, const std::string& latex) {
      hw6::Report r;
      hw6::Step s("1", "One");
      s.formula(plain, latex);
      r.steps.push_back(s);
      return hw6::render_markdown(r, "").find("$$") != std::string::npos;
    };
    CHECK(shown_as_latex("gap = 2.5e-06", "\\text{gap} = 2.5 \\times 10^{-6}"));
    CHECK(shown_as_latex("x = 1e-05 + mu", "x = 0.00001 + \\mu"));
    CHECK(shown_as_latex("x = 1e-05 + mu", "x = 10^{-5} + \\mu"));
    CHECK(shown_as_latex("gap below 1e-8", "\\text{gap below 1e-8}"));
    CHECK_FALSE(shown_as_latex("gap = 2.5e-06", "\\text{gap} = 10^{-6}"));
    CHECK_FALSE(shown_as_latex("D = 5.1\ngap below 1e-8", "D = 5.1"));
    CHECK_FALSE(shown_as_latex("x = 3e-05", "x = 0.00001"));
  }

  TEST_CASE("plot ticks are nice numbers covering the range") {
    auto t = hw6::plot::nice_ticks(0.0, 1.0, 5);
    REQUIRE(t.size() == 6);
    CHECK(t.front() == doctest::Approx(0.0));
    CHECK(t[1] == doctest::Approx(0.2));
    CHECK(t.back() == doctest::Approx(1.0));
    hw6::plot::Plot p;
    p.series.push_back({"s", {0, 1}, {0, 1}});
    const std::string svg = hw6::plot::render_svg(p);
    CHECK(svg.rfind("<svg", 0) == 0);
    CHECK(svg.find("</svg>") != std::string::npos);
    CHECK(svg.find("nan") == std::string::npos);
  }
}
