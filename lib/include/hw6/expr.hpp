#pragma once
/// Expressions in one variable x for Exercise 2, by a small recursive-descent parser:
///   expr  := term (('+' | '-') term)*          term := unary (('*' | '/') unary)*
///   unary := '-' unary | power                 power := atom ('^' unary)?   (right-associative)
///   atom  := number | x | e | pi | f '(' expr ')' | min/max '(' expr ',' expr ')' | '(' expr ')'
/// with f ∈ {exp, log, sqrt, abs}. So -x^2 = −(x²) and 2^3^2 = 2⁹, as the contract says.
/// Conditions: expr (< | <= | > | >=) expr, chained as in "0 <= x <= 1".
///
/// An expression is compiled once into a postfix program and evaluated by a loop over it with a
/// value stack: time linear in its length, no recursion (a sum of 5,000 terms is a flat loop).
/// The parser recurses only on nesting (parentheses, unary minus, function calls, exponents) and
/// refuses nesting deeper than kMaxDepth and text longer than kMaxLength with a SyntaxError.
/// Evaluation outside a function's domain (log of x ≤ 0, sqrt of x < 0, division by 0) gives NaN,
/// which the callers treat as "x is outside the function's domain".
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace hw6::expr {

constexpr std::size_t kMaxDepth = 200;
constexpr std::size_t kMaxLength = 100000;

/// A syntax error at a 1-based column.
class SyntaxError : public std::runtime_error {
 public:
  SyntaxError(std::size_t column, const std::string& what) : std::runtime_error(what), column_(column) {}
  std::size_t column() const { return column_; }

 private:
  std::size_t column_;
};

/// One instruction of the postfix program: Num pushes `value`, X pushes x, Neg/Exp/Log/Sqrt/Abs
/// replace the top, the binary operations pop b then a and push a op b.
enum class Op { Num, X, Neg, Add, Sub, Mul, Div, Pow, Exp, Log, Sqrt, Abs, Min, Max };
struct Instr {
  Op op = Op::Num;
  double value = 0;
};

class Expression {
 public:
  /// Throws SyntaxError.
  static Expression parse(const std::string& text);
  double operator()(double x) const;
  /// A bound on |operator()(x) − the exact value of the expression at x| (the numbers as written
  /// taken as the doubles they parse to): a running error bound, each operation and library
  /// function rounding its result by at most one ulp and passing on its operands' errors through
  /// its derivative. exp(x) − exp(x) at x = 50 is 0 ± 2.3e6; +∞ where the operands' errors reach
  /// a pole or the edge of a domain (1/x with x = 0 ± ε), NaN where the value is NaN.
  double rounding_bound(double x) const;
  const std::string& text() const { return text_; }
  /// Numbers that appear in the expression (candidates for breakpoints of min, max, abs).
  const std::vector<double>& constants() const { return constants_; }
  /// The postfix program (for symbolic analysis).
  const std::vector<Instr>& program() const { return program_; }

 private:
  friend class Condition;
  std::vector<Instr> program_;
  std::size_t stack_size_ = 1;
  std::string text_;
  std::vector<double> constants_;
};

/// The comparison operators of a condition.
enum class Cmp { Less, LessEq, Greater, GreaterEq };

class Condition {
 public:
  static Condition parse(const std::string& text);
  bool operator()(double x) const;
  /// The numbers compared against (the breakpoints of a piecewise function): the value of each
  /// side without x (−0.5 in "x <= -0.5", 1/3 in "x < 1/3"), and the numbers written in it.
  const std::vector<double>& constants() const { return constants_; }
  /// terms()[k] ops()[k] terms()[k+1] for every k.
  const std::vector<Expression>& terms() const { return terms_; }
  const std::vector<Cmp>& ops() const { return ops_; }

 private:
  std::vector<Expression> terms_;
  std::vector<Cmp> ops_;
  std::vector<double> constants_;
};

/// The expression in LaTeX, for Markdown: x written as `var`, a/b as \frac{a}{b}, exp(a) as e^{a},
/// log as \ln, the constants e and π by name, other numbers in their shortest round-trip form
/// (1e-05 as 1 \times 10^{-5}); parentheses only where precedence needs them.
std::string to_latex(const Expression& e, const std::string& var = "x");
/// A number in LaTeX: e and π by name, ±∞, the shortest round-trip form otherwise, with a power of
/// ten for an exponent (2.5e-07 as 2.5 \\times 10^{-7}).
std::string number_latex(double v);
/// A condition in LaTeX (≤ as \le, and so on), its terms as to_latex writes them.
std::string to_latex(const Condition& c, const std::string& var = "x");

}  // namespace hw6::expr
