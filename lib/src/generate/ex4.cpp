// generate ex4: a 2-D set at C = 1 in the spirit of the homework's Figure 1: two clusters along
// a normal direction, a few points near the separator and one or two on the wrong side, in
// steps of 0.5. hw6's ex4 solver then decides where each point lies; the draw is kept only
// when points lie outside, on and inside the margin and misclassified, and no point is within
// 1e-3 of a boundary it is not on.
#include "generators.hpp"

#include "hw6/exercises/svm_common.hpp"

#include <cmath>
#include <set>

namespace hw6::generate::detail {

namespace {
/// A point in the canonical frame: t along the normal of the separator, s along it.
struct Canon {
  int t2, s2;  ///< twice the coordinates (steps of 0.5)
  int label;
};

/// (t, s) → x: one of the eight symmetries of the square, then an integer shift.
Json place(const Canon& c, int symmetry, int dx, int dy) {
  double t = c.t2 / 2.0, s = c.s2 / 2.0;
  if (symmetry & 1) t = -t;  // with the labels flipped below, the picture is mirrored
  if (symmetry & 2) s = -s;
  double x = t, y = s;
  if (symmetry & 4) std::swap(x, y);
  return Json::array({x + dx, y + dy});
}
}  // namespace

Json draw_ex4(Rng& rng) {
  std::vector<Canon> pts;
  std::set<std::pair<int, int>> used;
  auto add = [&](int label, int t_lo2, int t_hi2, int count) {
    while (count > 0) {
      const Canon c{rng.integer(t_lo2, t_hi2), rng.integer(-5, 5), label};
      if (!used.insert({c.t2, c.s2}).second) continue;
      pts.push_back(c);
      --count;
    }
  };
  add(1, 4, 8, rng.integer(3, 4));     // positive, well outside: t ∈ [2, 4]
  add(-1, -8, -4, rng.integer(3, 4));  // negative, well outside
  add(1, 1, 3, rng.integer(1, 2));     // positive near the margin: t ∈ [0.5, 1.5]
  add(-1, -3, -1, rng.integer(1, 2));  // negative near the margin
  add(1, -3, -1, 1);                   // misclassified positive
  if (rng.coin()) add(-1, 1, 3, 1);    // and perhaps a misclassified negative
  const int symmetry = rng.integer(0, 7), dx = rng.integer(-1, 1), dy = rng.integer(-1, 1);
  // Interleave the classes in a drawn order, so that indices do not give the labels away.
  for (std::size_t i = pts.size(); i > 1; --i) std::swap(pts[i - 1], pts[static_cast<std::size_t>(rng.integer(0, static_cast<int>(i) - 1))]);
  Json X = Json::array(), y = Json::array();
  for (const auto& c : pts) {
    X.push_back(place(c, symmetry, dx, dy));
    y.push_back((symmetry & 1) ? -c.label : c.label);
  }
  return {{"X", X}, {"y", y}, {"C", 1}, {"C_values", {0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100}}};
}

std::optional<std::string> reject_ex4(const Json&, const Report& solution) {
  const Json& r = solution.results;
  if (r.contains("b_unique") && !r["b_unique"].get<bool>()) return "b is not unique";
  if (!(std::fabs(number_at(r, "/duality_gap")) < 1e-6)) return "duality gap not closed";
  std::set<std::string> seen;
  const double C = 1;
  for (const auto& pt : r["points"]) {
    const std::string position = pt["position"].get<std::string>();
    const double m = pt["margin"].get<double>(), alpha = pt["alpha"].get<double>();
    seen.insert(position);
    if (position == "on_separator") return "a point on the separator";
    if (position == "on_margin") {
      // A support vector exactly on the margin: 0 < α < C, away from both ends (no degenerate tie).
      if (alpha < kEdge || alpha > C - kEdge) return "a point on the margin with a degenerate multiplier";
    } else if (std::fabs(m - 1) < kEdge || std::fabs(m) < kEdge) {
      return "a margin within 1e-3 of 0 or 1";
    }
  }
  for (const char* needed : {"outside_margin", "on_margin", "inside_margin", "misclassified"})
    if (!seen.count(needed)) return std::string("no point ") + needed;
  return std::nullopt;
}

Figure figure_ex4(const Variant& v) {
  const Json& p = v.problem;
  const Eigen::MatrixXd X = to_matrix(p["X"]);
  Eigen::VectorXd y(X.rows());
  for (Eigen::Index i = 0; i < X.rows(); ++i) y(i) = p["y"][static_cast<std::size_t>(i)].get<double>();
  const Eigen::MatrixXd w = matrix_at(v.solution.results, "/primal/w");
  const double b = number_at(v.solution.results, "/primal/b");
  // As the homework's Figure 1: the points with H0, H1, H2; the support vectors are the question, so none is marked.
  return svm::svm_figure("ex4_problem.svg", "Figure 1 (seed " + std::to_string(v.seed) + "): soft-margin SVM, C = 1", X, y, w.col(0), b,
                         std::vector<bool>(static_cast<std::size_t>(X.rows()), false));
}

std::string sheet_ex4(const Variant& v, const std::string& figure_dir) {
  const Json& p = v.problem;
  std::string s = sheet_header(v, "The Dual Problem of SVM");
  s += "The soft margin SVM (6) with $C = 1$ and its dual (7), as in the homework:\n\n"
       "$$\\min_{\\mathbf{w}, b, \\xi} \\frac{1}{2}\\|\\mathbf{w}\\|_2^2 + C\\sum_{i} \\xi_i \\quad \\text{s.t.} \\quad y_i(\\langle "
       "\\mathbf{w}, \\mathbf{x}_i \\rangle + b) \\geq 1 - \\xi_i, \\ \\xi_i \\geq 0, \\tag{6}$$\n\n"
       "$$\\min_{\\alpha} \\frac{1}{2}\\sum_{i}\\sum_{j} \\alpha_i \\alpha_j y_i y_j \\langle \\mathbf{x}_i, \\mathbf{x}_j \\rangle - "
       "\\sum_{i} \\alpha_i \\quad \\text{s.t.} \\quad \\sum_{i} \\alpha_i y_i = 0, \\ \\alpha_i \\in [0, C]. \\tag{7}$$\n\n";
  s += "1. (a) Show that the problems (6) and (7) always admit optimal solutions. (b) (Optional) For a linearly separable data sample, "
       "shall we arrive at the same separating hyperplane by solving the problems (2) and (7), respectively?\n";
  s += "2. With $\\sum_i \\xi_i^p$, $p > 1$, in place of $\\sum_i \\xi_i$ (problem (8)), please find the dual problem of (8) and the "
       "corresponding optimal conditions.\n";
  s += "3. Please give the complementary slackness conditions of problem (6) and the conditions a point $(\\mathbf{x}_i, y_i)$ "
       "satisfies if it is (a) a support vector, (b) misclassified, (c) in the region between the marginal hyperplanes.\n";
  s += "4. The training set is $\\mathcal{D} = \\{(\\mathbf{x}_i, y_i)\\}$ below (indices from 0), shown in Figure 1 with the "
       "separating hyperplane $H_0$ and the marginal hyperplanes $H_1$, $H_2$ of the soft margin SVM with $C = 1$.\n\n";
  s += "   | $i$ | $\\mathbf{x}_i$ | $y_i$ |\n   |---:|:---:|---:|\n";
  for (std::size_t i = 0; i < p["X"].size(); ++i)
    s += "   | " + std::to_string(i) + " | $(" + num(p["X"][i][0].get<double>()) + ", " + num(p["X"][i][1].get<double>()) + ")$ | " +
         num(p["y"][i].get<double>()) + " |\n";
  if (!figure_dir.empty())
    s += "\n   ![Figure 1: the training set, H0 (solid), H1 and H2 (dashed)](" + markdown_link_target(figure_dir + "/ex4_problem.svg") + ")\n";
  else
    s += "\n   (Figure 1: run with `--plots DIR` to draw it.)\n";
  s += "\n   - Please write down the equations of the separating hyperplane $H_0$ and the marginal hyperplanes $H_1$ and $H_2$ in terms "
       "of $\\mathbf{w}^*$ and $b^*$, and find $\\mathbf{w}^*$, $b^*$.\n"
       "   - Please find the support vectors and the non-support vectors.\n"
       "   - (Optional) Please find the values (or ranges) of the optimal slack variables $\\xi_i^*$ (the possible answers are "
       "$\\xi_i^* = 0$, $0 < \\xi_i^* < 1$, $\\xi_i^* = 1$ and $\\xi_i^* > 1$). How do the slack variables change when $C$ increases "
       "and decreases (try $C \\in \\{";
  bool first = true;
  for (const auto& c : p["C_values"]) s += std::string(first ? "" : ", ") + num(c.get<double>()), first = false;
  s += "\\}$)?\n";
  return s;
}

}  // namespace hw6::generate::detail
