// The expression parser of Exercise 2. See expr.hpp for the grammar.
#include "hw6/expr.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace hw6::expr {

struct Node {
  enum class Op { Num, X, Neg, Add, Sub, Mul, Div, Pow, Exp, Log, Sqrt, Abs, Min, Max } op = Op::Num;
  double value = 0;
  std::shared_ptr<const Node> a, b;
  double eval(double x) const {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    switch (op) {
      case Op::Num: return value;
      case Op::X: return x;
      case Op::Neg: return -a->eval(x);
      case Op::Add: return a->eval(x) + b->eval(x);
      case Op::Sub: return a->eval(x) - b->eval(x);
      case Op::Mul: return a->eval(x) * b->eval(x);
      case Op::Div: {
        const double d = b->eval(x);
        return d == 0 ? nan : a->eval(x) / d;
      }
      case Op::Pow: return std::pow(a->eval(x), b->eval(x));  // NaN for a negative base and a fractional exponent
      case Op::Exp: return std::exp(a->eval(x));
      case Op::Log: {
        const double v = a->eval(x);
        return v > 0 ? std::log(v) : nan;
      }
      case Op::Sqrt: {
        const double v = a->eval(x);
        return v >= 0 ? std::sqrt(v) : nan;
      }
      case Op::Abs: return std::fabs(a->eval(x));
      case Op::Min: return std::min(a->eval(x), b->eval(x));
      case Op::Max: return std::max(a->eval(x), b->eval(x));
    }
    return nan;
  }
};

namespace {

using NodeP = std::shared_ptr<const Node>;

NodeP make(Node::Op op, NodeP a = nullptr, NodeP b = nullptr, double v = 0) {
  auto n = std::make_shared<Node>();
  n->op = op;
  n->a = std::move(a);
  n->b = std::move(b);
  n->value = v;
  return n;
}

class Parser {
 public:
  Parser(const std::string& s, std::vector<double>& constants) : s_(s), constants_(constants) {}

  NodeP whole() {
    NodeP n = expression();
    skip();
    if (i_ < s_.size()) fail("unexpected '" + std::string(1, s_[i_]) + "'");
    return n;
  }
  NodeP expression() {
    NodeP n = term();
    for (;;) {
      if (eat('+')) n = make(Node::Op::Add, n, term());
      else if (eat('-')) n = make(Node::Op::Sub, n, term());
      else return n;
    }
  }
  std::size_t pos() const { return i_; }
  bool at_end() {
    skip();
    return i_ >= s_.size();
  }
  /// A comparison operator, or "".
  std::string comparison() {
    skip();
    for (const char* op : {"<=", ">=", "<", ">"}) {
      const std::string o = op;
      if (s_.compare(i_, o.size(), o) == 0) {
        i_ += o.size();
        return o;
      }
    }
    return "";
  }
  [[noreturn]] void fail(const std::string& what) const { throw SyntaxError(i_ + 1, what); }

 private:
  NodeP term() {
    NodeP n = unary();
    for (;;) {
      if (eat('*')) n = make(Node::Op::Mul, n, unary());
      else if (eat('/')) n = make(Node::Op::Div, n, unary());
      else return n;
    }
  }
  NodeP unary() {
    if (eat('-')) return make(Node::Op::Neg, unary());
    if (eat('+')) return unary();
    return power();
  }
  NodeP power() {
    NodeP base = atom();
    if (eat('^')) return make(Node::Op::Pow, base, unary());  // right-associative; 2^-1 allowed
    return base;
  }
  NodeP atom() {
    skip();
    if (i_ >= s_.size()) fail("expected a number, x, a function or '(' but the expression ends");
    const char c = s_[i_];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      const char* start = s_.c_str() + i_;
      char* end = nullptr;
      const double v = std::strtod(start, &end);
      if (end == start) fail("malformed number");
      i_ += static_cast<std::size_t>(end - start);
      if (!std::isfinite(v)) fail("number out of range");
      constants_.push_back(v);
      return make(Node::Op::Num, nullptr, nullptr, v);
    }
    if (eat('(')) {
      NodeP n = expression();
      if (!eat(')')) fail("expected ')'");
      return n;
    }
    if (std::isalpha(static_cast<unsigned char>(c))) {
      const std::size_t start = i_;
      while (i_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[i_]))) ++i_;
      const std::string name = s_.substr(start, i_ - start);
      if (name == "x") return make(Node::Op::X);
      if (name == "e") return make(Node::Op::Num, nullptr, nullptr, std::exp(1.0));
      if (name == "pi") return make(Node::Op::Num, nullptr, nullptr, std::acos(-1.0));
      Node::Op op;
      int args = 1;
      if (name == "exp") op = Node::Op::Exp;
      else if (name == "log") op = Node::Op::Log;
      else if (name == "sqrt") op = Node::Op::Sqrt;
      else if (name == "abs") op = Node::Op::Abs;
      else if (name == "min") op = Node::Op::Min, args = 2;
      else if (name == "max") op = Node::Op::Max, args = 2;
      else {
        i_ = start;
        fail("unknown name '" + name + "'; expected x, e, pi, exp, log, sqrt, abs, min or max");
      }
      if (!eat('(')) fail("expected '(' after " + name);
      NodeP a = expression(), b;
      if (args == 2) {
        if (!eat(',')) fail(name + " takes two arguments: expected ','");
        b = expression();
      }
      if (!eat(')')) fail("expected ')' to close " + name + "(");
      return make(op, a, b);
    }
    fail("unexpected '" + std::string(1, c) + "'");
  }
  void skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool eat(char c) {
    skip();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  const std::string& s_;
  std::vector<double>& constants_;
  std::size_t i_ = 0;
};

}  // namespace

Expression Expression::parse(const std::string& text) {
  Expression e;
  e.text_ = text;
  Parser p(text, e.constants_);
  e.root_ = p.whole();
  return e;
}

double Expression::operator()(double x) const { return root_->eval(x); }

Condition Condition::parse(const std::string& text) {
  Condition c;
  std::vector<double> constants;
  Parser p(text, constants);
  Expression first;
  first.text_ = text;
  first.root_ = p.expression();
  c.terms_.push_back(first);
  for (;;) {
    const std::string op = p.comparison();
    if (op.empty()) break;
    Expression next;
    next.text_ = text;
    next.root_ = p.expression();
    c.ops_.push_back(op);
    c.terms_.push_back(next);
  }
  if (c.ops_.empty()) p.fail("expected a comparison (<, <=, > or >=), as in \"x <= 0\" or \"0 <= x <= 1\"");
  if (!p.at_end()) p.fail("unexpected text after the condition");
  c.constants_ = constants;
  return c;
}

bool Condition::operator()(double x) const {
  for (std::size_t k = 0; k < ops_.size(); ++k) {
    const double a = terms_[k](x), b = terms_[k + 1](x);
    const std::string& op = ops_[k];
    const bool ok = op == "<" ? a < b : op == "<=" ? a <= b : op == ">" ? a > b : a >= b;
    if (!ok) return false;
  }
  return true;
}

}  // namespace hw6::expr
