#include "hw6/expr.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

using hw6::expr::Condition;
using hw6::expr::Expression;
using hw6::expr::SyntaxError;

namespace {
std::size_t error_column(const std::string& text) {
  try {
    Expression::parse(text);
  } catch (const SyntaxError& e) {
    return e.column();
  }
  return 0;
}
}  // namespace

TEST_SUITE("expr") {
  TEST_CASE("precedence and associativity as the contract says") {
    CHECK(Expression::parse("-x^2")(3) == -9);          // −(x²)
    CHECK(Expression::parse("2^3^2")(0) == 512);        // 2^(3^2)
    CHECK(Expression::parse("1 + 2 * 3")(0) == 7);
    CHECK(Expression::parse("(1 + 2) * 3")(0) == 9);
    CHECK(Expression::parse("2^-1")(0) == 0.5);
    CHECK(Expression::parse("8 / 4 / 2")(0) == 1);      // left-associative
    CHECK(Expression::parse("x - 1 - 1")(5) == 3);
  }

  TEST_CASE("rounding_bound bounds the error of the evaluation") {
    // exp(x) − exp(x) is exactly 0; abs(x) + exp(x) − exp(x) at x = 50 evaluates to 0 (50 is
    // lost beside e⁵⁰ ≈ 5.2e21, whose ulp is 2²⁰), so its bound must exceed 50.
    const Expression e = Expression::parse("abs(x) + exp(x) - exp(x)");
    CHECK(e(50) != 50);
    CHECK(e.rounding_bound(50) >= std::fabs(e(50) - 50));
    CHECK(e.rounding_bound(50) < 1e-14 * std::exp(50.0));  // a few ulps of e⁵⁰, not more
    // Exact operations on exact operands: no rounding.
    CHECK(Expression::parse("x^2 - 1")(1) == 0);
    CHECK(Expression::parse("x^2").rounding_bound(0) == 0);
    CHECK(Expression::parse("x + 1").rounding_bound(2) <= 3 * std::numeric_limits<double>::epsilon());
    // (0.1 + 0.2) − 0.3 in doubles is 5.55e-17; the exact sum of those three doubles, 2.78e-17
    // (exact in long double: their exponents differ by at most 2).
    const Expression t = Expression::parse("x + 0.2 - 0.3");
    const long double exact = static_cast<long double>(0.1) + static_cast<long double>(0.2) - static_cast<long double>(0.3);
    CHECK(t(0.1) != static_cast<double>(exact));
    CHECK(t.rounding_bound(0.1) >= static_cast<double>(std::fabs(static_cast<long double>(t(0.1)) - exact)));
    // Through a pole: 1/(x − 1) near 1 with x − 1 rounded.
    CHECK(Expression::parse("1/(x*3 - 3)").rounding_bound(1 + 1e-15) > 0);
    CHECK(std::isnan(Expression::parse("log(x)").rounding_bound(-1)));
    CHECK(Expression::parse("sqrt(x) + log(x) + min(x, 2)/max(x, 3)").rounding_bound(2) < 1e-14);
  }

  TEST_CASE("a condition's constants include the values it compares x against") {
    // "x <= -0.5" has the number 0.5 only; the breakpoint is −0.5 (and 1/3 for "x < 1/3").
    auto has = [](const Condition& c, double v) { return std::find(c.constants().begin(), c.constants().end(), v) != c.constants().end(); };
    CHECK(has(Condition::parse("-1 < x <= -0.5"), -0.5));
    CHECK(has(Condition::parse("-1 < x <= -0.5"), -1));
    CHECK(has(Condition::parse("x < 1/3"), 1.0 / 3));
    CHECK(has(Condition::parse("x >= 2"), 2));
  }

  TEST_CASE("functions and constants") {
    CHECK(Expression::parse("exp(x)")(0) == 1);
    CHECK(Expression::parse("log(e)")(0) == doctest::Approx(1));
    CHECK(Expression::parse("sqrt(x)")(16) == 4);
    CHECK(Expression::parse("abs(x - 3)")(1) == 2);
    CHECK(Expression::parse("min(x, 2) + max(x, 2)")(5) == 7);
    CHECK(Expression::parse("1e-3 * x")(1000) == doctest::Approx(1));
  }

  TEST_CASE("outside the domain is NaN, never a number") {
    CHECK(std::isnan(Expression::parse("log(x)")(-1)));
    CHECK(std::isnan(Expression::parse("log(x)")(0)));
    CHECK(std::isnan(Expression::parse("sqrt(x)")(-4)));
    CHECK(std::isnan(Expression::parse("1 / x")(0)));
  }

  TEST_CASE("syntax errors carry the column") {
    CHECK(error_column("x +") == 4);
    CHECK(error_column("2 * (x + 1") == 11);
    CHECK(error_column("sin(x)") == 1);
    CHECK(error_column("x ^^ 2") == 4);
    CHECK(error_column("max(x)") == 6);
    CHECK(error_column("x 2") == 3);
  }

  TEST_CASE("conditions, chained") {
    Condition c = Condition::parse("0 <= x <= 1");
    CHECK(c(0));
    CHECK(c(1));
    CHECK_FALSE(c(1.5));
    CHECK_FALSE(c(-0.1));
    CHECK(Condition::parse("x > 1")(2));
    CHECK_FALSE(Condition::parse("x < 0")(0));
    CHECK_THROWS_AS(Condition::parse("x + 1"), SyntaxError);
  }

  TEST_CASE("nesting deeper than the limit is a syntax error, not a stack overflow") {
    // 10,000 unary minus signs: the parser recurses once per sign, so it must stop at kMaxDepth.
    const std::string deep = std::string(10000, '-') + "x";
    try {
      Expression::parse(deep);
      FAIL("no error");
    } catch (const SyntaxError& e) {
      CHECK(std::string(e.what()) == "expression nested deeper than 200 levels");
      CHECK(e.column() <= 201);
    }
    // 200 levels are fine: an even number of minus signs is x itself.
    CHECK(Expression::parse(std::string(198, '-') + "x")(3) == 3);
    std::string tower = "x";
    for (int k = 0; k < 5000; ++k) tower += "^x";
    CHECK_THROWS_AS(Expression::parse(tower), SyntaxError);
    std::string parens = std::string(150, '(') + "x" + std::string(150, ')');
    CHECK(Expression::parse(parens)(2) == 2);
    CHECK_THROWS_AS(Expression::parse(std::string(300, '(') + "x" + std::string(300, ')')), SyntaxError);
    CHECK_THROWS_AS(Expression::parse(std::string(hw6::expr::kMaxLength + 1, ' ')), SyntaxError);
  }

  TEST_CASE("a sum of 5,001 terms is a flat program evaluated in linear time") {
    std::string sum = "x";
    for (int k = 0; k < 5000; ++k) sum += "+x";
    const Expression e = Expression::parse(sum);
    CHECK(e.program().size() == 10001);  // 5,001 pushes of x and 5,000 additions
    CHECK(e(2) == 10002);
    // (x - 1)^2 as a postfix program: x 1 - 2 ^.
    const Expression q = Expression::parse("(x - 1)^2");
    REQUIRE(q.program().size() == 5);
    CHECK(q.program()[4].op == hw6::expr::Op::Pow);
    CHECK(q(4) == 9);
  }
}

TEST_CASE("expressions in LaTeX: precedence kept, no parenthesis that precedence does not need") {
  using hw6::expr::Condition;
  using hw6::expr::Expression;
  const std::pair<const char*, const char*> cases[] = {
      {"x", "x"},
      {"x^2", "x^{2}"},
      {"-x^2", "-x^{2}"},
      {"(-x)^2", "\\left(-x\\right)^{2}"},
      {"(x + 1)^2", "\\left(x + 1\\right)^{2}"},
      {"2^3^2", "2^{3^{2}}"},
      {"(2^3)^2", "\\left(2^{3}\\right)^{2}"},
      {"1 - x", "1 - x"},
      {"1 - (x - 2)", "1 - \\left(x - 2\\right)"},
      {"1 - 2*x", "1 - 2 x"},
      {"x - -x", "x - \\left(-x\\right)"},
      {"x*(x + 1)", "x \\cdot \\left(x + 1\\right)"},
      {"(x + 1)*x", "\\left(x + 1\\right) \\cdot x"},
      {"-1/(4*x)", "\\frac{-1}{4 x}"},  // the grammar binds unary minus tighter than /
      {"2*3^x", "2 \\cdot 3^{x}"},
      {"-10*x - x^2/4", "-10 x - \\frac{x^{2}}{4}"},
      {"x*-2 + (-2)^x", "x \\cdot \\left(-2\\right) + \\left(-2\\right)^{x}"},
      {"2*x^2 + 2*exp(x) + 2*-x", "2 x^{2} + 2 e^{x} + 2 \\cdot \\left(-x\\right)"},
      {"(1/x)^2", "\\left(\\frac{1}{x}\\right)^{2}"},
      {"log(x)^2 + (1e5)^x + 2*(1/2)*x + e*exp(x)", "\\left(\\ln\\left(x\\right)\\right)^{2} + 100000^{x} + 2 \\cdot \\frac{1}{2} \\cdot x + e \\cdot e^{x}"},
      {"(1e20)^x + x^2 - -2*x + -(-2*x)", "\\left(10^{20}\\right)^{x} + x^{2} - \\left(-2 x\\right) + \\left(-\\left(-2 x\\right)\\right)"},
      {"exp(-x) + log(x) + sqrt(x) + abs(x - 1)", "e^{-x} + \\ln\\left(x\\right) + \\sqrt{x} + \\left|x - 1\\right|"},
      {"min(x, 1) + max(0, x)", "\\min\\left(x, 1\\right) + \\max\\left(0, x\\right)"},
      {"e*pi + 0.25 + 1e-5 + 1e-7 + 100000 + 2.5e300", "e \\cdot \\pi + 0.25 + 0.00001 + 10^{-7} + 100000 + 2.5 \\times 10^{300}"},
  };
  for (const auto& [text, tex] : cases) {
    CAPTURE(text);
    CHECK(hw6::expr::to_latex(Expression::parse(text)) == tex);
  }
  CHECK(hw6::expr::to_latex(Expression::parse("x - x^2/4"), "\\mu") == "\\mu - \\frac{\\mu^{2}}{4}");
  CHECK(hw6::expr::to_latex(Condition::parse("0 <= x < 1")) == "0 \\le x < 1");
  CHECK(hw6::expr::to_latex(Condition::parse("x >= 2")) == "x \\ge 2");
}
