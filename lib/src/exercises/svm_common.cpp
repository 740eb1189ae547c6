#include "hw6/exercises/svm_common.hpp"

#include "hw6/plot.hpp"
#include "hw6/render.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace hw6::svm {

/// u − v is the one computed on the centred data (optim::NearestPoints), so w does not carry the
/// cancellation of two points near a far origin; b, of the size of ⟨w, u⟩, is as precise as a
/// double of that size can be.
std::pair<Eigen::VectorXd, double> hull_hyperplane(const optim::NearestPoints& h) {
  const Eigen::VectorXd w = 2 * h.difference / h.difference.squaredNorm();
  return {w, -w.dot(0.5 * (h.u + h.v))};
}

optim::SvmSolution hull_solution(const optim::SvmProblem& P, const optim::NearestPoints& h, double accept) {
  optim::SvmSolution s;
  std::tie(s.w, s.b) = hull_hyperplane(h);
  s.alpha = 2 * h.lambda / h.difference.squaredNorm();  // λ scaled: Σα_i y_i x_i = 2(u − v)/‖u − v‖² = w
  s.xi = Eigen::VectorXd::Zero(P.X.rows());
  s.method = "nearest points of the convex hulls (MDM)";
  s.kkt_residual = optim::svm_kkt_residual(P, s.w, s.b, s.xi, s.alpha);
  s = optim::svm_polish(P, s);
  s.primal = optim::svm_primal_value(P, s.w, s.xi);
  s.dual = optim::svm_dual_value(P, s.alpha);
  s.converged = s.kkt_residual <= accept;
  return s;
}

void read_labeled(const Reader& root, Eigen::MatrixXd& X, Eigen::VectorXd& y, bool need_both_classes) {
  X = root.at("X").matrix();
  Reader labels = root.at("y");
  const std::size_t n = labels.array_size();
  if (n != static_cast<std::size_t>(X.rows()))
    labels.fail("expected " + std::to_string(X.rows()) + " labels (one per row of X), got " + std::to_string(n));
  y = Eigen::VectorXd(X.rows());
  for (std::size_t i = 0; i < n; ++i) {
    Reader l = labels.at(i);
    const double v = l.number();
    if (v != 1 && v != -1) l.fail("label must be 1 or -1, got " + l.json().dump());
    y(static_cast<Eigen::Index>(i)) = v;
  }
  if (X.rows() < 2) root.at("X").fail("expected at least 2 points, got 1");
  const bool pos = (y.array() > 0).any(), neg = (y.array() < 0).any();
  if (need_both_classes && !(pos && neg))
    labels.fail(std::string("both classes are needed (the homework assumes D+ and D− nonempty); every label is ") + (pos ? "1" : "-1"));
}

std::vector<std::pair<Eigen::Index, Eigen::Index>> contradictions(const Eigen::MatrixXd& X, const Eigen::VectorXd& y) {
  // Rows sorted lexicographically (ties by index), so identical rows are neighbours: O(n log n · d)
  // where comparing every pair took 3.5 s of ex1's 7 on 100,000 points. In each run of identical
  // rows holding both labels the first pair is (its smallest index, the smallest index of the other
  // label); the answer is the least of these, the pair a loop over i < j would meet first.
  const Eigen::Index n = X.rows();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
  auto less = [&](Eigen::Index a, Eigen::Index b) {
    for (Eigen::Index j = 0; j < X.cols(); ++j)
      if (X(a, j) != X(b, j)) return X(a, j) < X(b, j);
    return false;
  };
  std::stable_sort(order.begin(), order.end(), less);
  std::vector<std::pair<Eigen::Index, Eigen::Index>> out;
  for (std::size_t begin = 0; begin < order.size();) {
    std::size_t end = begin + 1;
    while (end < order.size() && !less(order[begin], order[end])) ++end;
    const Eigen::Index first = order[begin];  // the smallest index of the run (stable sort)
    for (std::size_t k = begin + 1; k < end; ++k)
      if (y(order[k]) != y(first)) {
        const std::pair<Eigen::Index, Eigen::Index> pair{first, order[k]};
        if (out.empty() || pair < out.front()) out.assign(1, pair);
        break;
      }
    begin = end;
  }
  return out;
}

std::string no_figure_note(Eigen::Index d) {
  return "No figure of the data, H0, H1 and H2 (--plots): it draws points in the plane, and these have d = " + std::to_string(d) + " feature" +
         (d == 1 ? "" : "s") + ".";
}

Json hyperplane_json(const Eigen::VectorXd& w, double b, double offset) {
  return Json{{"w", vector_json(w)}, {"b", number_json(b)}, {"offset", offset}};
}

namespace {
std::string coordinate_name(Eigen::Index j) {
  static const char* sub[] = {"₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
  return "x" + (j < 9 ? std::string(sub[j]) : "_" + std::to_string(j + 1));
}
/// "1.5·t₁ − 2·t₂ + b = offset" with term(j) naming the j-th variable.
template <class Term>
std::string linear_equation(const Eigen::VectorXd& w, double b, double offset, int digits, Term&& term) {
  std::string s;
  for (Eigen::Index j = 0; j < w.size(); ++j) {
    const double c = w(j);
    if (s.empty())
      s += format_number(c, digits) + "·" + term(j);
    else
      s += std::string(c < 0 ? " − " : " + ") + format_number(std::fabs(c), digits) + "·" + term(j);
  }
  s += std::string(b < 0 ? " − " : " + ") + format_number(std::fabs(b), digits);
  return s + " = " + format_number(offset);
}
}  // namespace

std::string hyperplane_text(const Eigen::VectorXd& w, double b, double offset, int digits) {
  return linear_equation(w, b, offset, digits, coordinate_name);
}

std::string hyperplane_about_text(const Eigen::VectorXd& w, double b_c, const Eigen::VectorXd& c, double offset, int digits) {
  return linear_equation(w, b_c, offset, digits, [&](Eigen::Index j) {
    if (c(j) == 0) return coordinate_name(j);
    return "(" + coordinate_name(j) + (c(j) < 0 ? " + " : " − ") + format_number(std::fabs(c(j)), 17) + ")";
  });
}

std::string wrapped_equation(const std::string& label, const std::string& equation, std::size_t width) {
  const auto columns = [](const std::string& t) { return display_width(t); };
  // The terms: the equation cut before each " + " or " − " outside parentheses.
  std::vector<std::string> terms(1);
  int depth = 0;
  for (std::size_t i = 0; i < equation.size(); ++i) {
    const char ch = equation[i];
    depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
    if (depth == 0 && i > 0 && ch == ' ' && (equation.compare(i, 3, " + ") == 0 || equation.compare(i, 5, " − ") == 0)) terms.emplace_back();
    terms.back() += ch;
  }
  const std::size_t indent = columns(label);
  std::string out = label, line;
  std::size_t used = indent;
  for (const std::string& t : terms) {
    const std::size_t w = columns(t);
    if (!line.empty() && used + w > width) {
      out += line + "\n" + std::string(indent, ' ');
      line.clear();
      used = indent;
      // A continuation starts at its sign: "+ 0.25·x₃", not " + 0.25·x₃".
      line = t.substr(1);
      used += w - 1;
      continue;
    }
    line += t;
    used += w;
  }
  return out + line;
}

Figure svm_figure(const std::string& file, const std::string& title, const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                  const Eigen::VectorXd& w, double b, const std::vector<bool>& support, bool draw_margins) {
  plot::Plot pl;
  pl.title = title;
  pl.xlabel = "x₁";
  pl.ylabel = "x₂";
  pl.equal_aspect = true;
  pl.legend_outside = true;
  double xmin = X.col(0).minCoeff(), xmax = X.col(0).maxCoeff(), ymin = X.col(1).minCoeff(), ymax = X.col(1).maxCoeff();
  const double pad = 0.15 * std::max({xmax - xmin, ymax - ymin, 1e-9});
  pl.xmin = xmin - pad, pl.xmax = xmax + pad, pl.ymin = ymin - pad, pl.ymax = ymax + pad;

  // Lines ⟨w,x⟩ + b = offset, as segments reaching well beyond the plotting area (clipped there): ten
  // times its extent on either side, along the coordinate in which the line is at most 45° steep.
  // Not further: for data far from the origin (1e6) an end at 10·|x_min| would lie 1e9 pixels out,
  // where renderers working in single precision draw the line in the wrong place.
  auto line = [&](double offset, const std::string& label, const std::string& color, bool dashed) {
    plot::Series s;
    s.label = label;
    s.color = color;
    s.dashed = dashed;
    const double big = 10 * std::max(pl.xmax - pl.xmin, pl.ymax - pl.ymin);
    if (std::fabs(w(1)) >= std::fabs(w(0))) {
      for (double x : {pl.xmin - big, pl.xmax + big}) s.x.push_back(x), s.y.push_back((offset - b - w(0) * x) / w(1));
    } else {
      for (double yy : {pl.ymin - big, pl.ymax + big}) s.y.push_back(yy), s.x.push_back((offset - b - w(1) * yy) / w(0));
    }
    pl.series.push_back(s);
  };
  if (w.norm() > 0) {
    line(0, "H0: ⟨w,x⟩+b = 0", "#333333", false);
    if (draw_margins) {
      line(1, "H1: ⟨w,x⟩+b = 1", "#1f77b4", true);
      line(-1, "H2: ⟨w,x⟩+b = −1", "#d62728", true);
    }
  }
  plot::Series pos, neg, sv, wrong;
  pos.label = "y = +1";
  pos.color = "#1f77b4";
  pos.line = false;
  pos.marker = plot::Marker::Circle;
  neg.label = "y = −1";
  neg.color = "#d62728";
  neg.line = false;
  neg.marker = plot::Marker::Square;
  sv.label = "support vector";
  sv.color = "#2ca02c";
  sv.line = false;
  sv.marker = plot::Marker::Ring;
  sv.marker_size = 9;
  wrong.label = "misclassified";
  wrong.color = "#000000";
  wrong.line = false;
  wrong.marker = plot::Marker::Cross;
  wrong.marker_size = 7;
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    plot::Series& s = y(i) > 0 ? pos : neg;
    s.x.push_back(X(i, 0));
    s.y.push_back(X(i, 1));
    if (support[static_cast<std::size_t>(i)]) sv.x.push_back(X(i, 0)), sv.y.push_back(X(i, 1));
    if (functional_margin(X, y, w, b, i) < 0) wrong.x.push_back(X(i, 0)), wrong.y.push_back(X(i, 1));
  }
  pl.series.push_back(pos);
  pl.series.push_back(neg);
  if (!sv.x.empty()) pl.series.push_back(sv);
  if (!wrong.x.empty()) pl.series.push_back(wrong);
  pl.width = 760;
  pl.height = 520;
  return plot_figure(file, std::move(pl));
}

}  // namespace hw6::svm

namespace hw6::svm {

double functional_margin(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& w, double b, Eigen::Index i) {
  return y(i) * (X.row(i).dot(w) + b);
}

Eigen::VectorXd functional_margins(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& w, double b) {
  return (y.array() * ((X * w).array() + b)).matrix();
}

Position classify(double margin, double tol) {
  if (margin > 1 + tol) return Position::OutsideMargin;
  if (margin >= 1 - tol) return Position::OnMargin;
  if (margin > tol) return Position::InsideMargin;
  if (margin >= -tol) return Position::OnSeparator;
  return Position::Misclassified;
}

const char* position_name(Position p) {
  switch (p) {
    case Position::OutsideMargin: return "outside_margin";
    case Position::OnMargin: return "on_margin";
    case Position::InsideMargin: return "inside_margin";
    case Position::OnSeparator: return "on_separator";
    case Position::Misclassified: return "misclassified";
  }
  return "";
}

bool is_support(double alpha, double scale, double rel_tol) { return alpha > rel_tol * scale; }

std::vector<bool> support_mask(const Eigen::VectorXd& alpha, double C, double rel_tol) {
  const double amax = alpha.size() ? std::max(1e-300, alpha.cwiseAbs().maxCoeff()) : 1.0;
  const double scale = std::min(amax, C);  // C = ∞ (hard margin): the largest multiplier
  std::vector<bool> out;
  for (Eigen::Index i = 0; i < alpha.size(); ++i) out.push_back(is_support(alpha(i), scale, rel_tol));
  return out;
}

namespace {
double centred_b_scale(const Eigen::MatrixXd& X, const Eigen::VectorXd& w, const Eigen::VectorXd& c) {
  return 1 + w.norm() * (X.rows() ? (X.rowwise() - c.transpose()).rowwise().norm().maxCoeff() : 0.0);
}
}  // namespace

double centred_b_scale(const Eigen::MatrixXd& X, const Eigen::VectorXd& w) { return centred_b_scale(X, w, optim::svm_data_centre(X)); }

std::string offset_terms_text(const Eigen::MatrixXd& X, const Eigen::VectorXd& w) {
  const Eigen::VectorXd c = optim::svm_data_centre(X);
  return "Moving b adds the terms w*_j c_j (Σ_j |w*_j c_j| = " + format_number(w.cwiseProduct(c).cwiseAbs().sum(), 6) +
         "), far larger than what the margins vary by (1 + ‖w*‖·max‖x_i − c‖ = " + format_number(centred_b_scale(X, w, c), 6) + ")";
}

double b_scale(const Eigen::MatrixXd& X, const Eigen::VectorXd& w) {
  const Eigen::VectorXd c = optim::svm_data_centre(X);
  return centred_b_scale(X, w, c) + w.cwiseProduct(c).cwiseAbs().sum();
}

double b_floor(const Eigen::MatrixXd& X, const Eigen::VectorXd& w, double b, double w_scale, double rel) {
  const Eigen::VectorXd c = optim::svm_data_centre(X);
  double along_c = 0;
  for (Eigen::Index j = 0; j < c.size(); ++j) {
    if (c(j) == 0) continue;
    const bool constant = X.rows() > 0 && X.col(j).minCoeff() == X.col(j).maxCoeff();
    along_c += (constant ? std::fabs(w(j)) : rel * w_scale) * std::fabs(c(j));
  }
  const double offset = w.cwiseProduct(c).cwiseAbs().sum();
  const double b_c = optim::svm_bias_to_centred(w, b, c);
  return rel * centred_b_scale(X, w, c) + along_c + 8 * std::numeric_limits<double>::epsilon() * (std::fabs(b_c) + offset);
}

double margin_excess(const optim::SvmProblem& P, const Eigen::VectorXd& w, double b, Eigen::Index i, double difference) {
  return std::max(0.0, std::fabs(difference) - optim::svm_margin_rounding(P, w, b, i));
}

double solution_distance(const optim::SvmProblem& P, const optim::SvmSolution& ref, const Eigen::VectorXd& w, double b) {
  const optim::SvmScales sc = optim::svm_scales(P, ref.w, ref.alpha);
  auto rel = [](double v, double scale) { return scale > 0 ? v / scale : v; };
  // b is compared where the data are, as b + ⟨w,c⟩ at their centre c (optim::svm_data_centre), each
  // with its own w. At the origin, two hyperplanes that agree on the data to 1e-12 (w differing by
  // a relative 1e-12, as two solvers' do) have b differing by 1e-12·‖w‖‖c‖: 1e-4 at an offset of
  // 1e8, a spurious difference of every margin. b is computed as y_i − ⟨w,x_i⟩ from some point: its
  // rounding, and that of moving it to c, is that of a margin on the data as given.
  const Eigen::VectorXd c = optim::svm_data_centre(P.X);
  const double b_rounding = 16 * std::numeric_limits<double>::epsilon() * (std::fabs(ref.b) + b_scale(P.X, ref.w));
  const double db = optim::svm_bias_to_centred(w, b, c) - optim::svm_bias_to_centred(ref.w, ref.b, c);
  return std::max(rel((w - ref.w).cwiseAbs().maxCoeff(), sc.w), rel(std::max(0.0, std::fabs(db) - b_rounding), sc.margin));
}

Eigen::VectorXd shown(const Eigen::VectorXd& v, double rel, double scale) {
  if (scale <= 0) scale = v.size() ? v.cwiseAbs().maxCoeff() : 0.0;
  return v.unaryExpr([&](double x) { return std::fabs(x) < rel * scale ? 0.0 : x; });
}

std::string shown_number(double x, double rel, double scale, int digits) { return std::fabs(x) < rel * scale ? "0" : format_number(x, digits); }

int offset_digits(const Eigen::MatrixXd& X, const Eigen::VectorXd& w) {
  if (X.rows() == 0) return 0;
  const Eigen::VectorXd c = optim::svm_data_centre(X);
  if (c.isZero(0)) return 0;
  const double ratio = b_scale(X, w) / centred_b_scale(X, w, c);
  return std::clamp(static_cast<int>(std::floor(std::log10(ratio))), 0, 11);
}

int interval_digits(double lo, double hi) {
  const double size = std::max(std::fabs(lo), std::fabs(hi)), length = hi - lo;
  if (!std::isfinite(size) || !(length > 0)) return 6;
  return std::clamp(static_cast<int>(std::ceil(std::log10(size / length))) + 3, 6, 17);
}

std::string interval_text(double lo, double hi) {
  const int digits = interval_digits(lo, hi);
  auto end = [&](double x) { return std::isinf(x) ? std::string(x > 0 ? "∞" : "−∞") : format_number(x, digits); };
  return "[" + end(lo) + ", " + end(hi) + "]";
}

std::string points_from_one(const std::vector<Eigen::Index>& indices) {
  std::vector<Eigen::Index> shifted;
  for (auto i : indices) shifted.push_back(i + 1);
  return format_index_list(shifted);
}

}  // namespace hw6::svm
