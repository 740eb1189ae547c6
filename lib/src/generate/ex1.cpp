// generate ex1: a separable 2-D set with small integer coordinates and a line with a
// Pythagorean normal (so that the distances of part 1 are rational), as the built-in problem.
#include "generators.hpp"

#include <cmath>
#include <set>

namespace hw6::generate::detail {

namespace {
/// Normals with integer length: |(3,4)| = 5, |(5,12)| = 13, |(8,6)| = 10, |(0,2)| = 2.
const int kNormals[][2] = {{3, 4}, {4, 3}, {-3, 4}, {4, -3}, {5, 12}, {12, 5}, {8, 6}, {-6, 8}, {0, 2}, {1, 0}};
/// Directions of the line that separates the drawn classes (the optimum is then found by hw6).
const int kDirections[][2] = {{1, 0}, {0, 1}, {1, 1}, {1, -1}, {2, 1}, {1, 2}, {-1, 2}, {2, -1}};
constexpr int kRange = 4;  ///< coordinates in [−4, 4]

/// w₁x₁ + w₂x₂ + b as a student writes it: "2x_2 - 4" (no "0x_1 +"), "x_1 - 3x_2", "-x_1 + 2".
std::string linear_form(double w1, double w2, double b) {
  std::string s;
  auto term = [&](double c, const std::string& x) {
    if (c == 0 && !x.empty()) return;
    const double a = std::fabs(c);
    const std::string magnitude = a == 1 && !x.empty() ? "" : num(a);
    if (s.empty())
      s = (c < 0 ? "-" : "") + magnitude + x;
    else
      s += (c < 0 ? " - " : " + ") + magnitude + x;
  };
  term(w1, "x_1");
  term(w2, "x_2");
  if (b != 0 || s.empty()) term(b, "");
  return s;
}
}  // namespace

Json draw_ex1(Rng& rng) {
  const auto& dir = kDirections[rng.integer(0, 7)];
  const int b0 = rng.integer(-2, 2);
  const int n_pos = rng.integer(3, 5), n_neg = rng.integer(3, 5);
  std::set<std::pair<int, int>> used;
  Json X = Json::array(), y = Json::array();
  // Points with ⟨dir, x⟩ + b0 ≥ 1 are positive, ≤ −1 negative: separable by construction.
  auto add = [&](int label, int count) {
    while (count > 0) {
      const int a = rng.integer(-kRange, kRange), c = rng.integer(-kRange, kRange);
      const int f = dir[0] * a + dir[1] * c + b0;
      if (label * f < 1 || !used.insert({a, c}).second) continue;
      X.push_back({a, c});
      y.push_back(label);
      --count;
    }
  };
  add(1, n_pos);
  add(-1, n_neg);
  const auto& w = kNormals[rng.integer(0, 9)];
  const int on_a = rng.integer(-3, 3), on_c = rng.integer(-3, 3);
  const int b = -(w[0] * on_a + w[1] * on_c);  // (on_a, on_c) lies on the line: distance 0
  Json z = Json::array({Json::array({rng.integer(-3, 3), rng.integer(-3, 3)}), Json::array({rng.integer(-3, 3), rng.integer(-3, 3)}),
                        Json::array({on_a, on_c})});
  return Json{{"X", X}, {"y", y}, {"distance", {{"w", {w[0], w[1]}}, {"b", b}, {"z", z}}}};
}

std::optional<std::string> reject_ex1(const Json& problem, const Report& solution) {
  const Json& r = solution.results;
  if (r.value(Json::json_pointer("/solution/status"), std::string()) != "optimal") return "not solved to optimality";
  if (!r.at(Json::json_pointer("/solution/b_unique")).get<bool>()) return "b is not unique";
  const Eigen::MatrixXd X = to_matrix(problem["X"]);
  const Eigen::MatrixXd w = matrix_at(r, "/solution/w");
  const double b = number_at(r, "/solution/b");
  const std::size_t svs = r.at(Json::json_pointer("/solution/support_vectors")).size();
  // Part 6/7 by hand: two or three active constraints, one linear system a student can solve.
  if (svs < 2 || svs > 3) return "support vectors: " + std::to_string(svs) + ", not 2 or 3";
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    const double margin = problem["y"][static_cast<std::size_t>(i)].get<double>() * (X.row(i).dot(w.col(0)) + b);
    if (std::fabs(margin - 1) > 1e-6 && margin < 1 + kEdge) return "a point barely off the margin";
  }
  // Part 1: the three points are distinct and not all on the line.
  const Json& z = problem["distance"]["z"];
  if (z[0] == z[1] || z[0] == z[2] || z[1] == z[2]) return "repeated distance points";
  if (number_at(r, "/distance/values/0") == 0 || number_at(r, "/distance/values/1") == 0) return "two distance points on the line";
  return std::nullopt;
}

std::string sheet_ex1(const Variant& v, const std::string&) {
  const Json& p = v.problem;
  std::string s = sheet_header(v, "SVM for Linearly Separable Cases");
  s += "The training set $\\mathcal{D} = \\{(\\mathbf{x}_i, y_i)\\}_{i=0}^{" + std::to_string(p["X"].size() - 1) +
       "}$, $\\mathbf{x}_i \\in \\mathbb{R}^2$, $y_i \\in \\{-1, 1\\}$ (indices from 0, as hw6 prints them):\n\n";
  s += "| $i$ | $\\mathbf{x}_i$ | $y_i$ |\n|---:|:---:|---:|\n";
  for (std::size_t i = 0; i < p["X"].size(); ++i)
    s += "| " + std::to_string(i) + " | $(" + num(p["X"][i][0].get<double>()) + ", " + num(p["X"][i][1].get<double>()) + ")$ | " +
         num(p["y"][i].get<double>()) + " |\n";
  // Both problems of the homework: parts 4, 5 and 8 ask about (1), which the sheet must then state.
  s += "\nThe hard-margin SVM (Lecture 13) can be written as\n\n$$\\min_{\\mathbf{w}, b} \\ \\frac{1}{2}\\|\\mathbf{w}\\|^2 \\quad "
       "\\text{s.t.} \\quad \\min_i y_i(\\langle \\mathbf{w}, \\mathbf{x}_i \\rangle + b) = 1, \\tag{1}$$\n\nand transformed into\n\n"
       "$$\\min_{\\mathbf{w}, b} \\ \\frac{1}{2}\\|\\mathbf{w}\\|^2 \\quad \\text{s.t.} \\quad y_i(\\langle "
       "\\mathbf{w}, \\mathbf{x}_i \\rangle + b) \\geq 1, \\ i = 0, \\dots, n-1, \\tag{2}$$\n\nwith feasible set $\\mathcal{F}$.\n\n";
  const Json& d = p["distance"];
  const double w0 = d["w"][0].get<double>(), w1 = d["w"][1].get<double>(), b = d["b"].get<double>();
  const std::string line = linear_form(w0, w1, b);
  s += "1. The Euclidean distance between a linear classifier $f(\\mathbf{x}; \\mathbf{w}, b) = \\langle \\mathbf{w}, \\mathbf{x} \\rangle + "
       "b$ and a point $\\mathbf{z}$ is $d(\\mathbf{z}, f) = \\min_{\\mathbf{x}} \\{\\|\\mathbf{z} - \\mathbf{x}\\| : f(\\mathbf{x}; "
       "\\mathbf{w}, b) = 0\\}$. Please find the closed form of $d(\\mathbf{z}, f)$, and evaluate it for $f(\\mathbf{x}) = " + line +
       "$ at ";
  for (std::size_t k = 0; k < d["z"].size(); ++k)
    s += std::string(k ? (k + 1 == d["z"].size() ? " and " : ", ") : "") + "$\\mathbf{z}_" + std::to_string(k) + " = (" +
         num(d["z"][k][0].get<double>()) + ", " + num(d["z"][k][1].get<double>()) + ")$";
  s += ", with the closest point of the line to each.\n";
  s += "2. Show that $\\mathcal{F}$ is nonempty: give a point of $\\mathcal{F}$ for this training set.\n";
  s += "3. Please show that Problem (2) admits an optimal solution, and find it: $\\mathbf{w}^*$, $b^*$, $\\frac{1}{2}\\|\\mathbf{w}^*\\|^2$ "
       "and the margin $2/\\|\\mathbf{w}^*\\|$.\n";
  s += "4. Please show that Problems (1) and (2) share the same set of optimal solutions.\n";
  s += "5. Let $(\\mathbf{w}^*, b^*)$ be the optimal solution to Problem (2). Please show that (a) if the training set is linearly "
       "separable, $\\mathbf{w}^* \\neq 0$; (b) if all samples are positive or negative, then $\\mathbf{w}^*$ can be 0.\n";
  s += "6. Show that there exist at least one positive sample and one negative sample such that the corresponding equality holds; "
       "name them for this training set (the support vectors).\n";
  s += "7. Show that the optimal solution to Problem (2) is unique and that at least one of the constraints holds as an equality at "
       "the optimum.\n";
  s += "8. Can we remove the inequalities that hold strictly at the optimum from Problem (2) without affecting the solution? "
       "Justify your claim rigorously, and check it on this training set.\n";
  return s;
}

}  // namespace hw6::generate::detail
