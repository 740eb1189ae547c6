// Exercise 2: explanation, JSON, checks and figures.
#include "hw6/exercises/ex2.hpp"
#include "hw6/plot.hpp"
#include "hw6/render.hpp"

#include <cmath>
#include <limits>

namespace hw6::ex2 {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
std::string num(double x) { return format_number(x, 7); }
std::string interval(double lo, double hi) {
  return std::string(std::isfinite(lo) ? "[" : "(") + num(lo) + ", " + num(hi) + (std::isfinite(hi) ? "]" : ")");
}

const char* kClaims[] = {
    "(a) The geometric multiplier for the primal problem always exists.",
    "(b) If the geometric multiplier exists, then it is unique.",
    "(c) If the geometric multiplier exists, then the duality gap is zero.",
    "(d) If the duality gap is zero, there exists at least one geometric multiplier.",
    "(e) If μ* is a geometric multiplier, argmin_{x∈X} L(x, μ*) always has a solution.",
    "(f) If μ* is a geometric multiplier and x* ∈ argmin L(·, μ*), then x* is feasible.",
    "(g) If μ* is a geometric multiplier, x* is a global minimum iff x* is feasible and x* ∈ argmin L(·, μ*).",
};
const char* kArguments[] = {
    "False: a multiplier needs a nonvertical supporting line of S through (0, f*); there may be none.",
    "False: several lines may support S at (0, f*), when S has a corner there.",
    "True: if μ* is a geometric multiplier, f* = inf_x L(x, μ*) = q(μ*) ≤ q* ≤ f* (weak duality), so q* = f*.",
    "False: q* = f* may hold only as a limit (q* not attained), with no μ reaching it.",
    "False: inf_x L(x, μ*) = f* can be approached without being attained.",
    "False: L(·, μ*) may be minimized at points that violate g(x) ≤ 0.",
    "False as stated (the 'only if' holds; the 'if' needs complementary slackness μ*g(x*) = 0): a feasible x* "
    "with g(x*) < 0 in argmin L(·, μ*) has f(x*) = f* − μ*g(x*) > f* when μ* > 0.",
};

Figure s_figure(const OneProblem& p, const Analysis& a, std::size_t k) {
  plot::Plot pl;
  pl.title = "S = {(g(x), f(x))}: " + p.name;
  pl.xlabel = "z = g(x)";
  pl.ylabel = "w = f(x)";
  pl.legend_outside = true;
  pl.width = 760;
  plot::Series s;
  s.label = "S";
  s.line = false;
  s.marker = plot::Marker::Circle;
  s.marker_size = 1.6;
  const double lo = std::isfinite(p.lo) ? p.lo : -4, hi = std::isfinite(p.hi) ? p.hi : 4;
  for (int i = 0; i <= 1600; ++i) {
    const double x = lo + (hi - lo) * i / 1600.0, gx = p.g(x), fx = p.f(x);
    if (std::isfinite(gx) && std::isfinite(fx) && std::fabs(gx) < 50 && std::fabs(fx) < 50) s.x.push_back(gx), s.y.push_back(fx);
  }
  pl.series.push_back(s);
  double zmin = 0, zmax = 0;
  for (double z : s.x) zmin = std::min(zmin, z), zmax = std::max(zmax, z);
  const char* colors[] = {"#d62728", "#2ca02c", "#9467bd"};
  if (a.multipliers) {
    std::vector<double> mus = {a.multipliers->first};
    if (std::isfinite(a.multipliers->second) && a.multipliers->second > a.multipliers->first) mus.push_back(a.multipliers->second);
    for (std::size_t m = 0; m < mus.size(); ++m) {
      plot::Series line;
      line.label = "w + " + num(mus[m]) + "z = q(μ) = " + num(a.primal.value);
      line.color = colors[m % 3];
      for (double z : {zmin - 1, zmax + 1}) line.x.push_back(z), line.y.push_back(a.primal.value - mus[m] * z);
      pl.series.push_back(line);
    }
  }
  if (std::isfinite(a.primal.value)) {
    plot::Series opt;
    opt.label = std::string("(0, f*)") + (a.primal.attained ? "" : ", not attained");
    opt.color = "#000000";
    opt.line = false;
    opt.marker = a.primal.attained ? plot::Marker::Square : plot::Marker::Ring;
    opt.marker_size = 6;
    opt.x = {0};
    opt.y = {a.primal.value};
    pl.series.push_back(opt);
  }
  return Figure{"ex2_" + std::to_string(k + 1) + "_S.svg", plot::render_svg(pl)};
}

Figure q_figure(const OneProblem& p, const Analysis& a, std::size_t k) {
  plot::Plot pl;
  pl.title = "q(μ): " + p.name;
  pl.xlabel = "μ";
  pl.ylabel = "q(μ) (−∞ not drawn)";
  plot::Series s;
  s.label = "q(μ)";
  s.marker = plot::Marker::Circle;
  s.marker_size = 2;
  for (const auto& [mu, inf] : a.dual)
    if (mu <= 10 && std::isfinite(inf.value) && inf.value > -50) s.x.push_back(mu), s.y.push_back(inf.value);
  pl.series.push_back(s);
  if (std::isfinite(a.primal.value)) {
    plot::Series f;
    f.label = "f* = " + num(a.primal.value);
    f.color = "#d62728";
    f.dashed = true;
    f.x = {0, 10};
    f.y = {a.primal.value, a.primal.value};
    pl.series.push_back(f);
  }
  pl.xmin = -0.2;
  pl.xmax = 10.2;
  return Figure{"ex2_" + std::to_string(k + 1) + "_q.svg", plot::render_svg(pl)};
}

}  // namespace

Report report(const Problem& p, const Result& r) {
  Report rep;
  rep.exercise = 2;
  rep.title = "Geometric multipliers and the duality gap";
  Json problems = Json::array();
  for (std::size_t k = 0; k < p.problems.size(); ++k) {
    const auto& q = p.problems[k];
    const auto& a = r.analyses[k];
    Json dual = Json::array();
    for (const auto& [mu, inf] : a.dual) dual.push_back({mu, number_json(inf.value)});
    Json mult = a.multipliers ? Json{number_json(a.multipliers->first), number_json(a.multipliers->second)} : Json(nullptr);
    problems.push_back({{"name", q.name},
                        {"f_star", number_json(a.primal.value)},
                        {"f_star_attained", a.primal.attained},
                        {"f_star_where", a.primal.where},
                        {"q_star", number_json(a.q_star)},
                        {"q_star_attained", a.q_attained},
                        {"q_star_where", a.q_where},
                        {"duality_gap", a.gap ? number_json(*a.gap) : Json(nullptr)},
                        {"multipliers", mult},
                        {"dual_function", dual}});

    Step s(k < 3 ? "1(" + std::string(1, char('a' + k)) + ")" : "1, added", q.name);
    if (!q.note.empty()) s.para(q.note);
    s.formula("min f(x) = " + q.f.text + "\ns.t. g(x) = " + q.g.text + " ≤ 0,   x ∈ X = " + interval(q.lo, q.hi), "");
    s.para("(a) The set S = {(g(x), f(x)) : x ∈ X} is drawn in figure ex2_" + std::to_string(k + 1) +
           "_S.svg with the primal optimum (0, f*) and, when they exist, the supporting lines w + μz = q(μ) of the "
           "multipliers; a multiplier exists exactly when a nonvertical line supports S from below at (0, f*).");
    s.para("Primal: f* = inf{f(x) : g(x) ≤ 0, x ∈ X} = " + num(a.primal.value) + (a.primal.attained ? ", attained at " : ", not attained, approached as ") +
           a.primal.where + ".");
    s.para("(c) The dual function q(μ) = inf_{x∈X} f(x) + μ g(x), sampled (−inf where L(·, μ) is unbounded below):");
    Table t;
    t.header = {"μ", "q(μ)", "inf attained"};
    t.right_align = {true, true, false};
    for (double mu : {0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 100.0, 1e6, 1e12})
      for (const auto& [m, inf] : a.dual)
        if (m == mu) t.rows.push_back({num(mu), num(inf.value), inf.attained ? inf.where : std::string("no: ") + inf.where});
    s.table(t);
    s.para("Dual problem max_{μ≥0} q(μ): q* = " + num(a.q_star) + (a.q_attained ? ", attained at " : ", not attained, approached as ") + a.q_where + ".");
    s.para("(b) Duality gap f* − q* = " + (a.gap ? num(*a.gap) : std::string("undefined")) + ". Geometric multipliers {μ ≥ 0 : q(μ) = f*}: " +
           (a.multipliers ? interval(a.multipliers->first, a.multipliers->second) : std::string("none")) + ".");
    s.figure("ex2_" + std::to_string(k + 1) + "_S.svg", "S with the optimum and supporting lines");
    s.figure("ex2_" + std::to_string(k + 1) + "_q.svg", "the dual function");
    rep.steps.push_back(std::move(s));
    rep.figures.push_back(s_figure(q, a, k));
    rep.figures.push_back(q_figure(q, a, k));
  }
  rep.results["problems"] = problems;

  Step c("2", "The claims");
  Json claims = Json::array();
  for (std::size_t i = 0; i < r.claims.size(); ++i) {
    const auto& cl = r.claims[i];
    claims.push_back({{"claim", std::string(1, cl.letter)}, {"holds", cl.holds},
                      {"counterexample", cl.counterexample ? Json(p.problems[*cl.counterexample].name) : Json(nullptr)}});
    c.para(std::string(kClaims[i]) + "\n  " + kArguments[i] +
           (cl.counterexample ? " Counterexample: " + p.problems[*cl.counterexample].name + "."
                              : cl.holds ? " Checked on every loaded problem." : " (No counterexample among the loaded problems.)"));
  }
  rep.results["claims"] = claims;
  rep.steps.push_back(std::move(c));

  // Checks: weak duality, (c) on every problem, and that every multiplier reaches f*.
  double weak = 0;
  bool claim_c = true;
  for (std::size_t k = 0; k < r.analyses.size(); ++k) {
    const auto& a = r.analyses[k];
    if (std::isfinite(a.primal.value) && std::isfinite(a.q_star)) weak = std::max(weak, a.q_star - a.primal.value);
    if (a.multipliers && a.gap) claim_c = claim_c && std::fabs(*a.gap) <= 1e-7 * (1 + std::fabs(a.primal.value));
  }
  rep.checks.push_back(tolerance_check("1(b) weak duality q* ≤ f* on every problem", std::max(0.0, weak), 1e-7, "largest q* − f*"));
  rep.checks.push_back({"2(c) a multiplier exists ⇒ zero gap, on every problem", claim_c, "checked on " + std::to_string(r.analyses.size()) + " problems"});
  return rep;
}

}  // namespace hw6::ex2
