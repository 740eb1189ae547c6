// The expression parser of Exercise 2. See expr.hpp for the grammar.
#include "hw6/expr.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace hw6::expr {

namespace {

class Parser {
 public:
  Parser(const std::string& s, std::vector<double>& constants) : s_(s), constants_(constants) {
    if (s_.size() > kMaxLength)
      throw SyntaxError(kMaxLength + 1, "expression longer than " + std::to_string(kMaxLength) + " characters");
  }

  void whole(std::vector<Instr>& out) {
    out_ = &out;
    expression();
    skip();
    if (i_ < s_.size()) fail("unexpected '" + std::string(1, s_[i_]) + "'");
  }
  void expression() {
    Deeper d(*this);
    term();
    for (;;) {
      if (eat('+')) term(), emit(Op::Add);
      else if (eat('-')) term(), emit(Op::Sub);
      else return;
    }
  }
  void start(std::vector<Instr>& out) { out_ = &out; }
  bool at_end() {
    skip();
    return i_ >= s_.size();
  }
  /// A comparison operator, if one follows.
  bool comparison(Cmp& op) {
    skip();
    static const std::pair<const char*, Cmp> ops[] = {{"<=", Cmp::LessEq}, {">=", Cmp::GreaterEq}, {"<", Cmp::Less}, {">", Cmp::Greater}};
    for (const auto& [text, cmp] : ops) {
      const std::string o = text;
      if (s_.compare(i_, o.size(), o) == 0) {
        i_ += o.size();
        op = cmp;
        return true;
      }
    }
    return false;
  }
  [[noreturn]] void fail(const std::string& what) const { throw SyntaxError(i_ + 1, what); }

 private:
  /// Counts nesting; refuses more than kMaxDepth levels (the recursion's only bound).
  struct Deeper {
    Parser& p;
    explicit Deeper(Parser& parser) : p(parser) {
      if (++p.depth_ > kMaxDepth) p.fail("expression nested deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    ~Deeper() { --p.depth_; }
    Deeper(const Deeper&) = delete;
    Deeper& operator=(const Deeper&) = delete;
  };
  void emit(Op op, double v = 0) { out_->push_back({op, v}); }
  void term() {
    unary();
    for (;;) {
      if (eat('*')) unary(), emit(Op::Mul);
      else if (eat('/')) unary(), emit(Op::Div);
      else return;
    }
  }
  // Each level of nesting (a parenthesis or function call, a sign, an exponent) counts once.
  void unary() {
    if (eat('-')) {
      Deeper d(*this);
      unary();
      emit(Op::Neg);
      return;
    }
    if (eat('+')) {
      Deeper d(*this);
      return unary();
    }
    power();
  }
  void power() {
    atom();
    if (eat('^')) {  // right-associative; 2^-1 allowed
      Deeper d(*this);
      unary();
      emit(Op::Pow);
    }
  }
  void atom() {
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
      emit(Op::Num, v);
      return;
    }
    if (eat('(')) {
      expression();
      if (!eat(')')) fail("expected ')'");
      return;
    }
    if (std::isalpha(static_cast<unsigned char>(c))) {
      const std::size_t start = i_;
      while (i_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[i_]))) ++i_;
      const std::string name = s_.substr(start, i_ - start);
      if (name == "x") return emit(Op::X);
      if (name == "e") return emit(Op::Num, std::exp(1.0));
      if (name == "pi") return emit(Op::Num, std::acos(-1.0));
      Op op;
      int args = 1;
      if (name == "exp") op = Op::Exp;
      else if (name == "log") op = Op::Log;
      else if (name == "sqrt") op = Op::Sqrt;
      else if (name == "abs") op = Op::Abs;
      else if (name == "min") op = Op::Min, args = 2;
      else if (name == "max") op = Op::Max, args = 2;
      else {
        i_ = start;
        fail("unknown name '" + name + "'; expected x, e, pi, exp, log, sqrt, abs, min or max");
      }
      if (!eat('(')) fail("expected '(' after " + name);
      expression();
      if (args == 2) {
        if (!eat(',')) fail(name + " takes two arguments: expected ','");
        expression();
      }
      if (!eat(')')) fail("expected ')' to close " + name + "(");
      emit(op);
      return;
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
  std::vector<Instr>* out_ = nullptr;
  std::size_t i_ = 0, depth_ = 0;
};

/// The largest stack the program needs.
std::size_t stack_needed(const std::vector<Instr>& prog) {
  std::size_t depth = 0, most = 1;
  for (const Instr& in : prog) {
    switch (in.op) {
      case Op::Num:
      case Op::X: ++depth; break;
      case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Pow: case Op::Min: case Op::Max: --depth; break;
      default: break;
    }
    most = std::max(most, depth);
  }
  return most;
}

}  // namespace

Expression Expression::parse(const std::string& text) {
  Expression e;
  e.text_ = text;
  Parser p(text, e.constants_);
  p.whole(e.program_);
  e.stack_size_ = stack_needed(e.program_);
  return e;
}

double Expression::operator()(double x) const {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  thread_local std::vector<double> stack;
  if (stack.size() < stack_size_) stack.resize(stack_size_);
  double* s = stack.data();
  std::size_t n = 0;
  for (const Instr& in : program_) {
    switch (in.op) {
      case Op::Num: s[n++] = in.value; break;
      case Op::X: s[n++] = x; break;
      case Op::Neg: s[n - 1] = -s[n - 1]; break;
      case Op::Add: --n, s[n - 1] += s[n]; break;
      case Op::Sub: --n, s[n - 1] -= s[n]; break;
      case Op::Mul: --n, s[n - 1] *= s[n]; break;
      case Op::Div: --n, s[n - 1] = s[n] == 0 ? nan : s[n - 1] / s[n]; break;
      case Op::Pow: --n, s[n - 1] = std::pow(s[n - 1], s[n]); break;  // NaN for a negative base and a fractional exponent
      case Op::Exp: s[n - 1] = std::exp(s[n - 1]); break;
      case Op::Log: s[n - 1] = s[n - 1] > 0 ? std::log(s[n - 1]) : nan; break;
      case Op::Sqrt: s[n - 1] = s[n - 1] >= 0 ? std::sqrt(s[n - 1]) : nan; break;
      case Op::Abs: s[n - 1] = std::fabs(s[n - 1]); break;
      case Op::Min: --n, s[n - 1] = std::min(s[n - 1], s[n]); break;
      case Op::Max: --n, s[n - 1] = std::max(s[n - 1], s[n]); break;
    }
  }
  return s[0];
}

double Expression::rounding_bound(double x) const {
  const double u = std::numeric_limits<double>::epsilon(), inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  struct Value {
    double v, e;  // the computed value and a bound on its error
  };
  std::vector<Value> s;
  s.reserve(stack_size_);
  auto round = [u](double v) { return u * std::fabs(v); };  // one rounding of the result
  for (const Instr& in : program_) {
    switch (in.op) {
      case Op::Num: s.push_back({in.value, 0}); continue;
      case Op::X: s.push_back({x, 0}); continue;
      default: break;
    }
    Value& a = s[s.size() - (in.op == Op::Neg || in.op == Op::Exp || in.op == Op::Log || in.op == Op::Sqrt || in.op == Op::Abs ? 1 : 2)];
    const Value b = s.back();
    switch (in.op) {
      case Op::Num:
      case Op::X: break;
      case Op::Neg: a.v = -a.v; break;
      case Op::Abs: a.v = std::fabs(a.v); break;
      case Op::Add:
      case Op::Sub:
        a.v = in.op == Op::Add ? a.v + b.v : a.v - b.v;
        a.e = a.e + b.e + round(a.v);
        break;
      case Op::Mul: {
        const double v = a.v * b.v;
        a.e = std::fabs(a.v) * b.e + std::fabs(b.v) * a.e + a.e * b.e + round(v);
        a.v = v;
        break;
      }
      case Op::Div: {
        if (b.v == 0) {
          a = {nan, nan};
          break;
        }
        const double v = a.v / b.v;
        // |(a + δa)/(b + δb) − a/b| = |δa − (a/b)δb| / |b + δb|
        a.e = std::fabs(b.v) > b.e ? (a.e + std::fabs(v) * b.e) / (std::fabs(b.v) - b.e) + round(v) : inf;
        a.v = v;
        break;
      }
      case Op::Pow: {
        const double v = std::pow(a.v, b.v);
        double e = round(v);
        if (a.e > 0 || b.e > 0) {
          // a^b is monotone in b, and in a on each side of 0: its extremes over the box of the
          // operands' errors are at the corners, or 0 when the base's range holds 0.
          double worst = 0;
          for (double da : {-a.e, a.e})
            for (double db : {-b.e, b.e}) worst = std::max(worst, std::fabs(std::pow(a.v + da, b.v + db) - v));
          if (a.v - a.e <= 0 && a.v + a.e >= 0 && b.v - b.e > 0) worst = std::max(worst, std::fabs(v));
          e += std::isnan(worst) ? inf : worst;
        }
        a = {v, e};
        break;
      }
      case Op::Exp: {
        const double v = std::exp(a.v);
        a.e = (a.e > 0 ? v * std::expm1(a.e) : 0) + round(v);
        a.v = v;
        break;
      }
      case Op::Log: {
        if (!(a.v > 0)) {
          a = {nan, nan};
          break;
        }
        const double v = std::log(a.v);
        a.e = a.e < a.v ? -std::log1p(-a.e / a.v) + round(v) : inf;
        a.v = v;
        break;
      }
      case Op::Sqrt: {
        if (!(a.v >= 0)) {
          a = {nan, nan};
          break;
        }
        const double v = std::sqrt(a.v);
        a.e = std::max(v - std::sqrt(std::max(0.0, a.v - a.e)), std::sqrt(a.v + a.e) - v) + round(v);
        a.v = v;
        break;
      }
      case Op::Min:
      case Op::Max:
        a.v = in.op == Op::Min ? std::min(a.v, b.v) : std::max(a.v, b.v);
        a.e = std::max(a.e, b.e);
        break;
    }
    if (!(in.op == Op::Neg || in.op == Op::Exp || in.op == Op::Log || in.op == Op::Sqrt || in.op == Op::Abs)) s.pop_back();
  }
  // An infinite operand on the way (0·∞ in an error term) leaves no bound on a finite result.
  return !std::isfinite(s[0].v) ? nan : std::isnan(s[0].e) ? inf : s[0].e;
}

Condition Condition::parse(const std::string& text) {
  Condition c;
  std::vector<double> constants;
  Parser p(text, constants);
  auto next_term = [&] {
    Expression e;
    e.text_ = text;
    p.start(e.program_);
    p.expression();
    e.stack_size_ = stack_needed(e.program_);
    c.terms_.push_back(std::move(e));
  };
  next_term();
  for (Cmp op; p.comparison(op);) {
    c.ops_.push_back(op);
    next_term();
  }
  if (c.ops_.empty()) p.fail("expected a comparison (<, <=, > or >=), as in \"x <= 0\" or \"0 <= x <= 1\"");
  if (!p.at_end()) p.fail("unexpected text after the condition");
  c.constants_ = constants;
  // The value of each side without x: "x <= -0.5" compares against −0.5, whose only number is 0.5
  // (the sampled method of Exercise 2 then sampled no point beside −0.5), "x < 1/3" against 1/3.
  for (const Expression& t : c.terms_) {
    const bool has_x = std::any_of(t.program_.begin(), t.program_.end(), [](const Instr& in) { return in.op == Op::X; });
    const double v = has_x ? 0.0 : t(0.0);
    if (!has_x && std::isfinite(v) && std::find(c.constants_.begin(), c.constants_.end(), v) == c.constants_.end()) c.constants_.push_back(v);
  }
  return c;
}

bool Condition::operator()(double x) const {
  for (std::size_t k = 0; k < ops_.size(); ++k) {
    const double a = terms_[k](x), b = terms_[k + 1](x);
    bool ok = false;
    switch (ops_[k]) {
      case Cmp::Less: ok = a < b; break;
      case Cmp::LessEq: ok = a <= b; break;
      case Cmp::Greater: ok = a > b; break;
      case Cmp::GreaterEq: ok = a >= b; break;
    }
    if (!ok) return false;
  }
  return true;
}

namespace {

/// A LaTeX fragment and how tightly it binds: 0 a sum, 1 a product, 2 a negation, 3 a power,
/// 4 an atom (a number, the variable, a fraction, a function, a parenthesized group).
struct Tex {
  std::string s;
  int level = 4;
  bool number = false;  ///< a number literal (so that 2x may be written without a dot)
};

}  // namespace

std::string number_latex(double v) {
  if (v == std::exp(1.0)) return "e";
  if (v == std::acos(-1.0)) return "\\pi";
  if (std::isinf(v)) return v < 0 ? "-\\infty" : "\\infty";
  if (std::isnan(v)) return "\\mathrm{NaN}";
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  std::string t(buf, res.ptr);
  const auto e = t.find('e');
  if (e == std::string::npos) return t;
  const int exponent = std::atoi(t.c_str() + e + 1);
  if (exponent >= -6 && exponent < 16) {  // 100000 as 100000 (shortest is 1e+05), 1e-05 as 0.00001
    const auto fixed = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    return std::string(buf, fixed.ptr);
  }
  const std::string mantissa = t.substr(0, e);
  return (mantissa == "1" ? std::string() : mantissa + " \\times ") + "10^{" + std::to_string(exponent) + "}";
}

namespace {

std::string group(const Tex& t) { return "\\left(" + t.s + "\\right)"; }

}  // namespace

std::string to_latex(const Expression& e, const std::string& var) {
  std::vector<Tex> st;
  for (const Instr& in : e.program()) {
    if (in.op == Op::Num) {
      // A number written with a power of ten binds like a product: grouped as a base, (10^{5})^{x}.
      const std::string t = number_latex(in.value);
      st.push_back({t, t.find("10^{") == std::string::npos ? 4 : 1, true});
      continue;
    }
    if (in.op == Op::X) {
      st.push_back({var, 4, false});
      continue;
    }
    const bool binary = in.op == Op::Add || in.op == Op::Sub || in.op == Op::Mul || in.op == Op::Div || in.op == Op::Pow ||
                        in.op == Op::Min || in.op == Op::Max;
    Tex b = st.back();
    st.pop_back();
    Tex a;
    if (binary) a = st.back(), st.pop_back();
    Tex out;
    switch (in.op) {
      // A sum after a minus sign is grouped, and so is any term that starts with a minus after a
      // sign: a − (b + c), a − (−b), a + (−2x), −(−2x).
      case Op::Neg: out = {"-" + (b.level == 0 || b.s[0] == '-' ? group(b) : b.s), 2, b.number && b.level == 4}; break;
      case Op::Add: out = {a.s + " + " + (b.s[0] == '-' ? group(b) : b.s), 0}; break;
      case Op::Sub: out = {a.s + " - " + (b.level == 0 || b.s[0] == '-' ? group(b) : b.s), 0}; break;
      case Op::Mul: {
        const std::string l = a.level < 1 ? group(a) : a.s, r = b.level < 3 ? group(b) : b.s;
        // 2x, 2e^{x}, but 2 \cdot 3^{x} (not "2 3^{x}"), 2 \cdot \frac{1}{2} (not a mixed
        // number), e \cdot e^{x}, 2 \cdot \pi.
        const std::size_t lead = a.s[0] == '-' ? 1 : 0;  // −10μ: a negated number is juxtaposed too
        const bool juxtapose = a.number && (a.level == 4 || a.level == 2) && std::isdigit(static_cast<unsigned char>(a.s[lead])) && !b.number && b.level >= 3 &&
                               !std::isdigit(static_cast<unsigned char>(b.s[0])) && b.s.rfind("\\frac", 0) != 0;
        out = {l + (juxtapose ? " " : " \\cdot ") + r, 1};
        break;
      }
      case Op::Div: out = {"\\frac{" + a.s + "}{" + b.s + "}", 4}; break;
      case Op::Pow: {  // a fraction or a logarithm as the base is grouped too: (1/x)², (ln x)²
        const bool wrap = a.level <= 3 || a.s.rfind("\\frac", 0) == 0 || a.s.rfind("\\ln", 0) == 0;
        out = {(wrap ? group(a) : a.s) + "^{" + b.s + "}", 3};
        break;
      }
      case Op::Exp: out = {"e^{" + b.s + "}", 3}; break;
      case Op::Log: out = {"\\ln" + group(b), 4}; break;
      case Op::Sqrt: out = {"\\sqrt{" + b.s + "}", 4}; break;
      case Op::Abs: out = {"\\left|" + b.s + "\\right|", 4}; break;
      case Op::Min: out = {"\\min\\left(" + a.s + ", " + b.s + "\\right)", 4}; break;
      case Op::Max: out = {"\\max\\left(" + a.s + ", " + b.s + "\\right)", 4}; break;
      case Op::Num:
      case Op::X: break;
    }
    st.push_back(out);
  }
  return st.empty() ? std::string() : st.back().s;
}

std::string to_latex(const Condition& c, const std::string& var) {
  std::string out = to_latex(c.terms()[0], var);
  for (std::size_t k = 0; k < c.ops().size(); ++k) {
    const Cmp op = c.ops()[k];
    out += op == Cmp::Less ? " < " : op == Cmp::LessEq ? " \\le " : op == Cmp::Greater ? " > " : " \\ge ";
    out += to_latex(c.terms()[k + 1], var);
  }
  return out;
}

}  // namespace hw6::expr
