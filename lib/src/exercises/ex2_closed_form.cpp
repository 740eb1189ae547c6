// Exercise 2's dual function in closed form. The method is described in ex2.hpp (namespace
// closed); here: forms and their arithmetic, expressions and piecewise functions split into cells,
// the infimum of a form over an open cell case by case, the μ-intervals on which one case holds,
// the formulas printed in the problem language, q*, the multipliers and f*.
#include "hw6/exercises/ex2.hpp"
#include "hw6/numeric.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace hw6::ex2::closed {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
/// Two values of q (or f) are equal when they differ by at most this, relative to 1 + |value|.
constexpr double kTol = 1e-10;

bool close(double a, double b) {
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::fabs(a - b) <= kTol * (1 + std::max(std::fabs(a), std::fabs(b)));
}

// ---------------------------------------------------------------------------------------------
// Forms

bool is_const(const Form& f) { return f.b == 0 && f.c == 0 && f.d == 0 && f.e == 0; }
bool is_poly(const Form& f) { return f.d == 0 && f.e == 0; }
Form add(const Form& p, const Form& q) { return {p.a + q.a, p.b + q.b, p.c + q.c, p.d + q.d, p.e + q.e}; }
Form scale(const Form& p, double k) { return {k * p.a, k * p.b, k * p.c, k * p.d, k * p.e}; }
Form sub(const Form& p, const Form& q) { return add(p, scale(q, -1)); }
bool same(const Form& p, const Form& q) { return p.a == q.a && p.b == q.b && p.c == q.c && p.d == q.d && p.e == q.e; }

Form mul(const Form& p, const Form& q) {
  if (is_const(q)) return scale(p, q.a);
  if (is_const(p)) return scale(q, p.a);
  if (is_poly(p) && is_poly(q) && p.c == 0 && q.c == 0) return {p.a * q.a, p.a * q.b + p.b * q.a, p.b * q.b, 0, 0};
  throw OutOfClass("a product that is not a polynomial of degree at most 2 in x");
}

/// The kind of the form's nonlinear term, for the class check: at most one of x², eˣ, e⁻ˣ.
void check_class(const Form& f) {
  const int n = (f.c != 0) + (f.d != 0) + (f.e != 0);
  if (n > 1) throw OutOfClass("a piece mixes x^2, exp(x) and exp(-x)");
}

// ---------------------------------------------------------------------------------------------
// Piecewise forms: cells[2i] is the open interval before bps[i], cells[2i+1] the point bps[i].

struct Pw {
  std::vector<double> bps;
  std::vector<Form> cells;  // 2·bps.size() + 1
};

double rep(double l, double r) {
  if (std::isinf(l) && std::isinf(r)) return 0;
  if (std::isinf(l)) return r - 1;
  if (std::isinf(r)) return l + 1;
  return 0.5 * (l + r);
}

std::size_t locate_point(const Pw& p, double x) {
  const auto it = std::lower_bound(p.bps.begin(), p.bps.end(), x);
  const std::size_t i = static_cast<std::size_t>(it - p.bps.begin());
  return (it != p.bps.end() && *it == x) ? 2 * i + 1 : 2 * i;
}

/// The cell of p that contains cell k of the partition `bps` (which refines p's).
const Form& cell_of(const Pw& p, const std::vector<double>& bps, std::size_t k) {
  if (k % 2 == 1) return p.cells[locate_point(p, bps[k / 2])];
  const double l = k == 0 ? -kInf : bps[k / 2 - 1], r = k / 2 == bps.size() ? kInf : bps[k / 2];
  return p.cells[locate_point(p, rep(l, r))];
}

std::vector<double> merge(std::vector<double> a, const std::vector<double>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  return a;
}

template <class F>
Pw combine(const Pw& p, const Pw& q, F op) {
  const std::vector<double> bps = merge(p.bps, q.bps);
  Pw out{bps, {}};
  for (std::size_t k = 0; k < 2 * bps.size() + 1; ++k) out.cells.push_back(op(cell_of(p, bps, k), cell_of(q, bps, k)));
  return out;
}

template <class F>
Pw map(Pw p, F op) {
  for (Form& f : p.cells) f = op(f);
  return p;
}

/// The value of a form's limit at −∞ (dir < 0) or +∞ (dir > 0): ±∞ or a finite number.
double limit(const Form& f, int dir) {
  if (dir > 0) {
    if (f.d != 0) return f.d > 0 ? kInf : -kInf;
    if (f.c != 0) return f.c > 0 ? kInf : -kInf;
    if (f.b != 0) return f.b > 0 ? kInf : -kInf;
    return f.a;
  }
  if (f.e != 0) return f.e > 0 ? kInf : -kInf;
  if (f.c != 0) return f.c > 0 ? kInf : -kInf;
  if (f.b != 0) return f.b > 0 ? -kInf : kInf;
  return f.a;
}

double sign_at(const Form& f, double x) {
  if (std::isinf(x)) return limit(f, x < 0 ? -1 : 1);
  return f(x);
}

/// A root of f on the open interval (u, v) where f is monotone and changes sign, by bisection.
double bisect(const Form& f, double u, double v) {
  const bool neg_at_u = sign_at(f, u) < 0;
  // Make the ends finite, keeping the sign of the limit.
  for (double step = 1; std::isinf(u); step *= 2) {
    const double t = (std::isinf(v) ? 0 : v) - step;
    if ((f(t) < 0) == neg_at_u && f(t) != 0) u = t;
    if (step > 1e300) throw OutOfClass("a root of an exponential piece beyond double range");
  }
  for (double step = 1; std::isinf(v); step *= 2) {
    const double t = u + step;
    if ((f(t) < 0) != neg_at_u && f(t) != 0) v = t;
    if (step > 1e300) throw OutOfClass("a root of an exponential piece beyond double range");
  }
  for (int it = 0; it < 2000; ++it) {
    const double m = 0.5 * (u + v);
    if (m <= u || m >= v) break;
    const double fm = f(m);
    if (fm == 0) return m;
    ((fm < 0) == neg_at_u ? u : v) = m;
  }
  return 0.5 * (u + v);
}

/// x within 4 ulps of a finite end: the same point, x's offset being the rounding of the
/// coefficients it comes from.
bool near_end(double x, double end) { return std::isfinite(end) && std::fabs(x - end) <= 4 * std::numeric_limits<double>::epsilon() * std::fabs(end); }

/// The roots of f strictly inside (l, r).
std::vector<double> roots(const Form& f, double l, double r) {
  check_class(f);
  std::vector<double> out;
  if (f.e != 0) {  // f(x) = G(−x) with G(y) = a − b·y + e·eʸ
    for (double y : roots(Form{f.a, -f.b, 0, f.e, 0}, -r, -l)) out.push_back(-y);
    std::sort(out.begin(), out.end());
    return out;
  }
  if (f.d != 0) {
    std::vector<double> cuts = {l};
    if (f.b != 0 && -f.b / f.d > 0) {
      const double s = std::log(-f.b / f.d);
      if (s > l && s < r) {
        cuts.push_back(s);
        if (f(s) == 0) out.push_back(s);
      }
    }
    cuts.push_back(r);
    for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
      const double su = sign_at(f, cuts[k]), sv = sign_at(f, cuts[k + 1]);
      if ((su < 0 && sv > 0) || (su > 0 && sv < 0)) out.push_back(bisect(f, cuts[k], cuts[k + 1]));
    }
  } else if (f.c != 0) {
    const double disc = f.b * f.b - 4 * f.a * f.c;
    // A double root whose discriminant rounds below 0: 3(x − 0.7)² is 3x² − 4.2x + 1.47, b² − 4ac
    // = −3.6e-15, and its root 0.7 (where g = 3(x − 0.7)² is 0) was lost: "no x of X satisfies
    // g(x) ≤ 0". Within a few ulps of b² and 4ac, the vertex is the root.
    if (disc == 0 || (disc < 0 && -disc <= 8 * std::numeric_limits<double>::epsilon() * (f.b * f.b + std::fabs(4 * f.a * f.c))))
      out.push_back(-f.b / (2 * f.c));
    else if (disc > 0) {
      const double q = -0.5 * (f.b + std::copysign(std::sqrt(disc), f.b));
      out.push_back(q / f.c);
      if (q != 0) out.push_back(f.a / q);
    }
  } else if (f.b != 0) {
    out.push_back(-f.a / f.b);
  }
  // A root within a few ulps of an end is that end, where the cells already split: its offset is
  // the rounding of the coefficients, not a cell of its own. g = x/3 − 0.1 has its root at
  // 0.30000000000000004, 1 ulp above the breakpoint 0.3 of "x <= 0.3", and f's branch for x > 0.3
  // on that sliver was taken as feasible (f* = −0.3 where f = 0.1x on [0, 0.3] gives 0); the
  // double root 0.6999999999999998 of 3(x − 0.7)² (3x² − 4.2x + 1.47) 2 ulps below 0.7 made
  // [0.6999999999999998, 0.7) feasible, with f's branch for x < 0.7.
  std::vector<double> inside;
  for (double x : out)
    if (x > l && x < r && !near_end(x, l) && !near_end(x, r)) inside.push_back(x);
  std::sort(inside.begin(), inside.end());
  inside.erase(std::unique(inside.begin(), inside.end()), inside.end());
  return inside;
}

/// The breakpoints where some cell of p changes sign.
std::vector<double> sign_changes(const Pw& p) {
  std::vector<double> extra;
  for (std::size_t k = 0; k < p.cells.size(); k += 2) {
    const double l = k == 0 ? -kInf : p.bps[k / 2 - 1], r = k / 2 == p.bps.size() ? kInf : p.bps[k / 2];
    for (double x : roots(p.cells[k], l, r)) extra.push_back(x);
  }
  return merge(p.bps, extra);
}

/// Chooses per cell, by the sign of `sel` at the cell (its point, or a point inside), `pos` or `neg`.
Pw select(const Pw& sel, const Pw& pos, const Pw& neg) {
  const std::vector<double> bps = merge(sign_changes(sel), merge(pos.bps, neg.bps));
  Pw out{bps, {}};
  for (std::size_t k = 0; k < 2 * bps.size() + 1; ++k) {
    const double x = k % 2 ? bps[k / 2] : rep(k == 0 ? -kInf : bps[k / 2 - 1], k / 2 == bps.size() ? kInf : bps[k / 2]);
    out.cells.push_back(cell_of(sel, bps, k)(x) >= 0 ? cell_of(pos, bps, k) : cell_of(neg, bps, k));
  }
  return out;
}

Pw constant(double v) { return Pw{{}, {Form{v, 0, 0, 0, 0}}}; }

Pw expression_pw(const expr::Expression& e) {
  using expr::Op;
  std::vector<Pw> st;
  for (const expr::Instr& in : e.program()) {
    if (in.op == Op::Num) {
      st.push_back(constant(in.value));
      continue;
    }
    if (in.op == Op::X) {
      st.push_back(Pw{{}, {Form{0, 1, 0, 0, 0}}});
      continue;
    }
    const bool binary = in.op == Op::Add || in.op == Op::Sub || in.op == Op::Mul || in.op == Op::Div || in.op == Op::Pow ||
                        in.op == Op::Min || in.op == Op::Max;
    Pw b = std::move(st.back());
    st.pop_back();
    if (!binary) {
      switch (in.op) {
        case Op::Neg: st.push_back(map(std::move(b), [](const Form& f) { return scale(f, -1); })); break;
        case Op::Abs: st.push_back(select(b, b, map(b, [](const Form& f) { return scale(f, -1); }))); break;
        case Op::Exp:
          st.push_back(map(std::move(b), [](const Form& f) {
            if (is_const(f)) return Form{std::exp(f.a), 0, 0, 0, 0};
            if (is_poly(f) && f.c == 0 && (f.b == 1 || f.b == -1)) {
              const double k = std::exp(f.a);
              if (!std::isfinite(k)) throw OutOfClass("exp of a constant beyond double range");
              return f.b > 0 ? Form{0, 0, 0, k, 0} : Form{0, 0, 0, 0, k};
            }
            throw OutOfClass("exp of something other than x or -x plus a constant");
          }));
          break;
        case Op::Log:
        case Op::Sqrt: {
          const bool log = in.op == Op::Log;
          st.push_back(map(std::move(b), [log](const Form& f) {
            if (!is_const(f)) throw OutOfClass(std::string(log ? "log" : "sqrt") + " of an expression in x");
            if (log ? !(f.a > 0) : !(f.a >= 0)) throw OutOfClass(std::string(log ? "log" : "sqrt") + " of a number outside its domain");
            return Form{log ? std::log(f.a) : std::sqrt(f.a), 0, 0, 0, 0};
          }));
          break;
        }
        default: throw OutOfClass("an unknown operation");
      }
      if (!st.empty()) {
        for (const Form& f : st.back().cells)
          if (!std::isfinite(f.a) || !std::isfinite(f.b) || !std::isfinite(f.c) || !std::isfinite(f.d) || !std::isfinite(f.e))
            throw OutOfClass("a coefficient beyond double range");
      }
      continue;
    }
    Pw a = std::move(st.back());
    st.pop_back();
    switch (in.op) {
      case Op::Add: st.push_back(combine(a, b, add)); break;
      case Op::Sub: st.push_back(combine(a, b, sub)); break;
      case Op::Mul: st.push_back(combine(a, b, mul)); break;
      case Op::Div:
        st.push_back(combine(a, b, [](const Form& p, const Form& q) {
          if (!is_const(q)) throw OutOfClass("a division by an expression in x");
          if (q.a == 0) throw OutOfClass("a division by zero");
          return scale(p, 1 / q.a);
        }));
        break;
      case Op::Pow:
        st.push_back(combine(a, b, [](const Form& p, const Form& q) {
          if (is_const(q)) {
            const double k = q.a;
            if (is_const(p)) {
              const double v = std::pow(p.a, k);
              if (!std::isfinite(v)) throw OutOfClass("a power that is not a finite real number");
              return Form{v, 0, 0, 0, 0};
            }
            if (k == 0) return Form{1, 0, 0, 0, 0};
            if (k == 1) return p;
            if (k == 2) return mul(p, p);
            throw OutOfClass("a power of x other than x^0, x^1, x^2");
          }
          if (is_const(p) && p.a > 0 && is_poly(q) && q.c == 0) {  // B^(a + b·x) = B^a · e^(b·ln B·x)
            const double s = q.b * std::log(p.a), k = std::pow(p.a, q.a);
            if (std::fabs(std::fabs(s) - 1) <= 1e-15 && std::isfinite(k)) return s > 0 ? Form{0, 0, 0, k, 0} : Form{0, 0, 0, 0, k};
          }
          throw OutOfClass("a power with x in the exponent other than e^(x) or e^(-x)");
        }));
        break;
      case Op::Min:
      case Op::Max: {
        const Pw diff = combine(a, b, sub);
        st.push_back(in.op == Op::Max ? select(diff, a, b) : select(diff, b, a));
        break;
      }
      default: throw OutOfClass("an unknown operation");
    }
    for (const Form& f : st.back().cells) {
      if (!std::isfinite(f.a) || !std::isfinite(f.b) || !std::isfinite(f.c) || !std::isfinite(f.d) || !std::isfinite(f.e))
        throw OutOfClass("a coefficient beyond double range");
      check_class(f);
    }
    if (st.back().bps.size() > 10000) throw OutOfClass("more than 10000 breakpoints");
  }
  if (st.size() != 1) throw OutOfClass("a malformed expression");
  return st.back();
}

Pw function_pw(const Function& fn) {
  if (fn.branches.size() == 1 && !fn.branches[0].first) return expression_pw(fn.branches[0].second);
  std::vector<Pw> thens;
  std::vector<double> bps;
  for (const auto& [cond, e] : fn.branches) {
    thens.push_back(expression_pw(e));
    bps = merge(bps, thens.back().bps);
    if (!cond) continue;
    for (std::size_t k = 0; k + 1 < cond->terms().size(); ++k) {
      const Pw d = combine(expression_pw(cond->terms()[k]), expression_pw(cond->terms()[k + 1]), sub);
      bps = merge(bps, sign_changes(d));
    }
  }
  Pw out{bps, {}};
  for (std::size_t k = 0; k < 2 * bps.size() + 1; ++k) {
    const double x = k % 2 ? bps[k / 2] : rep(k == 0 ? -kInf : bps[k / 2 - 1], k / 2 == bps.size() ? kInf : bps[k / 2]);
    std::size_t i = 0;
    while (i < fn.branches.size() && fn.branches[i].first && !(*fn.branches[i].first)(x)) ++i;
    if (i == fn.branches.size()) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "no branch applies at x = %.6g", x);
      throw OutOfClass(buf);
    }
    out.cells.push_back(cell_of(thens[i], bps, k));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Numbers and formulas in the problem language.

std::string num_plain(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  std::string s = buf;
  if (s == "-0") s = "0";
  return s;
}

/// |v| as a rational p/q with q ≤ 64 when it is one (to 1e-12), else as a decimal.
std::string magnitude(double v, std::string* denominator = nullptr) {
  v = std::fabs(v);
  for (int q = 1; q <= 64; ++q) {
    const double p = std::round(v * q);
    // p ≥ 1: a tiny |v| (below 1e-12) is printed as the decimal it is, not as 0 (which gave "-0").
    if (p >= 1 && std::fabs(v * q - p) <= 1e-12 * std::max(1.0, v * q) && p < 1e15) {
      if (q == 1) return num_plain(p);
      if (denominator) {
        *denominator = std::to_string(q);
        return num_plain(p);
      }
      return num_plain(p) + "/" + std::to_string(q);
    }
  }
  return num_plain(v);
}

/// coef·mono ("mu", "mu^2" or "") as a signed term: {negative, text of the magnitude}.
std::pair<bool, std::string> term(double coef, const std::string& mono) {
  if (mono.empty()) return {coef < 0, magnitude(coef)};
  std::string den;
  const std::string p = magnitude(coef, &den);
  std::string t = p == "1" ? mono : p + "*" + mono;
  if (!den.empty()) t += "/" + den;
  return {coef < 0, t};
}

/// A polynomial in mu with the given coefficients (degree 0, 1, 2), constant first.
std::string poly(double p0, double p1, double p2 = 0) {
  std::vector<std::pair<bool, std::string>> ts;
  if (p0 != 0) ts.push_back(term(p0, ""));
  if (p1 != 0) ts.push_back(term(p1, "mu"));
  if (p2 != 0) ts.push_back(term(p2, "mu^2"));
  if (ts.empty()) return "0";
  // A leading negative constant reads better after a positive term: "mu - 1", not "-1 + mu".
  if (ts.size() > 1 && ts[0].first && !ts[1].first) std::swap(ts[0], ts[1]);
  std::string s = (ts[0].first ? "-" : "") + ts[0].second;
  for (std::size_t k = 1; k < ts.size(); ++k) s += (ts[k].first ? " - " : " + ") + ts[k].second;
  return s;
}
std::string aff(const Affine& a) { return poly(a.k0, a.k1); }
bool two_terms(const Affine& a) { return a.k0 != 0 && a.k1 != 0; }
std::string paren(const Affine& a) { return two_terms(a) ? "(" + aff(a) + ")" : aff(a); }
Affine neg(const Affine& a) { return {-a.k0, -a.k1}; }
Affine plus(const Affine& a, const Affine& b) { return {a.k0 + b.k0, a.k1 + b.k1}; }

/// n/d for affine n and d, d not identically zero.
std::string ratio(const Affine& n, const Affine& d) {
  if (d.k1 == 0) return aff({n.k0 / d.k0, n.k1 / d.k0});
  // n a multiple of d (to rounding): the constant, not (3*mu/5 - 1/5)/(1/5 - 3*mu/5) for −1.
  const double cross = n.k0 * d.k1 - n.k1 * d.k0;
  if (std::fabs(cross) <= 1e-12 * (std::fabs(n.k0 * d.k1) + std::fabs(n.k1 * d.k0))) {
    const double k = d.k0 != 0 ? n.k0 / d.k0 : n.k1 / d.k1;
    return aff({k, 0});
  }
  // The denominator in parentheses unless it is μ alone: (12*mu - 3)/6*mu would read as ((12μ − 3)/6)·μ.
  if (n.k1 != 0) return paren(n) + "/" + (d.k0 == 0 && d.k1 == 1 ? aff(d) : "(" + aff(d) + ")");
  // n constant: (n/d1) / (mu + d0/d1)
  const double k = n.k0 / d.k1;
  const Affine den{d.k0 / d.k1, 1};
  if (k == 0) return "0";
  std::string q;
  const std::string p = magnitude(k, &q);
  const std::string dtext = two_terms(den) ? "(" + aff(den) + ")" : aff(den);
  std::string s = (k < 0 ? "-" : "") + p + "/";
  if (q.empty()) s += dtext;
  else s += "(" + q + "*" + dtext + ")";
  return s;
}

std::string where_point(double x) { return "x = " + num_plain(x); }

// ---------------------------------------------------------------------------------------------
// The infimum of a form over an open interval, case by case.

enum class Case { Vertex, ExpStat, EndL, EndR, Constant, LimitNegInf, LimitPosInf, DivNeg, DivPos };

struct CaseResult {
  Case k;
  double value;
  double x;  // the minimizer (Vertex, ExpStat)
};

CaseResult open_case(const Form& L, double l, double r) {
  if (L.e != 0) {  // L(x) = G(−x), G(y) = a − b·y + e·eʸ on (−r, −l)
    CaseResult g = open_case(Form{L.a, -L.b, 0, L.e, 0}, -r, -l);
    switch (g.k) {
      case Case::EndL: g.k = Case::EndR; break;
      case Case::EndR: g.k = Case::EndL; break;
      case Case::LimitNegInf: g.k = Case::LimitPosInf; break;
      case Case::LimitPosInf: g.k = Case::LimitNegInf; break;
      case Case::DivNeg: g.k = Case::DivPos; break;
      case Case::DivPos: g.k = Case::DivNeg; break;
      default: break;
    }
    g.x = -g.x;
    return g;
  }
  auto end_l = [&] { return CaseResult{Case::EndL, L(l), l}; };
  auto end_r = [&] { return CaseResult{Case::EndR, L(r), r}; };
  // The smaller end of a function without an interior minimum; the left end's value is a limit
  // when l = −∞.
  auto ends = [&]() -> CaseResult {
    if (std::isinf(r)) return {Case::DivPos, -kInf, kInf};
    if (std::isinf(l)) {
      const double left = limit(L, -1);
      if (left == -kInf) return {Case::DivNeg, -kInf, -kInf};
      if (left < L(r)) return {Case::LimitNegInf, left, -kInf};
      return end_r();
    }
    return L(l) <= L(r) ? end_l() : end_r();
  };
  if (L.d != 0) {
    if (L.d > 0) {
      if (L.b >= 0) {
        if (std::isinf(l)) return L.b > 0 ? CaseResult{Case::DivNeg, -kInf, -kInf} : CaseResult{Case::LimitNegInf, L.a, -kInf};
        return end_l();
      }
      const double s = std::log(-L.b / L.d);
      if (s > l && s < r) return {Case::ExpStat, L(s), s};
      return s <= l ? end_l() : end_r();
    }
    return ends();
  }
  if (L.c != 0) {
    if (L.c > 0) {
      // A vertex within 4 ulps of an end is at that end (near_end): 3(x − 0.7)² as
      // 3x² − 4.2x + 1.47 has its vertex at 0.6999999999999998, which on the cell (0.5, 0.7) was an
      // attained minimum "x = 7/10", where the next branch of f holds.
      const double v = -L.b / (2 * L.c);
      if (v > l && v < r && !near_end(v, l) && !near_end(v, r)) return {Case::Vertex, L(v), v};
      return v <= l || near_end(v, l) ? end_l() : end_r();
    }
    if (std::isinf(l)) return {Case::DivNeg, -kInf, -kInf};
    return ends();
  }
  if (L.b > 0) return std::isinf(l) ? CaseResult{Case::DivNeg, -kInf, -kInf} : end_l();
  if (L.b < 0) return std::isinf(r) ? CaseResult{Case::DivPos, -kInf, kInf} : end_r();
  return {Case::Constant, L.a, rep(l, r)};
}

Form lagrangian(const Cell& c, double mu) { return mu == 0 ? c.f : add(c.f, scale(c.g, mu)); }

/// Where L falls without bound on an open cell: bit 1 as x → −∞, bit 2 as x → +∞ (the sign of the
/// dominating term at each infinite end; L is finite at a finite end).
int falls(const Cell& c, const Form& L) {
  if (c.point) return 0;
  return (std::isinf(c.l) && limit(L, -1) == -kInf ? 1 : 0) | (std::isinf(c.r) && limit(L, 1) == -kInf ? 2 : 0);
}
/// "x → −∞", "x → +∞" or "x → ±∞" (−μx² falls both ways) for the bits of falls().
std::string falls_text(int bits) { return bits == 3 ? "x → ±∞" : bits == 2 ? "x → +∞" : "x → −∞"; }
/// Where L(·, μ) falls without bound over all the cells (q(μ) = −∞).
std::string falls_text(const std::vector<Cell>& cells, double mu) {
  int bits = 0;
  for (const Cell& c : cells) bits |= falls(c, lagrangian(c, mu));
  return falls_text(bits);
}

std::string interval_text(double l, double r, bool l_closed = false, bool r_closed = false) {
  return std::string(l_closed ? "[" : "(") + (std::isinf(l) ? "−∞" : num_plain(l)) + ", " + (std::isinf(r) ? "∞" : num_plain(r)) +
         (r_closed ? "]" : ")");
}

/// "every x in (l, r)" for an open cell where h is constant at `v`, with an end closed when the
/// point cell beside it (cells[k ∓ 1]) also attains v.
template <class H>
std::string constant_set_text(const std::vector<Cell>& cells, std::size_t k, double v, H h) {
  const Cell& c = cells[k];
  const bool lc = k > 0 && cells[k - 1].point && cells[k - 1].l == c.l && close(h(cells[k - 1]), v);
  const bool rc = k + 1 < cells.size() && cells[k + 1].point && cells[k + 1].l == c.r && close(h(cells[k + 1]), v);
  return "every x in " + interval_text(c.l, c.r, lc, rc);
}

/// The candidate of one cell on a μ-interval where the case at `mu_rep` holds throughout.
Candidate candidate(const Cell& c, double mu_rep) {
  Candidate out;
  const Affine A{c.f.a, c.g.a}, B{c.f.b, c.g.b}, C{c.f.c, c.g.c}, D{c.f.d, c.g.d}, E{c.f.e, c.g.e};
  auto at = [&](double x, bool attained, std::string where) {
    out.kind = Candidate::Kind::Affine;
    out.value = {c.f(x), c.g(x)};
    out.attained = attained;
    out.x = std::move(where);
  };
  if (c.point) {
    at(c.l, true, where_point(c.l));
    return out;
  }
  const CaseResult k = open_case(lagrangian(c, mu_rep), c.l, c.r);
  switch (k.k) {
    case Case::EndL: at(c.l, false, "x → " + num_plain(c.l) + "⁺"); break;
    case Case::EndR: at(c.r, false, "x → " + num_plain(c.r) + "⁻"); break;
    case Case::Constant:
      out.kind = Candidate::Kind::Affine;
      out.value = A;
      out.attained = true;
      out.x = "every x in " + interval_text(c.l, c.r);
      break;
    case Case::LimitNegInf:
    case Case::LimitPosInf:
      out.kind = Candidate::Kind::Affine;
      out.value = A;
      out.x = k.k == Case::LimitNegInf ? "x → −∞" : "x → +∞";
      break;
    case Case::DivNeg:
    case Case::DivPos:
      out.kind = Candidate::Kind::MinusInf;
      out.x = falls_text(falls(c, lagrangian(c, mu_rep)));
      break;
    case Case::Vertex:
      out.kind = Candidate::Kind::Vertex;
      out.a = A, out.b = B, out.c = C;
      out.attained = true;
      out.x = "x = " + ratio(neg(B), {2 * C.k0, 2 * C.k1});
      break;
    case Case::ExpStat:
      out.kind = Candidate::Kind::ExpStat;
      out.a = A, out.b = B;
      out.attained = true;
      if (c.f.e != 0 || c.g.e != 0) {
        out.c = E, out.exp_sign = -1;
        out.x = "x = -log(" + ratio(B, E) + ")";
      } else {
        out.c = D, out.exp_sign = 1;
        out.x = "x = log(" + ratio(neg(B), D) + ")";
      }
      break;
  }
  if (out.kind == Candidate::Kind::Vertex || out.kind == Candidate::Kind::ExpStat)
    for (double e : {c.l, c.r})
      if (std::isfinite(e)) out.ends.push_back({c.f(e), c.g(e)});
  return out;
}

/// The numerator P = 4ac − b² = p0 + p1·μ + p2·μ² of a vertex's value a − b²/(4c) = P/(4c). A
/// coefficient within 8 ulps of its products is 0: it is a sum that cancels exactly in the problem
/// as written, and its rounding grows with μ. g = 3(x − 0.7)² (3x² − 4.2x + 1.47), f = x + 1 has
/// p2 = 4·1.47·3 − 4.2² = 3.6e-15 for 0, and q(μ) = 1.7 − 1/(12μ) + 3e-16·μ rose above f* = 1.7.
std::array<double, 3> vertex_numerator(const Candidate& c) {
  const double eps8 = 8 * std::numeric_limits<double>::epsilon();
  auto clean = [eps8](double v, double terms) { return std::fabs(v) <= eps8 * terms ? 0.0 : v; };
  const double p0 = 4 * c.a.k0 * c.c.k0 - c.b.k0 * c.b.k0;
  const double p1 = 4 * (c.a.k0 * c.c.k1 + c.a.k1 * c.c.k0) - 2 * c.b.k0 * c.b.k1;
  const double p2 = 4 * c.a.k1 * c.c.k1 - c.b.k1 * c.b.k1;
  return {clean(p0, std::fabs(4 * c.a.k0 * c.c.k0) + c.b.k0 * c.b.k0),
          clean(p1, 4 * (std::fabs(c.a.k0 * c.c.k1) + std::fabs(c.a.k1 * c.c.k0)) + std::fabs(2 * c.b.k0 * c.b.k1)),
          clean(p2, std::fabs(4 * c.a.k1 * c.c.k1) + c.b.k1 * c.b.k1)};
}

/// The text of a candidate's value in the problem language.
std::string candidate_text(const Candidate& c) {
  switch (c.kind) {
    case Candidate::Kind::MinusInf: return "-inf";
    case Candidate::Kind::Affine: return aff(c.value);
    case Candidate::Kind::Vertex: {
      // a − b²/(4c) = (4ac − b²)/(4c); P = 4ac − b², degree ≤ 2 in μ.
      const auto [p0, p1, p2] = vertex_numerator(c);
      if (c.c.k1 == 0) return poly(p0 / (4 * c.c.k0), p1 / (4 * c.c.k0), p2 / (4 * c.c.k0));
      // P = Q·c + R with Q affine, R constant (division by c = c0 + c1·μ).
      const double q1 = p2 / c.c.k1, q0 = (p1 - q1 * c.c.k0) / c.c.k1, rem = p0 - q0 * c.c.k0;
      const std::string first = (q0 != 0 || q1 != 0) ? poly(q0 / 4, q1 / 4) : "";
      if (rem == 0) return first.empty() ? "0" : first;
      const std::string second = ratio({rem / 4, 0}, c.c);
      if (first.empty()) return second;
      return second[0] == '-' ? first + " - " + second.substr(1) : first + " + " + second;
    }
    case Candidate::Kind::ExpStat: {
      // sign +1: a − b + b·log(−b/c); sign −1: a + b − b·log(b/c).
      const Affine A = c.exp_sign > 0 ? plus(c.a, neg(c.b)) : plus(c.a, c.b);
      const Affine Bc = c.exp_sign > 0 ? c.b : neg(c.b);
      const std::string arg = c.exp_sign > 0 ? ratio(neg(c.b), c.c) : ratio(c.b, c.c);
      std::string s = (A.k0 != 0 || A.k1 != 0) ? aff(A) : "";
      const bool negative = Bc.k0 <= 0 && Bc.k1 <= 0;
      const std::string mag = negative ? paren(neg(Bc)) : paren(Bc);
      const std::string t = (mag == "1" ? "" : mag + "*") + "log(" + arg + ")";
      if (s.empty()) return (negative ? "-" : "") + t;
      return s + (negative ? " - " : " + ") + t;
    }
  }
  return "";
}

/// Is the quadratic p0 + p1·μ + p2·μ² ≤ 0 (to tolerance) on [lo, hi]?
bool nonpositive(double p0, double p1, double p2, double lo, double hi) {
  auto p = [&](double m) { return p0 + p1 * m + p2 * m * m; };
  const double scale = 1 + std::fabs(p0) + std::fabs(p1) + std::fabs(p2);
  const double tol = 1e-12 * scale;
  if (p(lo) > tol) return false;
  if (std::isinf(hi)) {
    if (p2 > 0 || (p2 == 0 && p1 > 0) || (p2 == 0 && p1 == 0 && p0 > tol)) return false;
  } else if (p(hi) > tol * (1 + hi * hi)) {
    return false;
  }
  if (p2 < 0) {
    const double v = -p1 / (2 * p2);
    if (v > lo && v < hi && p(v) > tol * (1 + v * v)) return false;
  }
  return true;
}

/// Does candidate `a` lie at or below candidate `b` on the whole of [lo, hi] (a, b not MinusInf)?
bool below(const Candidate& a, const Candidate& b, double lo, double hi) {
  using K = Candidate::Kind;
  if (a.kind == K::Affine && b.kind == K::Affine) {
    const Affine d{a.value.k0 - b.value.k0, a.value.k1 - b.value.k1};
    return nonpositive(d.k0, d.k1, 0, lo, hi);
  }
  // Vertex V = a − b²/(4c) with c > 0 against an affine A: V ≤ A ⇔ 4c(a − A) − b² ≤ 0.
  auto vertex_vs = [&](const Candidate& v, const Affine& A, double sign) {
    const Affine d{v.a.k0 - A.k0, v.a.k1 - A.k1};
    const double p0 = 4 * v.c.k0 * d.k0 - v.b.k0 * v.b.k0;
    const double p1 = 4 * (v.c.k0 * d.k1 + v.c.k1 * d.k0) - 2 * v.b.k0 * v.b.k1;
    const double p2 = 4 * v.c.k1 * d.k1 - v.b.k1 * v.b.k1;
    return nonpositive(sign * p0, sign * p1, sign * p2, lo, hi);
  };
  if (a.kind == K::Vertex && b.kind == K::Affine) return vertex_vs(a, b.value, 1);
  if (a.kind == K::Affine && b.kind == K::Vertex) return vertex_vs(b, a.value, -1);
  return false;
}

/// Keeps the candidates that can be the minimum on (lo, hi); merges equal ones.
DualPiece open_piece(const std::vector<Candidate>& all, double lo, double hi) {
  DualPiece p;
  p.lo = lo, p.hi = hi;
  for (const Candidate& c : all)
    if (c.kind == Candidate::Kind::MinusInf) {
      p.minus_inf = true;
      p.q = "-inf";
      p.candidates = {c};
      // Every cell where L falls without bound, both ways if so (f = |x|, g = −2|x|, μ > 1/2).
      bool left = false, right = false;
      for (const Candidate& d : all)
        if (d.kind == Candidate::Kind::MinusInf) left = left || d.x != "x → +∞", right = right || d.x != "x → −∞";
      p.x = falls_text((left ? 1 : 0) | (right ? 2 : 0));
      return p;
    }
  std::vector<Candidate> keep;
  std::vector<std::vector<const Candidate*>> equal;  // candidates merged into keep[k]
  for (const Candidate& c : all) {
    bool merged = false;
    for (std::size_t k = 0; k < keep.size() && !merged; ++k)
      if (candidate_text(keep[k]) == candidate_text(c)) equal[k].push_back(&c), merged = true;
    if (!merged) keep.push_back(c), equal.push_back({&c});
  }
  std::vector<bool> drop(keep.size(), false);
  for (std::size_t i = 0; i < keep.size(); ++i)
    for (std::size_t j = 0; j < keep.size() && !drop[i]; ++j)
      if (i != j && !drop[j] && below(keep[j], keep[i], lo, hi)) drop[i] = true;
  // An interior minimum of a cell lies at or below the cell's values at its ends.
  for (std::size_t i = 0; i < keep.size(); ++i)
    for (std::size_t j = 0; j < keep.size() && !drop[i]; ++j)
      if (i != j && !drop[j] && keep[i].kind == Candidate::Kind::Affine)
        for (const Affine& e : keep[j].ends)
          if (aff(e) == aff(keep[i].value)) drop[i] = true;
  std::vector<std::string> texts, xs;
  for (std::size_t k = 0; k < keep.size(); ++k) {
    if (drop[k]) continue;
    // The minimizers: the attained ones when there are any, else where it is approached.
    std::vector<std::string> at, near;
    for (const Candidate* c : equal[k]) (c->attained ? at : near).push_back(c->x);
    keep[k].attained = !at.empty();
    std::string x;
    const auto& list = at.empty() ? near : at;
    for (std::size_t i = 0; i < list.size(); ++i) x += (i ? ", " : "") + list[i];
    keep[k].x = (at.empty() ? "not attained, " : "") + x;
    p.candidates.push_back(keep[k]);
    texts.push_back(candidate_text(keep[k]));
    xs.push_back(keep[k].x);
  }
  for (const Candidate& c : p.candidates) p.attained = p.attained || c.attained;
  // min(a, min(b, c)) in the problem language.
  p.q = texts.back();
  for (std::size_t k = texts.size() - 1; k-- > 0;) p.q = "min(" + texts[k] + ", " + p.q + ")";
  if (xs.size() == 1) p.x = xs[0];
  else
    for (std::size_t k = 0; k < xs.size(); ++k) p.x += (k ? "; " : "") + ("for " + texts[k] + ": " + xs[k]);
  return p;
}

/// The limit of a candidate as μ → ∞ (its case holding on a tail).
double limit_at_inf(const Candidate& c) {
  switch (c.kind) {
    case Candidate::Kind::MinusInf: return -kInf;
    case Candidate::Kind::Affine: return c.value.k1 > 0 ? kInf : c.value.k1 < 0 ? -kInf : c.value.k0;
    case Candidate::Kind::Vertex: {
      if (c.c.k1 == 0) {
        if (c.b.k1 != 0) return -kInf;
        return c.a.k1 > 0 ? kInf : c.a.k1 < 0 ? -kInf : c.a.k0 - c.b.k0 * c.b.k0 / (4 * c.c.k0);
      }
      const double slope = c.a.k1 - c.b.k1 * c.b.k1 / (4 * c.c.k1);
      if (std::fabs(slope) > 1e-14 * (1 + std::fabs(c.a.k1))) return slope > 0 ? kInf : -kInf;
      return c.a.k0 - (2 * c.b.k0 * c.b.k1 - c.b.k1 * c.b.k1 * c.c.k0 / c.c.k1) / (4 * c.c.k1);
    }
    case Candidate::Kind::ExpStat: {
      // In terms of B = ∓b (so that the logarithm's argument is B/c > 0 on the tail).
      const Affine B = c.exp_sign > 0 ? neg(c.b) : c.b;
      const Affine A = c.exp_sign > 0 ? plus(c.a, neg(c.b)) : plus(c.a, c.b);  // V = A − B·log(B/c)
      if (B.k1 != 0 && c.c.k1 != 0) {
        const double r = B.k1 / c.c.k1;
        const double slope = A.k1 - B.k1 * std::log(r);
        if (std::fabs(slope) > 1e-14 * (1 + std::fabs(A.k1))) return slope > 0 ? kInf : -kInf;
        return A.k0 - B.k0 * std::log(r) - B.k1 * (B.k0 / B.k1 - c.c.k0 / c.c.k1);
      }
      if (B.k1 != 0) return B.k1 > 0 ? -kInf : kInf;  // −B·log(B/c₀) ~ −B₁μ·log μ
      if (c.c.k1 != 0) return A.k1 < 0 ? -kInf : kInf;  // −B₀·log(B₀/(c₁μ)) = B₀·log μ + …, B₀ > 0
      return A.k1 > 0 ? kInf : A.k1 < 0 ? -kInf : A.k0 - B.k0 * std::log(B.k0 / c.c.k0);
    }
  }
  return -kInf;
}

/// Points of (lo, hi) where a single candidate has a local maximum in μ (q is concave there).
std::vector<double> interior_maxima(const Candidate& c, double lo, double hi) {
  std::vector<double> out;
  if (c.kind == Candidate::Kind::Vertex) {
    // d/dμ [a − b²/(4c)] = 0 ⇔ 4a₁c² − 2b₁bc + b²c₁ = 0, a quadratic in μ.
    const double a1 = c.a.k1, b0 = c.b.k0, b1 = c.b.k1, c0 = c.c.k0, c1 = c.c.k1;
    const double p2 = 4 * a1 * c1 * c1 - b1 * b1 * c1;
    const double p1 = 8 * a1 * c0 * c1 - 2 * b1 * b1 * c0;
    const double p0 = 4 * a1 * c0 * c0 - 2 * b0 * b1 * c0 + c1 * b0 * b0;
    std::vector<double> r;
    if (p2 != 0) {
      const double disc = p1 * p1 - 4 * p2 * p0;
      if (disc >= 0) {
        const double q = -0.5 * (p1 + std::copysign(std::sqrt(disc), p1));
        if (q != 0) r.push_back(q / p2), r.push_back(p0 / q);
        else r.push_back(0);
      }
    } else if (p1 != 0) {
      r.push_back(-p0 / p1);
    }
    for (double m : r)
      if (m > lo && m < hi) out.push_back(m);
  } else if (c.kind == Candidate::Kind::ExpStat) {
    // V'(μ) = a₁ + b₁·log(−b/c) − b·c₁/c (sign +1), a₁ − b₁·log(b/c) + b·c₁/c (sign −1);
    // decreasing since V is concave: bisection for its root.
    auto dv = [&](double m) {
      const double b = c.b(m), cc = c.c(m);
      return c.exp_sign > 0 ? c.a.k1 + c.b.k1 * std::log(-b / cc) - b * c.c.k1 / cc
                            : c.a.k1 - c.b.k1 * std::log(b / cc) + b * c.c.k1 / cc;
    };
    double u = lo, v = std::isinf(hi) ? lo + 1 : hi;
    if (std::isinf(hi))
      while (dv(v) >= 0 && v < 1e300) {
        if (dv(v) == 0) return {v};
        u = v, v = 2 * v + 1;
      }
    const double inset = 1e-12 * (v - u);
    u += inset;
    if (!std::isinf(hi)) v -= inset;
    if (!(dv(u) > 0 && dv(v) < 0)) return out;
    for (int it = 0; it < 2000; ++it) {
      const double m = 0.5 * (u + v);
      if (m <= u || m >= v) break;
      (dv(m) > 0 ? u : v) = m;
    }
    out.push_back(0.5 * (u + v));
  }
  return out;
}

}  // namespace

double Form::operator()(double x) const {
  double v = a + b * x;
  if (c != 0) v += c * x * x;
  if (d != 0) v += d * std::exp(x);
  if (e != 0) v += e * std::exp(-x);
  return v;
}

double Candidate::operator()(double mu) const {
  switch (kind) {
    case Kind::MinusInf: return -kInf;
    case Kind::Affine: return value(mu);
    case Kind::Vertex: {
      // When a coefficient of P is rounding (vertex_numerator), P/(4c) without it, as printed;
      // otherwise a − b²/(4c) as before.
      const auto [p0, p1, p2] = vertex_numerator(*this);
      const bool cleaned = (p0 == 0 && 4 * a.k0 * c.k0 - b.k0 * b.k0 != 0) ||
                           (p1 == 0 && 4 * (a.k0 * c.k1 + a.k1 * c.k0) - 2 * b.k0 * b.k1 != 0) ||
                           (p2 == 0 && 4 * a.k1 * c.k1 - b.k1 * b.k1 != 0);
      if (!cleaned) return a(mu) - b(mu) * b(mu) / (4 * c(mu));
      return (p0 + p1 * mu + p2 * mu * mu) / (4 * c(mu));
    }
    case Kind::ExpStat: {
      const double bb = b(mu), cc = c(mu);
      return exp_sign > 0 ? a(mu) - bb + bb * std::log(-bb / cc) : a(mu) + bb - bb * std::log(bb / cc);
    }
  }
  return -kInf;
}

double DualPiece::operator()(double mu) const {
  if (minus_inf) return -kInf;
  double v = kInf;
  for (const Candidate& c : candidates) v = std::min(v, c(mu));
  return v;
}

const Cell* cell_at(const ClosedForm& cf, double x) {
  std::size_t lo = 0, hi = cf.cells.size();
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    const Cell& c = cf.cells[mid];
    if (x < c.l || (x == c.l && !c.point)) hi = mid;
    else if (x > c.r || (x == c.r && !c.point)) lo = mid + 1;
    else return &c;
  }
  return nullptr;
}

std::pair<double, double> fg_at(const ClosedForm& cf, double x) {
  if (const Cell* c = cell_at(cf, x)) return {c->f(x), c->g(x)};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  return {nan, nan};
}

namespace {

/// q(μ); with `describe`, also where the infimum is attained or approached (text, the costly part).
Value q_at(const ClosedForm& cf, double mu, bool describe) {
  Value out;
  out.value = kInf;
  bool out_set = false;  // out is an interval of minimizers (preferred over one of its points)
  for (std::size_t i = 0; i < cf.cells.size(); ++i) {
    const Cell& c = cf.cells[i];
    double v;
    bool att;
    bool set = false;
    std::string x;
    if (c.point) {
      v = lagrangian(c, mu)(c.l), att = true;
      if (describe) x = where_point(c.l);
    } else {
      const CaseResult k = open_case(lagrangian(c, mu), c.l, c.r);
      v = k.value;
      att = k.k == Case::Vertex || k.k == Case::ExpStat || k.k == Case::Constant;
      set = k.k == Case::Constant;
      if (describe) switch (k.k) {
        case Case::Vertex:
        case Case::ExpStat: x = where_point(k.x); break;
        case Case::Constant:
          x = constant_set_text(cf.cells, i, v, [mu](const Cell& pc) { return lagrangian(pc, mu)(pc.l); });
          break;
        case Case::EndL: x = "x → " + num_plain(c.l) + "⁺"; break;
        case Case::EndR: x = "x → " + num_plain(c.r) + "⁻"; break;
        case Case::LimitNegInf: case Case::DivNeg: x = "x → −∞"; break;
        case Case::LimitPosInf: case Case::DivPos: x = "x → +∞"; break;
      }
    }
    if (v < out.value && !close(v, out.value)) out = {v, att, x}, out_set = set;
    else if (close(v, out.value) && att && (!out.attained || (set && !out_set))) out = {std::min(v, out.value), true, x}, out_set = set;
  }
  if (describe && out.value == -kInf) out.x = falls_text(cf.cells, mu);
  return out;
}

}  // namespace

Value q_at(const ClosedForm& cf, double mu) { return q_at(cf, mu, true); }

double q_value(const ClosedForm& cf, double mu) { return q_at(cf, mu, false).value; }

std::vector<MinSet> minimizer_sets(const ClosedForm& cf, double mu) {
  const double q = q_value(cf, mu);
  std::vector<MinSet> out;
  if (!std::isfinite(q)) return out;
  const double eps = std::numeric_limits<double>::epsilon();
  for (const Cell& c : cf.cells) {
    const Form L = lagrangian(c, mu);
    double v, l, r;
    if (c.point) {
      v = L(c.l), l = r = c.l;
    } else {
      const CaseResult k = open_case(L, c.l, c.r);
      if (k.k == Case::Vertex || k.k == Case::ExpStat) v = k.value, l = r = k.x;
      else if (k.k == Case::Constant) v = k.value, l = c.l, r = c.r;
      else continue;
    }
    // Equal to rounding: a few ulps of the magnitudes of the terms of L at a point of the set.
    const double x = l == r ? l : rep(l, r);
    const double scale = std::fabs(c.f(x)) + mu * std::fabs(c.g(x)) + std::fabs(q);
    if (std::isfinite(v) && std::fabs(v - q) <= 16 * eps * scale) out.push_back({l, r});
  }
  return out;
}

namespace {

/// Every minimizer of L(·, μ) over X, for people: "x = 0", "x = -1, x = 1", "every x in [0, 1]"
/// (an open cell where L(·, μ) is constant joined with the points beside it that attain q(μ));
/// q_at's own description (one cell's) when the infimum is not attained or is −∞.
std::string all_minimizers_text(const ClosedForm& cf, double mu) {
  const Value v = q_at(cf, mu);
  const std::vector<MinSet> sets = minimizer_sets(cf, mu);
  if (!v.attained || sets.empty()) return (v.attained || v.value == -kInf ? "" : "not attained, ") + v.x;
  // Components: runs of sets that touch (a point at the end of an open cell), in order of x.
  struct Part {
    double l, r;
    bool lc, rc;
  };
  std::vector<Part> parts;
  for (const MinSet& m : sets) {
    const bool point = m.l == m.r;
    if (!parts.empty() && parts.back().r == m.l) {
      Part& b = parts.back();
      const bool b_point = b.l == b.r;
      if (!b_point && point) {  // the closed right end of an interval
        b.rc = true;
        continue;
      }
      if (!point && (b_point || b.rc)) {  // an interval going on from a point that attains q
        b.r = m.r, b.lc = b.lc || b_point, b.rc = false;
        continue;
      }
    }
    parts.push_back({m.l, m.r, point, point});
  }
  std::string out;
  for (const Part& q : parts)
    out += (out.empty() ? "" : ", ") + (q.l == q.r ? where_point(q.l) : "every x in " + interval_text(q.l, q.r, q.lc, q.rc));
  return out;
}

/// A piece's own minimizers, without the notes on its closed ends ("; at mu = m: …") that a merge
/// with a point may have added.
std::string own_minimizers(const DualPiece& pc) { return pc.x.substr(0, pc.x.find("; at mu = ")); }

/// Is the set of minimizers at μ = m (the end of the open piece `open`) more than the limit of the
/// piece's own? A continuum at m that the piece lacks, more components, or attained only at m; for
/// q = −∞, other directions. Then the piece's text says what happens at m.
bool end_differs(const ClosedForm& cf, const DualPiece& open, const DualPiece& at_m) {
  if (at_m.minus_inf) return at_m.x != own_minimizers(open);
  if (at_m.attained != open.attained) return true;
  const double inside = std::isinf(open.hi) ? open.lo + 1 : 0.5 * (open.lo + open.hi);
  const std::vector<MinSet> m = minimizer_sets(cf, at_m.lo), o = minimizer_sets(cf, inside);
  if (m.size() > o.size()) return true;
  for (const MinSet& s : m)
    if (s.l < s.r && std::none_of(o.begin(), o.end(), [&s](const MinSet& t) { return t.l == s.l && t.r == s.r; })) return true;
  return false;
}

/// Would the note "at mu = m: `at_m`" repeat what the piece already says? It does when `at_m` is
/// the piece's own text, or the part "for F: …" of the formula F of a minimum that is the least at
/// m (the reader sees F's minimizer beside it): "for -1: not attained, x → 0⁻; at mu = 0: not
/// attained, x → 0⁻" said one fact twice side by side.
bool already_said(const DualPiece& open, const std::string& at_m) {
  const std::string own = own_minimizers(open);
  if (own == at_m) return true;
  if (own.rfind("for ", 0) != 0) return false;
  for (std::size_t from = 0; from < own.size();) {
    std::size_t to = own.find("; for ", from);
    if (to == std::string::npos) to = own.size();
    const std::size_t colon = own.find(": ", from);
    if (colon < to && own.compare(colon + 2, to - colon - 2, at_m) == 0) return true;
    from = to + 2;
  }
  return false;
}

/// The note on a piece's closed end m, when the minimizers there differ from the piece's own and
/// the piece does not already say them.
void note_end(DualPiece& piece, const DualPiece& at_m, bool differs) {
  if (differs && !already_said(piece, at_m.x)) piece.x += "; at mu = " + num_plain(at_m.lo) + ": " + at_m.x;
}

}  // namespace

ClosedForm derive(const OneProblem& p) {
  ClosedForm cf;
  auto cells_of = [](const Function& fn, const char* name) {
    try {
      return function_pw(fn);
    } catch (const OutOfClass& e) {
      throw OutOfClass(std::string("in ") + name + ", " + e.what());
    }
  };
  const Pw f = cells_of(p.f, "f"), g = cells_of(p.g, "g");
  std::vector<double> bps = merge(f.bps, g.bps), ends;
  if (std::isfinite(p.lo)) ends.push_back(p.lo);
  if (std::isfinite(p.hi)) ends.push_back(p.hi);
  bps = merge(bps, ends);
  for (std::size_t k = 0; k < 2 * bps.size() + 1; ++k) {
    Cell c;
    c.point = k % 2 == 1;
    c.l = c.point ? bps[k / 2] : (k == 0 ? -kInf : bps[k / 2 - 1]);
    c.r = c.point ? bps[k / 2] : (k / 2 == bps.size() ? kInf : bps[k / 2]);
    if (c.l < p.lo || c.r > p.hi) continue;
    c.f = cell_of(f, bps, k), c.g = cell_of(g, bps, k);
    check_class(c.f), check_class(c.g);
    check_class(Form{0, 0, std::fabs(c.f.c) + std::fabs(c.g.c), std::fabs(c.f.d) + std::fabs(c.g.d), std::fabs(c.f.e) + std::fabs(c.g.e)});
    // Merge "open, point, open" with one form throughout (a breakpoint that changes nothing).
    const std::size_t n = cf.cells.size();
    if (!c.point && n >= 2 && cf.cells[n - 1].point && !cf.cells[n - 2].point && same(cf.cells[n - 2].f, c.f) &&
        same(cf.cells[n - 2].g, c.g) && close(cf.cells[n - 1].f(c.l), c.f(c.l)) && close(cf.cells[n - 1].g(c.l), c.g(c.l)) &&
        cf.cells[n - 1].l > p.lo) {
      cf.cells.pop_back();
      cf.cells.back().r = c.r;
      continue;
    }
    cf.cells.push_back(c);
  }

  // The primal: X split further at the roots of g; f* over the cells where g ≤ 0.
  {
    std::vector<Cell> split;
    std::vector<bool> root;
    for (const Cell& c : cf.cells) {
      if (c.point) {
        split.push_back(c), root.push_back(false);
        continue;
      }
      double l = c.l;
      for (double x : roots(c.g, c.l, c.r)) {
        Cell open = c, pt = c;
        open.l = l, open.r = x, pt.point = true, pt.l = pt.r = x;
        split.push_back(open), root.push_back(false);
        split.push_back(pt), root.push_back(true);
        l = x;
      }
      Cell last = c;
      last.l = l;
      split.push_back(last), root.push_back(false);
    }
    cf.f_star = kInf;
    cf.feasible = false;
    bool f_set = false;  // f_where is an interval of minimizers
    int f_falls = 0;     // where f falls without bound on the feasible set (falls())
    std::vector<std::string> f_points;  // every isolated minimizer ("x = -1", "x = 1" for x², |x| ≥ 1)
    for (std::size_t k = 0; k < split.size(); ++k) {
      const Cell& c = split[k];
      const double x = c.point ? c.l : rep(c.l, c.r);
      if (!(root[k] || c.g(x) <= 0)) continue;
      cf.feasible = true;
      f_falls |= falls(c, c.f);
      double v;
      bool att;
      std::string w;
      if (c.point) {
        v = c.f(c.l), att = true, w = where_point(c.l);
      } else {
        const CaseResult r = open_case(c.f, c.l, c.r);
        v = r.value;
        att = r.k == Case::Vertex || r.k == Case::ExpStat || r.k == Case::Constant;
        switch (r.k) {
          case Case::Vertex: case Case::ExpStat: w = where_point(r.x); break;
          case Case::Constant: {
            // Closed ends where the point beside is feasible and attains the same value.
            std::vector<Cell> feasible_cells = split;
            for (std::size_t j = 0; j < split.size(); ++j)
              if (!(root[j] || split[j].g(split[j].point ? split[j].l : rep(split[j].l, split[j].r)) <= 0)) feasible_cells[j].f = Form{kInf, 0, 0, 0, 0};
            w = constant_set_text(feasible_cells, k, v, [](const Cell& pc) { return pc.f(pc.l); });
            break;
          }
          case Case::EndL: w = "x → " + num_plain(c.l) + "⁺"; break;
          case Case::EndR: w = "x → " + num_plain(c.r) + "⁻"; break;
          case Case::LimitNegInf: case Case::DivNeg: w = "x → −∞"; break;
          case Case::LimitPosInf: case Case::DivPos: w = "x → +∞"; break;
        }
      }
      const bool set = w.rfind("every x", 0) == 0;
      if (v < cf.f_star && !close(v, cf.f_star)) {
        cf.f_star = v, cf.f_attained = att, cf.f_where = w, f_set = set;
        f_points.clear();
      } else if (close(v, cf.f_star) && att && (!cf.f_attained || (set && !f_set))) {
        cf.f_star = std::min(v, cf.f_star), cf.f_attained = true, cf.f_where = w, f_set = set;
        f_points.clear();
      }
      if (att && !set && close(v, cf.f_star) && std::find(f_points.begin(), f_points.end(), w) == f_points.end()) f_points.push_back(w);
    }
    if (!cf.feasible) cf.f_where = "no x of X satisfies g(x) ≤ 0";
    else if (cf.f_star == -kInf && f_falls) cf.f_where = falls_text(f_falls);
    else if (cf.f_attained && !f_set && f_points.size() > 1) {
      cf.f_where.clear();
      for (const std::string& w : f_points) cf.f_where += (cf.f_where.empty() ? "" : " and ") + w;
    }
  }

  // The μ where the case of some cell may change: zeros of affine functions of μ.
  std::vector<double> crit = {0};
  auto zero = [&](double k0, double k1) {
    if (k1 != 0) {
      const double m = -k0 / k1;
      if (m > 0 && std::isfinite(m)) crit.push_back(m);
    }
  };
  for (const Cell& c : cf.cells) {
    if (c.point) continue;
    zero(c.f.b, c.g.b), zero(c.f.c, c.g.c), zero(c.f.d, c.g.d), zero(c.f.e, c.g.e);
    for (double e : {c.l, c.r}) {
      if (std::isinf(e)) continue;
      zero(c.f.b + 2 * c.f.c * e, c.g.b + 2 * c.g.c * e);
      zero(c.f.b + c.f.d * std::exp(e), c.g.b + c.g.d * std::exp(e));
      zero(c.f.b - c.f.e * std::exp(-e), c.g.b - c.g.e * std::exp(-e));
      zero(c.f.a - c.f(e), c.g.a - c.g(e));
    }
    if (std::isfinite(c.l) && std::isfinite(c.r)) zero(c.f(c.l) - c.f(c.r), c.g(c.l) - c.g(c.r));
  }
  std::sort(crit.begin(), crit.end());
  crit.erase(std::unique(crit.begin(), crit.end()), crit.end());
  // Critical μ within a few ulps of each other are one μ computed along different roundings:
  // f = 2 − x, g = x/3 − 0.1 on [−1, ∞) gave 2.9999999999999996, 3 and 3.0000000000000004 for the
  // one μ = 3 where L's slope in x is 0, and a piece "2 − mu/10" on the sliver between, where
  // L(·, μ) falls to −∞. The cluster is the number of fewest digits within it (3), or its middle.
  {
    std::vector<double> merged;
    for (std::size_t k = 0; k < crit.size();) {
      std::size_t j = k + 1;
      while (j < crit.size() && near_end(crit[j], crit[j - 1])) ++j;
      double m = crit[k + (j - k) / 2];
      if (j - k > 1)
        for (int digits = 1; digits <= 15; ++digits) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.*g", digits, m);
          const double r = std::strtod(buf, nullptr);
          if (r >= crit[k] && r <= crit[j - 1]) {
            m = r;
            break;
          }
        }
      merged.push_back(m);
      k = j;
    }
    crit = merged;
  }
  cf.critical = crit;

  // One piece per critical point and per open interval between them, then merged.
  struct Raw {
    DualPiece piece;
    bool point;
  };
  std::vector<Raw> raw;
  for (std::size_t k = 0; k < crit.size(); ++k) {
    {
      const double m = crit[k];
      const Value v = q_at(cf, m);
      DualPiece pt;
      pt.lo = pt.hi = m;
      pt.minus_inf = v.value == -kInf;
      Candidate c;
      c.kind = pt.minus_inf ? Candidate::Kind::MinusInf : Candidate::Kind::Affine;
      c.value = {v.value, 0};
      c.attained = v.attained;
      c.x = v.x;
      pt.candidates = {c};
      pt.q = pt.minus_inf ? "-inf" : magnitude(v.value).insert(0, v.value < 0 ? "-" : "");
      if (!pt.minus_inf && pt.q.find('/') == std::string::npos && !close(std::stod(pt.q), v.value)) pt.q = num_plain(v.value);
      pt.x = all_minimizers_text(cf, m);
      pt.attained = v.attained;
      raw.push_back({pt, true});
    }
    const double lo = crit[k], hi = k + 1 < crit.size() ? crit[k + 1] : kInf;
    const double mr = rep(lo, hi);
    std::vector<Candidate> cands;
    for (const Cell& c : cf.cells) cands.push_back(candidate(c, mr));
    raw.push_back({open_piece(cands, lo, hi), false});
  }
  auto matches = [](const DualPiece& open, const DualPiece& pt) {
    const double at = open(pt.lo), v = pt(pt.lo);
    if (open.minus_inf) return v == -kInf;
    return std::isfinite(at) && std::isfinite(v) && close(at, v);
  };
  std::vector<DualPiece> out;
  for (std::size_t k = 0; k < raw.size(); ++k) {
    const DualPiece& cur = raw[k].piece;
    if (!raw[k].point) {
      if (!out.empty() && out.back().q == cur.q && out.back().lo < out.back().hi && out.back().hi_closed &&
          own_minimizers(out.back()) == cur.x) {
        out.back().hi = cur.hi;  // the point between was absorbed
        out.back().hi_closed = false;
      } else {
        out.push_back(cur);
      }
      continue;
    }
    const bool left = !out.empty() && out.back().lo < out.back().hi && matches(out.back(), cur);
    const bool right = k + 1 < raw.size() && matches(raw[k + 1].piece, cur);
    // A piece that takes in its end μ = m says so when the minimizers there are more than its own
    // formula's (x = 0 on [0, 1], every x ≤ 0 at μ = 1) or L falls another way (x → −∞ at μ = 0,
    // x → ±∞ beyond).
    // Merged with both sides only when they say the same: the same formula and the same minimizers
    // (−∞ on (0, 1] as x → −∞ and on (1, ∞) as x → ±∞ are two pieces; merged, the second
    // direction was lost and the note at μ = 1 repeated the first).
    if (left && right && out.back().q == raw[k + 1].piece.q && own_minimizers(out.back()) == raw[k + 1].piece.x) {
      out.back().hi_closed = true;
      note_end(out.back(), cur, end_differs(cf, out.back(), cur) || end_differs(cf, raw[k + 1].piece, cur));
      continue;
    }
    if (left) {
      // The left piece holds at its end; the next open piece starts here (no merge with it).
      out.back().hi_closed = true;
      note_end(out.back(), cur, end_differs(cf, out.back(), cur));
      out.push_back(raw[k + 1].piece);
      ++k;
      continue;
    }
    if (right) {
      raw[k + 1].piece.lo_closed = true;
      note_end(raw[k + 1].piece, cur, end_differs(cf, raw[k + 1].piece, cur));
      continue;
    }
    out.push_back(cur);
  }
  cf.pieces = out;

  // q*: the largest of the values at critical points, interior maxima and the limit at ∞.
  double best = -kInf, best_mu = 0;
  bool best_attained = false;
  std::vector<double> argmax_points;  // every μ found with q(μ) = best
  auto consider = [&](double mu, double v) {
    if (v > best && !close(v, best)) best = v, best_mu = mu, best_attained = true;
  };
  // A single candidate whose formula has no μ in it: q is constant on its piece, of any kind (an
  // affine 0, or a vertex a − b²/(4c) that is 0 for f = g = x²: L = (1 + μ)x²).
  auto flat = [](const DualPiece& pc) {
    return pc.candidates.size() == 1 && pc.candidates[0].kind != Candidate::Kind::MinusInf &&
           candidate_text(pc.candidates[0]).find("mu") == std::string::npos;
  };
  for (double m : crit) consider(m, q_value(cf, m));
  for (const DualPiece& pc : cf.pieces) {
    if (pc.minus_inf || pc.lo == pc.hi) continue;
    if (pc.candidates.size() == 1) {
      const Candidate& c = pc.candidates[0];
      if (flat(pc)) consider(rep(pc.lo, pc.hi), c(rep(pc.lo, pc.hi)));
      for (double m : interior_maxima(c, pc.lo, pc.hi)) consider(m, q_value(cf, m));
    } else {
      // A minimum of several concave formulas: golden-section search on the closed form.
      double u = pc.lo, v = std::isinf(pc.hi) ? pc.lo + 1 : pc.hi;
      if (std::isinf(pc.hi))
        while (pc(2 * v + 1) > pc(v) && v < 1e12) u = v, v = 2 * v + 1;
      // Still rising at 10^12: the supremum is the limit at ∞, taken below (q = min(27μ/25,
      // 1.7 − 1/(12μ)) was said to attain 1.6999999999999666 at μ = 2.5e12).
      if (std::isinf(pc.hi) && pc(2 * v + 1) > pc(v)) continue;
      if (std::isinf(pc.hi)) v = 2 * v + 1;
      const auto [lo, hi] = golden_section_min([&pc](double mu) { return -pc(mu); }, u, v, 1e-14);
      const double m = 0.5 * (lo + hi);
      // Far out, the piece's formulas, not L minimized at m: where q keeps rising the search ends
      // there (μ = 2.5e12 for q = min(27μ/25, 1.7 − 1/(12μ))), where L's terms are 1e13 and its
      // minimum rounds by 2e-4 (q* was 1.7002 > f* = 1.7).
      consider(m, m < 1e6 ? q_value(cf, m) : pc(m));
    }
  }
  const DualPiece& tail = cf.pieces.back();
  double tail_limit = -kInf;
  if (!tail.minus_inf && std::isinf(tail.hi)) {
    tail_limit = kInf;
    for (const Candidate& c : tail.candidates) tail_limit = std::min(tail_limit, limit_at_inf(c));
  }
  if (tail_limit > best && !close(tail_limit, best)) best = tail_limit, best_attained = false;
  cf.q_star = best;
  cf.q_attained = best_attained && std::isfinite(best);
  cf.q_argmax = best_mu;
  if (best == -kInf) cf.q_where = "q(μ) = −∞ for every μ ≥ 0";
  else if (!best_attained) cf.q_where = "μ → ∞";
  else cf.q_where = "μ = " + num_plain(best_mu);

  // Multipliers: {μ ≥ 0 : q(μ) = f*}, an interval since q is concave.
  if (std::isfinite(cf.f_star) && cf.q_attained && close(cf.q_star, cf.f_star)) {
    double lo = kInf, hi = -kInf;
    auto take = [&](double m) { lo = std::min(lo, m), hi = std::max(hi, m); };
    for (double m : crit)
      if (close(q_value(cf, m), cf.f_star)) take(m);
    for (const DualPiece& pc : cf.pieces) {
      if (pc.minus_inf || pc.lo == pc.hi) continue;
      if (flat(pc) && close(pc.candidates[0](rep(pc.lo, pc.hi)), cf.f_star))
        take(pc.lo), take(pc.hi);
      else if (pc.candidates.size() == 1)
        for (double m : interior_maxima(pc.candidates[0], pc.lo, pc.hi))
          if (close(q_value(cf, m), cf.f_star)) take(m);
    }
    if (close(q_value(cf, cf.q_argmax), cf.f_star)) take(cf.q_argmax);
    if (lo <= hi) cf.multipliers = std::make_pair(lo, hi);
  }
  return cf;
}

}  // namespace hw6::ex2::closed
