// Exercise 2: parse, analyze (primal value, dual function, multipliers), claims. The explanation
// is in ex2_report.cpp.
//
// Infima over an interval that may be unbounded are computed from a grid that covers [−10, 10]
// finely and then every half decade up to 10^300, plus each breakpoint and its two sides, refined
// by golden-section search. An infimum is −∞ only when the tail keeps falling without bound
// (strictly decreasing over the last decades and by more than 1 from 10^100 to 10^300): −log x is
// caught, −1/x is not mistaken for it.
#include "hw6/exercises/ex2.hpp"
#include "hw6/numeric.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <tuple>

namespace hw6::ex2 {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// 10^(k/2) for k = −600 … 600, computed once (the sampled method's tails and poles use them).
double pow10_half(int k) {
  static const std::vector<double> table = [] {
    std::vector<double> t(1201);
    for (int i = -600; i <= 600; ++i) t[static_cast<std::size_t>(i + 600)] = std::pow(10.0, i / 2.0);
    return t;
  }();
  return table[static_cast<std::size_t>(k + 600)];
}

/// An expression for an error message: long ones cut to their first 40 characters.
std::string quote(const std::string& text) {
  if (text.size() <= 60) return "\"" + text + "\"";
  std::size_t cut = 40;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
  return "\"" + text.substr(0, cut) + "…\" (" + std::to_string(text.size()) + " characters)";
}

/// The numerical method evaluates f and g some 10⁵ times: beyond this many operations in total it
/// would take seconds, so a problem outside the closed-form class is refused above it.
constexpr std::size_t kNumericalMaxOps = 2000;

Function parse_function(const Reader& r) {
  Function f;
  auto parse_expr = [](const Reader& at, const std::string& text) {
    try {
      return expr::Expression::parse(text);
    } catch (const expr::SyntaxError& e) {
      at.fail("column " + std::to_string(e.column()) + " of " + quote(text) + ": " + e.what());
    }
  };
  if (r.json().is_string()) {
    f.text = r.string();
    f.branches.push_back({std::nullopt, parse_expr(r, f.text)});
    return f;
  }
  if (!r.json().is_object()) r.fail("expected an expression in x (a string) or {\"piecewise\": [...]}, got " + describe(r.json()));
  r.only_keys({"piecewise"});
  Reader pieces = r.at("piecewise");
  for (std::size_t k = 0; k < pieces.array_size(); ++k) {
    Reader piece = pieces.at(k);
    piece.only_keys({"if", "then"});
    const std::string cond_text = piece.at("if").string(), then_text = piece.at("then").string();
    expr::Condition cond = [&] {
      try {
        return expr::Condition::parse(cond_text);
      } catch (const expr::SyntaxError& e) {
        piece.at("if").fail("column " + std::to_string(e.column()) + " of " + quote(cond_text) + ": " + e.what());
      }
    }();
    for (double c : cond.constants()) f.breakpoints.push_back(c);
    f.branches.push_back({cond, parse_expr(piece.at("then"), then_text)});
    f.text += (f.text.empty() ? "" : "; ") + then_text + " if " + cond_text;
  }
  return f;
}

double parse_end(const Reader& r) {
  if (r.json().is_string()) {
    const std::string s = r.string();
    if (s == "inf") return kInf;
    if (s == "-inf") return -kInf;
    r.fail("expected a number, \"inf\" or \"-inf\", got \"" + s + "\"");
  }
  return r.number();
}

/// The grid of Exercise 2's infima: fine near 0, then every half decade, plus breakpoints.
std::vector<double> grid(double lo, double hi, const std::vector<double>& breakpoints) {
  // The same grids serve every μ of a problem and every problem on the same X: the part without
  // the breakpoints is kept sorted per X, and the last few whole grids are remembered.
  struct Whole {
    double lo, hi;
    std::vector<double> bps, grid;
  };
  thread_local std::vector<Whole> wholes;
  for (const Whole& w : wholes)
    if (w.lo == lo && w.hi == hi && w.bps == breakpoints) return w.grid;
  thread_local double base_lo = 0, base_hi = 0;
  thread_local std::vector<double> base;  // sorted, in X
  if (base.empty() || base_lo != lo || base_hi != hi) {
    base_lo = lo, base_hi = hi;
    std::vector<double> g;
    const double a = std::isfinite(lo) ? lo : -10, b = std::isfinite(hi) ? hi : 10;
    if (a < b)
      for (int k = 0; k <= 500; ++k) g.push_back(a + (b - a) * k / 500.0);
    for (int k = 2; k <= 600; ++k) {  // 10^1 … 10^300
      const double v = pow10_half(k);
      g.push_back(v);
      g.push_back(-v);
    }
    if (std::isfinite(lo)) g.push_back(lo);
    if (std::isfinite(hi)) g.push_back(hi);
    g.push_back(0);
    base.clear();
    for (double x : g)
      if (x >= lo && x <= hi) base.push_back(x);
    std::sort(base.begin(), base.end());
  }
  std::vector<double> extra;
  for (double bp : breakpoints)
    for (double eps : {0.0, 1e-9, -1e-9, 1e-6, -1e-6}) {
      const double x = bp + eps * std::max(1.0, std::fabs(bp));
      if (x >= lo && x <= hi) extra.push_back(x);
    }
  std::sort(extra.begin(), extra.end());
  std::vector<double> out(base.size() + extra.size());
  std::merge(base.begin(), base.end(), extra.begin(), extra.end(), out.begin());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (wholes.size() >= 8) wholes.erase(wholes.begin());
  wholes.push_back({lo, hi, breakpoints, out});
  return out;
}

std::string fmt(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

/// x to `digits` significant digits.
std::string fmt_digits(double x, int digits) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", digits, x);
  return buf;
}

}  // namespace

namespace {
std::vector<double> sample_breakpoints(const OneProblem& p);
}

double Function::operator()(double x) const {
  for (const auto& [cond, e] : branches)
    if (!cond || (*cond)(x)) {
      // −∞ is kept: far out it is an overflow of a function falling without bound (x³ beyond
      // x = −10^103, −e⁻ˣ beyond x = −709), which the sampled method must see as such.
      const double v = e(x);
      return std::isfinite(v) || v == -kInf ? v : std::numeric_limits<double>::quiet_NaN();
    }
  return std::numeric_limits<double>::quiet_NaN();
}

double Function::rounding_bound(double x) const {
  for (const auto& [cond, e] : branches)
    if (!cond || (*cond)(x)) return e.rounding_bound(x);
  return std::numeric_limits<double>::quiet_NaN();
}

bool Function::has_branch(double x) const {
  for (const auto& [cond, e] : branches)
    if (!cond || (*cond)(x)) return true;
  return false;
}

Problem parse(const Json& j) {
  Reader root(j, "");
  root.only_keys({"description", "problems"});
  Problem p;
  Reader list = root.at("problems");
  for (std::size_t k = 0; k < list.array_size(); ++k) {
    Reader r = list.at(k);
    r.only_keys({"name", "f", "g", "X", "note"});
    OneProblem q;
    q.name = r.at("name").string();
    if (auto n = r.find("note")) q.note = n->string();
    q.f = parse_function(r.at("f"));
    q.g = parse_function(r.at("g"));
    if (auto x = r.find("X")) {
      if (x->array_size() != 2) x->fail("expected an interval [lo, hi]");
      q.lo = parse_end(x->at(0));
      q.hi = parse_end(x->at(1));
      if (!(q.lo < q.hi)) x->fail("expected lo < hi");
    }
    // Every x of X must fall into some branch.
    std::vector<double> bps = q.f.breakpoints;
    bps.insert(bps.end(), q.g.breakpoints.begin(), q.g.breakpoints.end());
    for (double x : grid(q.lo, q.hi, bps)) {
      if (!q.f.has_branch(x)) r.at("f").fail("no branch of the piecewise function applies at x = " + fmt(x));
      if (!q.g.has_branch(x)) r.at("g").fail("no branch of the piecewise function applies at x = " + fmt(x));
    }
    // A piecewise function must cover X: the closed form's split finds a gap the grid above misses.
    if (q.f.branches[0].first || q.g.branches[0].first) {
      try {
        closed::derive(q);
      } catch (const closed::OutOfClass& e) {
        const std::string what = e.what();
        if (what.find("no branch applies") != std::string::npos) r.at(what.rfind("in f", 0) == 0 ? "f" : "g").fail(what.substr(6));
      }
    }
    // Outside the closed-form class only the numerical method is left: bound its cost.
    auto ops = [](const Function& fn) {
      std::size_t n = 0;
      for (const auto& [cond, e] : fn.branches) {
        n += e.program().size();
        if (cond)
          for (const auto& t : cond->terms()) n += t.program().size();
      }
      return n;
    };
    if (ops(q.f) + ops(q.g) > kNumericalMaxOps) {
      try {
        closed::derive(q);
      } catch (const closed::OutOfClass& e) {
        const bool f_longer = ops(q.f) >= ops(q.g);
        r.at(f_longer ? "f" : "g").fail("outside the closed-form class (" + std::string(e.what()) + ") and too long for the numerical method: " +
                                        std::to_string(ops(q.f) + ops(q.g)) + " operations in f and g, at most " +
                                        std::to_string(kNumericalMaxOps) + " allowed");
      }
    }
    q.sample_breakpoints = sample_breakpoints(q);
    q.sample_breakpoints_ready = true;
    p.problems.push_back(std::move(q));
  }
  return p;
}

namespace {

/// δ = 10^−3 … 10^−300 towards a from `side`, as long as a ± δ is a different number in X: the
/// points at which infimum() looks for a pole at a.
std::vector<double> pole_points(double a, int side, double lo, double hi) {
  std::vector<double> xs;
  for (int k = 6; k <= 600; ++k) {
    const double x = a + side * pow10_half(-k) * std::max(1.0, std::fabs(a));
    if (x == a || x < lo || x > hi) break;
    xs.push_back(x);
  }
  return xs;
}

/// infimum() given h's values on the grid xs (vs), along the tails (tail(dir): h at dir·10^(k/2),
/// k = 2 … 600) and towards a possible pole (pole(a, side): h at pole_points(a, side)); h itself
/// for the few other points (refinement, the sides of a jump).
template <class H, class Tail, class Pole>
Infimum infimum_from(const H& h, double lo, double hi, const std::vector<double>& breakpoints, const std::vector<double>& xs,
                     const std::vector<double>& vs, const Tail& tail, const Pole& pole) {
  Infimum r;

  // Unbounded below along a sequence of points approaching a limit (|x| → ∞, or x → a⁺/a⁻ at a
  // breakpoint or the edge of the domain): the farthest ten finite values strictly decreasing,
  // and falling by more than 1 over the last two hundred probes. Then the infimum is −∞ there.
  // seq is a lazy sequence (seq.size(), seq(k)): read from its far end, so that the usual case,
  // values that settle, is decided after a dozen of them.
  auto diverges = [&](const auto& seq) {
    // The finite values from the far end: last[0] is the farthest.
    // Overflowed to −∞ at the far end (the farthest value that is not NaN): unbounded below. That
    // value is the first non-NaN one the scan for finite values meets.
    double last[10];
    std::size_t found = 0, k = seq.size(), count;
    bool met = false;  // a value that is not NaN, from the far end
    while (k > 0 && found < 10) {
      const double v = seq(--k);
      if (!met && !std::isnan(v)) {
        if (v == -kInf) return true;
        met = true;
      }
      if (std::isfinite(v)) last[found++] = v;
    }
    if (found < 10) return false;  // fewer than 220
    for (std::size_t t = 0; t + 1 < 10; ++t)
      if (!(last[t] < last[t + 1])) return false;  // the farthest ten strictly decreasing
    count = 10;
    double at200 = 0;  // the 200th finite value from the far end
    while (k > 0 && count < 220) {
      const double v = seq(--k);
      if (std::isfinite(v) && ++count == 200) at200 = v;
    }
    if (count < 220) return false;
    return last[0] < at200 - 1;
  };
  // Both tails are looked at: −μx² falls both ways, and the text says so ("x → ±∞").
  bool falls[2] = {false, false};
  for (int dir : {-1, 1}) {
    if ((dir < 0 && std::isfinite(lo)) || (dir > 0 && std::isfinite(hi))) continue;
    falls[dir > 0] = diverges(tail(dir));  // |x| = 10^1 … 10^300
  }
  if (falls[0] || falls[1]) {
    r.value = -kInf;
    r.at = falls[0] ? -kInf : kInf;
    r.where = falls[0] && falls[1] ? "x → ±∞" : falls[0] ? "x → −∞" : "x → +∞";
    return r;
  }
  // One pass over the samples (they are most of the time here): the edges of the domain, and the
  // smallest sample, preferring the smallest |x| among ties (a finite minimizer beats a tail where
  // the function has underflowed to the same value).
  // Poles: breakpoints and the edges of the domain (a NaN sample beside a finite one).
  std::vector<double> edges = breakpoints;
  double best = kInf;
  std::size_t k_best = xs.size();
  for (std::size_t k = 0; k < xs.size(); ++k) {
    const double v = vs[k];
    if (std::isfinite(v)) {
      if (v < best || k_best == xs.size()) best = v, k_best = k;
      else if (v == best && std::fabs(xs[k]) < std::fabs(xs[k_best])) k_best = k;
    } else if ((k > 0 && std::isfinite(vs[k - 1])) || (k + 1 < xs.size() && std::isfinite(vs[k + 1]))) {
      edges.push_back(xs[k]);
    }
  }
  for (double a : edges)
    for (int side : {-1, 1}) {
      if (diverges(pole(a, side))) {
        r.value = -kInf;
        r.at = a;
        r.where = "x → " + fmt(a) + (side > 0 ? "⁺" : "⁻");
        return r;
      }
    }
  if (!std::isfinite(best)) {
    r.value = kInf;
    r.where = "nowhere defined";
    return r;
  }
  const double tol = 1e-9 * (1 + std::fabs(best));
  // Reached only far out, with the values never rising beyond: approached as x → ±∞.
  bool tail_limit = false;
  if (std::fabs(xs[k_best]) >= 1000) {
    tail_limit = true;
    const int dir = xs[k_best] < 0 ? -1 : 1;
    for (std::size_t k = 0; k < xs.size(); ++k)
      if (dir * (xs[k] - xs[k_best]) > 0 && std::isfinite(vs[k]) && vs[k] > vs[k_best] + tol) tail_limit = false;
  }
  if (tail_limit) {
    // The limit of the tail's last three samples (Aitken's Δ²); one below 1e-150 in magnitude is 0
    // (1/x at 10^300 is 1e-300, its limit 0).
    const int dir = xs[k_best] < 0 ? -1 : 1;
    const double x0 = h(dir * 1e299), x1 = h(dir * std::pow(10.0, 299.5)), x2 = h(dir * 1e300);
    double limit = best;
    if (std::isfinite(x0) && std::isfinite(x1) && std::isfinite(x2)) {
      const double denom = x2 - 2 * x1 + x0;
      if (denom != 0 && std::isfinite(denom)) limit = x2 - (x2 - x1) * (x2 - x1) / denom;
      if (!(limit <= best)) limit = best;
    }
    if (std::fabs(limit) < 1e-150) limit = 0;
    r.value = limit;
    r.sample_x = xs[k_best];
    r.at = xs[k_best] < 0 ? -kInf : kInf;
    r.where = xs[k_best] < 0 ? "x → −∞" : "x → +∞";
    return r;
  }
  // Refine by golden-section search between the neighbours, when h is defined there.
  double x_best = xs[k_best], v_best = vs[k_best];
  // At an end of X, between it and its neighbour (x + μ(x − 1/3)² on [0.1, 1000]: the minimum
  // 1/3 − 1/(2μ) lies between the grid's 0.1 and 0.6).
  const bool has_l = k_best > 0 && std::isfinite(vs[k_best - 1]), has_r = k_best + 1 < xs.size() && std::isfinite(vs[k_best + 1]);
  const bool at_end = k_best == 0 || k_best + 1 == xs.size();
  if ((has_l && has_r) || (at_end && (has_l || has_r))) {
    const auto [a, b] = golden_section_min(h, has_l ? xs[k_best - 1] : xs[k_best], has_r ? xs[k_best + 1] : xs[k_best], 1e-15);
    const double xm = 0.5 * (a + b), vm = h(xm);
    if (std::isfinite(vm) && vm < v_best) x_best = xm, v_best = vm;
  }
  r.value = v_best;
  r.at = r.sample_x = x_best;
  r.attained = true;
  r.where = "x = " + fmt(x_best);
  // Approached, not attained: just beside a breakpoint whose own value is larger (a jump).
  for (double bp : breakpoints) {
    const double eps = std::fabs(x_best - bp);
    if (eps > 0 && eps <= 1e-6 * std::max(1.0, std::fabs(bp)) * 1.0001) {
      const double at_bp = h(bp);
      const double closer = h(bp + (x_best - bp) * 1e-3);
      // Farther from the breakpoint at the same value: attained there (f = 0 for x > 0), no limit.
      const double farther = h(bp + (x_best - bp) * 1e3);
      if (std::isfinite(farther) && farther <= v_best + tol) continue;
      if ((!std::isfinite(at_bp) || at_bp > v_best + tol) && std::isfinite(closer) && closer <= v_best + tol) {
        r.attained = false;
        r.value = std::min(v_best, closer);
        if (closer < v_best) r.sample_x = bp + (x_best - bp) * 1e-3;
        r.at = bp;
        r.where = "x → " + fmt(bp) + (x_best > bp ? "⁺" : "⁻");
      }
    }
  }
  if (r.attained)
    for (std::size_t k = 0; k < xs.size(); ++k)
      if (std::isfinite(vs[k]) && vs[k] <= r.value + tol && std::fabs(xs[k]) < 1e100) r.argmin.push_back(xs[k]);
  return r;
}

}  // namespace

Infimum infimum(const std::function<double(double)>& h, double lo, double hi, const std::vector<double>& breakpoints) {
  const std::vector<double> xs = grid(lo, hi, breakpoints);
  std::vector<double> vs(xs.size());
  for (std::size_t k = 0; k < xs.size(); ++k) vs[k] = h(xs[k]);
  struct Lazy {
    std::vector<double> xs;
    const std::function<double(double)>* h;
    std::size_t size() const { return xs.size(); }
    double operator()(std::size_t k) const { return (*h)(xs[k]); }
  };
  auto tail = [&](int dir) {
    Lazy t{{}, &h};
    for (int k = 2; k <= 600; ++k) t.xs.push_back(dir * pow10_half(k));
    return t;
  };
  auto pole = [&](double a, int side) { return Lazy{pole_points(a, side, lo, hi), &h}; };
  return infimum_from(h, lo, hi, breakpoints, xs, vs, tail, pole);
}

namespace {

/// Breakpoints for the sampled method: the constants of the conditions, and the roots of g.
std::vector<double> sample_breakpoints(const OneProblem& p) {
  std::vector<double> bps = p.f.breakpoints;
  bps.insert(bps.end(), p.g.breakpoints.begin(), p.g.breakpoints.end());
  const std::vector<double> xs = grid(p.lo, p.hi, bps);
  std::vector<double> gs(xs.size());  // g at each grid point, once
  for (std::size_t k = 0; k < xs.size(); ++k) gs[k] = p.g(xs[k]);
  std::vector<double> roots;
  for (std::size_t k = 0; k + 1 < xs.size(); ++k) {
    double l = xs[k], r = xs[k + 1];
    double gl = gs[k], gr = gs[k + 1];
    if (!std::isfinite(gl) || !std::isfinite(gr) || (gl > 0) == (gr > 0)) continue;
    for (int it = 0; it < 200; ++it) {
      const double m = 0.5 * (l + r), gm = p.g(m);
      if (!std::isfinite(gm)) break;
      if ((gm > 0) == (gl > 0)) l = m, gl = gm;
      else r = m;
    }
    roots.push_back(gl <= 0 ? l : r);
  }
  bps.insert(bps.end(), roots.begin(), roots.end());
  // A root where g touches 0 without changing sign (g = (x − 1)² on [0, 3]: the feasible set is
  // {1}, which the grid steps over, and the sampled f* was +∞ against the closed form's 1). At a
  // local minimum of g on the grid above 0: the vertex of the parabola through it and its
  // neighbours, refined once more, and that vertex rounded to fewer digits, where g ≤ 0.
  std::size_t tried = 0;
  for (std::size_t k = 0; k < xs.size() && tried < 50; ++k) {
    // (at an end of X, the minimum may lie between it and its one neighbour: (x − 1/3)² on [0.1, 1000])
    const bool left = k == 0 || (std::isfinite(gs[k - 1]) && gs[k] <= gs[k - 1]);
    const bool right = k + 1 == xs.size() || (std::isfinite(gs[k + 1]) && gs[k] <= gs[k + 1]);
    if (!(gs[k] > 0 && std::isfinite(gs[k]) && left && right && xs.size() > 1)) continue;
    ++tried;
    double x = xs[k];
    const double spacing = std::min(k > 0 ? xs[k] - xs[k - 1] : kInf, k + 1 < xs.size() ? xs[k + 1] - xs[k] : kInf);
    for (double h : {0.5 * spacing, 1e-4 * (1 + std::fabs(xs[k]))}) {
      const double a = p.g(x - h), b = p.g(x), c = p.g(x + h), curv = a - 2 * b + c;
      if (!(curv > 0) || !std::isfinite(a + c)) break;
      const double v = x + 0.5 * h * (a - c) / curv;
      if (!(v >= p.lo && v <= p.hi)) break;
      x = v;
    }
    std::vector<double> candidates = {x};
    for (int digits = 1; digits <= 15; ++digits) candidates.push_back(std::stod(fmt_digits(x, digits)));
    for (double r : candidates)
      if (r >= p.lo && r <= p.hi && p.g(r) <= 0) {
        bps.push_back(r);
        break;
      }
  }
  return bps;
}

/// The μ of the sampled table: a few dozen, including the closed form's critical points.
std::vector<double> sample_mus(const closed::ClosedForm* cf) {
  std::vector<double> mus = {0, 0.5, 1, 1.5, 2, 3, 5, 10, 100, 1e6};
  if (cf) {
    for (double m : cf->critical)
      if (mus.size() < 40) mus.push_back(m);
    if (cf->multipliers) {
      mus.push_back(cf->multipliers->first);
      if (std::isfinite(cf->multipliers->second)) mus.push_back(cf->multipliers->second);
    }
  }
  std::sort(mus.begin(), mus.end());
  mus.erase(std::unique(mus.begin(), mus.end()), mus.end());
  // One μ of a pair that differs by rounding (3 and the critical 0.3/0.1 = 2.9999999999999996 gave
  // two rows "3" in the table): the closed form's own.
  auto own = [cf](double m) { return cf && std::find(cf->critical.begin(), cf->critical.end(), m) != cf->critical.end(); };
  std::vector<double> out;
  for (double m : mus) {
    if (!out.empty() && std::fabs(m - out.back()) <= 1e-12 * std::max(1.0, std::fabs(m))) {
      if (own(m) && !own(out.back())) out.back() = m;
      continue;
    }
    out.push_back(m);
  }
  return out;
}

}  // namespace

namespace {

/// f and g of one problem at every point the sampled method looks at (the grid, the tails, the
/// approaches to poles), evaluated once and shared by every μ: the method then costs one pass over
/// the samples per μ instead of ~5,000 evaluations of f and g. The values are the same numbers the
/// evaluations would give, so the sampled infima are exactly those of infimum() with h evaluated
/// point by point.
class SampleTable {
 public:
  SampleTable(const OneProblem& p, const closed::ClosedForm* cf, std::vector<double> bps)
      : f_(p.f), g_(p.g), f_text_(p.f.text), g_text_(p.g.text), lo_(p.lo), hi_(p.hi), bps_(std::move(bps)) {
    if (cf) cf_ = std::make_shared<const closed::ClosedForm>(*cf);
    grid_.x = grid(lo_, hi_, bps_);
    fill(grid_);
    for (int dir : {-1, 1}) {
      if ((dir < 0 && std::isfinite(lo_)) || (dir > 0 && std::isfinite(hi_))) continue;
      Seq& t = tails_[dir > 0];
      for (int k = 2; k <= 600; ++k) t.x.push_back(dir * pow10_half(k));
      t.f.assign(t.x.size(), 0.0), t.g.assign(t.x.size(), 0.0), t.done.assign(t.x.size(), 0);  // evaluated when read
    }
  }

  bool matches(const OneProblem& p, const closed::ClosedForm* cf, const std::vector<double>& bps) const {
    return (cf != nullptr) == (cf_ != nullptr) && p.lo == lo_ && p.hi == hi_ && p.f.text == f_text_ && p.g.text == g_text_ && bps == bps_;
  }

  /// f(x) and g(x): from the closed form's cells when there is one, else the expressions.
  std::pair<double, double> fg(double x) const { return cf_ ? closed::fg_at(*cf_, x) : std::pair{f_(x), g_(x)}; }

  /// infimum() of h(x) = value(f(x), g(x), x) over X.
  template <class Value>
  Infimum infimum(const Value& value) {
    return infimum(value, [&](std::vector<double>& vs) {
      for (std::size_t k = 0; k < vs.size(); ++k) vs[k] = value(grid_.f[k], grid_.g[k], grid_.x[k]);
    });
  }

  /// The largest f(x) over the grid's samples where keep(f(x), g(x), x); −∞ when there is none.
  template <class Keep>
  double grid_max_f(const Keep& keep) const {
    double m = -kInf;
    for (std::size_t k = 0; k < grid_.x.size(); ++k)
      if (keep(grid_.f[k], grid_.g[k], grid_.x[k]) && !std::isnan(grid_.f[k])) m = std::max(m, grid_.f[k]);
    return m;
  }

  /// infimum() of L(x, μ) = lagrangian_sample(f(x), g(x), x, μ) over X. On the grid, f + μg is
  /// first formed for every sample, then the usual case (f and μg finite, their sum not cancelled),
  /// where lagrangian_sample returns that sum, is tested inline, and only the other samples call it
  /// (the call per sample, mispredicted branches included, was a third of ex2's time). The values
  /// are the same.
  Infimum lagrangian_infimum(double mu, const closed::ClosedForm* cf) {
    auto value = [mu, cf](double fx, double gx, double x) { return lagrangian_sample(fx, gx, x, mu, cf); };
    if (mu == 0) return infimum(value);
    return infimum(value, [&](std::vector<double>& vs) {
      const std::size_t n = vs.size();
      const double* f = grid_.f.data();
      const double* g = grid_.g.data();
      double* out = vs.data();
      for (std::size_t k = 0; k < n; ++k) out[k] = f[k] + mu * g[k];
      for (std::size_t k = 0; k < n; ++k) {
        const double mg = mu * g[k];
        if (!(std::fabs(f[k]) < kInf && std::fabs(mg) < kInf && std::fabs(out[k]) >= 1e-8 * (std::fabs(f[k]) + mu * std::fabs(g[k]))))
          out[k] = lagrangian_sample(f[k], g[k], grid_.x[k], mu, cf);
      }
    });
  }

  /// infimum() of h(x) = value(f(x), g(x), x) over X, with h on the grid from fill(vs).
  template <class Value, class Fill>
  Infimum infimum(const Value& value, const Fill& fill) {
    std::vector<double> vs(grid_.x.size());
    fill(vs);
    // Tails and approaches to poles are read from their far end, mostly a dozen points of them:
    // f and g there are evaluated when first read, then kept.
    struct Lazy {
      const SampleTable* table;
      Seq* s;
      const Value* value;
      std::size_t size() const { return s->x.size(); }
      double operator()(std::size_t k) const {
        if (!s->done[k]) std::tie(s->f[k], s->g[k]) = table->fg(s->x[k]), s->done[k] = 1;
        return (*value)(s->f[k], s->g[k], s->x[k]);
      }
    };
    auto values = [&](Seq& s) { return Lazy{this, &s, &value}; };
    auto h = [&](double x) {
      const auto [fx, gx] = fg(x);
      return value(fx, gx, x);
    };
    auto tail = [&](int dir) { return values(tails_[dir > 0]); };
    auto pole = [&](double a, int side) {
      auto it = poles_.find({a, side});
      if (it == poles_.end()) {
        Seq s;
        s.x = pole_points(a, side, lo_, hi_);
        s.f.assign(s.x.size(), 0.0), s.g.assign(s.x.size(), 0.0), s.done.assign(s.x.size(), 0);
        it = poles_.emplace(std::pair{a, side}, std::move(s)).first;
      }
      return values(it->second);
    };
    return infimum_from(h, lo_, hi_, bps_, grid_.x, vs, tail, pole);
  }

 private:
  struct Seq {
    std::vector<double> x, f, g;
    std::vector<char> done;  ///< tails and poles: f, g evaluated at x[k] yet
  };
  void fill(Seq& s) const {
    s.f.resize(s.x.size());
    s.g.resize(s.x.size());
    for (std::size_t k = 0; k < s.x.size(); ++k) std::tie(s.f[k], s.g[k]) = fg(s.x[k]);
  }

  Function f_, g_;
  std::string f_text_, g_text_;
  double lo_, hi_;
  std::vector<double> bps_;
  std::shared_ptr<const closed::ClosedForm> cf_;
  Seq grid_, tails_[2];
  std::map<std::pair<double, int>, Seq> poles_;
};

/// The table of problem p (with or without its closed form), from a small cache: the sampled
/// method is asked for many μ of the same problem in a row.
SampleTable& sample_table(const OneProblem& p, const closed::ClosedForm* cf, const std::vector<double>& bps) {
  thread_local std::vector<std::unique_ptr<SampleTable>> cache;
  for (std::size_t k = 0; k < cache.size(); ++k)
    if (cache[k]->matches(p, cf, bps)) {
      std::rotate(cache.begin(), cache.begin() + static_cast<std::ptrdiff_t>(k), cache.begin() + static_cast<std::ptrdiff_t>(k) + 1);
      return *cache.front();
    }
  if (cache.size() >= 8) cache.pop_back();
  cache.insert(cache.begin(), std::make_unique<SampleTable>(p, cf, bps));
  return *cache.front();
}

/// |a| + |bx| + |cx²| + |d·eˣ| + |e·e⁻ˣ|: what the rounding of the form a + bx + cx² + d·eˣ + e·e⁻ˣ
/// at x is relative to (each of its few operations rounds once, relative to at most this).
double form_terms(const closed::Form& h, double x) {
  return std::fabs(h.a) + std::fabs(h.b * x) + std::fabs(h.c * x * x) + (h.d != 0 ? std::fabs(h.d * std::exp(x)) : 0.0) +
         (h.e != 0 ? std::fabs(h.e * std::exp(-x)) : 0.0);
}

/// L(x, μ) from the coefficients of f + μg collected on x's cell of the closed form, when each
/// collected coefficient f_k + μ·g_k is exactly the sum of the doubles (checked with an fma and
/// Knuth's two-sum): then L is one form a + bx + cx² + d·eˣ + e·e⁻ˣ evaluated as reliably as f
/// alone, with no large f and μg left to cancel. NaN when there is no cell or a coefficient is
/// rounded (its rounding would be noise of size x² far out: left out, as before).
double collected_sample(const closed::ClosedForm& cf, double x, double mu) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const closed::Cell* c = closed::cell_at(cf, x);
  if (!c) return nan;
  auto collect = [mu](double fk, double gk, double& out) {
    const double p = mu * gk, p_err = std::fma(mu, gk, -p);  // μ·g_k = p + p_err exactly
    const double s = fk + p, z = s - fk, s_err = (fk - (s - z)) + (p - z);  // f_k + p = s + s_err exactly
    out = s;
    return p_err == 0 && s_err == 0;
  };
  closed::Form L;
  if (!(collect(c->f.a, c->g.a, L.a) && collect(c->f.b, c->g.b, L.b) && collect(c->f.c, c->g.c, L.c) && collect(c->f.d, c->g.d, L.d) &&
        collect(c->f.e, c->g.e, L.e)))
    return nan;
  return L(x);
}

}  // namespace

double lagrangian_sample(double fx, double gx, double x, double mu, const closed::ClosedForm* cf) {
  if (mu == 0) return std::isfinite(fx) || fx == -kInf ? fx : std::numeric_limits<double>::quiet_NaN();
  const double v = fx + mu * gx;
  // f + μg may cancel to rounding noise (|x| − x/2 + 1.5(x + 1) at x = −10^300 is 0, not 1.5;
  // x²/3 + μ(1 − x²) at μ = 1/3, x = 10^6 is 0.333313, not 1/3), or be ∞ − ∞ (x² + μ(1 − x²)
  // beyond 1e154): such a sample is not computable in double precision from f(x) and g(x). With a
  // closed form L is then computed from its collected coefficients (f = (x − 0.5)², g = 1 − x² at
  // μ = 1: L = 1.25 − x out to 10^300, where the sum lost every sample beyond 5e7 and −∞ with
  // them). Otherwise, or when that is not exact, a sample far out is left out; one within 10^6 is
  // kept (a minimum where f and μg cancel, L = 0 at x = 1 for x² − 1 + μ(1 − x²)).
  // One term overflowed and the other is as large with the opposite sign: ∞ − (huge) is no more
  // −∞ than it is 1/3 (0.1x² + μ(1 − 0.3x²) at μ = 1/3, x = 10^154: 0.3x² overflows first).
  const double mg = mu * gx;
  const bool overflow_noise = std::isinf(fx) != std::isinf(mg) && (fx < 0) != (mg < 0) &&
                              std::fabs(std::isinf(fx) ? mg : fx) >= 1e-3 * std::numeric_limits<double>::max();
  const bool noise = std::isnan(v) || overflow_noise || std::fabs(v) < 1e-8 * (std::fabs(fx) + mu * std::fabs(gx));
  if (!noise) return v;
  if (cf && !std::isnan(fx) && !std::isnan(gx)) {
    const double w = collected_sample(*cf, x, mu);
    if (std::isfinite(w) || w == -kInf) return w;
  }
  return std::fabs(x) > 1e6 ? std::numeric_limits<double>::quiet_NaN() : v;
}

Infimum sampled_q(const OneProblem& p, double mu, const closed::ClosedForm* cf) {
  const std::vector<double>& bps = p.sample_breakpoints_ready ? p.sample_breakpoints : sample_breakpoints(p);
  SampleTable& table = sample_table(p, cf, bps);
  Infimum r = table.lagrangian_infimum(mu, cf);
  if (std::isfinite(r.value)) {
    // The rounding of f(x) + μg(x) at the sample: 8 ulps of the magnitudes of the terms (each of
    // the few operations of a form a + bx + cx² + d·eˣ + e·e⁻ˣ, the product μg and the sum round
    // once, each relative to at most these). Far out where f and μg cancel this is what the value
    // can be trusted to: x²/10 + μ(1 − 3x²/10) at μ = 1/3 gave 0.3333283 at x = 10⁶.
    const double x = r.sample_x;
    double terms_f, terms_g;
    if (const closed::Cell* c = cf ? closed::cell_at(*cf, x) : nullptr) {
      terms_f = form_terms(c->f, x), terms_g = form_terms(c->g, x);
    } else {
      const auto [fx, gx] = table.fg(x);
      terms_f = std::fabs(fx), terms_g = std::fabs(gx);
    }
    r.rounding = 8 * std::numeric_limits<double>::epsilon() * (terms_f + mu * terms_g + std::fabs(r.value));
    if (!std::isfinite(r.rounding)) r.rounding = 0;
    // Far out, still falling beyond rounding from the sample inward, and the next sample outward
    // left out as noise (f and g defined there)? Then the samples say only q(μ) ≤ value. (Not
    // when the samples before the cut only wander by rounding: 0.1x² + μ(1 − 0.3x²) at μ = 1/3.)
    const double next = x * std::sqrt(10.0), prev = x / std::sqrt(10.0);
    const auto [fp, gp] = table.fg(prev);
    const double v_prev = lagrangian_sample(fp, gp, prev, mu, cf);
    // (Or nearer, where the next sample overflows: f = −eˣ, g = eˣ − e at μ = 1/e is −0.63eˣ − μe,
    // finite at x = 316 and ∞ − ∞ at x = 1000; the samples said q = −1.4e137 against −∞.)
    const auto [f_next, g_next] = table.fg(next);
    const bool overflow_next = std::isinf(f_next) || std::isinf(g_next);
    if ((std::fabs(x) >= 1000 || overflow_next) && next >= p.lo && next <= p.hi && std::isfinite(v_prev) && r.value < v_prev - 2 * r.rounding) {
      const double fx = f_next, gx = g_next;
      if (!std::isnan(fx) && !std::isnan(gx) && std::isnan(lagrangian_sample(fx, gx, next, mu, cf))) {
        r.upper_bound_only = true;
        r.where += (overflow_next ? "; lost to overflow beyond |x| = " : "; lost to rounding beyond |x| = ") + fmt(std::fabs(x));
      }
    }
  }
  return r;
}

double sampled_excess(double exact, const Infimum& s) {
  if (std::isnan(exact) || std::isnan(s.value)) return kInf;
  if (s.upper_bound_only && exact <= s.value + s.rounding) return 0;
  if (std::isinf(exact) || std::isinf(s.value)) return exact == s.value ? 0 : kInf;
  return std::max(0.0, std::fabs(exact - s.value) - s.rounding) / (1 + std::fabs(exact));
}

Analysis analyze(const OneProblem& p) {
  Analysis a;
  try {
    a.closed_form = std::make_shared<const closed::ClosedForm>(closed::derive(p));
  } catch (const closed::OutOfClass& e) {
    a.closed_form_reason = e.what();
  }
  const std::vector<double>& bps = p.sample_breakpoints;
  const closed::ClosedForm* cf = a.closed_form.get();
  // g = −∞ (an overflow, as of 1 − x⁴ far out) is feasible; NaN is not.
  auto feasible_f = [](double fx, double gx, double /*x*/) { return gx <= 0 ? fx : std::numeric_limits<double>::quiet_NaN(); };
  a.sampled_primal = sample_table(p, cf, bps).infimum(feasible_f);
  if (a.sampled_primal.value == kInf) a.sampled_primal.where = "no sampled x of X satisfies g(x) ≤ 0";
  if (cf) {
    // Only the samples where g(x) ≤ 0 beyond its rounding (8 ulps of the terms of the cell's g, as
    // for L in sampled_q). A sample where g is within that of 0 may lie on either side of the
    // feasible set's edge: exp(x) − 1 is 0 in doubles for 0 < x < 1.1e-16, which the search for
    // g's roots finds, and where f jumps at 0 (2 − x for x ≤ 0, −x − 1 beyond) such a sample
    // gave the sampled f* = −1 against the true 2.
    auto g_rounding = [cf](double gx, double x) {
      const closed::Cell* c = closed::cell_at(*cf, x);
      return c && gx > -kInf ? 8 * std::numeric_limits<double>::epsilon() * form_terms(c->g, x) : 0.0;
    };
    auto surely_feasible_f = [&g_rounding](double fx, double gx, double x) {
      return gx <= 0 && gx <= -g_rounding(gx, x) ? fx : std::numeric_limits<double>::quiet_NaN();
    };
    SampleTable& table = sample_table(p, cf, bps);
    a.sampled_primal_sure = table.infimum(surely_feasible_f);
    // No sample surely feasible (the feasible set a point where g touches 0: (x − 1)² as
    // x² − 2x + 1, whose rounding at x = 1 is 8 ulps of 4): f* is f at one of the samples that may
    // be, as far as the samples tell, so at most the largest of those.
    if (a.sampled_primal_sure.value == kInf)
      a.sampled_primal_maybe_max = table.grid_max_f([&g_rounding](double, double gx, double x) { return gx <= 0 && gx > -g_rounding(gx, x); });
  }
  for (double mu : sample_mus(cf)) a.dual.push_back({mu, sampled_q(p, mu, cf)});
  if (cf) {
    // The cells against the expressions: every cell's point or a few points inside, and a grid.
    std::vector<double> xs;
    for (const closed::Cell& c : cf->cells) {
      if (c.point) {
        xs.push_back(c.l);
        continue;
      }
      const double l = std::isfinite(c.l) ? c.l : (std::isfinite(c.r) ? c.r - 100 : -100), r = std::isfinite(c.r) ? c.r : l + 100;
      for (double t : {0.001, 0.25, 0.5, 0.75, 0.999}) xs.push_back(l + t * (r - l));
    }
    for (int k = -20; k <= 20; ++k) xs.push_back(k * 0.5);
    for (double x : xs) {
      if (!(x >= p.lo && x <= p.hi)) continue;
      const auto [fc, gc] = closed::fg_at(*cf, x);
      const double fe = p.f(x), ge = p.g(x);
      // Beyond the rounding of the expression: abs(x) + exp(x) − exp(x) evaluates to 0 at x = 50
      // (50 is lost beside e⁵⁰ = 5e21), where the cell's |x| is 50, and that is no error of the cell.
      const double fr = p.f.rounding_bound(x), gr = p.g.rounding_bound(x);
      for (auto [u, v, rv] : {std::tuple{fc, fe, fr}, std::tuple{gc, ge, gr}}) {
        const double scale = 1 + std::fabs(v) + std::fabs(x) * std::fabs(x);
        const double diff = std::fabs(u - v) - (std::isfinite(rv) ? rv : 0.0);
        a.cells_error = std::max(a.cells_error, std::isfinite(u) && std::isfinite(v) ? std::max(0.0, diff) / scale : (u == v ? 0 : kInf));
      }
    }
  }

  if (a.closed_form) {
    a.primal.value = cf->f_star;
    a.primal.attained = cf->f_attained;
    a.primal.where = cf->f_where;
    a.feasible = cf->feasible;
    a.q_star = cf->q_star;
    a.q_attained = cf->q_attained;
    a.q_argmax = cf->q_argmax;
    a.q_where = cf->q_where;
    a.multipliers = cf->multipliers;
  } else {
    numeric_dual(p, a);
  }
  // f* − q*, +∞ when exactly one side is infinite the right way (f* = +∞ or q* = −∞); 0 when
  // f* = q* = ±∞ (no gap, Bertsekas's convention).
  // With a multiplier q* = f* exactly (claim (c)): a difference left is rounding (f = 1e-8·x,
  // g = x² − 1 gave 1.65e-24 and the words "there is a duality gap" beside the multiplier).
  if (a.primal.value == a.q_star || (a.multipliers && std::isfinite(a.primal.value))) a.gap = 0.0;
  else if (!(std::isinf(a.primal.value) && std::isinf(a.q_star))) a.gap = a.primal.value - a.q_star;
  else if (a.primal.value == kInf && a.q_star == -kInf) a.gap = kInf;  // no feasible x, q ≡ −∞: +∞ − (−∞)
  return a;
}

void numeric_dual(const OneProblem& p, Analysis& a) {
  a.primal = a.sampled_primal;
  a.feasible = a.primal.value < kInf;
  if (!a.feasible) a.primal.where = "no sampled x of X satisfies g(x) ≤ 0";
  // More μ for the search than for the table: up to 10^12.
  std::vector<std::pair<double, Infimum>> dual = a.dual;
  for (int k = 5; k <= 24; ++k) dual.push_back({std::pow(10.0, k / 2.0), sampled_q(p, std::pow(10.0, k / 2.0))});
  std::sort(dual.begin(), dual.end(), [](const auto& u, const auto& v) { return u.first < v.first; });
  dual.erase(std::unique(dual.begin(), dual.end(), [](const auto& u, const auto& v) { return u.first == v.first; }), dual.end());
  auto q = [&](double mu) { return sampled_q(p, mu); };
  std::size_t kb = 0;
  for (std::size_t k = 0; k < dual.size(); ++k)
    if (dual[k].second.value > dual[kb].second.value) kb = k;
  a.q_star = dual[kb].second.value;
  a.q_argmax = dual[kb].first;
  a.q_attained = std::isfinite(a.q_star);
  a.q_where = "μ = " + fmt(a.q_argmax);
  const std::size_t n = dual.size();
  if (a.q_star == -kInf) {
    a.q_attained = false;
    a.q_where = "q(μ) = −∞ at every sampled μ";
  } else if (kb == n - 1 && std::isfinite(a.q_star)) {
    // Rising to the end: growing increments mean +∞; shrinking ones a limit (Aitken's Δ²).
    const double x0 = dual[n - 3].second.value, x1 = dual[n - 2].second.value, x2 = dual[n - 1].second.value;
    const double denom = x2 - 2 * x1 + x0;
    if (x2 - x1 >= x1 - x0) a.q_star = kInf;
    else a.q_star = std::fabs(denom) > 0 ? x2 - (x2 - x1) * (x2 - x1) / denom : x2;
    if (std::fabs(a.q_star) < 1e-12) a.q_star = 0;
    a.q_attained = false;
    a.q_where = "μ → ∞";
  } else if (kb > 0 && kb + 1 < n && std::isfinite(dual[kb - 1].second.value) && std::isfinite(dual[kb + 1].second.value)) {
    double l = dual[kb - 1].first, r = dual[kb + 1].first;
    const double phi = 0.5 * (std::sqrt(5.0) - 1);
    for (int it = 0; it < 100 && r - l > 1e-13 * std::max(1.0, r); ++it) {
      const double c = r - phi * (r - l), d = l + phi * (r - l);
      if (q(c).value > q(d).value) r = d;
      else l = c;
    }
    const double mu = 0.5 * (l + r), v = q(mu).value;
    if (v > a.q_star) a.q_star = v, a.q_argmax = mu, a.q_where = "μ = " + fmt(mu);
  }
  const double f = a.primal.value;
  const bool no_gap = std::isfinite(f) && std::isfinite(a.q_star) && std::fabs(f - a.q_star) <= 1e-7 * (1 + std::fabs(f));
  if (no_gap && a.q_attained) {
    const double tol = 1e-7 * (1 + std::fabs(f));
    auto in = [&](double mu) { return q(mu).value >= f - tol; };
    std::size_t first = n, last = n;
    for (std::size_t k = 0; k < n; ++k)
      if (dual[k].second.value >= f - tol) {
        if (first == n) first = k;
        last = k;
      }
    double lo = a.q_argmax, hi = a.q_argmax;
    if (first < n) {
      lo = dual[first].first;
      hi = dual[last].first;
      if (first > 0) {  // bisection for the left end
        double out = dual[first - 1].first, inside = lo;
        for (int it = 0; it < 60; ++it) {
          const double mid = 0.5 * (out + inside);
          (in(mid) ? inside : out) = mid;
        }
        lo = inside;
      }
      if (last + 1 < n) {
        double inside = hi, out = dual[last + 1].first;
        for (int it = 0; it < 60; ++it) {
          const double mid = 0.5 * (out + inside);
          (in(mid) ? inside : out) = mid;
        }
        hi = inside;
      } else {
        hi = kInf;
      }
    }
    // A strictly concave q meets f* − tol on an interval of width O(√tol): numerically one point.
    if (std::isfinite(hi) && hi - lo <= 8 * std::sqrt(tol) * (1 + std::fabs(a.q_argmax))) lo = hi = a.q_argmax;
    a.multipliers = std::make_pair(lo, hi);
  }
}

namespace {

/// Points x with L(x, μ) = q(μ): with a closed form, from its minimizer sets (a point, or points
/// inside an open cell where L(·, μ) is constant: integers first, both ends' neighbourhoods);
/// otherwise the sampled minimizers. The caller still checks L(x, μ) = q(μ) to rounding.
std::vector<double> minimizers(const OneProblem& q, const Analysis& a, double mu) {
  std::vector<double> xs;
  if (a.closed_form) {
    for (const closed::MinSet& s : closed::minimizer_sets(*a.closed_form, mu)) {
      if (s.l == s.r) {
        xs.push_back(s.l);
        continue;
      }
      std::vector<double> in;
      if (std::isinf(s.l) && std::isinf(s.r)) in = {0, 1, -1, 2, -2, 10, -10, 100, -100};
      else if (std::isinf(s.l)) for (double d : {1.0, 2.0, 10.0, 100.0}) in.push_back(std::floor(s.r) - (std::floor(s.r) == s.r ? d : d - 1));
      else if (std::isinf(s.r)) for (double d : {1.0, 2.0, 10.0, 100.0}) in.push_back(std::ceil(s.l) + (std::ceil(s.l) == s.l ? d : d - 1));
      else {
        for (double t = std::floor(s.l) + 1; t < s.r && in.size() < 8; t += 1) in.push_back(t);
        for (double t : {0.25, 0.5, 0.75}) in.push_back(s.l + t * (s.r - s.l));
      }
      for (double x : in)
        if (x > s.l && x < s.r) xs.push_back(x);
    }
    return xs;
  }
  xs = sampled_q(q, mu, nullptr).argmin;
  std::stable_sort(xs.begin(), xs.end(), [](double u, double v) {
    const bool iu = u == std::round(u), iv = v == std::round(v);
    if (iu != iv) return iu;
    return std::fabs(u) < std::fabs(v);
  });
  return xs;
}

/// q(μ) and whether inf_x L(x, μ) is attained: from the closed form when there is one.
std::pair<double, bool> dual_value(const OneProblem& q, const Analysis& a, double mu) {
  if (a.closed_form) {
    const closed::Value v = closed::q_at(*a.closed_form, mu);
    return {v.value, v.attained};
  }
  const Infimum i = sampled_q(q, mu);
  return {i.value, i.attained};
}

bool near(double u, double v) { return std::fabs(u - v) <= 1e-9 * (1 + std::fabs(u) + std::fabs(v)); }

}  // namespace

Result solve(const Problem& p) {
  Result r;
  for (const auto& q : p.problems) r.analyses.push_back(analyze(q));
  // Claims 2(a)–(g) under the standing assumption −∞ < f* < ∞ (geometric multipliers are defined
  // only then). Only (c) is true; for each false claim the first loaded problem that refutes it
  // is named, found from the computed results, with the numbers that refute it.
  auto finite = [](const Analysis& a) { return std::isfinite(a.primal.value); };
  // μ values of a multiplier set to try: its ends and middle.
  auto samples = [](const Analysis& a) {
    std::vector<double> mus = {a.multipliers->first};
    if (std::isfinite(a.multipliers->second)) mus.push_back(a.multipliers->second), mus.push_back(0.5 * (a.multipliers->first + a.multipliers->second));
    else mus.push_back(a.multipliers->first + 1);
    return mus;
  };
  Claim ca{'a', false, std::nullopt}, cb{'b', false, std::nullopt}, cc{'c', true, std::nullopt}, cd{'d', false, std::nullopt},
      ce{'e', false, std::nullopt}, cf{'f', false, std::nullopt}, cg{'g', false, std::nullopt};
  for (std::size_t k = 0; k < r.analyses.size(); ++k) {
    const OneProblem& q = p.problems[k];
    const Analysis& a = r.analyses[k];
    if (!finite(a)) continue;
    if (!ca.counterexample && !a.multipliers) ca.counterexample = k;
    if (!cd.counterexample && !a.multipliers && a.gap && std::fabs(*a.gap) <= 1e-9 * (1 + std::fabs(a.primal.value)))
      cd.counterexample = k;  // a zero gap up to rounding (f = 3x − 1, g = 3(x − 2)²: 1.8e−15)
    if (!a.multipliers) continue;
    ++cc.checked;
    if (!cb.counterexample && a.multipliers->second > a.multipliers->first) {
      cb.counterexample = k;
      cb.mu = a.multipliers->first;
      cb.mu2 = std::isfinite(a.multipliers->second) ? a.multipliers->second : a.multipliers->first + 1;
    }
    for (double mu : samples(a)) {
      if (!near(dual_value(q, a, mu).first, a.primal.value)) continue;  // μ must be a multiplier
      if (!ce.counterexample && !dual_value(q, a, mu).second) ce.counterexample = k, ce.mu = mu;
      // x minimizes L(·, μ*) only when L(x, μ*) = q(μ*) to a few ulps of the magnitudes involved;
      // (f) needs g(x) > 0 and (g) needs f(x) > f* beyond round-off (1e-9 relative).
      const double qmu = a.closed_form ? dual_value(q, a, mu).first : sampled_q(q, mu).value;
      if (!std::isfinite(qmu)) continue;
      for (double x : minimizers(q, a, mu)) {
        const double fx = q.f(x), gx = q.g(x), L = fx + mu * gx;
        if (!std::isfinite(L)) continue;
        const double ulps = 16 * std::numeric_limits<double>::epsilon() * (std::fabs(fx) + mu * std::fabs(gx) + std::fabs(qmu));
        if (!(std::fabs(L - qmu) <= ulps)) continue;
        // L within rounding of q also holds at a point some 1e-8 beside a minimizer on g = 0 (L's
        // excess is quadratic in the distance), whose f − f* = −μ*g is linear in it: x = 1 + 1e-9
        // for x⁴, g = 1 − x, printed as "f(1) = 1 > f* = 1". So x must lie farther than 1e-6 from
        // the root of g that its value and slope point to.
        const double h = 1e-4 * (1 + std::fabs(x)), slope = (q.g(x + h) - q.g(x - h)) / (2 * h);
        if (std::isfinite(slope) && !(std::fabs(gx) > 1e-6 * (1 + std::fabs(x)) * std::fabs(slope))) continue;
        if (!cf.counterexample && gx > 1e-9 * (1 + std::fabs(x))) cf.counterexample = k, cf.mu = mu, cf.x = x;
        if (!cg.counterexample && gx <= 0 && fx > a.primal.value + 1e-9 * (1 + std::fabs(a.primal.value)))
          cg.counterexample = k, cg.mu = mu, cg.x = x;
      }
    }
  }
  r.claims = {ca, cb, cc, cd, ce, cf, cg};
  return r;
}

Report run(const Json& problem_json, const RunContext& /*ctx*/) {
  Problem p = parse(problem_json);
  return report(p, solve(p));
}

}  // namespace hw6::ex2
