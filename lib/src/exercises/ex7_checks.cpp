// Exercise 7's finite-difference checks: L along rank-one directions by low-rank updates
// (LossAlong), the step along each direction, and the rounding levels that set the checks' floor
// (gradcheck.hpp) and decide which printed entries are round-off.
//
// Rounding levels follow one model (gradcheck.hpp's rounding_level): an entry computed by a chain
// of n roundings is off by at most λ√n·u times the same computation on absolute values, u = 2⁻⁵³.
// Products and sums are rated by their inner dimension (Higham, Accuracy and Stability of
// Numerical Algorithms, 2nd ed., §3.5: |fl(AB) − AB| ≤ γ_n|A||B|, here with λ√n·u for γ_n), and the
// softmax by its two sources: a score rounded by u|x| changes e^x by the factor e^{u|x|}, at most
// 745u where e^x is not 0 (a relative error, not a √n one), and its row sum is a sum of T terms.
#include "hw6/exercises/ex7.hpp"

#include "attention_exp.hpp"
#include "attention_gemm.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace hw6::ex7 {

namespace {

constexpr double kUnitRoundoff = std::numeric_limits<double>::epsilon() / 2;
/// e^x is 0 in double below about −745.1: the largest |x| whose rounding can matter to a weight.
constexpr double kExpRange = 745;
/// The largest change of a score along one step of the central differences. The softmax does not
/// depend on the scale of S, only on differences of scores, so its derivatives of every order are
/// of the size of the weights times M: the Taylor remainder of the quotient, (t²/6)·|d³L/dt³|, is
/// then about δ²/6 ≈ 2e-11 of the derivative along the step, and the rounding of the change,
/// u·(its absolute-value sum)/δ, about u√T/δ ≈ 1e-11·√T of it: the two balance near δ = 1e-5,
/// whatever the magnitude of X and W (a fixed step of 1e-5 in X moves S by 20 where X reaches 1e6).
constexpr double kScoreStep = 1e-5;
/// The largest step, so that t² u uᵀ (the X case) and t·(products of entries ≤ 1e6) stay finite:
/// a step so large only arises where S barely moves, and L is then affine in t up to O(1e-50).
constexpr double kMaxStep = 1e50;
/// The largest |(P Rᵀ)_ij| for which softmax_change scales the computed weights by a series.
constexpr double kSeriesReach = 1.0 / 1024;

double max_abs(const Eigen::VectorXd& x) { return x.size() > 0 ? x.cwiseAbs().maxCoeff() : 0.0; }

/// |a||b|: a product on absolute values (attention_gemm's, so large ones run in OpenBLAS).
Eigen::MatrixXd abs_product(const Eigen::MatrixXd& a, detail::Op op_a, const Eigen::MatrixXd& b, detail::Op op_b, double alpha = 1.0) {
  Eigen::MatrixXd c;
  detail::gemm(c, a.cwiseAbs(), op_a, b.cwiseAbs(), op_b, alpha);
  return c;
}

/// |a| times `level` plus the propagated bound `bound` (either may be empty: 0), the left factor of
/// a product's rounding bound: (B + level(n)|a|)|b| bounds fl(ab) − ab when a is off by B.
Eigen::MatrixXd with_level(const Eigen::MatrixXd& bound, const Eigen::MatrixXd& a, double level) {
  Eigen::MatrixXd out = level * a.cwiseAbs();
  if (bound.size() > 0) out += bound;
  return out;
}

/// The rounding bound of op(a)·op(b) where a is off by `bound`: (bound + level(n)|a|)|b| + n·η,
/// n the inner dimension and η the smallest subnormal (what a product loses where it underflows).
Eigen::MatrixXd product_bound(const Eigen::MatrixXd& bound, const Eigen::MatrixXd& a, detail::Op op_a, const Eigen::MatrixXd& b,
                              detail::Op op_b, double alpha = 1.0) {
  const Eigen::Index n = op_a == detail::Op::N ? a.cols() : a.rows();
  Eigen::MatrixXd c;
  detail::gemm(c, with_level(bound, a, rounding_level(static_cast<double>(n))), op_a, b.cwiseAbs(), op_b, alpha);
  c.array() += static_cast<double>(n) * std::numeric_limits<double>::denorm_min();
  return c;
}

/// The relative rounding level of the weights A_ij, as row_softmax computes them (see the file
/// comment), column by column: the row sum and the division, the exponential's 3 ulp, and the
/// shifted score x = S_ij − max_i rounded by u|x| (only where e^x is not 0).
class WeightRounding {
 public:
  explicit WeightRounding(const Eigen::MatrixXd& S) : S_(S), row_max_(S.col(0).array()) {
    for (Eigen::Index j = 1; j < S.cols(); ++j) row_max_ = row_max_.max(S.col(j).array());
  }
  Eigen::ArrayXd col(Eigen::Index j) const {
    return rounding_level(static_cast<double>(S_.rows() + 4)) + kUnitRoundoff * (S_.col(j).array() - row_max_).abs().min(kExpRange);
  }

 private:
  const Eigen::MatrixXd& S_;
  Eigen::ArrayXd row_max_;
};

}  // namespace

LossAlong::LossAlong(const Problem& p, const Forward& f) : p_(p), f_(f) {
  const Eigen::Index T = f.S.rows();
  detail::gemm(M_, p.dL_dZ, detail::Op::N, f.V, detail::Op::T);  // formed here, independently of backward()'s ∂L/∂A
  // Row i of the pairing, Σ_j A'_ij M_ij, changes by Σ_j (A'_ij − A_ij) M_ij, the same for M_ij − c_i
  // whatever c_i, both rows of weights summing to 1. With c_i = Σ_j A_ij M_ij the row is 0 at t = 0
  // instead of a sum of terms as large as M, so a change of 1e-6 is not read off a sum of 1e6.
  // Column by column, Eigen's order (a reduction along rows strides through memory).
  Eigen::ArrayXd c = Eigen::ArrayXd::Zero(T);
  row_max_ = f.S.col(0).array();
  for (Eigen::Index j = 0; j < T; ++j) {
    c += f.A.col(j).array() * M_.col(j).array();
    row_max_ = row_max_.max(f.S.col(j).array());
  }
  for (Eigen::Index j = 0; j < T; ++j) M_.col(j).array() -= c;
  base_ = p.dL_dZ.cwiseProduct(f.Z).sum();
  scale_ = 1.0 / std::sqrt(static_cast<double>(p.W_Q.cols()));
}

Evaluation LossAlong::softmax_change(const Eigen::MatrixXd& P, const Eigen::MatrixXd& R, const Eigen::VectorXd& r,
                                     const Eigen::VectorXd& w) const {
  // Σ_i [Σ_j A'_ij M_ij + r_i Σ_j A'_ij w_j] with A' = softmax_rows(S + P Rᵀ), M the shifted pairing
  // (its rows sum to 0 against A, so this is the change from t = 0). Where P Rᵀ is at most 2⁻¹⁰
  // (every step of the checks) the weights are A scaled by a series (below). Else each row is
  // exponentiated shifted by its perturbed maximum, so that no e^x overflows and no row sum is 0,
  // whatever P Rᵀ is: by the unperturbed maximum plus b_i ≥ max_j |(P Rᵀ)_ij| when b_i ≤ 1 (then
  // the row's largest exponent lies in [−2, 0]: one pass), else by the maximum itself, found in a
  // first pass.
  const Eigen::Index T = f_.S.rows(), d = p_.X.cols(), dk = p_.W_Q.cols();
  Eigen::ArrayXd col(T);
  auto scores = [&](Eigen::Index j) {  // column j of S − (row maxima) + P Rᵀ (P has at most 3 columns)
    // S − max exactly for the scores within a factor 2 of the maximum (Sterbenz), the ones with
    // weight: a step of 1e-5 is then added to a number near 0, not to a score of 1e12 (ulp 1e-4).
    col = f_.S.col(j).array() - row_max_;
    for (Eigen::Index k = 0; k < P.cols(); ++k) col += R(j, k) * P.col(k).array();
  };
  // A row whose scores and r_i do not move is computed to the same bits at t and −t: it cancels
  // in the difference exactly, so it is left out, value and rounding alike.
  std::vector<Eigen::Index> moved;
  for (Eigen::Index i = 0; i < T; ++i)
    if ((P.row(i).array() != 0).any() || (r.size() > 0 && r(i) != 0)) moved.push_back(i);
  Eigen::ArrayXd shift = Eigen::ArrayXd::Zero(T);
  for (Eigen::Index k = 0; k < P.cols(); ++k) shift += P.col(k).array().abs() * R.col(k).cwiseAbs().maxCoeff();
  const double reach = shift.maxCoeff();
  const bool at_maximum = reach > 1, series = reach <= kSeriesReach;
  // Rounding of a row, relative to Σ_j e_j |M_ij| (|x_j| + c): the rounded exponent x_j (u|x_j|),
  // the two sums over T terms (numerator and row sum, λ√T u each), and c's constant part: the
  // exponential's 3 ulp, the products, and the rounding of P Rᵀ itself (formed from X u, K v, ...).
  const double per_term = (2 * rounding_level(static_cast<double>(T)) + rounding_level(static_cast<double>(d + dk + 8))) / kUnitRoundoff;
  Eigen::ArrayXd sum = Eigen::ArrayXd::Zero(T), paired = Eigen::ArrayXd::Zero(T), magnitude = Eigen::ArrayXd::Zero(T);
  Eigen::ArrayXd with_w = Eigen::ArrayXd::Zero(w.size() > 0 ? T : 0), with_w_abs = Eigen::ArrayXd::Zero(w.size() > 0 ? T : 0);
  if (4 * moved.size() <= static_cast<std::size_t>(T)) {
    // Few rows move (an entry of S or Q): those rows alone, each in one pass along the row.
    Eigen::ArrayXd x(T), e(T), weight(T);
    for (Eigen::Index i : moved) {
      x = f_.S.row(i).transpose().array() - row_max_(i);
      for (Eigen::Index k = 0; k < P.cols(); ++k) x += P(i, k) * R.col(k).array();
      x -= at_maximum ? x.maxCoeff() : shift(i);
      detail::exp_shifted(x.data(), e.data(), T);
      weight = e * (x.abs() + per_term);
      sum(i) = e.sum();
      paired(i) = (e * M_.row(i).transpose().array()).sum();
      magnitude(i) = (weight * M_.row(i).transpose().array().abs()).sum();
      if (w.size() > 0) {
        with_w(i) = (e * w.array()).sum();
        with_w_abs(i) = (weight * w.array().abs()).sum();
      }
    }
  } else {
    // Every row at once, one column per call (attention_exp.hpp's softmax_column). Where the
    // moves are small (every step the checks take, |PRᵀ| ≤ b_max ≤ 2⁻¹⁰): A'_ij ∝ A_ij e^{(PRᵀ)_ij},
    // the computed weights times a short series, instead of an exponential of every shifted
    // score. No shift is needed then (each row's weights sum to between e^{−b} and e^{b}); the
    // series, cut after x⁵, is off by at most e^b b⁶/720 < 2e-21 relative, counted in per_term. The
    // computed A carries its own rounding into both evaluations alike: L is differentiated as a
    // function of that A, whose rounding the gradients' bounds (backward_rounding) count.
    if (!series && at_maximum) {
      shift.setConstant(-std::numeric_limits<double>::infinity());
      for (Eigen::Index j = 0; j < T; ++j) {
        scores(j);
        shift = shift.max(col);
      }
    }
    detail::SoftmaxColumn kernel{};
    kernel.series = series;
    kernel.row_max = row_max_.data();
    kernel.shift = shift.data();
    kernel.k = static_cast<int>(P.cols());
    for (Eigen::Index k = 0; k < P.cols(); ++k) kernel.p[k] = P.col(k).data();
    kernel.per_term = series ? per_term + std::exp(reach) * std::pow(reach, 6) / 720 / kUnitRoundoff : per_term;
    kernel.sum = sum.data();
    kernel.paired = paired.data();
    kernel.magnitude = magnitude.data();
    if (w.size() > 0) {
      kernel.with_w = with_w.data();
      kernel.with_w_abs = with_w_abs.data();
    }
    const Eigen::MatrixXd& weights_or_scores = series ? f_.A : f_.S;
    for (Eigen::Index j = 0; j < T; ++j) {
      kernel.s = weights_or_scores.col(j).data();
      for (Eigen::Index k = 0; k < P.cols(); ++k) kernel.r[k] = R(j, k);
      kernel.m = M_.col(j).data();
      if (w.size() > 0) kernel.w_j = w(j);
      detail::softmax_column(kernel, T);
    }
  }
  // The moved rows' roundings are independent and add in quadrature (their sum's rounding level,
  // gradcheck.hpp's model applied to all the roundings at once), and so does the sum over rows.
  double value = 0, absolute = 0, squares = 0;
  for (Eigen::Index i : moved) {
    double row_paired = paired(i), row_magnitude = magnitude(i);
    if (r.size() > 0) {
      row_paired += r(i) * with_w(i);
      row_magnitude += std::fabs(r(i)) * with_w_abs(i);
    }
    const double row = row_paired / sum(i);
    value += row;
    absolute += std::fabs(row);
    squares += std::pow(kUnitRoundoff * row_magnitude / sum(i), 2);
  }
  const double rounding = std::sqrt(squares) + rounding_level(static_cast<double>(std::max<std::size_t>(moved.size(), 1))) * absolute;
  return {value, rounding};
}

Evaluation LossAlong::change(Wrt which, const Eigen::VectorXd& u, const Eigen::VectorXd& v, double t) const {
  const Eigen::MatrixXd& G = p_.dL_dZ;
  const Eigen::Index T = G.rows(), d = G.cols();
  const Eigen::VectorXd none;
  // Where Y moves by t a bᵀ, L (linear in Y) moves by t aᵀ(G b), exactly; `a_abs`, `b_abs` are a
  // and b computed on absolute values, for the rounding level.
  auto linear = [&](const Eigen::VectorXd& a, const Eigen::VectorXd& a_abs, const Eigen::VectorXd& b, const Eigen::VectorXd& b_abs) {
    const double level = rounding_level(static_cast<double>(2 * (T + d)));
    return Evaluation{t * a.dot(G * b), level * std::fabs(t) * a_abs.dot(G.cwiseAbs() * b_abs)};
  };
  auto one = [](const Eigen::VectorXd& x) { return Eigen::MatrixXd(x); };
  const Eigen::VectorXd ua = u.cwiseAbs(), va = v.cwiseAbs();
  switch (which) {
    case Wrt::Y: return linear(u, ua, v, va);
    case Wrt::A: return linear(u, ua, f_.V.transpose() * v, f_.V.cwiseAbs().transpose() * va);   // (A + t u vᵀ)V = Y + t u (Vᵀv)ᵀ
    case Wrt::V: return linear(f_.A * u, f_.A * ua, v, va);                                        // A(V + t u vᵀ) = Y + t (Au) vᵀ
    case Wrt::W_V: return linear(f_.A * (p_.X * u), f_.A * (p_.X.cwiseAbs() * ua), v, va);       // V' = V + t (Xu) vᵀ
    case Wrt::S: return softmax_change(one(t * u), one(v), none, none);
    case Wrt::Q: return softmax_change(one(t * scale_ * u), one(f_.K * v), none, none);
    case Wrt::K: return softmax_change(one(t * scale_ * (f_.Q * v)), one(u), none, none);
    case Wrt::W_Q: return softmax_change(one(t * scale_ * (p_.X * u)), one(f_.K * v), none, none);
    case Wrt::W_K: return softmax_change(one(t * scale_ * (f_.Q * v)), one(p_.X * u), none, none);
    case Wrt::X: {
      // X' = X + t u vᵀ: Q' = Q + t u aᵀ, K' = K + t u bᵀ, V' = V + t u cᵀ with a = W_Qᵀv, b = W_Kᵀv,
      // c = W_Vᵀv; S' = S + (t/√d_k)(u (Ka)ᵀ + (Qb) uᵀ + t(aᵀb) u uᵀ); ⟨G, A'V'⟩ = ⟨A', M⟩ + t (A'u)ᵀ(Gc).
      const Eigen::VectorXd a = p_.W_Q.transpose() * v, b = p_.W_K.transpose() * v, c = p_.W_V.transpose() * v;
      Eigen::MatrixXd P(T, 3), R(T, 3);
      P.col(0) = t * scale_ * u;
      P.col(1) = t * scale_ * (f_.Q * b);
      P.col(2) = t * (t * scale_ * a.dot(b)) * u;
      R.col(0) = f_.K * a;
      R.col(1) = u;
      R.col(2) = u;
      const Evaluation residual = linear(u, ua, v, va), attention = softmax_change(P, R, t * (G * c), u);
      return {residual.value + attention.value, residual.rounding + attention.rounding};
    }
  }
  return {};
}

double LossAlong::operator()(Wrt w, const Eigen::VectorXd& u, const Eigen::VectorXd& v, double t) const {
  return base_ + change(w, u, v, t).value;
}

double LossAlong::step(Wrt which, const Eigen::VectorXd& u, const Eigen::VectorXd& v) const {
  // S(t) = S + t E₁ + t² E₂; e1, e2 bound max |E₁|, max |E₂| from the factors of the low-rank terms.
  double e1 = 0, e2 = 0;
  switch (which) {
    case Wrt::Y:
    case Wrt::A:
    case Wrt::V:
    case Wrt::W_V: break;  // S does not move
    case Wrt::S: e1 = max_abs(u) * max_abs(v); break;
    case Wrt::Q: e1 = scale_ * max_abs(u) * max_abs(f_.K * v); break;
    case Wrt::K: e1 = scale_ * max_abs(f_.Q * v) * max_abs(u); break;
    case Wrt::W_Q: e1 = scale_ * max_abs(p_.X * u) * max_abs(f_.K * v); break;
    case Wrt::W_K: e1 = scale_ * max_abs(f_.Q * v) * max_abs(p_.X * u); break;
    case Wrt::X: {
      const Eigen::VectorXd a = p_.W_Q.transpose() * v, b = p_.W_K.transpose() * v;
      e1 = scale_ * max_abs(u) * (max_abs(f_.K * a) + max_abs(f_.Q * b));
      e2 = scale_ * std::fabs(a.dot(b)) * max_abs(u) * max_abs(u);
      break;
    }
  }
  // Where S does not move, L is affine in t (the residual and V paths) and the quotient is exact
  // at any step. Else t e1 ≤ δ and t² e2 ≤ δ²: the quadratic part of S(t) enters the odd part of
  // L(t) multiplied by t (the V path's t (A'u)ᵀ(Gc), and the cross term with t E₁ in the softmax's
  // second derivative), so it must be of second order in δ itself, not merely below δ.
  if (e1 == 0 && e2 == 0) return 1.0;
  const double t1 = e1 > 0 ? kScoreStep / e1 : kMaxStep, t2 = e2 > 0 ? kScoreStep / std::sqrt(e2) : kMaxStep;
  return std::min({t1, t2, kMaxStep});
}

Forward forward_rounding(const Problem& p, const Forward& f) {
  // A running error bound (Higham §3.5): each product's bound from its computed operands and the
  // bounds they carry in.
  using detail::Op;
  const double scale = 1.0 / std::sqrt(static_cast<double>(p.W_Q.cols()));
  const Eigen::MatrixXd none;
  Forward b;
  b.Q = product_bound(none, p.X, Op::N, p.W_Q, Op::N);
  b.K = product_bound(none, p.X, Op::N, p.W_K, Op::N);
  b.V = product_bound(none, p.X, Op::N, p.W_V, Op::N);
  b.S = product_bound(b.Q, f.Q, Op::N, f.K, Op::T, scale);
  b.S.noalias() += scale * f.Q.cwiseAbs() * b.K.transpose();
  // Moving row i's scores by δ_k, |δ_k| ≤ ε, moves A_ij to A_ij e^{δ_j} / Σ_k A_ik e^{δ_k}, so by
  //   A_ij Σ_{k≠j} A_ik |e^{δ_j} − e^{δ_k}| / Σ_k A_ik e^{δ_k} ≤ A_ij (1 − A_ij)(e^{2ε} − 1),
  // at every ε, not only to first order (2ε A_ij, which at scores of 1e18, ε ≈ 300, called a
  // weight of exactly 1 round-off and printed A, Y and Z as 0). 1 − A_ij is at least ½ except at
  // the row's heaviest weight, where it is the sum of the others (2× for their own rounding): 0
  // where they are exactly 0, as far from the maximum as 1e18 puts them.
  const WeightRounding weights(f.S);
  const Eigen::ArrayXd grow = (2 * b.S.rowwise().maxCoeff().array()).unaryExpr([](double x) { return std::expm1(x); });
  const Eigen::Index T = f.A.rows();
  Eigen::VectorXi heaviest = Eigen::VectorXi::Zero(T);
  for (Eigen::Index j = 1; j < f.A.cols(); ++j)
    for (Eigen::Index i = 0; i < T; ++i)
      if (f.A(i, j) > f.A(i, heaviest(i))) heaviest(i) = static_cast<int>(j);
  Eigen::ArrayXd others = Eigen::ArrayXd::Zero(T);
  for (Eigen::Index j = 0; j < f.A.cols(); ++j)
    for (Eigen::Index i = 0; i < T; ++i)
      if (heaviest(i) != j) others(i) += f.A(i, j);
  b.A.resize(T, f.A.cols());
  for (Eigen::Index j = 0; j < f.A.cols(); ++j) {
    const Eigen::ArrayXd w = weights.col(j);
    for (Eigen::Index i = 0; i < T; ++i) {
      const double a = f.A(i, j), rest = heaviest(i) == j ? std::min(1.0, 2 * others(i)) : 1.0;
      const double moved = a * rest == 0 ? 0.0 : std::min(1.0, a * rest * grow(i));  // never inf · 0
      b.A(i, j) = w(i) * a + moved;
    }
  }
  b.Y = product_bound(b.A, f.A, Op::N, f.V, Op::N);
  b.Y.noalias() += f.A * b.V;
  b.Z = b.Y + kUnitRoundoff * f.Z.cwiseAbs();
  return b;
}

Gradients backward_rounding(const Problem& p, const Forward& f, const Gradients& g) {
  // A running error bound of backward() (Higham §3.5), product by product: each product's bound
  // from its computed operands and the bounds they carry in. The weights' own rounding is counted
  // (the finite differences recompute the softmax from S at large steps; at small ones they scale
  // the computed A, and counting it is then merely cautious); the scores' is not: both sides
  // differentiate at the same computed S, Q, K, V.
  using detail::Op;
  const Eigen::Index T = p.X.rows(), dk = p.W_Q.cols();
  const double scale = 1.0 / std::sqrt(static_cast<double>(dk));
  const double u = kUnitRoundoff;
  const Eigen::MatrixXd none;
  const WeightRounding relative(f.S);  // |ΔA| = relative ⊙ A
  Gradients b;
  b.A = product_bound(none, p.dL_dZ, Op::N, f.V, Op::T);
  b.S.resize(T, T);  // |ΔA| first, then the bounds on D below
  for (Eigen::Index j = 0; j < T; ++j) b.S.col(j).array() = relative.col(j) * f.A.col(j).array();
  b.V = product_bound(b.S, f.A, Op::T, p.dL_dZ, Op::N);
  // ∂L/∂S as backward() forms it: D = ∂L/∂A minus its entry at the heaviest weight (exact there),
  // the weighted row sum of D, and the difference times A.
  const Eigen::VectorXd ref = heaviest_entries(f.A, g.A), ref_bound = heaviest_entries(f.A, b.A);
  const double sum_level = rounding_level(static_cast<double>(T));
  Eigen::VectorXd dot_bound = Eigen::VectorXd::Zero(T);
  for (Eigen::Index j = 0; j < T; ++j) {
    const Eigen::ArrayXd D = (g.A.col(j) - ref).array().abs();
    b.S.col(j).array() = (D == 0).select(0.0, b.A.col(j).array() + ref_bound.array() + u * D);
    dot_bound.array() += f.A.col(j).array() * (b.S.col(j).array() + (sum_level + relative.col(j)) * D);
  }
  // (D − dot)·A: the bounds carried in, the subtraction's and the product's roundings, A's own.
  for (Eigen::Index j = 0; j < T; ++j)
    b.S.col(j).array() = (b.S.col(j) + dot_bound).array() * f.A.col(j).array() + (2 * u + relative.col(j)) * g.S.col(j).array().abs();
  b.Q = product_bound(b.S, g.S, Op::N, f.K, Op::N, scale);
  b.K = product_bound(b.S, g.S, Op::T, f.Q, Op::N, scale);
  // Xᵀ(∂L/∂Q) with the bound on its right factor: the transpose of (∂L/∂Q)ᵀX's.
  b.W_Q = product_bound(b.Q, g.Q, Op::T, p.X, Op::N).transpose();
  b.W_K = product_bound(b.K, g.K, Op::T, p.X, Op::N).transpose();
  b.W_V = product_bound(b.V, g.V, Op::T, p.X, Op::N).transpose();
  b.X_via_Q = product_bound(b.Q, g.Q, Op::N, p.W_Q, Op::T);
  b.X_via_K = product_bound(b.K, g.K, Op::N, p.W_K, Op::T);
  b.X_via_V = product_bound(b.V, g.V, Op::N, p.W_V, Op::T);
  b.X = b.X_via_Q + b.X_via_K + b.X_via_V +
        rounding_level(3) * (p.dL_dZ.cwiseAbs() + g.X_via_Q.cwiseAbs() + g.X_via_K.cwiseAbs() + g.X_via_V.cwiseAbs());
  // ∂L/∂Y and the residual path are ∂L/∂Z itself, copied.
  b.Y = Eigen::MatrixXd::Zero(g.Y.rows(), g.Y.cols());
  b.X_residual = Eigen::MatrixXd::Zero(g.X_residual.rows(), g.X_residual.cols());
  return b;
}

namespace {

/// The rounding level of one evaluation of ⟨∂L/∂Z, Z'⟩ with Z' = forward(X').Z, X' near X. To first
/// order L moves by Σ (∂L/∂v)·δv over every computed entry v and its rounding δv (the adjoint view
/// of error propagation: the backward pass's gradients are exactly these sensitivities). The
/// roundings of distinct entries are independent, so their effects add in quadrature:
///   Q, K, V: products over d_model;   S: products over d_k;   A: e^x's relative level (the
///   row sum, u|x|), which moves L by Σ_k ρ_ik A_ik (M_ik − c_i) = Σ_k ρ_ik (∂L/∂S)_ik;
///   Y = AV: products over T (A|V| ≤ the column maxima of |V|, the weights summing to 1);
///   Z = X' + Y': one rounding.
double forward_loss_rounding(const Problem& p, const Forward& f, const Gradients& g) {
  using detail::Op;
  const Eigen::Index T = p.X.rows(), d = p.X.cols(), dk = p.W_Q.cols();
  const double scale = 1.0 / std::sqrt(static_cast<double>(dk));
  const double over_d = rounding_level(static_cast<double>(d));
  double squares = 0;
  auto add = [&](const Eigen::MatrixXd& bound, const Eigen::MatrixXd& sensitivity) { squares += bound.cwiseProduct(sensitivity).squaredNorm(); };
  add(over_d * abs_product(p.X, Op::N, p.W_Q, Op::N), g.Q);
  add(over_d * abs_product(p.X, Op::N, p.W_K, Op::N), g.K);
  add(over_d * abs_product(p.X, Op::N, p.W_V, Op::N), g.V);
  Eigen::MatrixXd S_bound = abs_product(f.Q, Op::N, f.K, Op::T, scale * rounding_level(static_cast<double>(dk)));
  const WeightRounding weights(f.S);
  for (Eigen::Index j = 0; j < T; ++j) S_bound.col(j).array() += weights.col(j);
  add(S_bound, g.S);
  const Eigen::RowVectorXd v_max = f.V.cwiseAbs().colwise().maxCoeff();
  add((rounding_level(static_cast<double>(T)) * Eigen::MatrixXd::Ones(T, 1) * v_max + kUnitRoundoff * f.Z.cwiseAbs()), p.dL_dZ);
  return std::sqrt(squares);
}

}  // namespace

std::vector<GradientCheck> check_gradients(const Problem& p, const Result& r, Progress& progress) {
  // Each intermediate is checked by differentiating L as a function of that intermediate alone,
  // everything upstream held fixed, along rank-one directions evaluated by low-rank updates.
  const auto& g = r.grad;
  const auto& b = r.grad_rounding;
  struct Checked {
    Wrt w;
    const Eigen::MatrixXd *G, *bound;
  };
  const std::vector<Checked> gradients = {
      {Wrt::Y, &g.Y, &b.Y},         {Wrt::A, &g.A, &b.A},     {Wrt::V, &g.V, &b.V},         {Wrt::S, &g.S, &b.S},
      {Wrt::Q, &g.Q, &b.Q},         {Wrt::K, &g.K, &b.K},     {Wrt::W_Q, &g.W_Q, &b.W_Q}, {Wrt::W_K, &g.W_K, &b.W_K},
      {Wrt::W_V, &g.W_V, &b.W_V}, {Wrt::X, &g.X, &b.X}};
  // Large matrices: two random directions and two sampled entries each (gradcheck.hpp); every
  // evaluation costs O(T²), about a seventh of a forward pass at T = 1024, d_model = 256.
  GradCheckOptions options;
  options.directions = 2;
  options.entries = 2;
  options.tolerance = kFiniteDifferenceTolerance;
  const bool large = p.X.size() > static_cast<Eigen::Index>(options.exhaustive_up_to);
  progress.begin("checking the gradients by finite differences", static_cast<std::int64_t>(gradients.size()) + (large ? 1 : 0));
  const LossAlong along(p, r.fwd);
  std::vector<GradientCheck> checks;
  for (const auto& c : gradients) {
    const Wrt w = c.w;
    options.step = [&](const Eigen::VectorXd& u, const Eigen::VectorXd& v) { return along.step(w, u, v); };
    options.G_rounding = c.bound;
    auto L = [&](const Eigen::VectorXd& u, const Eigen::VectorXd& v, double t) { return along.change(w, u, v, t); };
    checks.push_back({wrt_name(w), false, gradcheck(L, *c.G, options)});
    progress.advance(static_cast<std::int64_t>(checks.size()));
  }
  if (large) {
    // The whole chain once more through forward() itself (not the low-rank updates), one random
    // direction; L − L(X) summed entry by entry, so that no large constant cancels.
    GradCheckOptions dense = options;
    dense.directions = 1;
    dense.entries = 0;
    dense.step = [&](const Eigen::VectorXd& u, const Eigen::VectorXd& v) { return along.step(Wrt::X, u, v); };
    dense.G_rounding = &b.X;
    const double rounding = forward_loss_rounding(p, r.fwd, g);
    auto L = [&](const Eigen::MatrixXd& X) {
      const Eigen::MatrixXd terms = p.dL_dZ.cwiseProduct(forward(X, p.W_Q, p.W_K, p.W_V).Z - r.fwd.Z);
      return Evaluation{terms.sum(), rounding + rounding_level(static_cast<double>(terms.size())) * terms.cwiseAbs().sum()};
    };
    checks.push_back({"X", true, gradcheck(L, p.X, g.X, dense)});
    progress.advance(static_cast<std::int64_t>(checks.size()));
  }
  progress.end();
  return checks;
}

}  // namespace hw6::ex7
