// Exercise 2: explanation, JSON, checks and figures.
#include "hw6/exercises/ex2.hpp"
#include "hw6/plot.hpp"
#include "hw6/render.hpp"

#include <cctype>
#include <cmath>
#include <optional>
#include <cstdlib>
#include <limits>

namespace hw6::ex2 {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Is t[i], a '-', the sign of a number's exponent ("1e-05")?
bool exponent_sign(const std::string& t, std::size_t i) {
  return i >= 2 && (t[i - 1] == 'e' || t[i - 1] == 'E') && (std::isdigit(static_cast<unsigned char>(t[i - 2])) || t[i - 2] == '.') &&
         i + 1 < t.size() && std::isdigit(static_cast<unsigned char>(t[i + 1]));
}

/// The minus sign of Exercise 2's text is the one its prose and formulas write, "−" (U+2212), in
/// the numbers it computes too: it printed "q(1) = -0.25" beside "q(μ) = −1/(4·μ)", and "-0.5" in
/// the column that shows "−∞". Each '-' that is a number's sign (after a space, a bracket, a comma
/// or the start) or its exponent's becomes "−"; a '-' between two operands ("x-1", the problem's
/// own text) stays. JSON and LaTeX keep "-".
std::string minus_signs(const std::string& t) {
  std::string out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const bool digit_next = i + 1 < t.size() && (std::isdigit(static_cast<unsigned char>(t[i + 1])) || t[i + 1] == '.');
    const bool sign = t[i] == '-' && digit_next && (i == 0 || std::string(" ([,=").find(t[i - 1]) != std::string::npos);
    out += t[i] == '-' && (sign || exponent_sign(t, i)) ? "−" : std::string(1, t[i]);
  }
  return out;
}

/// A number for a reader (text, Markdown prose, figure labels): 7 significant digits, the minus
/// sign "−", ±∞ as ∞ and −∞ as the rest of the prose writes them (JSON keeps the contract's plain
/// numbers and "inf" / "-inf"; LaTeX takes num_latex).
std::string num(double x) {
  if (std::isinf(x)) return x > 0 ? "∞" : "−∞";
  return minus_signs(format_number(x, 7));
}
/// An interval for a reader: [0, ∞), (−∞, 0], [−2, 2]; one point as a set, {1}, not [1, 1].
std::string interval(double lo, double hi) {
  if (lo == hi) return "{" + num(lo) + "}";
  return std::string(std::isfinite(lo) ? "[" : "(") + num(lo) + ", " + num(hi) + (std::isfinite(hi) ? "]" : ")");
}

const char* kClaims[] = {
    "(a) The geometric multiplier for the primal problem always exists.",
    "(b) If the geometric multiplier exists, then it is unique.",
    "(c) If the geometric multiplier exists, then the duality gap is zero.",
    "(d) If the duality gap is zero, there exists at least one geometric multiplier.",
    "(e) If μ* is a geometric multiplier, argmin over x ∈ X of L(x, μ*) always has a solution.",
    "(f) If μ* is a geometric multiplier and x* minimizes L(·, μ*) over X, then x* is feasible.",
    "(g) If μ* is a geometric multiplier, x* is a global minimum iff x* is feasible and x* minimizes L(·, μ*) over X.",
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
  return plot_figure("ex2_" + std::to_string(k + 1) + "_S.svg", std::move(pl));
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
  if (a.closed_form) {  // the closed form, finely; the sampled check as markers would add nothing
    s.marker = plot::Marker::None;
    for (int i = 0; i <= 400; ++i) {
      const double mu = 10.0 * i / 400, v = closed::q_value(*a.closed_form, mu);
      if (std::isfinite(v) && v > -50) s.x.push_back(mu), s.y.push_back(v);
    }
  } else {
    for (const auto& [mu, inf] : a.dual)
      if (mu <= 10 && std::isfinite(inf.value) && inf.value > -50) s.x.push_back(mu), s.y.push_back(inf.value);
  }
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
  return plot_figure("ex2_" + std::to_string(k + 1) + "_q.svg", std::move(pl));
}

}  // namespace

namespace {

std::string sign_num(double v) { return v == kInf ? "+∞" : v == -kInf ? "−∞" : num(v); }

/// The homework's own label for its three problems of part 1, recognised by f, g and X.
std::string homework_label(const OneProblem& q) {
  if (std::isfinite(q.lo) || std::isfinite(q.hi) || q.g.text != (q.f.text == "x" ? "x^2" : "x")) return "";
  if (q.f.text == "x") return "1(a)";
  if (q.f.text == "exp(x) if x <= 0; 1 - x if 0 <= x <= 1; 0 if x > 1") return "1(b)";
  if (q.f.text == "-x if x <= 0; 0 if x > 0") return "1(c)";
  return "";
}

std::string mu_interval(const closed::DualPiece& pc) {
  if (pc.lo == pc.hi) return "μ = " + num(pc.lo);
  return std::string(pc.lo_closed ? "[" : "(") + num(pc.lo) + ", " + (std::isinf(pc.hi) ? "∞)" : num(pc.hi) + (pc.hi_closed ? "]" : ")"));
}

/// A formula of the problem language for prose: μ for mu, · for *, −∞ for -inf (no '*' that
/// Markdown could take for emphasis).
std::string pretty(std::string t) {
  if (t == "-inf") return "−∞";
  std::string out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.compare(i, 2, "mu") == 0) out += "μ", ++i;
    else if (t[i] == '*') out += "·";
    else if (t[i] == '-') out += (i == 0 || t[i - 1] == '(' || t[i - 1] == '[' || t[i - 1] == ' ' || exponent_sign(t, i)) ? "−" : "-";
    else out += t[i];
  }
  return out;
}

/// The problem's own f or g (its text in the problem language) as the prose writes formulas: −, ·,
/// ≤, ≥ ("x - 20 ≤ 0, x ∈ X = [−10, 10]" had two minus signs in one line).
std::string prose_formula(const std::string& t) {
  std::string out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '-') out += "−";
    else if (t[i] == '*') out += "·";
    else if ((t[i] == '<' || t[i] == '>') && i + 1 < t.size() && t[i + 1] == '=') out += t[i] == '<' ? "≤" : "≥", ++i;
    else out += t[i];
  }
  return out;
}

/// The closed form as aligned lines: q(μ) = … on each μ-interval, with the minimizer, written as
/// the prose writes formulas (μ, ·, −; the JSON keeps the problem language's mu, which parses back).
std::string pieces_text(const closed::ClosedForm& cf) {
  const auto width = [](const std::string& t) { return display_width(t); };
  auto shown = [](const std::string& q) { return q == "inf" ? std::string("∞") : pretty(q); };
  std::size_t wq = 0, wm = 0;
  for (const auto& pc : cf.pieces) wq = std::max(wq, width(shown(pc.q))), wm = std::max(wm, width(mu_interval(pc)));
  std::string out;
  for (const auto& pc : cf.pieces) {
    const std::string m = mu_interval(pc), q = shown(pc.q);
    const std::string head = std::string("q(μ) = ") + q + std::string(wq - width(q), ' ') + "   " + (pc.lo == pc.hi ? "at " : "on ") + m +
                             std::string(wm - width(m), ' ') + "   ";
    // The minimizer and its notes at the ends ("x = 0; at μ = 0: every x in [0, ∞); …"), broken
    // after a "; " where the line would pass 76 columns (formulas are indented by 4), the rest
    // under the first: the homework's 1(c) was 92 columns.
    const std::string x = pretty(pc.x), indent(width(head), ' ');
    std::string line = head;
    std::size_t used = width(head), from = 0;
    while (from < x.size()) {
      const std::size_t cut = x.find("; ", from);
      const std::string part = x.substr(from, cut == std::string::npos ? std::string::npos : cut + 2 - from);
      if (used > width(head) && used + width(part) > 76) {
        while (!line.empty() && line.back() == ' ') line.pop_back();  // the "; " before the break keeps its ";"
        out += (out.empty() ? "" : "\n") + line;
        line = indent, used = width(indent);
      }
      line += part, used += width(part);
      from = cut == std::string::npos ? x.size() : cut + 2;
    }
    out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

/// A number or ±∞ in LaTeX.
/// A number as the plain text shows it (7 significant digits), in LaTeX: ±∞ as \\infty, an
/// exponent as a power of ten (1e-05 as 10^{-5}).
std::string num_latex(double v) {
  if (std::isinf(v)) return v < 0 ? "-\\infty" : "\\infty";
  const std::string t = format_number(v, 7);  // "-" in math, not num's "−"
  const auto e = t.find_first_of("eE");
  if (e == std::string::npos) return t;
  const std::string mantissa = t.substr(0, e);
  const std::string power = "10^{" + std::to_string(std::atoi(t.c_str() + e + 1)) + "}";
  return mantissa == "1" ? power : mantissa == "-1" ? "-" + power : mantissa + " \\times " + power;
}

/// A function of the problem in LaTeX: one expression, or its branches as cases.
std::string function_latex(const Function& f) {
  if (f.branches.size() == 1 && !f.branches[0].first) return expr::to_latex(f.branches[0].second);
  std::string out = "\\begin{cases} ";
  for (std::size_t k = 0; k < f.branches.size(); ++k)
    out += (k ? " \\\\ " : "") + expr::to_latex(f.branches[k].second) + " & " +
           (f.branches[k].first ? "\\text{if } " + expr::to_latex(*f.branches[k].first) : std::string("\\text{otherwise}"));
  return out + " \\end{cases}";
}

/// A formula of the closed form (the problem language in μ, written "mu") in LaTeX; empty if it
/// does not parse.
std::string mu_latex(const std::string& text) {
  if (text == "-inf") return "-\\infty";
  std::string in_x;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text.compare(i, 2, "mu") == 0) in_x += 'x', ++i;
    else in_x += text[i];
  try {
    return expr::to_latex(expr::Expression::parse(in_x), "\\mu");
  } catch (const expr::SyntaxError&) {
    return "";
  }
}

/// The minimizer column of the closed form ("x = …", "x → −∞", "x → 1⁺", "every x in [1, ∞)",
/// "not attained, …") in LaTeX; anything else as text, or "" when text mode cannot hold it.
std::string minimizer_latex(const std::string& t) {
  const auto starts = [&t](const std::string& p) { return t.rfind(p, 0) == 0; };
  // Lists: "for A: x = …; for B: x = …" (one minimizer per cell of the minimum) and
  // "x = a, x = b" (two minimizers), each part converted, or nothing if one part cannot be.
  const auto list = [&t](const std::string& sep, const std::string& joint, const auto& part) {
    std::string out;
    for (std::size_t from = 0;;) {
      const std::size_t to = t.find(sep, from);
      const std::string p = part(t.substr(from, to == std::string::npos ? std::string::npos : to - from));
      if (p.empty()) return std::string();
      out += (from ? joint : "") + p;
      if (to == std::string::npos) return out;
      from = to + sep.size();
    }
  };
  // "…; at mu = m: …": what the minimizers are at the closed end μ = m of a piece.
  if (const auto at = t.find("; at mu = "); at != std::string::npos) {
    const auto colon = t.find(": ", at);
    if (colon == std::string::npos) return "";
    const std::string main = minimizer_latex(t.substr(0, at)), end = minimizer_latex(t.substr(colon + 2));
    if (main.empty() || end.empty()) return "";
    return main + ",\\quad \\text{at } \\mu = " + num_latex(std::strtod(t.c_str() + at + 10, nullptr)) + "\\text{: } " + end;
  }
  if (starts("for ") && t.find("; for ") != std::string::npos)
    return list("; ", ",\\quad ", [](const std::string& p) {
      const auto colon = p.find(": ");
      if (p.rfind("for ", 0) != 0 || colon == std::string::npos) return std::string();
      const std::string q = mu_latex(p.substr(4, colon - 4)), x = minimizer_latex(p.substr(colon + 2));
      return q.empty() || x.empty() ? std::string() : "\\text{for } " + q + "\\text{: } " + x;
    });
  if (starts("x = ") && t.find(", x = ") != std::string::npos) return list(", ", ",\\ ", minimizer_latex);
  const auto symbols = [](std::string u) {  // −, ±, ∞, ⁺, ⁻ of the plain text
    const std::pair<const char*, const char*> map[] = {{"−", "-"}, {"±", "\\pm "}, {"∞", "\\infty"}, {"⁺", "^{+}"}, {"⁻", "^{-}"}};
    for (const auto& [from, to] : map)
      for (auto at = u.find(from); at != std::string::npos; at = u.find(from, at)) u.replace(at, std::string(from).size(), to);
    return u;
  };
  if (starts("not attained, ")) {
    const std::string rest = minimizer_latex(t.substr(14));
    return rest.empty() ? rest : "\\text{not attained, } " + rest;
  }
  if (starts("x = ")) {
    const std::string e = mu_latex(t.substr(4));
    if (!e.empty()) return "x = " + e;
  }
  if (starts("x → ")) {  // ±∞, or a number with ⁺ or ⁻
    const std::string rest = t.substr(std::string("x → ").size());
    char* end = nullptr;
    const double v = std::strtod(rest.c_str(), &end);
    if (end != rest.c_str() && std::isfinite(v)) {
      const std::string n = num_latex(v), side(end);
      // x → a⁺ as x \\to a^{+}, or x \\downarrow a when a has an exponent of its own (10^{-5}).
      if (n.find('^') != std::string::npos && (side == "⁺" || side == "⁻")) return std::string(side == "⁺" ? "x \\downarrow " : "x \\uparrow ") + n;
      return "x \\to " + n + symbols(side);
    }
    return "x \\to " + symbols(rest);
  }
  if (starts("every x in ")) return "\\text{every } x \\in " + symbols(t.substr(11));
  // As text, unless it holds a character text mode does not take (a formula such as mu^2 in
  // "for …: …"): then nothing, and the Markdown shows the plain lines.
  const std::string text = pretty(t);
  if (text.find_first_of("^_\\{}&%#$") != std::string::npos) return "";
  return "\\text{" + text + "}";
}

/// The closed form's pieces in LaTeX (aligned: q(μ), where, the minimizer); empty when a formula
/// does not parse (the Markdown then shows the plain lines).
std::string pieces_latex(const closed::ClosedForm& cf) {
  std::string out = "\\begin{aligned}";
  for (std::size_t k = 0; k < cf.pieces.size(); ++k) {
    const auto& pc = cf.pieces[k];
    const std::string q = mu_latex(pc.q);
    if (q.empty()) return "";
    const std::string where = pc.lo == pc.hi ? "\\mu = " + num_latex(pc.lo)
                                             : "\\mu \\in " + std::string(pc.lo_closed ? "[" : "(") + num_latex(pc.lo) + ", " +
                                                   num_latex(pc.hi) + (pc.hi_closed && std::isfinite(pc.hi) ? "]" : ")");
    const std::string x = minimizer_latex(pc.x);
    if (x.empty()) return "";
    out += std::string(k ? " \\\\ " : " ") + "q(\\mu) &= " + q + " && " + where + " && " + x;
  }
  return out + " \\end{aligned}";
}

/// "q(μ) = −∞ at μ = 0, −1/(4·μ) on (0, ∞)" in one line. Neighbouring pieces with one formula
/// (−∞ as x → −∞, then as x → ±∞) are one interval here, where the minimizers are not shown.
std::string pieces_inline(const closed::ClosedForm& cf) {
  std::vector<closed::DualPiece> joined;
  for (const auto& pc : cf.pieces)
    if (!joined.empty() && joined.back().q == pc.q && joined.back().hi == pc.lo) joined.back().hi = pc.hi, joined.back().hi_closed = pc.hi_closed;
    else joined.push_back(pc);
  std::string out;
  for (const auto& pc : joined) out += (out.empty() ? "" : ", ") + pretty(pc.q) + (pc.lo == pc.hi ? " at " : " on ") + mu_interval(pc);
  return out;
}

/// A printed formula in mu, read back by the expression parser with mu as its variable x; nothing
/// when it does not read back (a coefficient printed as "inf"): the check then fails and the run
/// goes on, where it used to end in std::terminate (f = 1e300·x, g = x² − 1).
std::optional<expr::Expression> parse_in_mu(std::string text) {
  for (std::size_t at = text.find("mu"); at != std::string::npos; at = text.find("mu", at + 1)) text.replace(at, 2, "x");
  try {
    return expr::Expression::parse(text);
  } catch (const expr::SyntaxError&) {
    return std::nullopt;
  }
}

/// Does a piece's printed formula, read back by the expression parser with mu as x, give the
/// closed form's value? Returns the largest relative difference at three points of each piece.
double reparse_error(const closed::ClosedForm& cf) {
  double worst = 0;
  for (const auto& pc : cf.pieces) {
    if (pc.minus_inf || pc.lo == pc.hi) continue;
    const std::optional<expr::Expression> e = parse_in_mu(pc.q);
    if (!e) return kInf;
    const double hi = std::isinf(pc.hi) ? pc.lo + 10 : pc.hi;
    for (double t : {0.25, 0.5, 0.75}) {
      const double mu = pc.lo + t * (hi - pc.lo), exact = closed::q_value(cf, mu), printed = (*e)(mu);
      worst = std::max(worst, std::isfinite(printed) ? std::fabs(printed - exact) / (1 + std::fabs(exact)) : kInf);
    }
  }
  return worst;
}

/// Does each printed minimizer "x = …" of a piece, read back with mu as the variable and put into
/// L(x, μ) = f(x) + μ·g(x) with the problem's own f and g (not the closed form's cells), give the
/// value of the formula it is printed for? Largest relative difference at three μ of each piece.
/// It caught a minimizer printed (12*mu - 3)/6*mu, which reads as ((12μ − 3)/6)·μ. Constants are
/// printed to 10 digits, so a point that is not stationary shifts L by about 1e-10 of L′·x.
double minimizer_error(const closed::ClosedForm& cf, const OneProblem& q) {
  double worst = 0;
  for (const auto& pc : cf.pieces) {
    if (pc.minus_inf || pc.lo == pc.hi) continue;
    const double hi = std::isinf(pc.hi) ? pc.lo + 10 : pc.hi;
    for (const auto& c : pc.candidates) {
      if (!c.attained) continue;
      // "x = a, x = b" or "every x in …": the parts that name one point.
      for (std::size_t at = 0; at < c.x.size();) {
        std::size_t end = c.x.find(", x = ", at);
        if (end == std::string::npos) end = c.x.size();
        std::string part = c.x.substr(at, end - at);
        at = end == c.x.size() ? end : end + 2;
        if (part.rfind("x = ", 0) != 0) continue;
        const std::optional<expr::Expression> e = parse_in_mu(part.substr(4));
        if (!e) return kInf;
        for (double t : {0.25, 0.5, 0.75}) {
          const double mu = pc.lo + t * (hi - pc.lo), x = (*e)(mu), value = c(mu);
          const double lagrangian = q.f(x) + mu * q.g(x);
          worst = std::max(worst, std::isfinite(lagrangian) && std::isfinite(value) ? std::fabs(lagrangian - value) / (1 + std::fabs(value)) : kInf);
        }
      }
    }
  }
  return worst;
}

/// q(μ) with its minimizer's description: the closed form when there is one, else sampled.
std::pair<double, std::string> q_value(const OneProblem& q, const Analysis& a, double mu) {
  if (a.closed_form) {
    const closed::Value v = closed::q_at(*a.closed_form, mu);
    return {v.value, (v.attained ? "attained at " : "approached as ") + pretty(v.x)};
  }
  const Infimum i = sampled_q(q, mu, a.closed_form.get());
  return {i.value, (i.attained ? "attained at " : "approached as ") + minus_signs(i.where)};
}

/// Is q* attained on a whole interval of μ? With a multiplier q* = f*, and q attains f* exactly on
/// the multipliers (1(c): on [0, 1], not only at μ = 0).
bool attained_on_interval(const Analysis& a) { return a.q_attained && a.multipliers && a.multipliers->first < a.multipliers->second; }

/// Where q* is attained or approached, for the text and the JSON's q_star_where: "every μ in
/// [0, 1]" when that is an interval (the JSON said "μ = 0" for 1(c), one end of it), else the
/// analysis' own ("μ = 2", "μ → ∞").
std::string q_star_where(const Analysis& a) {
  if (attained_on_interval(a)) return "every μ in " + interval(a.multipliers->first, a.multipliers->second);
  return a.q_where;
}

/// The dual function of a problem in one phrase, from the closed form when there is one.
std::string q_phrase(const Analysis& a) {
  if (a.closed_form) return "q(μ) = " + pieces_inline(*a.closed_form);
  return "q(μ) (sampled)";
}

void claims_step(const Problem& p, const Result& r, Report& rep) {
  Step c("2", "The claims");
  c.para("Standing assumption: −∞ < f* < ∞. A geometric multiplier is a μ* ≥ 0 with f* = inf_{x∈X} L(x, μ*) = q(μ*) "
         "(Lecture 13); the definition needs a finite f*, so only problems with a finite f* serve as counterexamples below. "
         "Weak duality, used throughout: for μ ≥ 0 and feasible x, q(μ) ≤ L(x, μ) = f(x) + μ g(x) ≤ f(x), since μ ≥ 0 and "
         "g(x) ≤ 0; taking the infimum over feasible x gives q(μ) ≤ f*, hence q* ≤ f*.");
  Json claims = Json::array();
  for (std::size_t i = 0; i < r.claims.size(); ++i) {
    const Claim& cl = r.claims[i];
    claims.push_back({{"claim", std::string(1, cl.letter)}, {"holds", cl.holds},
                      {"counterexample", cl.counterexample ? Json(p.problems[*cl.counterexample].name) : Json(nullptr)}});
    c.para(std::string(kClaims[i]) + (cl.holds ? "  True." : "  False."));
    if (cl.letter == 'c') {
      c.para("Proof. Let μ* be a geometric multiplier: f* = q(μ*) by definition. Since q* is the supremum of q over μ ≥ 0 and "
             "μ* ≥ 0, q(μ*) ≤ q*; by weak duality q* ≤ f*. So f* = q(μ*) ≤ q* ≤ f*: q* = f*, and the gap f* − q* is 0 "
             "(f* is finite by the standing assumption, so the difference is defined).");
      if (cl.checked > 0)
        c.para("Checked on the loaded problems: " + std::to_string(cl.checked) + (cl.checked == 1 ? " problem has" : " problems have") +
               " a multiplier, and each has zero gap.");
    }
    if (cl.letter == 'g') {
      c.para("The \"only if\" holds. Proof: let x* be a global minimum, so x* is feasible and f(x*) = f*. Then");
      c.formula("f* = q(μ*) = inf_{x∈X} L(x, μ*) ≤ L(x*, μ*) = f(x*) + μ* g(x*) ≤ f(x*) = f*",
                "f^* = q(\\mu^*) = \\inf_{x \\in X} L(x, \\mu^*) \\le L(x^*, \\mu^*) = f(x^*) + \\mu^* g(x^*) \\le f(x^*) = f^*");
      c.para("(the second inequality since μ* ≥ 0 and g(x*) ≤ 0). Equality holds throughout: L(x*, μ*) = inf_{x∈X} L(x, μ*), so x* "
             "minimizes L(·, μ*) over X, and moreover μ* g(x*) = 0 (complementary slackness).");
      c.para("The \"if\" needs complementary slackness. If x* is feasible and minimizes L(·, μ*), then L(x*, μ*) = q(μ*) = f*, so "
             "f(x*) = f* − μ* g(x*) ≥ f*, with equality exactly when μ* g(x*) = 0: then x* is a global minimum. Without it, "
             "a feasible minimizer of L(·, μ*) with μ* > 0 and g(x*) < 0 has f(x*) > f*.");
    }
    if (!cl.counterexample) {
      if (!cl.holds) c.para("None of the loaded problems refutes it (the built-in problems do).");
      continue;
    }
    const std::size_t k = *cl.counterexample;
    const OneProblem& q = p.problems[k];
    const Analysis& a = r.analyses[k];
    const std::string f = num(a.primal.value);
    const std::string hw = homework_label(q);
    const std::string head = "Counterexample, problem " + (hw.empty() ? std::to_string(k + 1) : hw) + " (" + q.name + "): ";
    switch (cl.letter) {
      case 'a':
      case 'd': {
        std::string t = head + "f* = " + f + (a.primal.attained ? " (attained at " : " (approached as ") + minus_signs(a.primal.where) + "); " + q_phrase(a) + ". ";
        if (cl.letter == 'd') t += "The gap is zero: q* = " + num(a.q_star) + " = f*. ";
        if (a.gap && *a.gap > 0)
          t += "Every μ ≥ 0 has q(μ) ≤ q* = " + sign_num(a.q_star) + " < f* = " + f + ", so no μ* has q(μ*) = f*.";
        else
          t += "q* = " + num(a.q_star) + " is approached only as " + minus_signs(a.q_where) + ": q(1) = " + num(q_value(q, a, 1).first) +
               ", q(100) = " + num(q_value(q, a, 100).first) + ", each below f* = " + f + ", and no μ ≥ 0 has q(μ) = f*.";
        c.para(t);
        break;
      }
      case 'b':
        c.para(head + "f* = " + f + ", and μ* = " + num(cl.mu) + " and μ* = " + num(cl.mu2) + " are both geometric multipliers: q(" +
               num(cl.mu) + ") = " + num(q_value(q, a, cl.mu).first) + " and q(" + num(cl.mu2) + ") = " + num(q_value(q, a, cl.mu2).first) +
               ", both equal to f*. The multipliers form " + interval(a.multipliers->first, a.multipliers->second) + ".");
        break;
      case 'e':
        c.para(head + "μ* = " + num(cl.mu) + " is a geometric multiplier: q(" + num(cl.mu) + ") = " + num(q_value(q, a, cl.mu).first) +
               " = f*. But inf_{x∈X} L(x, " + num(cl.mu) + ") is " + q_value(q, a, cl.mu).second +
               ", not attained at any x: argmin L(·, μ*) is empty.");
        break;
      case 'f':
      case 'g': {
        const double fx = q.f(cl.x), gx = q.g(cl.x), L = fx + cl.mu * gx;
        std::string t = head + "μ* = " + num(cl.mu) + " is a geometric multiplier (q(" + num(cl.mu) + ") = f* = " + f + "). x = " + num(cl.x) +
                        " minimizes L(·, μ*): L(" + num(cl.x) + ", " + num(cl.mu) + ") = f(x) + μ* g(x) = " + num(fx) + " + " + num(cl.mu) +
                        " · " + (gx < 0 ? "(" + num(gx) + ")" : num(gx)) + " = " + num(L) + " = q(μ*). ";
        if (cl.letter == 'f') t += "But g(" + num(cl.x) + ") = " + num(gx) + " > 0: x is infeasible.";
        else
          t += "x is feasible (g(" + num(cl.x) + ") = " + num(gx) + " ≤ 0), yet f(" + num(cl.x) + ") = " + num(fx) + " > f* = " + f +
               ": not a global minimum. Here μ* g(x) = " + num(cl.mu * gx) + " ≠ 0, so the \"if\" fails exactly as shown above.";
        c.para(t);
        break;
      }
      default: break;
    }
  }
  rep.results["claims"] = claims;
  rep.steps.push_back(std::move(c));
}

}  // namespace

Report report(const Problem& p, const Result& r) {
  Report rep;
  rep.exercise = 2;
  rep.title = "Geometric multipliers and the duality gap";
  Json problems = Json::array();
  double sample_err = 0, reparse_err = 0, minimizer_err = 0, primal_err = 0;
  bool primal_range = false;  // the sampled f* of some problem is a range (see below)
  std::size_t closed_count = 0, first_closed = 0;
  bool legend_shown = false;
  for (std::size_t k = 0; k < p.problems.size(); ++k) {
    const auto& q = p.problems[k];
    const auto& a = r.analyses[k];
    const closed::ClosedForm* cf = a.closed_form.get();
    Json dual = Json::array();
    for (const auto& [mu, inf] : a.dual) dual.push_back({mu, number_json(inf.value)});
    Json mult = a.multipliers ? Json{number_json(a.multipliers->first), number_json(a.multipliers->second)} : Json(nullptr);
    Json closed_json = nullptr;
    if (cf) {
      closed_json = Json::array();
      for (const auto& pc : cf->pieces)
        closed_json.push_back({{"mu", {number_json(pc.lo), number_json(pc.hi)}}, {"q", pc.q}, {"x", pc.x}, {"attained", pc.attained}});
    }
    Json one = {{"name", q.name},
                {"f_star", number_json(a.primal.value)},
                {"f_star_attained", a.primal.attained},
                {"f_star_where", a.primal.where},
                {"q_star", number_json(a.q_star)},
                {"q_star_attained", a.q_attained},
                {"q_star_where", q_star_where(a)},
                {"duality_gap", a.gap ? number_json(*a.gap) : Json(nullptr)},
                {"multipliers", mult},
                {"dual_closed_form", closed_json},
                {"dual_function", dual}};
    if (!cf) one["dual_closed_form_reason"] = a.closed_form_reason;
    problems.push_back(one);

    const std::string hw = homework_label(q);
    Step s(hw.empty() ? "1, problem " + std::to_string(k + 1) : hw, q.name);
    if (!q.note.empty()) s.para(q.note);
    s.formula("min f(x) = " + prose_formula(q.f.text) + "\ns.t. g(x) = " + prose_formula(q.g.text) + " ≤ 0,   x ∈ X = " + interval(q.lo, q.hi),
              "\\begin{aligned} &\\min\\ f(x) = " + function_latex(q.f) + " \\\\ &\\text{s.t. } g(x) = " + function_latex(q.g) +
                  " \\le 0,\\quad x \\in X = " + (std::isfinite(q.lo) ? "[" : "(") + num_latex(q.lo) + ", " + num_latex(q.hi) +
                  (std::isfinite(q.hi) ? "]" : ")") + " \\end{aligned}");
    s.para("(a) The set S = {(g(x), f(x)) : x ∈ X} is drawn in figure ex2_" + std::to_string(k + 1) + "_S.svg" +
           (std::isfinite(a.primal.value) ? " with the primal optimum (0, f*)" : "") +
           (a.multipliers ? " and the supporting lines w + μz = q(μ) of the multipliers" : "") +
           (std::isfinite(a.primal.value) ? "; a multiplier exists exactly when a nonvertical line supports S from below at (0, f*)." : "."));
    // An x of X with g(x) ≤ 0 where f is undefined (f = log(x), g = x: x = −1).
    std::optional<double> outside;
    if (!a.feasible)
      for (int k2 = 0; k2 <= 400 && !outside; ++k2) {
        const double x = (k2 % 2 ? -1 : 1) * std::floor((k2 + 1) / 2) * 0.5;
        if (x >= q.lo && x <= q.hi && std::isfinite(q.g(x)) && q.g(x) <= 0 && !std::isfinite(q.f(x))) outside = x;
      }
    if (!a.feasible && outside)
      s.para("Primal: the x ∈ X with g(x) ≤ 0 that were found lie outside the domain of f (e.g. x = " + num(*outside) +
             ": g(x) = " + num(q.g(*outside)) + " ≤ 0, f(x) undefined), and no x where f is defined satisfies g(x) ≤ 0, so f* = inf ∅ = +∞.");
    else if (!a.feasible)
      s.para("Primal: no x ∈ X satisfies g(x) ≤ 0, so the problem is infeasible and f* = inf ∅ = +∞.");
    else if (a.primal.value == -kInf)
      s.para("Primal: f is unbounded below on the feasible set: f* = −∞, approached as " + minus_signs(a.primal.where) + ".");
    else
      s.para("Primal: f* = inf{f(x) : g(x) ≤ 0, x ∈ X} = " + num(a.primal.value) +
             (a.primal.attained ? ", attained at " : ", not attained, approached as ") + minus_signs(a.primal.where) + ".");
    s.para("(c) The dual problem: maximize q(μ) over μ ≥ 0, where q is the dual function");
    const bool f_plain = q.f.branches.size() == 1 && !q.f.branches[0].first, g_plain = q.g.branches.size() == 1 && !q.g.branches[0].first;
    const bool g_atom = q.g.text.find_first_of(" +-*/") == std::string::npos;
    std::string lag = "f(x) + μ g(x)";
    if (f_plain && g_plain) lag += " = " + prose_formula(q.f.text) + " + μ·" + prose_formula(g_atom ? q.g.text : "(" + q.g.text + ")");
    std::string lag_latex = "f(x) + \\mu\\, g(x)";
    if (f_plain && g_plain) {
      const std::string gl = function_latex(q.g);
      const bool digit = std::isdigit(static_cast<unsigned char>(gl[0]));  // μ·2^{x}, not μ 2^{x}
      lag_latex += " = " + function_latex(q.f) + " + \\mu" + (g_atom ? (digit ? " \\cdot " : "\\, ") + gl : "\\left(" + gl + "\\right)");
    }
    s.formula("q(μ) = inf_{x ∈ X} L(x, μ),   L(x, μ) = " + lag,
              "q(\\mu) = \\inf_{x \\in X} L(x, \\mu), \\qquad L(x, \\mu) = " + lag_latex);
    if (cf) {
      if (++closed_count == 1) first_closed = k;
      const std::string cells = std::to_string(cf->cells.size()) + (cf->cells.size() == 1 ? " cell" : " cells");
      if (closed_count > 1)
        s.para("Derived in closed form as for problem " + (homework_label(p.problems[first_closed]).empty() ? std::to_string(first_closed + 1) : homework_label(p.problems[first_closed])) + " (X splits into " + cells +
               "); q is the minimum over the cells:");
      else
      s.para("Derived in closed form: X splits into " + cells + " (points and open intervals) on which L(·, μ) is a quadratic in x or a + bx + c·e^(±x) with coefficients affine "
             "in μ; the infimum on each cell is its vertex or stationary point when that lies inside, else a limit at an end "
             "(−∞ where the dominating term falls without bound), and which case applies changes only at the μ where an "
             "affine function of μ changes sign. q is the minimum over the cells:");
      s.formula(pieces_text(*cf), pieces_latex(*cf));
      if (cf->pieces.size() > 1 && !legend_shown && (legend_shown = true))
        s.para("Each formula holds on its interval (a square bracket includes the end); the minimizer x(μ) is given beside it.");
    } else {
      s.para("This problem is outside the class hw6 derives in closed form (" + prose_formula(a.closed_form_reason) +
             "). q*, its attainment and the multipliers below come from the numerical method: q(μ) sampled (L(·, μ) on a "
             "grid of x out to ±10^300, refined by golden-section search) and maximized over the sampled μ.");
    }
    if (a.q_star == -kInf)
      s.para("Dual optimum: q(μ) = −∞ for every μ ≥ 0, so q* = −∞.");
    else if (a.q_star == kInf)
      s.para("Dual optimum: q is unbounded above: q* = +∞, approached as μ → ∞.");
    else if (attained_on_interval(a))
      s.para("Dual optimum: q* = sup_{μ≥0} q(μ) = " + num(a.q_star) + ", attained at " + q_star_where(a) + " (the multipliers).");
    else {
      // μ* with the digits of every other number of the text (q_where, the JSON's, has 10).
      const bool at_point = a.q_attained && std::isfinite(a.q_argmax) && a.q_where.rfind("μ = ", 0) == 0;
      s.para("Dual optimum: q* = sup_{μ≥0} q(μ) = " + num(a.q_star) + (a.q_attained ? ", attained at " : ", not attained, approached as ") +
             (at_point ? "μ = " + num(a.q_argmax) : minus_signs(a.q_where)) + ".");
    }
    std::string gap = "(b) Duality gap f* − q* = ";
    if (a.gap && std::isinf(*a.gap)) gap += "+∞ (f* = " + sign_num(a.primal.value) + ", q* = " + sign_num(a.q_star) + "): there is a duality gap.";
    else if (a.gap && std::isfinite(a.primal.value)) gap += num(*a.gap) + (*a.gap > 0 ? ": there is a duality gap." : ": no duality gap.");
    else if (a.gap) gap += "0 in the sense f* = q* = " + sign_num(a.primal.value) + " (no duality gap).";
    else gap += "undefined.";
    s.para(gap);
    if (!std::isfinite(a.primal.value))
      s.para("Geometric multipliers are defined only for finite f*, so this problem has none.");
    else if (a.multipliers)
      s.para("Geometric multipliers {μ ≥ 0 : q(μ) = f*} = " + interval(a.multipliers->first, a.multipliers->second) +
             (a.multipliers->first == a.multipliers->second ? ": exactly one, μ* = " + num(a.multipliers->first) + "."
                                                            : ": a whole interval of them."));
    else if (a.gap && *a.gap > 0)
      s.para("No geometric multiplier: q(μ) ≤ q* < f* for every μ ≥ 0, so no μ reaches f*.");
    else if (!a.q_attained)
      s.para("No geometric multiplier although there is no duality gap: q* = f* is only approached as " + minus_signs(a.q_where) +
             ", so q(μ) < f* for every μ ≥ 0.");
    else
      s.para("No geometric multiplier: no μ ≥ 0 has q(μ) = f*.");

    // The independent check: q sampled on a grid of x for a few dozen μ.
    Table t;
    t.header = cf ? std::vector<std::string>{"μ", "q(μ) sampled", "closed form", "sampled inf"} : std::vector<std::string>{"μ", "q(μ) sampled", "sampled inf"};
    t.right_align = {true, true, true, false};
    if (!cf) t.right_align = {true, true, false};
    for (const auto& [mu, inf] : a.dual) {
      std::vector<std::string> row = {num(mu), sign_num(inf.value)};
      if (cf) {
        const double exact = closed::q_value(*cf, mu);
        row.push_back(sign_num(exact));
        // Beyond the sample's rounding: where f and μg cancel far out, a right closed form and the
        // sampled value differ by that much (0.1x² + μ(1 − 0.3x²) at μ = 1/3).
        sample_err = std::max(sample_err, sampled_excess(exact, inf));
      }
      row.push_back(minus_signs((inf.attained ? "attained, " : "not attained, ") + inf.where));
      // Two μ that print alike with the same values (2 and a multiplier 2.00000002 found by
      // golden-section search) are one row: the table showed "2  1  1  attained, x = 1" twice.
      if (t.rows.empty() || t.rows.back() != row) t.rows.push_back(row);
    }
    s.para(cf ? "Check: q(μ) sampled independently (L(·, μ) evaluated on a grid of x out to ±10^300), beside the closed form:"
              : "The sampled dual function:");
    s.table(t);
    if (cf) {
      reparse_err = std::max(reparse_err, reparse_error(*cf));
      minimizer_err = std::max(minimizer_err, minimizer_error(*cf, q));
      const double sp = a.sampled_primal.value, cp = a.primal.value;
      auto diff = [cp](double v) { return (std::isinf(v) || std::isinf(cp)) ? (v == cp ? 0 : kInf) : std::fabs(v - cp) / (1 + std::fabs(cp)); };
      // Samples where g(x) is within its rounding of 0 may be feasible or not: when counting
      // them or not changes the sampled f*, the samples allow any f* between the two.
      const double ss = a.sampled_primal_sure.value != kInf ? a.sampled_primal_sure.value : a.sampled_primal_maybe_max;
      if (std::isfinite(sp) && ss > -kInf && ss != kInf && diff(ss) != diff(sp) && std::max(diff(ss), diff(sp)) > 0) {
        const double lo = std::min(sp, ss), hi = std::max(sp, ss);
        primal_err = std::max(primal_err, cp >= lo && cp <= hi ? 0.0 : std::min(diff(lo), diff(hi)));
        if (!(std::fabs(hi - lo) <= 1e-6 * (1 + std::fabs(cp)))) primal_range = true;
      } else {
        primal_err = std::max(primal_err, diff(sp));
      }
    }
    s.figure("ex2_" + std::to_string(k + 1) + "_S.svg", std::string("S") + (std::isfinite(a.primal.value) ? " with the optimum (0, f*)" : "") +
                                                          (a.multipliers ? " and the supporting lines" : ""));
    s.figure("ex2_" + std::to_string(k + 1) + "_q.svg", "the dual function");
    rep.steps.push_back(std::move(s));
    // What to draw is computed only when the figures are written (--plots): f and g on a fine grid.
    // One copy of the problem and its analysis, shared by both figures' drawers.
    const auto qa = std::make_shared<const std::pair<OneProblem, Analysis>>(q, a);
    auto drawn = [&qa, k](Figure (*figure)(const OneProblem&, const Analysis&, std::size_t)) {
      return [qa, k, figure] { return figure(qa->first, qa->second, k).draw(); };
    };
    rep.figures.emplace_back("ex2_" + std::to_string(k + 1) + "_S.svg", "", drawn(s_figure));
    rep.figures.emplace_back("ex2_" + std::to_string(k + 1) + "_q.svg", "", drawn(q_figure));
  }
  rep.results["problems"] = problems;
  claims_step(p, r, rep);

  // Checks: the closed form against the samples, the printed formulas, weak duality, claim (c).
  double weak = 0;
  bool claim_c = true;
  for (std::size_t k = 0; k < r.analyses.size(); ++k) {
    const auto& a = r.analyses[k];
    if (std::isfinite(a.primal.value) && std::isfinite(a.q_star)) weak = std::max(weak, a.q_star - a.primal.value);
    if (a.multipliers && a.gap) claim_c = claim_c && std::fabs(*a.gap) <= 1e-7 * (1 + std::fabs(a.primal.value));
  }
  if (closed_count > 0) {
    rep.checks.push_back(tolerance_check("1(c) closed-form q(μ) = sampled q(μ) at every sampled μ", sample_err, 1e-6,
                                         "largest relative difference beyond the samples' rounding"));
    rep.checks.push_back(tolerance_check("1(c) each printed formula, parsed back, gives the closed form", reparse_err, 1e-9, "largest relative difference"));
    rep.checks.push_back(tolerance_check("1(c) each printed minimizer x(μ), parsed back, gives its formula's value in f(x) + μg(x)", minimizer_err,
                                         1e-8, "largest relative difference"));
    rep.checks.push_back(tolerance_check("1 closed-form f* = sampled f*", primal_err, 1e-6,
                                         primal_range ? "largest relative distance from the sampled f* (a range where it depends on whether samples "
                                                        "with g(x) within rounding of 0 are feasible)"
                                                      : "largest relative difference"));
    double cells_err = 0;
    for (const auto& a : r.analyses) cells_err = std::max(cells_err, a.cells_error);
    rep.checks.push_back(tolerance_check("1 the cells of the closed form reproduce f and g", cells_err, 1e-12, "largest relative difference at test points"));
  }
  rep.checks.push_back(tolerance_check("1(b) weak duality q* ≤ f* on every problem", std::max(0.0, weak), 1e-7, "largest q* − f*"));
  rep.checks.push_back({"2(c) a multiplier exists ⇒ zero gap, on every problem", claim_c, "checked on " + std::to_string(r.analyses.size()) + " problems"});
  return rep;
}

}  // namespace hw6::ex2
