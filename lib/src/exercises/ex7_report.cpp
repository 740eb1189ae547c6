// Exercise 7: the step-by-step explanation, the JSON results and the checks. Every sentence that
// depends on the data is chosen from a computed fact (sizes, whether the matrices are shown, the
// largest score, how the checks were done).
#include "hw6/exercises/ex7.hpp"
#include "hw6/render.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>
#include <vector>

namespace hw6::ex7 {

namespace {

/// Tolerances of the self-checks (scaled errors; see gradcheck.hpp and the checks below).
struct Tolerances {
  double finite_difference = kFiniteDifferenceTolerance;
  double row_sums = 1;          ///< rows of ∂L/∂S sum to 0 within their rounding level
  double last_token = 1;        ///< z_T recomputed term by term, within Z's rounding level
  double equivariance = 1e-12;  ///< SA_res(PX) − P·SA_res(X), relative to the size of X + AV's terms
};
constexpr Tolerances kTol;

std::string dims(const Eigen::MatrixXd& m) { return std::to_string(m.rows()) + "×" + std::to_string(m.cols()); }

/// A residual in scientific notation, always ("0.00e+00", "1.23e-16"): the same shape on every machine.
std::string sci(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2e", x);
  return buf;
}

/// The largest T, d_model and d_k whose matrices are printed whole (the text renderer's display
/// shows 10 × 8); beyond, they are summarized.
constexpr Eigen::Index kShownWhole = 8;
bool shown_whole(const Problem& p) {
  return p.X.rows() <= kShownWhole && p.X.cols() <= kShownWhole && p.W_Q.cols() <= kShownWhole;
}

/// Whether every row of S is constant, so that A = (1/T) 1 1ᵀ: exactly (every score of a row equal
/// to its first), or up to the scores' rounding bounds (`bound`, empty for large problems: exact
/// only), i.e. some constant lies within S_ij ± bound_ij for every j of the row.
enum class Uniform { no, exactly, up_to_rounding };
struct UniformRows {
  Uniform how = Uniform::no;
  double spread = 0;  ///< the largest max_j S_ij − min_j S_ij over the rows
};
UniformRows uniform_rows(const Eigen::MatrixXd& S, const Eigen::MatrixXd& bound) {
  const Eigen::Index T = S.rows();
  UniformRows u;
  if (T < 2) return u;  // one score a row: A = 1 whatever S is, said in part 3
  // Column by column (Eigen's order): each row's range, and the intersection of its intervals.
  Eigen::ArrayXd lo = S.col(0).array(), hi = lo, low = lo, high = lo;
  if (bound.size() > 0) {
    low -= bound.col(0).array();
    high += bound.col(0).array();
  }
  for (Eigen::Index j = 1; j < S.cols(); ++j) {
    lo = lo.min(S.col(j).array());
    hi = hi.max(S.col(j).array());
    if (bound.size() > 0) {
      low = low.max(S.col(j).array() - bound.col(j).array());
      high = high.min(S.col(j).array() + bound.col(j).array());
    }
  }
  u.spread = (hi - lo).maxCoeff();
  if (u.spread == 0)
    u.how = Uniform::exactly;
  else if (bound.size() > 0 && (low <= high).all())
    u.how = Uniform::up_to_rounding;
  return u;
}

/// How many nonzero entries of m the renderers would show as 0: they treat entries at most 1e-15
/// of the largest as round-off (render.cpp's matrix_entry).
Eigen::Index hidden_by_renderer(const Eigen::MatrixXd& m) {
  const double largest = m.size() > 0 ? m.cwiseAbs().maxCoeff() : 0.0;
  return ((m.array() != 0) && (m.array().abs() <= 1e-15 * largest)).count();
}

struct Named {
  std::string plain, latex;
  const Eigen::MatrixXd* m;
  const Eigen::MatrixXd* rounding = nullptr;  ///< entry by entry, for a computed matrix; null for an input
};

/// One matrix as it is printed. A computed entry within its rounding level is round-off and shown
/// as 0; a computed matrix may also show as 0 an entry at most 1e-15 of its largest (the
/// renderers' rule), an input never: an input whose entries span more than that (1e6 beside
/// 1e-10) is printed as a table of every entry.
void show(Step& s, const Named& n, bool column_vector = false) {
  Eigen::MatrixXd m = *n.m;
  if (n.rounding) m = (m.array().abs() <= n.rounding->array()).select(0.0, m);
  const std::string& plain = n.plain;
  const std::string& latex = n.latex;
  if (!n.rounding && hidden_by_renderer(m) > 0) {
    Table t;
    t.header = {n.plain};
    t.right_align = {false};
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      t.header.push_back("column " + std::to_string(j + 1));
      t.right_align.push_back(true);
    }
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      t.rows.push_back({"row " + std::to_string(i + 1)});
      for (Eigen::Index j = 0; j < m.cols(); ++j) t.rows.back().push_back(format_number((*n.m)(i, j)));
    }
    s.table(std::move(t));
  } else if (column_vector) {
    s.vector(plain, latex, m.col(0));
  } else {
    s.matrix(plain, latex, m);
  }
}

/// Small problems: each matrix in full. Large ones: a table of sizes and ranges (JSON has every entry).
void matrices(Step& s, const Problem& p, const std::vector<Named>& list) {
  if (shown_whole(p)) {
    for (const auto& n : list) show(s, n);
    return;
  }
  Table t;
  t.header = {"matrix", "size", "min", "max", "Frobenius norm"};
  t.right_align = {false, true, true, true, true};
  for (const auto& n : list)
    t.rows.push_back({n.plain, dims(*n.m), format_number(n.m->minCoeff()), format_number(n.m->maxCoeff()), format_number(n.m->stableNorm())});
  s.table(std::move(t));
}

/// What exponentiating S without the shift, then dividing by the row sums, would do with these
/// scores, from the data: an e^{S_ij} that overflows, a row sum that does, a row whose every
/// e^{S_ij} underflows to 0, and a weight above the smallest normal double computed from a
/// subnormal (or flushed) e^{S_ij}. Each is said with the row where it is worst.
std::string unshifted_softmax(const Eigen::MatrixXd& S, const Eigen::MatrixXd& A) {
  const double ln_max = std::log(std::numeric_limits<double>::max());     // 709.78: e^x above is inf
  const double ln_normal = std::log(std::numeric_limits<double>::min());  // −708.40: e^x below is subnormal
  const double ln_tiny = std::log(std::numeric_limits<double>::denorm_min());  // a subnormal e^x keeps (x − ln_tiny)/ln 2 bits
  struct Worst {
    Eigen::Index row = -1, col = -1, rows = 0;
    double value = 0;
    void note(Eigen::Index i, Eigen::Index j, double x, bool worse) {  // once per row
      ++rows;
      if (row < 0 || worse) {
        row = i;
        col = j;
        value = x;
      }
    }
  } overflow, sum_overflow, underflow, subnormal;
  // Column by column (Eigen's order): each row's maximum and where it is, then the rows.
  const Eigen::Index T = S.rows();
  Eigen::VectorXd m = S.col(0);
  Eigen::VectorXi jmax = Eigen::VectorXi::Zero(T), heaviest = Eigen::VectorXi::Constant(T, -1);
  for (Eigen::Index j = 1; j < S.cols(); ++j)
    for (Eigen::Index i = 0; i < T; ++i)
      if (S(i, j) > m(i)) {
        m(i) = S(i, j);
        jmax(i) = static_cast<int>(j);
      }
  // The heaviest weight of each row computed from a subnormal e^{S_ij}.
  for (Eigen::Index j = 0; j < S.cols(); ++j)
    for (Eigen::Index i = 0; i < T; ++i)
      if (S(i, j) < ln_normal && A(i, j) >= std::numeric_limits<double>::min() && (heaviest(i) < 0 || A(i, j) > A(i, heaviest(i))))
        heaviest(i) = static_cast<int>(j);
  for (Eigen::Index i = 0; i < T; ++i) {
    if (std::isinf(std::exp(m(i)))) {
      overflow.note(i, jmax(i), m(i), m(i) > overflow.value);
      continue;
    }
    if (std::exp(m(i)) == 0) {
      underflow.note(i, jmax(i), m(i), m(i) < underflow.value);
      continue;
    }
    const double log_sum = m(i) - std::log(A(i, jmax(i)));  // Σ_j e^{S_ij} = e^{m} / A_i,jmax
    if (log_sum > ln_max) {
      sum_overflow.note(i, jmax(i), log_sum, log_sum > sum_overflow.value);
      continue;
    }
    const Eigen::Index h = heaviest(i);
    if (h >= 0) subnormal.note(i, h, S(i, h), subnormal.row < 0 || A(i, h) > A(subnormal.row, subnormal.col));
  }
  auto more = [](const Worst& w) {
    return w.rows > 1 ? " (and in " + std::to_string(w.rows - 1) + " more row" + (w.rows > 2 ? "s" : "") + ")" : std::string();
  };
  auto row = [](Eigen::Index i) { return "row " + std::to_string(i + 1); };
  std::vector<std::string> said;
  if (overflow.rows > 0)
    said.push_back(row(overflow.row) + "'s largest score, " + format_number(overflow.value, 4) + ", is above ln(DBL_MAX) ≈ 709.78, so exp of it " +
                   "overflows to inf and the row's weights would be inf/inf, not a number" + more(overflow));
  if (sum_overflow.rows > 0)
    said.push_back("every exp(S_ij) of " + row(sum_overflow.row) + " is finite (its largest score is " +
                   format_number(S.row(sum_overflow.row).maxCoeff(), 6) + "), but their sum, exp(" + format_number(sum_overflow.value, 6) +
                   "), overflows to inf, so its weights would all be 0" + more(sum_overflow));
  if (underflow.rows > 0)
    said.push_back("every score of " + row(underflow.row) + " is at most " + format_number(underflow.value, 4) +
                   ", below ln(2⁻¹⁰⁷⁵) ≈ −745.13 where exp rounds to 0, so every exp(S_ij) underflows to 0 and the row's weights "
                   "would be 0/0, not a number" + more(underflow));
  if (subnormal.rows > 0) {
    const double x = subnormal.value, e = std::exp(x);
    const std::string kept = e == 0 ? "underflows to 0"
                                    : "is subnormal, below the smallest normal double (2.2e-308), and keeps only " +
                                          std::to_string(static_cast<int>(std::floor((x - ln_tiny) / std::log(2.0))) + 1) + " of 53 significant bits";
    said.push_back(row(subnormal.row) + "'s score S_" + std::to_string(subnormal.row + 1) + "," + std::to_string(subnormal.col + 1) + " = " +
                   format_number(x, 6) + " carries weight " + format_number(A(subnormal.row, subnormal.col), 4) + ", but exp(" +
                   format_number(x, 6) + ")" + (e == 0 ? "" : " = " + format_number(e, 3)) + " " + kept + more(subnormal));
  }
  if (said.empty())
    return "here (" + (S.minCoeff() == S.maxCoeff() ? "every score is " + format_number(S.minCoeff(), 4)
                                                    : "scores from " + format_number(S.minCoeff(), 4) + " to " + format_number(S.maxCoeff(), 4)) +
           ") exponentiating without the shift would give the same A up to rounding: no exp(S_ij) and no row sum overflows, "
           "and no weight comes from a subnormal exp(S_ij).";
  std::string out = "here the shift is needed: without it, ";
  for (std::size_t k = 0; k < said.size(); ++k) out += (k == 0 ? "" : "; ") + said[k];
  return out + ".";
}

UniformRows forward_step(Report& rep, const Problem& p, const Result& r) {
  const auto& f = r.fwd;
  const Eigen::Index T = p.X.rows(), d = p.X.cols(), dk = p.W_Q.cols();
  Step s("1", "Forward pass");
  s.para("T = " + std::to_string(T) + " token" + (T == 1 ? "" : "s") + ", d_model = " + std::to_string(d) + ", d_k = " + std::to_string(dk) +
         (p.random ? " (random matrices, seed " + std::to_string(p.seed) +
                       (p.scale != 1 ? ", X of standard deviation " + format_number(p.scale) : std::string()) + ")"
                    : "") + ". Each row of X is a token:");
  s.formula("Q = X W_Q (" + dims(f.Q) + "),  K = X W_K (" + dims(f.K) + "),  V = X W_V (" + dims(f.V) + ")\n" +
                "S = Q Kᵀ/√d_k (" + dims(f.S) + "),  A = softmax_rows(S),  Y = A V,  Z = X + Y",
            "Q = XW_Q,\\; K = XW_K,\\; V = XW_V,\\quad S = \\frac{QK^\\top}{\\sqrt{d_k}},\\quad A = \\operatorname{softmax}_{\\text{row}}(S),"
            "\\quad Y = AV,\\quad Z = X + Y");
  s.para("Each row of S is shifted by its maximum before exponentiating (Exercise 5.1(b)), which leaves A unchanged; " +
         unshifted_softmax(f.S, f.A));
  if (!shown_whole(p)) {
    // Which size is too large: T (X has T rows, S is T × T), d_model or d_k, not always the scores.
    std::vector<std::string> large;
    for (auto [name, n] : {std::pair{"T", p.X.rows()}, {"d_model", p.X.cols()}, {"d_k", p.W_Q.cols()}})
      if (n > kShownWhole) large.push_back(std::string(name) + " = " + std::to_string(n));
    std::string which;
    for (std::size_t k = 0; k < large.size(); ++k)
      which += (k == 0 ? "" : k + 1 == large.size() ? " and " : ", ") + large[k];
    s.para("The matrices are too large to print (" + which + ", above the " + std::to_string(kShownWhole) +
           " rows and columns shown whole); their sizes and ranges follow, and the JSON output writes every entry.");
  }
  // The forward pass's rounding levels decide which printed entries are round-off (small problems only).
  Forward b = shown_whole(p) ? forward_rounding(p, f) : Forward{};
  // Where the scores are so large that their own rounding could move a weight by more than 1e-6
  // (scores of 1e18 round by ±300: a tie could go either way), a bound on A, Y and Z says nothing
  // about round-off: clearing entries within it printed a row of ties (½, ½) as 0 and Z = 2e6 as 0.
  // Those three are then printed as computed, and the text says why.
  bool undetermined = false;
  if (b.A.size() > 0) {
    Eigen::Index worst_row = 0, worst_col = 0;
    const double worst = b.A.maxCoeff(&worst_row, &worst_col);
    if (worst > 1e-6) {
      undetermined = true;
      const double eps = b.S.row(worst_row).maxCoeff();
      s.para("The scores reach " + format_number(f.S.cwiseAbs().maxCoeff(), 4) + ", and their own rounding, up to ±" + format_number(eps, 3) +
             " in row " + std::to_string(worst_row + 1) + ", could move that row's weights by up to " + format_number(std::min(worst, 1.0), 3) +
             ": A, Y and Z below follow from the computed scores and are printed as computed (no entry is cleared as round-off).");
      for (Eigen::MatrixXd* m : {&b.A, &b.Y, &b.Z}) m->setZero();
    }
  }
  matrices(s, p, {{"X", "X", &p.X}, {"W_Q", "W_Q", &p.W_Q}, {"W_K", "W_K", &p.W_K}, {"W_V", "W_V", &p.W_V}, {"Q", "Q", &f.Q, &b.Q},
                  {"K", "K", &f.K, &b.K}, {"V", "V", &f.V, &b.V}, {"S", "S", &f.S, &b.S}, {"A", "A", &f.A, &b.A}, {"Y", "Y", &f.Y, &b.Y},
                  {"Z", "Z", &f.Z, &b.Z}});
  // Uniform attention, from the scores (not where their rounding leaves the weights undetermined:
  // ties of 1e18 lie within their rounding, but the computed weights need not be even).
  const UniformRows uniform = undetermined ? UniformRows{} : uniform_rows(f.S, b.S);
  if (uniform.how != Uniform::no) {
    const bool exact = uniform.how == Uniform::exactly;
    s.para("Every row of S is constant (" +
           (exact ? std::string("the scores of each row are equal")
                  : "within a row the scores differ by at most " + format_number(uniform.spread, 3) + ", inside their rounding bounds") +
           "), so the softmax spreads every row evenly: A = (1/T) 1 1ᵀ" + (exact ? "" : " up to rounding") + ", every weight 1/" +
           std::to_string(T) + " = " + format_number(1.0 / static_cast<double>(T)) +
           ". Every token then attends to all tokens alike: y_i = (1/T) Σ_j v_j, the mean of the value vectors, is the same for every i "
           "(all rows of Y are equal" + (exact ? "" : " up to rounding") + "), and z_i = x_i + that mean.");
  }
  // Part 1 asks for z₃ with T = 3; for other T the same formula is shown for the last token.
  const Eigen::Index t = T - 1;
  const std::string n = std::to_string(T);
  s.para(T == 3 ? std::string("z₃, as part 1 asks: the output of token 3 is its input plus a weighted average of all value vectors, "
                              "the weights being a softmax of its query against every key:")
                : "Part 1 asks for z₃ with T = 3; this problem has T = " + n + ", so here is the last token, " + n +
                      ": its output is its input plus a weighted average of all value vectors, the weights being a softmax of "
                      "its query against every key:");
  // α_{tj} with a comma between the indices once t has two digits: α_101 could be α_10,1 or α_1,01
  // (and α_12j, beside α_12,1, would read as another index).
  const std::string sep = T >= 10 ? "," : "";
  s.formula("z_" + n + " = x_" + n + " + Σ_j α_" + n + sep + "j v_j\nα_" + n + sep + "j = exp(q_" + n + "ᵀk_j/√d_k) / Σ_j' exp(q_" + n + "ᵀk_j'/√d_k)",
            "\\mathbf{z}_{" + n + "} = \\mathbf{x}_{" + n + "} + \\sum_{j=1}^{" + n + "} \\alpha_{" + n + sep + "j}\\mathbf{v}_j,\\qquad \\alpha_{" + n + sep +
                "j} = \\frac{\\exp(\\mathbf{q}_{" + n + "}^\\top\\mathbf{k}_j/\\sqrt{d_k})}{\\sum_{j'}\\exp(\\mathbf{q}_{" + n +
                "}^\\top\\mathbf{k}_{j'}/\\sqrt{d_k})}");
  std::string terms, latex;
  for (Eigen::Index j = 0; j < std::min<Eigen::Index>(T, 6); ++j) {
    const std::string jj = std::to_string(j + 1), score = format_number(f.S(t, j), 7), weight = format_number(f.A(t, j), 7);
    terms += "q_" + n + "ᵀk_" + jj + "/√d_k = " + score + "  →  α_" + n + sep + jj + " = " + weight + "\n";
    latex += (latex.empty() ? "" : " \\\\ ") + ("\\mathbf{q}_{" + n + "}^\\top\\mathbf{k}_{" + jj + "}/\\sqrt{d_k} &= ") + score +
             " &&\\to\\quad \\alpha_{" + n + sep + jj + "} = " + weight;
  }
  if (T > 6) {
    terms += "… (" + std::to_string(T - 6) + " more; the weights sum to 1)\n";
    latex += " \\\\ &\\dots && " + latex_text("(" + std::to_string(T - 6) + " more; the weights sum to 1)");
  }
  s.formula(terms.substr(0, terms.size() - 1), "\\begin{aligned} " + latex + " \\end{aligned}");
  const Eigen::MatrixXd z = f.Z.row(t).transpose(), z_rounding = b.Z.size() > 0 ? Eigen::MatrixXd(b.Z.row(t).transpose()) : Eigen::MatrixXd::Zero(z.rows(), 1);
  show(s, {"z_" + n, "\\mathbf{z}_{" + n + "}", &z, &z_rounding}, true);
  rep.steps.push_back(std::move(s));
  return uniform;
}

void backprop_steps(Report& rep, const Problem& p, const Result& r, const UniformRows& uniform) {
  const auto& g = r.grad;
  const auto& b = r.grad_rounding;
  Step one("2", "Backprop I: ∂L/∂Y, ∂L/∂A, ∂L/∂V");
  one.para("Z = X + Y passes the gradient through unchanged; Y = AV is a product, so by the hint for Y = AXB:");
  one.formula("∂L/∂Y = ∂L/∂Z,   ∂L/∂A = ∂L/∂Y Vᵀ,   ∂L/∂V = Aᵀ ∂L/∂Y",
              "\\frac{\\partial L}{\\partial Y} = \\frac{\\partial L}{\\partial Z},\\quad \\frac{\\partial L}{\\partial A} = \\frac{\\partial L}{\\partial Y}V^\\top,"
              "\\quad \\frac{\\partial L}{\\partial V} = A^\\top\\frac{\\partial L}{\\partial Y}");
  matrices(one, p, {{"∂L/∂Z", "\\frac{\\partial L}{\\partial Z}", &p.dL_dZ}, {"∂L/∂A", "\\frac{\\partial L}{\\partial A}", &g.A, &b.A},
                    {"∂L/∂V", "\\frac{\\partial L}{\\partial V}", &g.V, &b.V}});
  if (uniform.how != Uniform::no)
    one.para("With uniform attention ∂L/∂V = Aᵀ ∂L/∂Z = (1/T) 1 1ᵀ ∂L/∂Z: every row of ∂L/∂V is the mean of the rows of ∂L/∂Z" +
             std::string(uniform.how == Uniform::exactly ? "" : " (up to rounding)") + ".");
  rep.steps.push_back(std::move(one));

  Step two("3", "Backprop II: ∂L/∂S, ∂L/∂Q, ∂L/∂K");
  two.para("Row i of A depends only on row i of S, with Jacobian diag(a_i) − a_i a_iᵀ (Exercise 5.1(a)). Applied row by row:");
  two.formula("∂L/∂S = A ⊙ (∂L/∂A − ((∂L/∂A ⊙ A) 1) 1ᵀ)",
              "\\frac{\\partial L}{\\partial S} = A \\odot \\Big(\\frac{\\partial L}{\\partial A} - \\big((\\tfrac{\\partial L}{\\partial A}\\odot A)\\mathbf{1}\\big)\\mathbf{1}^\\top\\Big)");
  two.para("S = QKᵀ/√d_k is linear in Q and in K:");
  two.formula("∂L/∂Q = (1/√d_k) ∂L/∂S K,   ∂L/∂K = (1/√d_k) (∂L/∂S)ᵀ Q",
              "\\frac{\\partial L}{\\partial Q} = \\frac{1}{\\sqrt{d_k}}\\frac{\\partial L}{\\partial S}K,\\quad "
              "\\frac{\\partial L}{\\partial K} = \\frac{1}{\\sqrt{d_k}}\\Big(\\frac{\\partial L}{\\partial S}\\Big)^\\top Q");
  matrices(two, p, {{"∂L/∂S", "\\frac{\\partial L}{\\partial S}", &g.S, &b.S}, {"∂L/∂Q", "\\frac{\\partial L}{\\partial Q}", &g.Q, &b.Q},
                    {"∂L/∂K", "\\frac{\\partial L}{\\partial K}", &g.K, &b.K}});
  two.para("Each row of ∂L/∂S sums to 0, since 1ᵀ(diag(a_i) − a_i a_iᵀ) = a_iᵀ − a_iᵀ = 0 when the weights a_i sum to 1: adding a "
           "constant to a row of scores does not change the softmax.");
  if (uniform.how != Uniform::no) {
    // Whether ∂L/∂S is 0 here: every entry within its rounding level (the printed zeros).
    const Eigen::Index T = p.X.rows();
    Eigen::Index bi = 0, bj = 0;
    const Eigen::MatrixXd beyond = (g.S.array().abs() > b.S.array()).select(g.S.cwiseAbs(), 0.0);
    const double largest = beyond.maxCoeff(&bi, &bj);
    two.para("With uniform attention the rule reads ∂L/∂S_ij = (1/T)(∂L/∂A_ij − (1/T) Σ_k ∂L/∂A_ik): each row of ∂L/∂A minus its "
             "mean, over T = " + std::to_string(T) + ". " +
             (largest > 0 ? "It is not 0 here (|∂L/∂S_" + std::to_string(bi + 1) + "," + std::to_string(bj + 1) + "| = " + format_number(largest, 4) +
                                "), so the gradient still reaches the scores: moving them away from uniform changes L to first order."
                          : (g.A.array() == 0).all() ? std::string("It is 0 here, ∂L/∂A being 0.")
                          : (g.A.colwise() - g.A.col(0)).cwiseAbs().maxCoeff() == 0
                              ? std::string("It is 0 here: every row of ∂L/∂A is constant.")
                              : std::string("It is 0 here: every row of ∂L/∂A is constant, up to rounding.")));
  }
  if (p.X.rows() == 1)
    two.para("With T = 1 every row of S has a single score, its softmax is the constant 1, and ∂L/∂S, ∂L/∂Q and ∂L/∂K are 0.");
  rep.steps.push_back(std::move(two));

  Step three("4", "Parameters and input");
  three.formula("∂L/∂W_Q = Xᵀ ∂L/∂Q,   ∂L/∂W_K = Xᵀ ∂L/∂K,   ∂L/∂W_V = Xᵀ ∂L/∂V",
                "\\frac{\\partial L}{\\partial W_Q} = X^\\top\\frac{\\partial L}{\\partial Q},\\quad \\frac{\\partial L}{\\partial W_K} = "
                "X^\\top\\frac{\\partial L}{\\partial K},\\quad \\frac{\\partial L}{\\partial W_V} = X^\\top\\frac{\\partial L}{\\partial V}");
  matrices(three, p, {{"∂L/∂W_Q", "\\frac{\\partial L}{\\partial W_Q}", &g.W_Q, &b.W_Q},
                      {"∂L/∂W_K", "\\frac{\\partial L}{\\partial W_K}", &g.W_K, &b.W_K},
                      {"∂L/∂W_V", "\\frac{\\partial L}{\\partial W_V}", &g.W_V, &b.W_V}});
  three.para("X reaches L along four paths, the residual and the three projections, whose contributions add:");
  three.formula("∂L/∂X = ∂L/∂Z + ∂L/∂Q W_Qᵀ + ∂L/∂K W_Kᵀ + ∂L/∂V W_Vᵀ",
                "\\frac{\\partial L}{\\partial X} = \\frac{\\partial L}{\\partial Z} + \\frac{\\partial L}{\\partial Q}W_Q^\\top + "
                "\\frac{\\partial L}{\\partial K}W_K^\\top + \\frac{\\partial L}{\\partial V}W_V^\\top");
  matrices(three, p, {{"via Q: ∂L/∂Q W_Qᵀ", "\\frac{\\partial L}{\\partial Q}W_Q^\\top", &g.X_via_Q, &b.X_via_Q},
                      {"via K: ∂L/∂K W_Kᵀ", "\\frac{\\partial L}{\\partial K}W_K^\\top", &g.X_via_K, &b.X_via_K},
                      {"via V: ∂L/∂V W_Vᵀ", "\\frac{\\partial L}{\\partial V}W_V^\\top", &g.X_via_V, &b.X_via_V},
                      {"∂L/∂X", "\\frac{\\partial L}{\\partial X}", &g.X, &b.X}});
  rep.steps.push_back(std::move(three));
}

/// Permutations that leave X as it is (they swap equal tokens only) test nothing but that the
/// forward pass is deterministic; said when more than the identity does, from the data.
std::string unchanged_note(const Equivariance& e) {
  if (e.unchanged == e.permutations && e.permutations > 1)
    return " Every one of them leaves X as it is here (its tokens are all equal), so this only confirms that the forward pass is "
           "deterministic; the proof above is what shows equivariance.";
  // All permutations include the identity, which always leaves X as it is; the sampled ones need not.
  if (e.all_permutations ? e.unchanged > 1 : e.unchanged > 0)
    return " " + std::to_string(e.unchanged) + (e.unchanged == 1 ? " of them leaves" : " of them leave") +
           " X as it is (swapping only equal tokens)" + (e.all_permutations ? ", the identity included." : ".");
  return "";
}

void equivariance_step(Report& rep, const Result& r) {
  Step s("5", "Permutation equivariance");
  s.para("Let π be a permutation of 1, …, T and P its matrix, P_ik = 1 if k = π(i) and 0 otherwise, so that row i of PX is "
         "x_π(i)ᵀ. P is orthogonal: (PᵀP)_kl = Σ_i P_ik P_il = 1 if k = l (one i has π(i) = k) and 0 otherwise, so PᵀP = I.");
  s.para("Projections: (PX)W = P(XW) for every weight matrix, so X ↦ PX turns Q, K, V into PQ, PK, PV. Scores, entry by entry:");
  s.formula("S' = (PQ)(PK)ᵀ/√d_k = P S Pᵀ,\n(PSPᵀ)_ij = Σ_k Σ_l P_ik S_kl P_jl = S_π(i)π(j)",
            "S' = \\frac{(PQ)(PK)^\\top}{\\sqrt{d_k}} = PSP^\\top,\\qquad (PSP^\\top)_{ij} = \\sum_k\\sum_l P_{ik}S_{kl}P_{jl} = S_{\\pi(i)\\pi(j)}");
  s.para("Softmax: as j' runs over 1, …, T so does π(j'), π being a bijection, so the denominators are the same sums of the "
         "same terms:");
  s.formula("softmax_rows(PSPᵀ)_ij = exp(S_π(i)π(j)) / Σ_j' exp(S_π(i)π(j'))\n"
            "                      = exp(S_π(i)π(j)) / Σ_l exp(S_π(i)l)\n"
            "                      = A_π(i)π(j) = (PAPᵀ)_ij",
            "\\operatorname{softmax}_{\\text{row}}(PSP^\\top)_{ij} = \\frac{e^{S_{\\pi(i)\\pi(j)}}}{\\sum_{j'} e^{S_{\\pi(i)\\pi(j')}}} = "
            "\\frac{e^{S_{\\pi(i)\\pi(j)}}}{\\sum_{l} e^{S_{\\pi(i)l}}} = A_{\\pi(i)\\pi(j)} = (PAP^\\top)_{ij}");
  s.para("So a row-wise softmax commutes with permuting rows and columns simultaneously: softmax_rows(PSPᵀ) = PAPᵀ. With PᵀP = I:");
  s.formula("SA(PX) = P A Pᵀ P V = P A V = P SA(X)\nSA_res(PX) = PX + P SA(X) = P (X + SA(X)) = P SA_res(X)   ∎",
            "\\mathrm{SA}(PX) = PAP^\\top PV = PAV = P\\,\\mathrm{SA}(X),\\qquad \\mathrm{SA}_{\\text{res}}(PX) = PX + P\\,\\mathrm{SA}(X) = "
            "P\\,\\mathrm{SA}_{\\text{res}}(X)\\quad\\blacksquare");
  s.para("Without positional encoding the layer therefore cannot tell token order; it only reorders its outputs. "
         "Numerically, over " + std::to_string(r.equivariance.permutations) +
         (r.equivariance.permutations == 1 ? " permutation (the only one)"
          : r.equivariance.all_permutations ? " permutations (all of them)"
                                            : " permutations (the reversal, a cyclic shift and " +
                                                  (r.equivariance.permutations == 3 ? std::string("a random one)") : "random ones)")) +
         ", SA_res(PX) computed by a forward pass on PX and P·SA_res(X) by reordering this forward pass's Z: "
         "max |SA_res(PX) − P·SA_res(X)| = " + sci(r.equivariance.max_error) + "." + unchanged_note(r.equivariance));
  rep.steps.push_back(std::move(s));
}

/// "max error E relative to ‖∂L/∂X‖_F + R/tol = N + F": the scaled error exactly as gradcheck
/// computes it (gradcheck.hpp), R the rounding level.
std::string scaled_error(double error, const std::string& norm, double norm_value, double rounding, const char* what = "max error ") {
  return what + sci(error) + " relative to " + norm + " + R/tol = " + sci(norm_value) + " + " + sci(rounding / kTol.finite_difference);
}

/// A finite-difference check passes when |quotient − claimed| ≤ tol·‖G‖ + R (gradcheck.hpp), ‖G‖
/// the claimed gradient's size (max |G| for entries, ‖G‖_F for directions) and R the rounding
/// allowance. A claimed gradient off by E therefore passes as long as |E| (along the direction)
/// stays below about R + tol·‖G‖: R/‖G‖ is the smallest relative error the check can see, its
/// resolution. It is conclusive when that is at most 1e-3, the bar the tests already use for "the
/// check resolves this gradient" (test_ex7.cpp makes the largest entry 1e-3 larger): a check that
/// would pass a gradient 0.1% wrong still rules out the usual mistakes (a sign, a transpose, a
/// missing 1/√d_k or path), one that passes 1% errors no longer rules out a wrong path that
/// carries a small share of ‖G‖, and at a resolution of 1 it would pass 0 or −G.
constexpr double kConclusive = kConclusiveResolution;

/// What a finite-difference check could see, from its allowance and the gradient it checked.
struct Power {
  bool exactly_zero = false;  ///< G = 0 and every quotient exactly 0: nothing but 0 = 0 was compared
  double entry = 0, direction = 0;  ///< R/‖G‖ of each part done (inf: G = 0 with R > 0), 0 when not done
  bool conclusive() const { return exactly_zero || std::max(entry, direction) <= kConclusive; }
  double resolution() const { return std::max(entry, direction); }
};

const Eigen::MatrixXd& gradient_named(const Gradients& g, const std::string& name) {
  for (auto [key, m] : {std::pair{"Y", &g.Y}, {"A", &g.A}, {"V", &g.V}, {"S", &g.S}, {"Q", &g.Q}, {"K", &g.K}, {"W_Q", &g.W_Q},
                        {"W_K", &g.W_K}, {"W_V", &g.W_V}})
    if (name == key) return *m;
  return g.X;
}

Power power_of(const GradientCheck& c, const Eigen::MatrixXd& G) {
  const GradCheckResult& f = c.fd;
  Power w;
  auto ratio = [](double R, double size) { return size > 0 ? R / size : R > 0 ? std::numeric_limits<double>::infinity() : 0.0; };
  const bool zero = (G.array() == 0).all();
  // Over the finite quotients (a non-finite one fails the check anyway).
  w.exactly_zero = zero && f.finite && f.max_error == 0;
  if (f.entries_checked > 0) w.entry = ratio(f.entry_rounding, zero ? 0.0 : G.cwiseAbs().maxCoeff());
  if (f.directions > 0) w.direction = ratio(f.direction_rounding, zero ? 0.0 : G.stableNorm());
  return w;
}

bool all_zero(const Eigen::MatrixXd& m) { return (m.array() == 0).all(); }

/// Why the gradient `name` is exactly 0, from the data: the gradients before it that are 0 too,
/// then the first cause (∂L/∂Z = 0, a factor that is 0, one-hot or uniform rows of A, T = 1, an
/// underflow), each only where the data shows it.
std::string zero_cause(const std::string& name, const Problem& p, const Forward& f, const Gradients& g) {
  const Eigen::Index T = p.X.rows();
  auto chain = [&](const std::string& m) { return "∂L/∂" + m + " = 0, since " + zero_cause(m, p, f, g); };
  auto factor = [&](const char* m, const Eigen::MatrixXd& W) {  // Q, K or V = X W is 0
    return std::string(m) + " = 0" + (all_zero(p.X) ? " (X = 0)" : all_zero(W) ? std::string(" (W_") + m + " = 0)" : "");
  };
  // A product of nonzero factors that is exactly 0. Where n·max|a|·max|b| < 2⁻¹⁰⁷⁵ (half the
  // smallest subnormal) every partial sum is exactly below it and rounds to 0 (with or without
  // fused multiply-adds); compared in logarithms, as the product itself underflows. Else the terms cancel.
  auto product = [&](const std::string& expr, const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, double n) {
    const double log10_term = std::log10(a.cwiseAbs().maxCoeff()) + std::log10(b.cwiseAbs().maxCoeff());
    if (log10_term + std::log10(n) < -1075 * std::log10(2.0)) {
      const double e = std::floor(log10_term);
      return expr + " underflows: each of its terms is at most " + format_number(std::pow(10.0, log10_term - e), 2) + "e" +
             std::to_string(static_cast<int>(e)) + " (the largest entries of the two factors multiplied), below half the smallest "
             "double (4.9e-324), so every term and every sum rounds to 0";
    }
    return "the terms of " + expr + " sum to exactly 0";
  };
  const bool dZ = all_zero(p.dL_dZ);
  if (name == "Y" || dZ) return "∂L/∂Z = 0 as given";
  if (name == "A") return all_zero(f.V) ? factor("V", p.W_V) : product("∂L/∂Z Vᵀ", p.dL_dZ, f.V, static_cast<double>(p.X.cols()));
  if (name == "V") return product("Aᵀ ∂L/∂Z", f.A, p.dL_dZ, static_cast<double>(T));
  if (name == "S") {
    if (all_zero(g.A)) return chain("A");
    if (T == 1) return "T = 1: each row of A is a single weight, always 1, so no score moves it (diag(a) − aaᵀ = 1 − 1 = 0)";
    // Per row: one-hot (one nonzero weight), or ∂L/∂A the same wherever the weight is nonzero.
    bool one_hot = true, flat = true, some_one_hot = false;
    for (Eigen::Index i = 0; i < T && flat; ++i) {
      Eigen::Index nonzero = 0;
      double first = 0;
      bool same = true;
      for (Eigen::Index j = 0; j < T; ++j)
        if (f.A(i, j) != 0) {
          if (nonzero++ == 0) first = g.A(i, j);
          else same = same && g.A(i, j) == first;
        }
      one_hot = one_hot && nonzero == 1;
      some_one_hot = some_one_hot || nonzero == 1;
      flat = nonzero == 1 || same;
    }
    if (one_hot)
      return "every row of A is one-hot (one weight exactly 1, the others underflow to exactly 0), and there the softmax's "
             "Jacobian diag(a) − aaᵀ is 0";
    if (flat)
      return std::string(some_one_hot ? "in every row that is not one-hot" : "in every row") +
             " ∂L/∂A takes one value wherever the weight is nonzero, and the softmax rule subtracts exactly that weighted mean" +
             (some_one_hot ? " (a one-hot row has Jacobian diag(a) − aaᵀ = 0)" : "");
    return "A ⊙ (∂L/∂A − ((∂L/∂A ⊙ A) 1) 1ᵀ) is exactly 0 here";
  }
  if (name == "Q")
    return all_zero(g.S) ? chain("S") : all_zero(f.K) ? factor("K", p.W_K) : product("∂L/∂S K/√d_k", g.S, f.K, static_cast<double>(T));
  if (name == "K")
    return all_zero(g.S) ? chain("S") : all_zero(f.Q) ? factor("Q", p.W_Q) : product("(∂L/∂S)ᵀ Q/√d_k", g.S, f.Q, static_cast<double>(T));
  if (name == "W_Q" || name == "W_K" || name == "W_V") {
    const std::string m = name.substr(2);
    const Eigen::MatrixXd& G = gradient_named(g, m);
    return all_zero(G) ? chain(m) : all_zero(p.X) ? "X = 0" : product("Xᵀ ∂L/∂" + m, p.X, G, static_cast<double>(T));
  }
  return "its four paths sum to exactly 0";
}

std::string check_detail(const GradientCheck& c, const Power& w, const std::string& cause) {
  const GradCheckResult& f = c.fd;
  const std::string G = "∂L/∂" + c.name;
  const std::string tail = " (R the rounding level; tolerance " + format_number(kTol.finite_difference) + ")";
  std::string out;
  if (!f.finite)
    out = "a difference quotient is not finite (" +
          (f.nonfinite_row >= 0 ? "entry (" + std::to_string(f.nonfinite_row + 1) + ", " + std::to_string(f.nonfinite_col + 1) + ")"
                                : std::string("a random direction")) +
          ", step " + sci(f.nonfinite_step) + "): L cannot be compared there; over the finite ones, ";
  const double max_G = f.entry_scale - f.entry_rounding / kTol.finite_difference, norm_G = f.direction_scale - f.direction_rounding / kTol.finite_difference;
  // Exactly 0 on both sides: the allowance (a count of possible underflows, 1e-318) says nothing.
  if (w.exactly_zero) {
    const std::string where = c.through_forward ? "one random direction u vᵀ, L evaluated by full forward passes"
                              : f.directions == 0
                                  ? "every entry (" + std::to_string(f.entries_checked) + ")"
                                  : std::to_string(f.directions) + " random directions u vᵀ and " + std::to_string(f.entries_checked) +
                                        " random entries of " + format_count(static_cast<long long>(f.entries_total));
    return where + ": " + G + " = 0 exactly, and every difference quotient is exactly 0 too (L does not change in any bit); " + G +
           " is 0 because " + cause + ".";
  }
  if (c.through_forward)
    return out + "one random direction u vᵀ, L evaluated by full forward passes: " +
           scaled_error(f.direction_error, "‖" + G + "‖_F", norm_G, f.direction_rounding, "error ") + tail;
  // The worst entry's position is round-off noise here; JSON keeps it (finite_differences/worst_entry).
  if (f.directions == 0)
    return out + "every entry (" + std::to_string(f.entries_checked) + "): " + scaled_error(f.entry_error, "max |" + G + "|", max_G, f.entry_rounding) + tail;
  return out + std::to_string(f.directions) + " random directions u vᵀ: " + scaled_error(f.direction_error, "‖" + G + "‖_F", norm_G, f.direction_rounding) +
         "; " + std::to_string(f.entries_checked) + " random entries of " + format_count(static_cast<long long>(f.entries_total)) + ": " +
         scaled_error(f.entry_error, "max |" + G + "|", max_G, f.entry_rounding) + tail;
}

/// Why a passed check is no evidence, and which checks of the same gradient still are; `k` indexes
/// r.checks and `powers`.
std::string inconclusive_note(const Result& r, const std::vector<Power>& powers, std::size_t k) {
  const GradientCheck& c = r.checks[k];
  const Power& w = powers[k];
  const std::string G = "∂L/∂" + c.name;
  const bool by_entry = w.entry >= w.direction;
  const double R = by_entry ? c.fd.entry_rounding : c.fd.direction_rounding;
  const std::string size = by_entry ? "max |" + G + "|" : "‖" + G + "‖_F";
  std::string out = "INCONCLUSIVE at this scale: ";
  if (std::isinf(w.resolution()))
    out += G + " = 0, but the differences are only within their rounding allowance R = " + sci(R) + ", not exactly 0: a nonzero " + G +
           " below R would pass as well.";
  else
    out += "its rounding allowance R = " + sci(R) + " is " + sci(w.resolution()) + " of " + size + " (conclusive needs at most 1e-3), so a " + G + " wrong by " +
           (w.resolution() >= 1 ? "100%, or even 0 in its place," : "up to about " + format_number(100 * w.resolution(), 2) + "% of it") +
           " would pass as well: " +
           (c.through_forward ? "the forward pass's rounding of L at these magnitudes, over a step that moves the scores by at most 1e-5,"
                              : "the rounding of L's evaluations at these magnitudes over the step, and of " + G + " itself,") +
           " exceeds what such an error changes.";
  std::string others;
  for (std::size_t j = 0; j < r.checks.size(); ++j)
    if (j != k && r.checks[j].name == c.name && powers[j].conclusive() && r.checks[j].fd.passed)
      others += std::string(others.empty() ? "" : "; ") + "the check by " +
                (r.checks[j].through_forward ? "full forward passes" : "low-rank updates (above)") + ", which resolves " +
                (powers[j].exactly_zero ? std::string("every bit") : sci(powers[j].resolution()) + " of it");
  return out + (others.empty() ? " No other check of " + G + " is conclusive here." : " Still conclusive for " + G + ": " + others + ".") + " The check itself: ";
}

/// |numerator| / scale, 0 when the numerator is exactly 0 (also at scale 0).
double relative(double numerator, double scale) { return numerator == 0 ? 0.0 : std::fabs(numerator) / scale; }

std::vector<Power> powers_of(const Result& r) {
  std::vector<Power> out;
  for (const auto& c : r.checks) out.push_back(power_of(c, gradient_named(r.grad, c.name)));
  return out;
}

/// Part 1's z_T (z₃ for T = 3) summed term by term as the text writes it, x_T + Σ_j α_Tj v_j, in long
/// double from the computed weights and value vectors, against the forward pass's Z (products
/// through GEMM). Z's rounding is at most (T + 1)·u·(|x_T| + Σ_j α_Tj |v_j|) per entry (T − 1 sums
/// and T products of Y = AV, one sum for X + Y, worst case), plus half a subnormal per operation
/// where the results underflow; the check passes within it, and fails
/// where Y or Z is not the weighted average the text says (Aᵀ for A, a row of another token).
Check last_token_check(const Problem& p, const Forward& f) {
  const Eigen::Index T = p.X.rows(), t = T - 1;
  const double u = std::numeric_limits<double>::epsilon() / 2;
  double worst = 0;
  for (Eigen::Index k = 0; k < p.X.cols(); ++k) {
    long double z = p.X(t, k), size = std::fabs(p.X(t, k));
    for (Eigen::Index j = 0; j < T; ++j) {
      z += static_cast<long double>(f.A(t, j)) * f.V(j, k);
      size += std::fabs(static_cast<long double>(f.A(t, j)) * f.V(j, k));
    }
    // Plus, for results below the normal range, half the smallest subnormal per product and sum
    // (absolute: inputs of 1e-310 give subnormal products, whose rounding is not relative).
    const long double level = static_cast<long double>(T + 1) * u * size +
                              static_cast<long double>(2 * T + 1) * std::numeric_limits<double>::denorm_min() / 2;
    const long double diff = std::fabs(static_cast<long double>(f.Z(t, k)) - z);
    worst = std::max(worst, diff == 0 ? 0.0 : static_cast<double>(diff / level));
  }
  const std::string n = std::to_string(T), sep = T >= 10 ? "," : "";
  return tolerance_check("1 z_" + n + " = x_" + n + " + Σ_j α_" + n + sep + "j v_j, summed term by term", worst, kTol.last_token,
                         "max |difference from Z| over its rounding level");
}

void add_checks(Report& rep, const Problem& p, const Result& r, const std::vector<Power>& powers) {
  const auto& f = r.fwd;
  const auto& g = r.grad;
  for (std::size_t k = 0; k < r.checks.size(); ++k) {
    const GradientCheck& c = r.checks[k];
    const Power& w = powers[k];
    // Named with the part that computes the gradient, as the other checks are, so that `--part`
    // shows it with its part (parts.hpp): Y, A, V in 2, S, Q, K in 3, the parameters and X in 4.
    const std::string part = c.name == "Y" || c.name == "A" || c.name == "V" ? "2 "
                             : c.name == "S" || c.name == "Q" || c.name == "K" ? "3 "
                                                                               : "4 ";
    const std::string name = part + "∂L/∂" + c.name +
                             (c.through_forward ? " vs central differences of L through the whole forward pass"
                                                : " vs central differences of L = ⟨∂L/∂Z, Z⟩");
    const std::string cause = w.exactly_zero ? zero_cause(c.name, p, f, g) : std::string();
    const bool conclusive = w.conclusive();
    // A failed check is a failure whatever its power; only a pass can be empty.
    const std::string note = c.fd.passed && !conclusive ? inconclusive_note(r, powers, k) : std::string();
    rep.checks.emplace_back(name, c.fd.passed, note + check_detail(c, w, cause), conclusive);
  }
  rep.checks.push_back(last_token_check(p, f));
  // The rows of ∂L/∂S sum to 0 exactly; computed, up to the rounding of their entries (grad_rounding)
  // and of the sum itself. The check passes when the sum is within that level.
  const Eigen::ArrayXd sums = g.S.rowwise().sum().array().abs();
  const Eigen::ArrayXd level = r.grad_rounding.S.rowwise().sum().array() +
                               rounding_level(static_cast<double>(g.S.cols())) * g.S.cwiseAbs().rowwise().sum().array() +
                               // subnormal entries (X of 1e-310): each, a product rounded to the subnormal
                               // quantum, is off by up to half of it, absolutely (the level above is relative)
                               static_cast<double>(g.S.cols()) * std::numeric_limits<double>::denorm_min() / 2;
  double row_sums = 0;
  for (Eigen::Index i = 0; i < sums.size(); ++i) row_sums = std::max(row_sums, relative(sums(i), level(i)));
  rep.checks.push_back(tolerance_check("3 every row of ∂L/∂S sums to 0", row_sums, kTol.row_sums, "max |row sum| over its rounding level"));
  // SA_res(PX) and P·SA_res(X) differ by rounding in the order of the sums, relative to the size of
  // X + AV's terms: max_ij |X_ij| + max_k |V_kj| bounds |X| + A|V|, the weights summing to 1.
  const double z_scale = (p.X.cwiseAbs().rowwise() + f.V.cwiseAbs().colwise().maxCoeff()).maxCoeff();
  rep.checks.push_back(tolerance_check("5 SA_res(PX) = P·SA_res(X)", relative(r.equivariance.max_error, z_scale), kTol.equivariance,
                                       "max |difference| relative to max_ij (|X_ij| + max_k |V_kj|)"));
  const bool finite = f.Z.allFinite() && g.X.allFinite() && g.W_Q.allFinite() && g.W_K.allFinite() && g.W_V.allFinite();
  rep.checks.push_back({"every result is finite", finite, finite ? "no inf or NaN" : "an inf or NaN appeared"});
}

/// The contract's keys; the large matrices move into the report without a JSON DOM (defer_matrix).
void add_results(Report& rep, const Problem& p, Result& r, const std::vector<Power>& powers) {
  auto& f = r.fwd;
  auto& g = r.grad;
  rep.results["sizes"] = {{"T", p.X.rows()}, {"d_model", p.X.cols()}, {"d_k", p.W_Q.cols()}};
  const Eigen::Index t = p.X.rows() - 1;
  Json last_token = {{"index", t}, {"alpha", vector_json(f.A.row(t).transpose())}, {"z", vector_json(f.Z.row(t).transpose())}};
  rep.results["forward"] = Json::object();
  for (auto [key, m] : {std::pair{"Q", &f.Q}, {"K", &f.K}, {"V", &f.V}, {"S", &f.S}, {"A", &f.A}, {"Y", &f.Y}, {"Z", &f.Z}})
    rep.defer_matrix(std::string("/forward/") + key, std::move(*m));
  rep.results["last_token"] = std::move(last_token);
  rep.results["gradients"] = Json::object();
  for (auto [key, m] : {std::pair{"Y", &g.Y}, {"A", &g.A}, {"V", &g.V}, {"S", &g.S}, {"Q", &g.Q}, {"K", &g.K}, {"W_Q", &g.W_Q},
                        {"W_K", &g.W_K}, {"W_V", &g.W_V}, {"X", &g.X}})
    rep.defer_matrix(std::string("/gradients/") + key, std::move(*m));
  rep.results["gradient_X_paths"] = Json::object();
  for (auto [key, m] : {std::pair{"residual", &g.X_residual}, {"Q", &g.X_via_Q}, {"K", &g.X_via_K}, {"V", &g.X_via_V}})
    rep.defer_matrix(std::string("/gradient_X_paths/") + key, std::move(*m));
  rep.results["equivariance"] = {{"permutations", r.equivariance.permutations},
                                 {"all_permutations", r.equivariance.all_permutations},
                                 {"unchanged", r.equivariance.unchanged},
                                 {"max_error", r.equivariance.max_error}};
  Json fd = Json::array();
  for (std::size_t k = 0; k < r.checks.size(); ++k) {
    const GradientCheck& c = r.checks[k];
    const GradCheckResult& d = c.fd;
    Json one = {{"gradient", c.name}, {"through_forward", c.through_forward}, {"passed", d.passed}, {"finite", d.finite},
                {"max_error", d.max_error}, {"directions", d.directions}, {"direction_error", d.direction_error},
                {"direction_scale", d.direction_scale}, {"direction_rounding", d.direction_rounding},
                {"entries_checked", d.entries_checked}, {"entries", d.entries_total}, {"entry_error", d.entry_error},
                {"entry_scale", d.entry_scale}, {"entry_rounding", d.entry_rounding}};
    one["worst_entry"] = d.worst_row >= 0 ? Json{d.worst_row, d.worst_col} : Json(nullptr);
    // A kind of check that did not run has no error, scale or rounding (they were 0, 0 and ‖G‖).
    if (d.directions == 0)
      for (const char* key : {"direction_error", "direction_scale", "direction_rounding"}) one[key] = nullptr;
    if (d.entries_checked == 0)
      for (const char* key : {"entry_error", "entry_scale", "entry_rounding"}) one[key] = nullptr;
    // Extensions: whether the pass is evidence (see kConclusive), R/‖G‖ (null where G = 0), and
    // whether G and every quotient were exactly 0.
    one["conclusive"] = powers[k].conclusive();
    one["resolution"] = std::isfinite(powers[k].resolution()) ? Json(powers[k].resolution()) : Json(nullptr);
    one["exactly_zero"] = powers[k].exactly_zero;
    if (!d.finite) one["not_finite_at"] = d.nonfinite_row >= 0 ? Json{d.nonfinite_row, d.nonfinite_col} : Json("direction");
    fd.push_back(std::move(one));
  }
  rep.results["finite_differences"] = fd;
}

}  // namespace

Report report(const Problem& p, Result r) {
  Report rep;
  rep.exercise = 7;
  rep.title = "Backpropagation of self-attention";
  const UniformRows uniform = forward_step(rep, p, r);
  backprop_steps(rep, p, r, uniform);
  equivariance_step(rep, r);
  const std::vector<Power> powers = powers_of(r);
  add_checks(rep, p, r, powers);
  add_results(rep, p, r, powers);  // last: it moves the matrices out of r
  return rep;
}

}  // namespace hw6::ex7
