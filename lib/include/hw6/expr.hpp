#pragma once
/// Expressions in one variable x for Exercise 2, by a small recursive-descent parser:
///   expr  := term (('+' | '-') term)*          term := unary (('*' | '/') unary)*
///   unary := '-' unary | power                 power := atom ('^' unary)?   (right-associative)
///   atom  := number | x | e | pi | f '(' expr ')' | min/max '(' expr ',' expr ')' | '(' expr ')'
/// with f ∈ {exp, log, sqrt, abs}. So -x^2 = −(x²) and 2^3^2 = 2⁹, as the contract says.
/// Conditions: expr (< | <= | > | >=) expr, chained as in "0 <= x <= 1".
/// Evaluation outside a function's domain (log of x ≤ 0, sqrt of x < 0, division by 0) gives NaN,
/// which the callers treat as "x is outside the function's domain".
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace hw6::expr {

/// A syntax error at a 1-based column.
class SyntaxError : public std::runtime_error {
 public:
  SyntaxError(std::size_t column, const std::string& what) : std::runtime_error(what), column_(column) {}
  std::size_t column() const { return column_; }

 private:
  std::size_t column_;
};

struct Node;

class Expression {
 public:
  /// Throws SyntaxError.
  static Expression parse(const std::string& text);
  double operator()(double x) const;
  const std::string& text() const { return text_; }
  /// Numbers that appear in the expression (candidates for breakpoints of min, max, abs).
  const std::vector<double>& constants() const { return constants_; }

 private:
  friend class Condition;
  std::shared_ptr<const Node> root_;
  std::string text_;
  std::vector<double> constants_;
};

class Condition {
 public:
  static Condition parse(const std::string& text);
  bool operator()(double x) const;
  /// The numbers compared against (the breakpoints of a piecewise function).
  const std::vector<double>& constants() const { return constants_; }

 private:
  std::vector<Expression> terms_;
  std::vector<std::string> ops_;
  std::vector<double> constants_;
};

}  // namespace hw6::expr
