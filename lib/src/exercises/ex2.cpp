// Exercise 2: parse, analyze (primal value, dual function, multipliers), claims. The explanation
// is in ex2_report.cpp.
//
// Infima over an interval that may be unbounded are computed from a grid that covers [−10, 10]
// finely and then every half decade up to 10^300, plus each breakpoint and its two sides, refined
// by golden-section search. An infimum is −∞ only when the tail keeps falling without bound
// (strictly decreasing over the last decades and by more than 1 from 10^100 to 10^300): −log x is
// caught, −1/x is not mistaken for it.
#include "hw6/exercises/ex2.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hw6::ex2 {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

Function parse_function(const Reader& r) {
  Function f;
  auto parse_expr = [](const Reader& at, const std::string& text) {
    try {
      return expr::Expression::parse(text);
    } catch (const expr::SyntaxError& e) {
      at.fail("column " + std::to_string(e.column()) + " of \"" + text + "\": " + e.what());
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
        piece.at("if").fail("column " + std::to_string(e.column()) + " of \"" + cond_text + "\": " + e.what());
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
  std::vector<double> g;
  const double a = std::isfinite(lo) ? lo : -10, b = std::isfinite(hi) ? hi : 10;
  if (a < b)
    for (int k = 0; k <= 2000; ++k) g.push_back(a + (b - a) * k / 2000.0);
  for (int k = 2; k <= 600; ++k) {  // 10^1 … 10^300
    const double v = std::pow(10.0, k / 2.0);
    g.push_back(v);
    g.push_back(-v);
  }
  for (double bp : breakpoints)
    for (double eps : {0.0, 1e-9, -1e-9, 1e-6, -1e-6}) g.push_back(bp + eps * std::max(1.0, std::fabs(bp)));
  if (std::isfinite(lo)) g.push_back(lo);
  if (std::isfinite(hi)) g.push_back(hi);
  g.push_back(0);
  std::vector<double> out;
  for (double x : g)
    if (x >= lo && x <= hi) out.push_back(x);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string fmt(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

}  // namespace

double Function::operator()(double x) const {
  for (const auto& [cond, e] : branches)
    if (!cond || (*cond)(x)) {
      const double v = e(x);
      return std::isfinite(v) ? v : std::numeric_limits<double>::quiet_NaN();
    }
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
    p.problems.push_back(std::move(q));
  }
  return p;
}

Infimum infimum(const std::function<double(double)>& h, double lo, double hi, const std::vector<double>& breakpoints) {
  Infimum r;
  const std::vector<double> xs = grid(lo, hi, breakpoints);
  std::vector<double> vs(xs.size());
  for (std::size_t k = 0; k < xs.size(); ++k) vs[k] = h(xs[k]);

  // Unbounded below along a sequence of points approaching a limit (|x| → ∞, or x → a⁺/a⁻ at a
  // breakpoint or the edge of the domain): the farthest ten finite values strictly decreasing,
  // and falling by more than 1 over the last two hundred probes. Then the infimum is −∞ there.
  auto diverges = [&](const std::vector<double>& seq) {
    std::vector<double> fin;
    for (double v : seq)
      if (std::isfinite(v)) fin.push_back(v);
    if (fin.size() < 220) return false;
    for (std::size_t k = fin.size() - 10; k + 1 < fin.size(); ++k)
      if (!(fin[k + 1] < fin[k])) return false;
    return fin.back() < fin[fin.size() - 200] - 1;
  };
  for (int dir : {-1, 1}) {
    if ((dir < 0 && std::isfinite(lo)) || (dir > 0 && std::isfinite(hi))) continue;
    std::vector<double> tail;  // |x| = 10^1 … 10^300
    for (int k = 2; k <= 600; ++k) tail.push_back(h(dir * std::pow(10.0, k / 2.0)));
    if (diverges(tail)) {
      r.value = -kInf;
      r.at = dir * kInf;
      r.where = dir < 0 ? "x → −∞" : "x → +∞";
      return r;
    }
  }
  // Poles: breakpoints and the edges of the domain (a NaN sample beside a finite one).
  std::vector<double> edges = breakpoints;
  for (std::size_t k = 0; k < xs.size(); ++k)
    if (!std::isfinite(vs[k]) && ((k > 0 && std::isfinite(vs[k - 1])) || (k + 1 < xs.size() && std::isfinite(vs[k + 1])))) edges.push_back(xs[k]);
  for (double a : edges)
    for (int side : {-1, 1}) {
      std::vector<double> seq;  // δ = 10^−3 … 10^−300, as long as a ± δ is a different number in X
      for (int k = 6; k <= 600; ++k) {
        const double x = a + side * std::pow(10.0, -k / 2.0) * std::max(1.0, std::fabs(a));
        if (x == a || x < lo || x > hi) break;
        seq.push_back(h(x));
      }
      if (diverges(seq)) {
        r.value = -kInf;
        r.at = a;
        r.where = "x → " + fmt(a) + (side > 0 ? "⁺" : "⁻");
        return r;
      }
    }
  // The smallest sample, preferring the smallest |x| among ties (a finite minimizer over a tail).
  double best = kInf;
  for (double v : vs)
    if (std::isfinite(v)) best = std::min(best, v);
  if (!std::isfinite(best)) {
    r.value = kInf;
    r.where = "nowhere defined";
    return r;
  }
  const double tol = 1e-9 * (1 + std::fabs(best));
  // Among the samples at exactly the best value, the one of smallest |x| (a finite minimizer beats
  // a tail where the function has underflowed to the same value).
  std::size_t k_best = xs.size();
  for (std::size_t k = 0; k < xs.size(); ++k)
    if (vs[k] == best && (k_best == xs.size() || std::fabs(xs[k]) < std::fabs(xs[k_best]))) k_best = k;
  // Reached only far out, with the values never rising beyond: approached as x → ±∞.
  bool tail_limit = false;
  if (std::fabs(xs[k_best]) >= 1000) {
    tail_limit = true;
    const int dir = xs[k_best] < 0 ? -1 : 1;
    for (std::size_t k = 0; k < xs.size(); ++k)
      if (dir * (xs[k] - xs[k_best]) > 0 && std::isfinite(vs[k]) && vs[k] > vs[k_best] + tol) tail_limit = false;
  }
  if (tail_limit) {
    r.value = best;
    r.at = xs[k_best] < 0 ? -kInf : kInf;
    r.where = xs[k_best] < 0 ? "x → −∞" : "x → +∞";
    return r;
  }
  // Refine by golden-section search between the neighbours, when h is defined there.
  double x_best = xs[k_best], v_best = vs[k_best];
  if (k_best > 0 && k_best + 1 < xs.size() && std::isfinite(vs[k_best - 1]) && std::isfinite(vs[k_best + 1])) {
    double a = xs[k_best - 1], b = xs[k_best + 1];
    const double phi = 0.5 * (std::sqrt(5.0) - 1);
    for (int it = 0; it < 200 && b - a > 1e-15 * std::max(1.0, std::fabs(a)); ++it) {
      const double c = b - phi * (b - a), d = a + phi * (b - a);
      const double hc = h(c), hd = h(d);
      if (!std::isfinite(hc) || !std::isfinite(hd)) break;
      if (hc < hd) b = d;
      else a = c;
    }
    const double xm = 0.5 * (a + b), vm = h(xm);
    if (std::isfinite(vm) && vm < v_best) x_best = xm, v_best = vm;
  }
  r.value = v_best;
  r.at = x_best;
  r.attained = true;
  r.where = "x = " + fmt(x_best);
  // Approached, not attained: just beside a breakpoint whose own value is larger (a jump).
  for (double bp : breakpoints) {
    const double eps = std::fabs(x_best - bp);
    if (eps > 0 && eps <= 1e-6 * std::max(1.0, std::fabs(bp)) * 1.0001) {
      const double at_bp = h(bp);
      const double closer = h(bp + (x_best - bp) * 1e-3);
      if ((!std::isfinite(at_bp) || at_bp > v_best + tol) && std::isfinite(closer) && closer <= v_best + 1e-6 * (1 + std::fabs(v_best))) {
        r.attained = false;
        r.value = std::min(v_best, closer);
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

Analysis analyze(const OneProblem& p) {
  Analysis a;
  std::vector<double> bps = p.f.breakpoints;
  bps.insert(bps.end(), p.g.breakpoints.begin(), p.g.breakpoints.end());
  // Roots of g (the feasible set's boundary) are breakpoints of the feasible f.
  {
    const std::vector<double> xs = grid(p.lo, p.hi, bps);
    std::vector<double> roots;
    for (std::size_t k = 0; k + 1 < xs.size(); ++k) {
      double l = xs[k], r = xs[k + 1];
      double gl = p.g(l), gr = p.g(r);
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
  }
  auto feasible_f = [&](double x) {
    const double gx = p.g(x);
    return std::isfinite(gx) && gx <= 0 ? p.f(x) : std::numeric_limits<double>::quiet_NaN();
  };
  a.primal = infimum(feasible_f, p.lo, p.hi, bps);
  a.feasible = std::isfinite(a.primal.value) || a.primal.value < 0;

  // L(·, 0) is f itself: 0·g(x) would be NaN where g overflows.
  auto q = [&](double mu) {
    return infimum([&](double x) { return mu == 0 ? p.f(x) : p.f(x) + mu * p.g(x); }, p.lo, p.hi, bps);
  };
  std::vector<double> mus;
  for (int k = 0; k <= 200; ++k) mus.push_back(k * 0.05);  // [0, 10]
  for (int k = 2; k <= 24; ++k) mus.push_back(std::pow(10.0, k / 2.0));  // up to 10^12
  for (double mu : mus) a.dual.push_back({mu, q(mu)});
  // q*: the best sample, refined; approached as μ → ∞ when still rising at the end.
  std::size_t kb = 0;
  for (std::size_t k = 0; k < a.dual.size(); ++k)
    if (a.dual[k].second.value > a.dual[kb].second.value) kb = k;
  a.q_star = a.dual[kb].second.value;
  a.q_argmax = a.dual[kb].first;
  a.q_attained = std::isfinite(a.q_star);
  a.q_where = "μ = " + fmt(a.q_argmax);
  const std::size_t n = a.dual.size();
  if (kb == n - 1 && std::isfinite(a.q_star)) {
    // Rising to the end: the supremum is a limit; Aitken's Δ² on the last three samples.
    const double x0 = a.dual[n - 3].second.value, x1 = a.dual[n - 2].second.value, x2 = a.dual[n - 1].second.value;
    const double denom = x2 - 2 * x1 + x0;
    a.q_star = std::fabs(denom) > 0 ? x2 - (x2 - x1) * (x2 - x1) / denom : x2;
    if (std::fabs(a.q_star) < 1e-12) a.q_star = 0;
    a.q_attained = false;
    a.q_where = "μ → ∞";
  } else if (kb > 0 && kb + 1 < n && std::isfinite(a.dual[kb - 1].second.value) && std::isfinite(a.dual[kb + 1].second.value)) {
    double l = a.dual[kb - 1].first, r = a.dual[kb + 1].first;
    const double phi = 0.5 * (std::sqrt(5.0) - 1);
    for (int it = 0; it < 100 && r - l > 1e-13 * std::max(1.0, r); ++it) {
      const double c = r - phi * (r - l), d = l + phi * (r - l);
      if (q(c).value > q(d).value) r = d;
      else l = c;
    }
    const double mu = 0.5 * (l + r), v = q(mu).value;
    if (v > a.q_star) a.q_star = v, a.q_argmax = mu, a.q_where = "μ = " + fmt(mu);
  }
  if (std::isfinite(a.primal.value) && std::isfinite(a.q_star)) a.gap = a.primal.value - a.q_star;
  else if (a.primal.value == -kInf && a.q_star == -kInf) a.gap = 0.0;

  // Geometric multipliers: {μ ≥ 0 : q(μ) = f*}, nonempty only without a gap and with q* attained.
  const double f = a.primal.value;
  if (std::isfinite(f) && a.gap && std::fabs(*a.gap) <= 1e-7 * (1 + std::fabs(f)) && a.q_attained) {
    const double tol = 1e-7 * (1 + std::fabs(f));
    auto in = [&](double mu) { return q(mu).value >= f - tol; };
    std::size_t first = n, last = n;
    for (std::size_t k = 0; k < n; ++k)
      if (a.dual[k].second.value >= f - tol) {
        if (first == n) first = k;
        last = k;
      }
    double lo = a.q_argmax, hi = a.q_argmax;
    if (first < n) {
      lo = a.dual[first].first;
      hi = a.dual[last].first;
      if (first > 0) {  // bisection for the left end
        double out = a.dual[first - 1].first, inside = lo;
        for (int it = 0; it < 60; ++it) {
          const double mid = 0.5 * (out + inside);
          (in(mid) ? inside : out) = mid;
        }
        lo = inside;
      }
      if (last + 1 < n) {
        double inside = hi, out = a.dual[last + 1].first;
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
  return a;
}

Result solve(const Problem& p) {
  Result r;
  for (const auto& q : p.problems) r.analyses.push_back(analyze(q));
  // Claims 2(a)–(g). Only (c) is true; for each false claim the first loaded problem that
  // refutes it is named, found from the computed results.
  auto find = [&](auto pred) -> std::optional<std::size_t> {
    for (std::size_t k = 0; k < r.analyses.size(); ++k)
      if (pred(p.problems[k], r.analyses[k])) return k;
    return std::nullopt;
  };
  auto has_mult = [](const Analysis& a) { return a.multipliers.has_value(); };
  // μ values of a multiplier set to try: its ends and middle.
  auto samples = [](const Analysis& a) {
    std::vector<double> mus = {a.multipliers->first};
    if (std::isfinite(a.multipliers->second)) mus.push_back(a.multipliers->second), mus.push_back(0.5 * (a.multipliers->first + a.multipliers->second));
    else mus.push_back(a.multipliers->first + 1);
    return mus;
  };
  auto lagrangian_inf = [](const OneProblem& q, double mu) {
    std::vector<double> bps = q.f.breakpoints;
    bps.insert(bps.end(), q.g.breakpoints.begin(), q.g.breakpoints.end());
    return infimum([&](double x) { return mu == 0 ? q.f(x) : q.f(x) + mu * q.g(x); }, q.lo, q.hi, bps);
  };
  r.claims.push_back({'a', false, find([&](const OneProblem&, const Analysis& a) { return a.feasible && !has_mult(a); }), });
  r.claims.push_back({'b', false, find([&](const OneProblem&, const Analysis& a) { return has_mult(a) && a.multipliers->second > a.multipliers->first; }), });
  r.claims.push_back({'c', true, std::nullopt});
  r.claims.push_back({'d', false, find([&](const OneProblem&, const Analysis& a) { return a.gap && std::fabs(*a.gap) <= 1e-9 * (1 + std::fabs(a.primal.value)) && std::isfinite(a.primal.value) && !has_mult(a); }), });  // a zero gap up to rounding (f = 3x − 1, g = 3(x − 2)²: 1.8e−15)
  r.claims.push_back({'e', false, find([&](const OneProblem& q, const Analysis& a) {
                        if (!has_mult(a)) return false;
                        for (double mu : samples(a))
                          if (!lagrangian_inf(q, mu).attained) return true;
                        return false;
                      }), });
  r.claims.push_back({'f', false, find([&](const OneProblem& q, const Analysis& a) {
                        if (!has_mult(a)) return false;
                        for (double mu : samples(a))
                          for (double x : lagrangian_inf(q, mu).argmin)
                            if (q.g(x) > 1e-9) return true;
                        return false;
                      }), });
  r.claims.push_back({'g', false, find([&](const OneProblem& q, const Analysis& a) {
                        if (!has_mult(a) || !std::isfinite(a.primal.value)) return false;
                        for (double mu : samples(a))
                          for (double x : lagrangian_inf(q, mu).argmin)
                            if (q.g(x) <= 0 && q.f(x) > a.primal.value + 1e-7 * (1 + std::fabs(a.primal.value))) return true;
                        return false;
                      }), });
  return r;
}

Report run(const Json& problem_json, const RunContext& /*ctx*/) {
  Problem p = parse(problem_json);
  return report(p, solve(p));
}

}  // namespace hw6::ex2
