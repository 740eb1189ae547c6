// ℓ1-regularized logistic regression by newGLMNET, and its λ path. See optim/l1logreg.hpp.
#include "hw6/optim/l1logreg.hpp"

#include "cd_kernels.hpp"

#include <algorithm>
#include <functional>
#include <cmath>

namespace hw6::optim {

namespace {

using detail::add_scaled;
using detail::add_then_weighted_dot;
using detail::weighted_dot;
using detail::weighted_square;

/// ln(1 + e^(−z)), stable for every z.
double loss(double z) { return z > 0 ? std::log1p(std::exp(-z)) : -z + std::log1p(std::exp(z)); }
/// σ(−z) = 1/(1 + e^z), stable.
double sigma_neg(double z) {
  if (z >= 0) {
    const double e = std::exp(-z);
    return e / (1 + e);
  }
  return 1 / (1 + std::exp(z));
}

/// r += Σ_k a_k x̄_{j_k} over the columns j = js[0..n), four columns per pass over r (detail::add4);
/// the terms are added in the order of js, as one axpy per column would add them.
void add_columns(const Eigen::MatrixXd& X, const Eigen::Index* js, const double* a, std::size_t n, Eigen::VectorXd& r) {
  for (std::size_t q = 0; q < n; q += 4) {
    const double* c[4];
    double coef[4];
    for (std::size_t k = 0; k < 4; ++k) {
      const bool in = q + k < n;
      c[k] = X.col(js[in ? q + k : q]).data();
      coef[k] = in ? a[q + k] : 0.0;  // r + 0·x = r: the padding changes nothing
    }
    detail::add4(c, coef, r.data(), r.size());
  }
}

/// z = X̄β + c·b, touching only the columns of the nonzero β_j (β is sparse along the path).
Eigen::VectorXd margins(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, const Eigen::VectorXd& beta, double c) {
  Eigen::VectorXd z = c * b;
  std::vector<Eigen::Index> js;
  std::vector<double> a;
  for (Eigen::Index j = 0; j < beta.size(); ++j)
    if (beta(j) != 0) js.push_back(j), a.push_back(beta(j));
  add_columns(Xbar, js.data(), a.data(), js.size(), z);
  return z;
}

/// out(j) = x_jᵀv for the columns j = js[0..n) of X, four columns per pass over v (detail::dot4): a
/// quarter fewer loads than four separate dot products, and faster than Eigen's general
/// matrix-vector product. A last group of fewer than four repeats its first column, so that every
/// column's product is rounded alike wherever it falls. Any summation order keeps the usual bound
/// |error| ≤ m·u·‖x_j‖‖v‖ that the screening allows for.
void column_products(const Eigen::MatrixXd& X, const Eigen::Index* js, std::size_t n, const Eigen::VectorXd& v, Eigen::VectorXd& out) {
  for (std::size_t q = 0; q < n; q += 4) {
    const double* c[4];
    for (std::size_t k = 0; k < 4; ++k) c[k] = X.col(js[q + k < n ? q + k : q]).data();
    double t[4];
    detail::dot4(c, v.data(), X.rows(), t);
    for (std::size_t k = 0; k < 4 && q + k < n; ++k) out(js[q + k]) = t[k];
  }
}
void column_products(const Eigen::MatrixXd& X, const std::vector<Eigen::Index>& js, const Eigen::VectorXd& v, Eigen::VectorXd& out) {
  column_products(X, js.data(), js.size(), v, out);
}

/// The KKT residuals, relative (see L1LogRegSolution::kkt_residual): coordinate j's subgradient
/// violation over λ, and the intercept's |⟨θ, b⟩| over Σθ_i, the size of the terms it sums.
/// Absolute residuals meant nothing at λ = 1e-9·λ_max (a residual of 5e-13 was 0.1% of λ = 4e-10,
/// and a support feature looked screened out) nor for features of 1e8 (rounding alone left 2e-9).
/// Each is the violation beyond `rounding`, the rounding of the sum it comes from (see
/// l1_logreg_correlation_rounding): a feature of 1e50 beside λ = 0.1 has a gradient known only to
/// ±1e35, and λ = 1e-12·λ_max is below the rounding of any gradient of O(1) terms.
double coordinate_residual(double beta, double g, double lambda, double rounding = 0) {
  const double v = beta != 0 ? std::fabs(g + lambda * (beta > 0 ? 1 : -1)) : std::max(0.0, std::fabs(g) - lambda);
  return std::max(0.0, v - rounding) / lambda;
}
double intercept_residual(double theta_dot_b, double theta_sum, double rounding = 0) {
  return theta_sum > 0 ? std::max(0.0, std::fabs(theta_dot_b) - rounding) / theta_sum : 0.0;
}

/// Binary entropy H(t) = −t ln t − (1 − t) ln(1 − t) on [0, 1].
double entropy(double t) {
  double h = 0;
  if (t > 0) h -= t * std::log(t);
  if (t < 1) h -= (1 - t) * std::log1p(-t);
  return h;
}

}  // namespace

double l1_logreg_objective(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, double lambda, const Eigen::VectorXd& beta, double c) {
  const Eigen::VectorXd z = margins(Xbar, b, beta, c);
  double s = 0;
  for (Eigen::Index i = 0; i < z.size(); ++i) s += loss(z(i));
  return s / double(z.size()) + lambda * beta.cwiseAbs().sum();
}

Eigen::VectorXd l1_logreg_theta(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, const Eigen::VectorXd& beta, double c) {
  const Eigen::VectorXd z = margins(Xbar, b, beta, c);
  return z.unaryExpr([](double t) { return sigma_neg(t); });
}

double l1_logreg_sum_rounding(Eigen::Index m) { return (double(m) + 4) * 0x1p-53; }

Eigen::VectorXd l1_logreg_correlation_rounding(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& theta) {
  Eigen::VectorXd out(Xbar.cols());
  for (Eigen::Index j = 0; j < Xbar.cols(); ++j) out(j) = l1_logreg_sum_rounding(Xbar.rows()) * Xbar.col(j).cwiseAbs().dot(theta);
  return out;
}

double l1_logreg_kkt(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, double lambda, const Eigen::VectorXd& beta, double c) {
  const double m = double(Xbar.rows());
  const Eigen::VectorXd theta = l1_logreg_theta(Xbar, b, beta, c);
  const Eigen::VectorXd grad = -(Xbar.transpose() * theta) / m;  // ∂/∂β of the smooth part
  const Eigen::VectorXd rounding = l1_logreg_correlation_rounding(Xbar, theta) / m;
  double r = intercept_residual(theta.dot(b), theta.sum(), l1_logreg_sum_rounding(Xbar.rows()) * theta.sum());  // ∂/∂c
  for (Eigen::Index j = 0; j < beta.size(); ++j) r = std::max(r, coordinate_residual(beta(j), grad(j), lambda, rounding(j)));
  return r;
}

double l1_logreg_dual(const Eigen::VectorXd& theta) {
  double s = 0;
  for (Eigen::Index i = 0; i < theta.size(); ++i) s += entropy(theta(i));
  return s / double(theta.size());
}

ScreeningNorms l1_logreg_screening_norms(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b) {
  ScreeningNorms n;
  const Eigen::Index m = Xbar.rows(), p = Xbar.cols();
  n.column.resize(p);
  n.projected.resize(p);
  // Column by column, so that X̄ is read from memory once (each column then stays in cache).
  for (Eigen::Index j = 0; j < p; ++j) {
    const double square = Xbar.col(j).squaredNorm(), bx = b.dot(Xbar.col(j));  // ‖x̄_j‖², bᵀx̄_j
    n.column(j) = std::sqrt(square);
    n.projected(j) = std::sqrt(std::max(0.0, square - bx * bx / double(m)));
  }
  return n;
}

double l1_logreg_lambda_max(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b) {
  // With β = 0 the optimal c solves Σ b_i σ(−b_i c) = 0: m₊σ(−c) = m₋σ(c), so c = ln(m₊/m₋) and
  // θ_i = σ(−b_i c) is m₋/m for positive and m₊/m for negative points.
  const double m = double(b.size());
  const double mp = double((b.array() > 0).count()), mn = m - mp;
  Eigen::VectorXd theta(b.size());
  for (Eigen::Index i = 0; i < b.size(); ++i) theta(i) = b(i) > 0 ? mn / m : mp / m;
  Eigen::VectorXd corr = Xbar.transpose() * theta;
  // A constant column x_j = k (x̄_j = k·b) has (X̄ᵀθ₀)_j = k⟨b, θ₀⟩ = k(m₊m₋ − m₋m₊)/m = 0 exactly,
  // but the sum rounds to about 1e-17·k: with only such columns λ_max would be that rounding, not 0.
  // Likewise any sum within its rounding: classes whose means are equal in decimal (0.1 + 0.2
  // against 0.3 + 0) gave λ_max = 3.5e-18, all of it rounding, a ratio of it as λ, and a λ_max
  // check that failed (no solve can see a gradient below its rounding).
  const Eigen::VectorXd rounding = l1_logreg_correlation_rounding(Xbar, theta);
  for (Eigen::Index j = 0; j < Xbar.cols(); ++j)
    if ((Xbar.col(j).cwiseProduct(b).array() == Xbar(0, j) * b(0)).all() || std::fabs(corr(j)) <= rounding(j)) corr(j) = 0;
  return corr.cwiseAbs().maxCoeff() / m;
}

void AlignedFloats::Release::operator()(float* p) const { ::operator delete[](p, std::align_val_t{64}); }
void AlignedFloats::allocate(std::size_t n) {
  data.reset(static_cast<float*>(::operator new[](std::max<std::size_t>(n, 1) * sizeof(float), std::align_val_t{64})));
}

std::vector<Eigen::Index> WorkingColumns::place(const Eigen::MatrixXd& Xbar, const std::vector<Eigen::Index>& features) {
  // Columns already copied keep their slot, and columns that leave the working set stay (they often
  // come back); new ones are appended to the block, whose capacity doubles as it grows. When the
  // block holds over twice the columns asked for, it is rebuilt with just these.
  if (owner.size() > 64 && owner.size() > 2 * features.size()) {
    for (Eigen::Index j : owner) slot_of[static_cast<std::size_t>(j)] = -1;
    owner.clear();
    scale.clear();
  }
  std::size_t fresh = 0;
  for (Eigen::Index j : features)
    if (slot_of[static_cast<std::size_t>(j)] < 0) ++fresh;
  if (owner.size() + fresh > static_cast<std::size_t>(capacity)) {
    rows = Xbar.rows(), stride = (rows + 15) / 16 * 16;
    const Eigen::Index grown = std::max(static_cast<Eigen::Index>(owner.size() + fresh), 2 * capacity);
    AlignedFloats bigger;
    bigger.allocate(static_cast<std::size_t>(grown * stride));
    if (!owner.empty()) std::copy(X.data.get(), X.data.get() + static_cast<std::ptrdiff_t>(owner.size()) * stride, bigger.data.get());
    X = std::move(bigger), capacity = grown;
  }
  std::vector<Eigen::Index> slots(features.size());
  for (std::size_t k = 0; k < features.size(); ++k) {
    Eigen::Index& slot = slot_of[static_cast<std::size_t>(features[k])];
    if (slot < 0) {
      slot = static_cast<Eigen::Index>(owner.size());
      owner.push_back(features[k]);
      // A power of two brings the column's largest entry into [½, 1): exact, and single precision's
      // range (about 1e±38) then holds any column that double precision does, up to entries below
      // 2^−149 of the largest, which are lost as rounding would lose them anyway.
      const double largest = Xbar.col(features[k]).cwiseAbs().maxCoeff();
      int exponent = 0;
      if (largest > 0 && std::isfinite(largest)) std::frexp(largest, &exponent);
      scale.push_back(std::ldexp(1.0, exponent));
      Eigen::Map<Eigen::VectorXf>(X.data.get() + slot * stride, rows) = (Xbar.col(features[k]) / scale.back()).cast<float>();
    }
    slots[k] = slot;
  }
  return slots;
}

L1LogRegSolution l1_logreg(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, double lambda, double tol, int max_inner_sweeps,
                           const L1LogRegSolution* warm, const std::vector<bool>* only, bool screening, const ScreeningNorms* norms,
                           bool verify_screened, ScreeningReference* reference, WorkingColumns* columns, bool aim_at_tolerance) {
  // newGLMNET (Yuan, Ho & Lin, "An improved GLMNET for L1-regularized logistic regression",
  // JMLR 13, 2012): each outer iteration minimizes the quadratic model
  //   gᵀd + ½ dᵀ(X̄ᵀWX̄/m + νI)d + λ‖β + d‖₁      (W = diag σ(z)σ(−z), intercept unpenalized)
  // by coordinate descent, which needs no exponentials (the residual r = X̄d is maintained) and is
  // Anderson-accelerated (below), then
  // takes an Armijo step on the true objective. The inner accuracy tightens as the outer residual falls.
  // With `screening`, the GAP safe rule (see the header) removes features as the gap closes, and
  // the gradient (O(m) per feature) is computed only for the features in play that the rule's
  // correlation bound (ScreeningReference) cannot settle.
  const Eigen::Index m = Xbar.rows(), p = Xbar.cols();
  const double mm = double(m);
  double nu = 1e-12;  // the model's damping νI (set per outer iteration below)
  L1LogRegSolution s;
  s.beta = Eigen::VectorXd::Zero(p);
  if (warm && warm->beta.size() == p) s.beta = warm->beta, s.c = warm->c;
  auto allowed = [&](Eigen::Index j) { return !only || (*only)[static_cast<std::size_t>(j)]; };
  // With `only`, the features left out enter z as a fixed offset, which the dual (5) the rule
  // relies on does not have: no screening then.
  screening = screening && !only;
  // The column norms serve the rule and, with ‖σ‖, bound the rounding of every gradient (below).
  ScreeningNorms own_norms;
  if (!norms) own_norms = l1_logreg_screening_norms(Xbar, b), norms = &own_norms;
  std::vector<Eigen::Index> cols;  // the features still in play: allowed and not screened out
  for (Eigen::Index j = 0; j < p; ++j)
    if (allowed(j)) cols.push_back(j);
  const std::size_t allowed_count = cols.size();
  std::vector<bool> screened(static_cast<std::size_t>(p), false);
  std::vector<bool> put_back(static_cast<std::size_t>(p), false);  // never screened again

  // z = X̄β + c·b, kept up to date by each step; computed afresh every 8 steps against drift, and
  // taken from the warm start when it carries them (along a path: the previous λ's solution).
  const bool warm_margins = warm && warm->beta.size() == p && warm->margins.size() == m && warm->margins_age < 8;
  Eigen::VectorXd z = warm_margins ? warm->margins : margins(Xbar, b, s.beta, s.c), sig(m), wgt(m), grad = Eigen::VectorXd::Zero(p);
  int age = warm_margins ? warm->margins_age : 0;
  double loss_sum = 0, sig_sum = 0, sig_square = 0;
  auto refresh = [&]() {
    loss_sum = 0, sig_sum = 0, sig_square = 0;
    for (Eigen::Index i = 0; i < m; ++i) {
      const double e = std::exp(-std::fabs(z(i)));
      sig(i) = z(i) >= 0 ? e / (1 + e) : 1 / (1 + e);  // σ(−z_i)
      wgt(i) = sig(i) * (1 - sig(i));
      loss_sum += std::log1p(e) + (z(i) < 0 ? -z(i) : 0.0);
      sig_sum += sig(i);
      sig_square += sig(i) * sig(i);
    }
  };
  refresh();
  // The residual of coordinate j relative to λ, beyond the rounding of its gradient (m + 4)u·Σ_i|x̄_ij|σ_i/m,
  // bounded by Cauchy–Schwarz with ‖x̄_j‖‖σ‖ (l1_logreg_kkt, the exact allowance, is the final word).
  const double rounding_factor = l1_logreg_sum_rounding(m) / mm;
  auto kkt_of = [&](Eigen::Index j, double g) {
    return coordinate_residual(s.beta(j), g, lambda, rounding_factor * norms->column(j) * std::sqrt(sig_square));
  };
  // The reference of the bound |x̄_jᵀσ| ≤ |x̄_jᵀσ_ref| + ‖x̄_j‖‖σ − σ_ref‖ (see ScreeningReference):
  // the path's, or this solve's own.
  ScreeningReference own_reference;
  if (screening && !reference) reference = &own_reference;
  // The features `js`, whose gradients were just computed at the current iterate, take it as their
  // reference point (see ScreeningReference). Beyond kMaxPoints points, the oldest is folded into
  // the next: |x̄_jᵀσ_1| ≤ corr_j + ‖x̄_j‖‖σ_1 − σ_0‖.
  auto remember = [&](const std::vector<Eigen::Index>& js) {
    if (js.empty() || reference->point.size() != static_cast<std::size_t>(p)) return;
    std::vector<Eigen::VectorXd>& points = reference->sigma;
    if (points.back() != sig) points.push_back(sig);
    const std::size_t latest = points.size() - 1;
    for (Eigen::Index j : js) {
      reference->point[static_cast<std::size_t>(j)] = latest;
      reference->corr(j) = std::fabs(grad(j)) * mm;
    }
    if (points.size() > ScreeningReference::kMaxPoints) {
      const double apart = (points[1] - points[0]).norm() * (1 + 1e-12);
      for (Eigen::Index j = 0; j < p; ++j) {
        std::size_t& k = reference->point[static_cast<std::size_t>(j)];
        if (k == 0) reference->corr(j) += norms->column(j) * apart;
        else --k;
      }
      points.erase(points.begin());
    }
  };
  std::vector<char> fresh(static_cast<std::size_t>(p), 0);  // grad(j) computed at the current iterate
  std::vector<double> corr(static_cast<std::size_t>(p), 0.0);  // m·|g_j| or its upper bound, over cols
  std::vector<Eigen::Index> hot, every(static_cast<std::size_t>(p));
  for (Eigen::Index j = 0; j < p; ++j) every[static_cast<std::size_t>(j)] = j;

  // GAP safe screening of `cols` at the current iterate, given corr_j ≥ |x̄_jᵀσ| over cols (exact for
  // the features whose gradient was computed, the reference bound for the others); returns true when a
  // nonzero coefficient was screened out (then z changed and the iterate must be refreshed).
  auto screen = [&]() {
    // A dual-feasible θ from σ = σ(−z): make ⟨b, θ⟩ = 0 by shrinking σ on the side of the excess
    // (θ stays in [0, 1]), then scale into |(X̄ᵀθ)_j| ≤ mλ over the features in play.
    double spos = 0, sneg = 0, vpos = 0, vneg = 0;
    for (Eigen::Index i = 0; i < m; ++i) (b(i) > 0 ? spos : sneg) += sig(i), (b(i) > 0 ? vpos : vneg) += sig(i) * sig(i);
    const double excess = spos - sneg;
    const bool shrink_pos = excess > 0;
    const double t = excess > 0 ? excess / spos : (excess < 0 ? -excess / sneg : 0.0);
    const double vnorm = std::sqrt(shrink_pos ? vpos : vneg);
    // |(X̄ᵀθ)_j| ≤ |(X̄ᵀσ)_j| + t‖σ_side‖‖x̄_j‖ = a_j (the shrink is t·σ on one side).
    double amax = 0;
    for (Eigen::Index j : cols) amax = std::max(amax, corr[static_cast<std::size_t>(j)] + t * vnorm * norms->column(j));
    const double scale = amax > mm * lambda ? mm * lambda / amax : 1.0;
    double dual = 0;
    for (Eigen::Index i = 0; i < m; ++i) dual += entropy(scale * sig(i) * ((b(i) > 0) == shrink_pos ? 1 - t : 1.0));
    dual /= mm;
    const double primal = loss_sum / mm + lambda * s.beta.cwiseAbs().sum();
    // D is (4/m)-strongly concave (H'' ≤ −4) and θ* maximizes it over a convex set containing θ,
    // so (2/m)‖θ − θ*‖² ≤ D(θ*) − D(θ) ≤ P − D(θ): θ* lies in the ball of radius √(m·gap/2). Both
    // satisfy ⟨b, θ⟩ = 0, so only the part of x̄_j orthogonal to b matters. A rounding allowance
    // is added to the gap.
    const double gap = std::max(0.0, primal - dual) + 1e-13 * (1 + std::fabs(primal));
    const double radius = std::sqrt(mm * gap / 2);
    bool moved = false;
    std::size_t kept = 0;
    for (Eigen::Index j : cols) {
      const double bound = scale * (corr[static_cast<std::size_t>(j)] + t * vnorm * norms->column(j)) + radius * norms->projected(j);
      if (bound < mm * lambda * (1 - 1e-12) && !put_back[static_cast<std::size_t>(j)]) {
        screened[static_cast<std::size_t>(j)] = true;
        if (s.beta(j) != 0) z.noalias() -= s.beta(j) * Xbar.col(j), s.beta(j) = 0, moved = true;
      } else {
        cols[kept++] = j;
      }
    }
    cols.resize(kept);
    return moved;
  };

  // The working set's columns, copied side by side (see WorkingColumns in the header); the path's
  // copy, or this solve's own.
  WorkingColumns own_columns;
  if (!columns) columns = &own_columns;
  if (columns->slot_of.size() != static_cast<std::size_t>(p) || (columns->capacity > 0 && columns->rows != m))
    *columns = WorkingColumns{}, columns->slot_of.assign(static_cast<std::size_t>(p), -1);
  // The sweeps' residual r and weights W in single precision, 64-byte aligned like the columns.
  AlignedFloats sweep_vectors;
  sweep_vectors.allocate(2 * static_cast<std::size_t>((m + 15) / 16 * 16));
  Eigen::Map<Eigen::VectorXf> rf(sweep_vectors.data.get(), m), wf(sweep_vectors.data.get() + (m + 15) / 16 * 16, m);
  constexpr int kAnderson = 5;
  std::vector<Eigen::VectorXd> hist_x;  // the last sweeps' iterates (d, dc)
  std::vector<Eigen::VectorXf> hist_r;  // and their r
  double inner_tol = 0.1;
  int inner_total = 0;
  bool full_kkt = false;  // s.kkt_residual already covers every feature
  int unmoved = 0;        // consecutive outer iterations whose line search found no decrease
  for (int outer = 0; outer < 1000 && inner_total < max_inner_sweeps; ++outer) {
    s.iterations = outer;
    // Gradient over the features in play, KKT residual, and the working set: nonzeros and violators.
    if (!screening) {
      column_products(Xbar, cols, sig, grad);
      for (Eigen::Index j : cols) grad(j) = -grad(j) / mm;
    } else {
      // Only the features the bound cannot settle get their gradient: nonzeros, and those whose
      // bound on |x̄_jᵀσ| reaches mλ (possible violators). When they are over half the features in
      // play, every feature in play gets its gradient; if that is most of the features, or there
      // is no reference yet, X̄ᵀσ is computed over every feature and becomes the new reference.
      for (Eigen::Index j : cols) fresh[static_cast<std::size_t>(j)] = 0;
      const bool have_ref = !reference->sigma.empty() && reference->corr.size() == p && reference->point.size() == static_cast<std::size_t>(p);
      // ‖σ − σ_k‖ for each reference point, with an allowance for the rounding of the reference's
      // dot products (m·u·‖x̄_j‖‖σ‖, ‖σ‖ ≤ √m).
      std::vector<double> delta;
      if (have_ref)
        for (const Eigen::VectorXd& point : reference->sigma) delta.push_back((sig - point).norm() * (1 + 1e-12) + 1e-16 * mm * std::sqrt(mm));
      hot.clear();
      if (have_ref)
        for (Eigen::Index j : cols) {
          const double u = reference->corr(j) * (1 + 1e-12) + norms->column(j) * delta[reference->point[static_cast<std::size_t>(j)]];
          corr[static_cast<std::size_t>(j)] = u;
          if (s.beta(j) != 0 || u >= mm * lambda * (1 - 1e-9)) hot.push_back(j);
        }
      const bool many = 2 * hot.size() > cols.size();
      if (have_ref && many && 2 * cols.size() < static_cast<std::size_t>(p)) hot = cols;
      if (!have_ref || (many && 2 * cols.size() >= static_cast<std::size_t>(p))) {
        column_products(Xbar, every, sig, grad);  // x̄_jᵀσ = −m g_j, every feature
        reference->sigma.assign(1, sig);
        reference->point.assign(static_cast<std::size_t>(p), 0);
        reference->corr = grad.cwiseAbs();
        for (Eigen::Index j : cols) {
          fresh[static_cast<std::size_t>(j)] = 1;
          corr[static_cast<std::size_t>(j)] = reference->corr(j);
        }
        grad /= -mm;
      } else {
        column_products(Xbar, hot, sig, grad);
        for (Eigen::Index j : hot) {
          fresh[static_cast<std::size_t>(j)] = 1;
          corr[static_cast<std::size_t>(j)] = std::fabs(grad(j));
          grad(j) = -grad(j) / mm;
        }
        remember(hot);
      }
      if (screen()) {
        refresh();
        continue;
      }
    }
    const double grad_c = -b.dot(sig) / mm;
    double kkt = intercept_residual(b.dot(sig), sig_sum, l1_logreg_sum_rounding(m) * sig_sum);  // relative, as kkt_of
    double kkt_abs = std::fabs(grad_c);  // absolute: the inner solves' scale
    std::vector<Eigen::Index> work;
    for (Eigen::Index j : cols) {
      // A feature without a fresh gradient is zero with |g_j| ≤ corr_j/m < λ: no violation.
      if (screening && !fresh[static_cast<std::size_t>(j)]) continue;
      const double k = kkt_of(j, grad(j));
      kkt = std::max(kkt, k);
      kkt_abs = std::max(kkt_abs, k * lambda);
      // A zero coefficient joins when it violates its condition by more than a thousandth of the
      // tolerance beyond rounding: a feature on the boundary (|g_j| = λ, as the one that sets λ_max is at λ_max)
      // would otherwise enter on a rounding error of its gradient and leave a coefficient of 1e-15.
      if (s.beta(j) != 0 || k > 1e-3 * tol) work.push_back(j);
    }
    s.kkt_residual = kkt;
    if (kkt <= tol) {
      if (screening && verify_screened && cols.size() < allowed_count) {
        // A check of the rule against rounding: the screened features must satisfy their KKT
        // condition |g_j| ≤ λ here; any that does not is put back and the solve goes on.
        const std::size_t before = cols.size();
        hot.clear();
        for (Eigen::Index j = 0; j < p; ++j)
          if (screened[static_cast<std::size_t>(j)]) hot.push_back(j);
        column_products(Xbar, hot, sig, grad);
        for (Eigen::Index j : hot) {
          grad(j) = -grad(j) / mm;
          if (std::fabs(grad(j)) > lambda * (1 + tol)) {
            screened[static_cast<std::size_t>(j)] = false;
            put_back[static_cast<std::size_t>(j)] = true;
            cols.push_back(j);
          }
        }
        remember(hot);
        if (cols.size() != before) {
          std::sort(cols.begin(), cols.end());
          continue;
        }
      }
      s.converged = true;
      // The gradient is now known for every allowed feature (screened ones: just above, or
      // not at all when verify_screened is off, and then their condition holds by the rule's proof).
      full_kkt = only == nullptr && (!screening || verify_screened);
      if (full_kkt)
        for (Eigen::Index j = 0; j < p; ++j)
          if (screened[static_cast<std::size_t>(j)]) kkt = std::max(kkt, kkt_of(j, grad(j)));
      s.kkt_residual = kkt;
      break;
    }
    // Inner coordinate descent on the quadratic model, over the working set and the intercept.
    // The sweeps keep r = X̃d + b·dc and W in single precision (X̃ the working columns, see
    // WorkingColumns), W divided by a power of two that brings its largest entry into [½, 1).
    Eigen::VectorXd d = Eigen::VectorXd::Zero(p);
    rf.setZero();
    double dc = 0;
    int wexp = 0;
    if (const double wmax = wgt.maxCoeff(); wmax > 0 && std::isfinite(wmax)) std::frexp(wmax, &wexp);
    const double wscale = std::ldexp(1.0, wexp);
    // ν keeps the model positive definite (duplicated columns); 1e-12 against weights of order ¼,
    // scaled down with them once they all fall below 1e-3: at λ = 1e-15 on separable data every
    // weight is about 1e-15, a fixed ν = 1e-12 outweighed the curvature, and the Newton steps
    // became gradient steps (999 outer iterations, KKT residual 1.04 relative).
    nu = 1e-12 * std::min(1.0, 1e3 * wscale);
    wf = (wgt / wscale).cast<float>();
    std::vector<Eigen::Index> slots = columns->place(Xbar, work);
    {  // The sweeps take the columns in the order of their slots, the order of memory (with the
       // 64-byte alignment, both paths of the benchmark about 5% faster).
      std::vector<std::size_t> order(work.size());
      for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
      std::sort(order.begin(), order.end(), [&](std::size_t u, std::size_t v) { return slots[u] < slots[v]; });
      std::vector<Eigen::Index> w2(work.size()), s2(work.size());
      for (std::size_t k = 0; k < order.size(); ++k) w2[k] = work[order[k]], s2[k] = slots[order[k]];
      work = std::move(w2), slots = std::move(s2);
    }
    // The model's diagonal X̄_jᵀWX̄_j/m + ν, computed in the first sweep while the column is in cache.
    std::vector<double> hjj(work.size());
    const double hcc = b.cwiseAbs2().dot(wgt) / mm + nu;
    bool stalled = true;  // the inner solve used all its sweeps without meeting its tolerance
    // With aim_at_tolerance the inner solve need only bring the violation down to the tolerance:
    // from a residual kkt, a relative accuracy of tol/kkt (at most 0.1) rather than the schedule's,
    // once that is looser; not after a step that found no decrease (then the schedule tightens).
    // On the path benchmark the last Newton step of each λ (kkt about 5e-8 against 1e-9) ran 20 to
    // 50 sweeps to 1e-4; this cut the path's coordinate updates by a quarter, for three more
    // Newton steps over its 20 solves.
    const double inner_target = aim_at_tolerance && unmoved == 0 ? std::max(inner_tol, std::min(0.1, tol / kkt)) : inner_tol;
    for (int inner = 0; inner < 1000; ++inner, ++inner_total) {
      double change = 0;
      {  // intercept
        double bwr = 0;
        for (Eigen::Index i = 0; i < m; ++i) bwr += b(i) * wgt(i) * double(rf(i));
        const double gq = grad_c + bwr / mm + nu * dc;
        const double step = -gq / hcc;
        dc += step;
        rf += float(step) * b.cast<float>();
        change = std::max(change, std::fabs(step) * std::sqrt(hcc));
      }
      s.updates += static_cast<std::int64_t>(work.size());
      // xj_dot = Σ x_i w_i r_i for the current column, computed with the previous column's update.
      double xj_dot = work.empty() ? 0.0 : weighted_dot(columns->column(slots[0]), wf.data(), rf.data(), m);
      for (std::size_t k = 0; k < work.size(); ++k) {
        const Eigen::Index j = work[k];
        const float* xj = columns->column(slots[k]);
        const float* next = k + 1 < work.size() ? columns->column(slots[k + 1]) : nullptr;
        const double sj = columns->scale[static_cast<std::size_t>(slots[k])];  // x̄_j = sj · xj
        if (inner == 0) hjj[k] = weighted_square(xj, wf.data(), m) * wscale * sj * sj / mm + nu;
        const double h = hjj[k];
        const double gq = grad(j) + xj_dot * sj * wscale / mm + nu * d(j);
        const double v = s.beta(j) + d(j);  // the model's current coefficient
        double step;
        if (gq + lambda <= h * v) step = -(gq + lambda) / h;
        else if (gq - lambda >= h * v) step = -(gq - lambda) / h;
        else step = -v;
        if (step == 0) {
          if (next) xj_dot = weighted_dot(next, wf.data(), rf.data(), m);
          continue;
        }
        d(j) += step;
        if (next) xj_dot = add_then_weighted_dot(float(step * sj), xj, next, wf.data(), rf.data(), m);
        else add_scaled(float(step * sj), xj, rf.data(), m);
        change = std::max(change, std::fabs(step) * std::sqrt(h));
      }
      if (change <= inner_target * std::max(kkt_abs, 1e-3 * tol * lambda)) {
        stalled = false;
        break;
      }
      if (!work.empty()) {
        // Anderson extrapolation of the sweeps (Bertrand & Massias, "Anderson acceleration of
        // coordinate descent", AISTATS 2021): every K sweeps, the affine combination of the last
        // K iterates that best cancels their differences, kept only if it lowers the model. r is
        // linear in (d, dc), so the same combination of the stored r gives its r.
        const Eigen::Index nw = static_cast<Eigen::Index>(work.size());
        Eigen::VectorXd x(nw + 1);
        for (Eigen::Index k = 0; k < nw; ++k) x(k) = d(work[static_cast<std::size_t>(k)]);
        x(nw) = dc;
        hist_x.push_back(x);
        hist_r.push_back(rf);
        if (hist_x.size() == static_cast<std::size_t>(kAnderson) + 1) {
          Eigen::MatrixXd U(nw + 1, kAnderson);
          for (int i = 0; i < kAnderson; ++i) U.col(i) = hist_x[static_cast<std::size_t>(i) + 1] - hist_x[static_cast<std::size_t>(i)];
          const Eigen::MatrixXd G = U.transpose() * U;
          const Eigen::VectorXd zc = G.ldlt().solve(Eigen::VectorXd::Ones(kAnderson));
          const double total = zc.sum();
          if (zc.allFinite() && std::fabs(total) > 1e-300) {
            const Eigen::VectorXd c = zc / total;
            Eigen::VectorXd xe = Eigen::VectorXd::Zero(nw + 1), re = Eigen::VectorXd::Zero(m);
            for (int i = 0; i < kAnderson; ++i) {
              xe += c(i) * hist_x[static_cast<std::size_t>(i) + 1];
              re += c(i) * hist_r[static_cast<std::size_t>(i) + 1].cast<double>();
            }
            // The model gᵀd + g_c dc + ½ rᵀWr/m + ½ν‖(d, dc)‖² + λ‖β + d‖₁ (constants dropped).
            auto model = [&](const Eigen::VectorXd& xx, const Eigen::VectorXd& rr) {
              double q = grad_c * xx(nw) + 0.5 * rr.cwiseAbs2().dot(wgt) / mm + 0.5 * nu * xx.squaredNorm();
              for (Eigen::Index k = 0; k < nw; ++k) {
                const Eigen::Index j = work[static_cast<std::size_t>(k)];
                q += grad(j) * xx(k) + lambda * std::fabs(s.beta(j) + xx(k));
              }
              return q;
            };
            if (xe.allFinite() && re.allFinite() && model(xe, re) < model(x, rf.cast<double>())) {
              for (Eigen::Index k = 0; k < nw; ++k) d(work[static_cast<std::size_t>(k)]) = xe(k);
              dc = xe(nw);
              rf = re.cast<float>();
            }
          }
          hist_x.clear();
          hist_r.clear();
        }
      }
    }
    hist_x.clear();
    hist_r.clear();
    // The step's r = X̄d + b·dc, from the double-precision columns: the line search and z are exact.
    Eigen::VectorXd r = dc * b;
    {
      std::vector<Eigen::Index> moved_js;
      std::vector<double> steps;
      for (Eigen::Index j : work)
        if (d(j) != 0) moved_js.push_back(j), steps.push_back(d(j));
      add_columns(Xbar, moved_js.data(), steps.data(), moved_js.size(), r);
    }
    // Armijo on F(β + t d, c + t dc); d is zero outside the working set.
    double delta = grad_c * dc;
    for (Eigen::Index j : work) delta += grad(j) * d(j) + lambda * (std::fabs(s.beta(j) + d(j)) - std::fabs(s.beta(j)));
    // F(β + t d, c + t dc) − F(β, c), summed term by term: near the optimum a step lowers F by 1e-17
    // while F itself (a sum of m losses) rounds at 1e-14, so differences of two computed values of F
    // were noise and the search halved t on noise (0/1 features, m = 10,000: steps of t = 1e-6 from
    // right Newton directions, 999 Newton iterations at a KKT residual of 3e-8). A term changed by δ
    // = t r_i is ln(1 + σ(−z_i)(e^(−δ) − 1)), exact to rounding relative to itself; beyond |δ| = 1,
    // where e^(−δ) may overflow, the difference of the two losses (then large beside their rounding).
    // The allowance is the rounding of the sum of the terms, relative to their sizes, not to F.
    struct Change {
      double value, size;  // the change of F, and the sum of its terms' magnitudes
    };
    auto change_at = [&](double t) {
      double smooth = 0, smooth_size = 0;
      for (Eigen::Index i = 0; i < m; ++i) {
        const double delta_i = t * r(i);
        const double term = std::fabs(delta_i) <= 1 ? std::log1p(sig(i) * std::expm1(-delta_i)) : loss(z(i) + delta_i) - loss(z(i));
        smooth += term;
        smooth_size += std::fabs(term);
      }
      double l1 = 0, l1_size = 0;
      for (Eigen::Index j : work) {
        const double term = std::fabs(s.beta(j) + t * d(j)) - std::fabs(s.beta(j));
        l1 += term;
        l1_size += std::fabs(term);
      }
      return Change{smooth / mm + lambda * l1, smooth_size / mm + lambda * l1_size};
    };
    const double allowance_factor = 4 * l1_logreg_sum_rounding(m);
    bool moved = false;
    for (double t = 1; t > 1e-12; t *= 0.5) {
      Change trial = change_at(t);
      if (trial.value <= 0.01 * t * delta + allowance_factor * trial.size) {
        // A stalled inner solve creeps along a nearly flat direction of the model: two columns
        // nearly equal, weight moving from one to the other by a few 1e-5 per thousand sweeps (a
        // TA's file, columns 3e-8 apart, ended at 103 Newton iterations without converging). The
        // step is then lengthened, doubling while the objective keeps falling, so that the weight
        // arrives where a coefficient reaches zero.
        if (stalled && t == 1)
          for (double longer = 2; longer <= 0x1p40; longer *= 2) {
            const Change v = change_at(longer);
            if (!(v.value < trial.value)) break;
            t = longer, trial = v;
          }
        s.beta += t * d;
        s.c += t * dc;
        z += t * r;
        moved = true;
        break;
      }
    }
    if (++age == 8) z = margins(Xbar, b, s.beta, s.c), age = 0;
    refresh();
    // Tighter inner solves as the outer residual falls (×0.1 per outer iteration, measured on the
    // path benchmark: fewer outer iterations and fewer coordinate updates than ×0.25).
    inner_tol = std::max(1e-6, inner_tol * 0.1);
    if (!moved) inner_tol *= 0.01;
    // Three steps in a row that found no decrease even with tighter inner solves: the objective's
    // rounding is reached (a feature of 1e50 beside λ = 0.1 ran all 1000 outer iterations).
    unmoved = moved ? 0 : unmoved + 1;
    if (unmoved == 3) break;
  }
  s.screened = allowed_count - cols.size();
  if (screening) s.discarded = std::move(screened);
  s.objective = loss_sum / mm + lambda * s.beta.cwiseAbs().sum();  // at the current z (refresh)
  s.margins = std::move(z);
  s.margins_age = age;
  if (!full_kkt && (!screening || verify_screened)) s.kkt_residual = l1_logreg_kkt(Xbar, b, lambda, s.beta, s.c);
  if (only) {  // converged means: over the allowed coordinates
    const Eigen::VectorXd theta = l1_logreg_theta(Xbar, b, s.beta, s.c);
    const Eigen::VectorXd g = -(Xbar.transpose() * theta) / mm;
    double k = intercept_residual(theta.dot(b), theta.sum(), l1_logreg_sum_rounding(m) * theta.sum());
    for (Eigen::Index j = 0; j < p; ++j)
      if (allowed(j)) k = std::max(k, kkt_of(j, g(j)));
    s.converged = k <= tol;
  }
  return s;
}

std::vector<L1LogRegSolution> l1_logreg_path(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, const std::vector<double>& lambdas,
                                             bool screening, double tol, PathStats* stats,
                                             const std::function<void(std::size_t)>& on_step, bool verify_screened) {
  // Warm starts along decreasing λ; with `screening`, each solve runs the GAP safe rule from the
  // previous solution (sequential) and again at every iteration as the gap closes (dynamic). The
  // rule is safe, so no discarded feature needs a second solve; the KKT residual each solve reports
  // is computed over every feature all the same.
  const Eigen::Index p = Xbar.cols();
  std::vector<L1LogRegSolution> out;
  out.reserve(lambdas.size());
  // The first warm start is the solution at every λ ≥ λ_max: β = 0 and c = ln(m₊/m₋) (see
  // l1_logreg_lambda_max), so that a path starting at λ_max ends its first solve at β = 0 exactly
  // rather than at a remnant of 1e-15 left by converging from c = 0.
  L1LogRegSolution warm;
  warm.beta = Eigen::VectorXd::Zero(p);
  const double positives = double((b.array() > 0).count()), negatives = double(b.size()) - positives;
  if (positives > 0 && negatives > 0) warm.c = std::log(positives / negatives);
  ScreeningNorms norms = l1_logreg_screening_norms(Xbar, b);  // the rule's, and every solve's rounding bound
  ScreeningReference reference;  // the rule's reference point, carried from one λ to the next
  WorkingColumns columns;        // likewise the working set's copied columns
  for (double lambda : lambdas) {
    L1LogRegSolution s = l1_logreg(Xbar, b, lambda, tol, 100000, &warm, nullptr, screening, &norms, verify_screened,
                                   screening ? &reference : nullptr, &columns, true);
    if (stats) {
      stats->kept_total += static_cast<std::size_t>(p) - s.screened;
      stats->features_total += static_cast<std::size_t>(p);
      stats->rejection.push_back(double(s.screened) / double(p));
    }
    warm = s;
    out.push_back(std::move(s));
    if (on_step) on_step(out.size());
  }
  return out;
}

}  // namespace hw6::optim
