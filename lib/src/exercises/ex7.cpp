// Exercise 7: self-attention forward and backward, checks. The explanation is in ex7_report.cpp.
// Backward formulas: homework Exercise 7's hints (Y = AXB, elementwise, row-wise softmax).
#include "hw6/exercises/ex7.hpp"

#include "attention_exp.hpp"
#include "attention_gemm.hpp"

#include <algorithm>
#include <limits>
#include <cmath>
#include <numeric>
#include <random>

namespace hw6::ex7 {

namespace {

/// The largest |entry| of X, W_Q, W_K, W_V, dL_dZ (and the largest random scale) hw6 reads. The
/// scores are products of four entries (XW_Q(XW_K)ᵀ), the gradients of up to six: at 1e6 they stay
/// near 1e36, far inside double range, while the central-difference checks still resolve them.
constexpr double kMaxEntry = 1e6;

Eigen::MatrixXd bounded(const Reader& r, Eigen::MatrixXd m) {
  Eigen::Index i = 0, j = 0;
  if (m.size() > 0 && m.cwiseAbs().maxCoeff(&i, &j) > kMaxEntry)
    r.at(static_cast<std::size_t>(i)).at(static_cast<std::size_t>(j))
        .fail("entry " + r.json()[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)].dump() +
              " is beyond what double precision can check: expected |entry| ≤ 1e6 (scores multiply four entries, gradients six)");
  return m;
}

}  // namespace

Problem parse(const Json& j) {
  Reader root(j, "");
  Problem p;
  if (auto r = root.find("random")) {
    root.only_keys({"description", "random"});
    r->only_keys({"T", "d_model", "d_k", "seed", "scale"});
    auto dim = [&](const char* key, std::int64_t max) {
      Reader d = r->at(key);
      std::int64_t v = d.integer();
      if (v < 1 || v > max) d.fail(std::string("expected an integer from 1 to ") + std::to_string(max) + ", got " + std::to_string(v));
      return static_cast<Eigen::Index>(v);
    };
    const Eigen::Index T = dim("T", 4096), d = dim("d_model", 4096), dk = dim("d_k", 4096);
    if (auto s = r->find("seed")) {
      p.seed = static_cast<std::uint32_t>(s->integer(0, 4294967295LL));
    }
    double scale = 1.0;
    if (auto s = r->find("scale")) {
      scale = s->positive();
      // Scores grow as scale² (S = XW_Q(XW_K)ᵀ/√d_k with weights of order 1): beyond 1e6 the
      // softmax is a hard maximum to the last digit and the difference checks resolve nothing.
      if (scale > kMaxEntry)
        s->fail("scale " + s->json().dump() + " is beyond what double precision can check: expected a scale ≤ 1e6 (the scores grow as scale²)");
    }
    std::mt19937 rng(p.seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    auto fill = [&](Eigen::Index rows, Eigen::Index cols, double sd) {
      Eigen::MatrixXd m(rows, cols);
      for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = sd * normal(rng);
      return m;
    };
    // Weights with variance 1/d_model keep the scores of order `scale`, as in trained models.
    p.X = fill(T, d, scale);
    p.W_Q = fill(d, dk, 1.0 / std::sqrt(static_cast<double>(d)));
    p.W_K = fill(d, dk, 1.0 / std::sqrt(static_cast<double>(d)));
    p.W_V = fill(d, d, 1.0 / std::sqrt(static_cast<double>(d)));
    p.dL_dZ = fill(T, d, 1.0);
    p.random = true;
    return p;
  }
  root.only_keys({"description", "X", "W_Q", "W_K", "W_V", "dL_dZ"});
  p.X = bounded(root.at("X"), root.at("X").matrix());
  const Eigen::Index d = p.X.cols();
  Reader wq = root.at("W_Q");
  if (wq.array_size() != static_cast<std::size_t>(d))
    wq.fail("expected " + std::to_string(d) + " rows (d_model, the number of columns of X), got " + std::to_string(wq.array_size()));
  p.W_Q = bounded(wq, wq.matrix());
  const Eigen::Index dk = p.W_Q.cols();
  Reader wk = root.at("W_K");
  if (wk.array_size() != static_cast<std::size_t>(d))
    wk.fail("expected " + std::to_string(d) + " rows (d_model, the number of columns of X), got " + std::to_string(wk.array_size()));
  p.W_K = bounded(wk, wk.matrix(d, dk));
  Reader wv = root.at("W_V");
  if (wv.array_size() != static_cast<std::size_t>(d))
    wv.fail("expected " + std::to_string(d) + " rows (W_V is d_model × d_model), got " + std::to_string(wv.array_size()));
  p.W_V = bounded(wv, wv.matrix(d, d));
  Reader dz = root.at("dL_dZ");
  if (dz.array_size() != static_cast<std::size_t>(p.X.rows()))
    dz.fail("expected " + std::to_string(p.X.rows()) + " rows (T, like X), got " + std::to_string(dz.array_size()));
  p.dL_dZ = bounded(dz, dz.matrix(p.X.rows(), d));
  return p;
}

Eigen::MatrixXd row_softmax(const Eigen::MatrixXd& S) {
  // Each row is shifted by its own maximum, so every exponent is <= 0 and the row sum >= 1.
  // Eigen stores by columns, so the row maxima and sums are accumulated column by column (a
  // reduction along each row strides through memory: 10× slower at T = 1024), and each column is
  // exponentiated while it is in cache.
  Eigen::ArrayXd row_max = S.col(0).array();
  for (Eigen::Index j = 1; j < S.cols(); ++j) row_max = row_max.max(S.col(j).array());
  // The exponential is attention_exp.hpp's (vectorized for the processor; 0 below ln(DBL_MIN),
  // where the true value is under 2.2e-308).
  Eigen::MatrixXd A(S.rows(), S.cols());
  Eigen::ArrayXd row_sum = Eigen::ArrayXd::Zero(S.rows()), shifted(S.rows());
  for (Eigen::Index j = 0; j < S.cols(); ++j) {
    shifted = S.col(j).array() - row_max;
    detail::exp_shifted(shifted.data(), A.col(j).data(), S.rows());
    row_sum += A.col(j).array();
  }
  const Eigen::ArrayXd inv = row_sum.inverse();
  for (Eigen::Index j = 0; j < S.cols(); ++j) A.col(j).array() *= inv;
  return A;
}

Forward forward(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W_Q, const Eigen::MatrixXd& W_K, const Eigen::MatrixXd& W_V) {
  using detail::gemm;
  using detail::Op;
  Forward f;
  const double scale = 1.0 / std::sqrt(static_cast<double>(W_Q.cols()));
  gemm(f.Q, X, Op::N, W_Q, Op::N);
  gemm(f.K, X, Op::N, W_K, Op::N);
  gemm(f.V, X, Op::N, W_V, Op::N);
  gemm(f.S, f.Q, Op::N, f.K, Op::T, scale);
  f.A = row_softmax(f.S);
  gemm(f.Y, f.A, Op::N, f.V, Op::N);
  f.Z = X + f.Y;
  return f;
}

Gradients backward(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W_Q, const Eigen::MatrixXd& W_K, const Eigen::MatrixXd& W_V,
                   const Forward& f, const Eigen::MatrixXd& dL_dZ) {
  using detail::gemm;
  using detail::Op;
  Gradients g;
  const double scale = 1.0 / std::sqrt(static_cast<double>(W_Q.cols()));
  g.Y = dL_dZ;                                   // Z = X + Y
  gemm(g.A, g.Y, Op::N, f.V, Op::T);             // Y = A V
  gemm(g.V, f.A, Op::T, g.Y, Op::N);
  // Row-wise softmax: ∂L/∂S = A ⊙ (∂L/∂A − ((∂L/∂A ⊙ A) 1) 1ᵀ).
  Eigen::VectorXd row_dot = Eigen::VectorXd::Zero(f.A.rows());  // column by column, see row_softmax
  for (Eigen::Index j = 0; j < f.A.cols(); ++j) row_dot += g.A.col(j).cwiseProduct(f.A.col(j));
  g.S = (g.A.colwise() - row_dot).cwiseProduct(f.A);
  gemm(g.Q, g.S, Op::N, f.K, Op::N, scale);      // S = QKᵀ/√d_k
  gemm(g.K, g.S, Op::T, f.Q, Op::N, scale);
  gemm(g.W_Q, X, Op::T, g.Q, Op::N);             // Q = X W_Q
  gemm(g.W_K, X, Op::T, g.K, Op::N);
  gemm(g.W_V, X, Op::T, g.V, Op::N);
  g.X_residual = dL_dZ;
  gemm(g.X_via_Q, g.Q, Op::N, W_Q, Op::T);
  gemm(g.X_via_K, g.K, Op::N, W_K, Op::T);
  gemm(g.X_via_V, g.V, Op::N, W_V, Op::T);
  g.X = g.X_residual + g.X_via_Q + g.X_via_K + g.X_via_V;
  return g;
}

const char* wrt_name(Wrt w) {
  switch (w) {
    case Wrt::Y: return "Y";
    case Wrt::A: return "A";
    case Wrt::V: return "V";
    case Wrt::S: return "S";
    case Wrt::Q: return "Q";
    case Wrt::K: return "K";
    case Wrt::W_Q: return "W_Q";
    case Wrt::W_K: return "W_K";
    case Wrt::W_V: return "W_V";
    case Wrt::X: return "X";
  }
  return "?";
}

double loss_with(const Problem& p, const Forward& f, Wrt w, const Eigen::MatrixXd& M) {
  const Eigen::MatrixXd& G = p.dL_dZ;
  const double scale = 1.0 / std::sqrt(static_cast<double>(p.W_Q.cols()));
  auto L = [&](const Eigen::MatrixXd& Z) { return G.cwiseProduct(Z).sum(); };
  switch (w) {
    case Wrt::Y: return L(p.X + M);
    case Wrt::A: return L(p.X + M * f.V);
    case Wrt::V: return L(p.X + f.A * M);
    case Wrt::S: return L(p.X + row_softmax(M) * f.V);
    case Wrt::Q: return L(p.X + row_softmax(scale * M * f.K.transpose()) * f.V);
    case Wrt::K: return L(p.X + row_softmax(scale * f.Q * M.transpose()) * f.V);
    case Wrt::W_Q: return L(forward(p.X, M, p.W_K, p.W_V).Z);
    case Wrt::W_K: return L(forward(p.X, p.W_Q, M, p.W_V).Z);
    case Wrt::W_V: return L(forward(p.X, p.W_Q, p.W_K, M).Z);
    case Wrt::X: return L(forward(M, p.W_Q, p.W_K, p.W_V).Z);
  }
  return 0;
}

namespace {

/// Σ_ij A'_ij (M_ij + r_i w_j) with A' = softmax_rows(S + P Rᵀ); r, w may be empty (no rank-one
/// term). One pass, column by column (Eigen's order). Each row is shifted by `row_max` (the row
/// maxima of S) plus a bound on |(PRᵀ)_ij| over the row, so no exponent is positive; the softmax
/// does not depend on the shift.
double softmax_pairing(const Eigen::MatrixXd& S, const Eigen::ArrayXd& row_max, const Eigen::MatrixXd& P, const Eigen::MatrixXd& R,
                       const Eigen::MatrixXd& M, const Eigen::VectorXd& r, const Eigen::VectorXd& w) {
  const Eigen::Index T = S.rows();
  Eigen::ArrayXd shift = row_max;
  if (P.cols() > 0) shift += (P.cwiseAbs() * R.cwiseAbs().colwise().maxCoeff().transpose()).array();
  Eigen::ArrayXd col(T), e(T), sum = Eigen::ArrayXd::Zero(T), paired = Eigen::ArrayXd::Zero(T), with_w = Eigen::ArrayXd::Zero(T);
  for (Eigen::Index j = 0; j < S.cols(); ++j) {
    col = S.col(j).array() - shift;
    for (Eigen::Index c = 0; c < P.cols(); ++c) col += R(j, c) * P.col(c).array();  // (P Rᵀ)_{·j}, P has ≤ 3 columns
    detail::exp_shifted(col.data(), e.data(), T);
    sum += e;
    paired += e * M.col(j).array();
    if (w.size() > 0) with_w += e * w(j);
  }
  if (r.size() > 0) paired += r.array() * with_w;
  return (paired / sum).sum();
}

}  // namespace

LossAlong::LossAlong(const Problem& p, const Forward& f) : p_(p), f_(f) {
  detail::gemm(M_, p.dL_dZ, detail::Op::N, f.V, detail::Op::T);  // formed here, independently of backward()'s ∂L/∂A
  row_max_ = f.S.rowwise().maxCoeff().array();
  base_ = p.dL_dZ.cwiseProduct(p.X).sum();
  scale_ = 1.0 / std::sqrt(static_cast<double>(p.W_Q.cols()));
}

double LossAlong::operator()(Wrt which, const Eigen::VectorXd& u, const Eigen::VectorXd& v, double t) const {
  const Eigen::MatrixXd& G = p_.dL_dZ;
  const Eigen::MatrixXd& S = f_.S;
  const Eigen::VectorXd empty;
  // ⟨G, X + Y'⟩ with Y' = Y + a bᵀ, formed: the linear cases are evaluated literally.
  auto with_Y_plus = [&](const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    return G.cwiseProduct(p_.X + f_.Y + a * b.transpose()).sum();
  };
  auto one = [](const Eigen::VectorXd& x) { return Eigen::MatrixXd(x); };
  switch (which) {
    case Wrt::Y: return with_Y_plus(t * u, v);
    case Wrt::A: return with_Y_plus(t * u, f_.V.transpose() * v);         // (A + t u vᵀ)V = Y + t u (Vᵀv)ᵀ
    case Wrt::V: return with_Y_plus(t * (f_.A * u), v);                     // A(V + t u vᵀ) = Y + t (Au) vᵀ
    case Wrt::W_V: return with_Y_plus(t * (f_.A * (p_.X * u)), v);         // V' = V + t (Xu) vᵀ
    case Wrt::S: return base_ + softmax_pairing(S, row_max_, one(t * u), one(v), M_, empty, empty);
    case Wrt::Q: return base_ + softmax_pairing(S, row_max_, one(t * scale_ * u), one(f_.K * v), M_, empty, empty);
    case Wrt::K: return base_ + softmax_pairing(S, row_max_, one(t * scale_ * (f_.Q * v)), one(u), M_, empty, empty);
    case Wrt::W_Q: return base_ + softmax_pairing(S, row_max_, one(t * scale_ * (p_.X * u)), one(f_.K * v), M_, empty, empty);
    case Wrt::W_K: return base_ + softmax_pairing(S, row_max_, one(t * scale_ * (f_.Q * v)), one(p_.X * u), M_, empty, empty);
    case Wrt::X: {
      // X' = X + t u vᵀ: Q' = Q + t u aᵀ, K' = K + t u bᵀ, V' = V + t u cᵀ with a = W_Qᵀv, b = W_Kᵀv,
      // c = W_Vᵀv; S' = S + (t/√d_k)(u (Ka)ᵀ + (Qb) uᵀ + t(aᵀb) u uᵀ); ⟨G, A'V'⟩ = ⟨A', M⟩ + t (A'u)ᵀ(Gc).
      const Eigen::VectorXd a = p_.W_Q.transpose() * v, b = p_.W_K.transpose() * v, c = p_.W_V.transpose() * v;
      const Eigen::Index T = S.rows();
      Eigen::MatrixXd P(T, 3), R(T, 3);
      P.col(0) = t * scale_ * u;
      P.col(1) = t * scale_ * (f_.Q * b);
      P.col(2) = t * t * scale_ * a.dot(b) * u;
      R.col(0) = f_.K * a;
      R.col(1) = u;
      R.col(2) = u;
      const double residual = G.cwiseProduct(p_.X + t * u * v.transpose()).sum();
      return residual + softmax_pairing(S, row_max_, P, R, M_, t * (G * c), u);
    }
  }
  return 0;
}

Equivariance check_equivariance(const Problem& p, const Eigen::MatrixXd& Z, int max_all, int random_count) {
  Equivariance e;
  const Eigen::Index T = p.X.rows();
  std::vector<Eigen::Index> perm(static_cast<std::size_t>(T));
  std::iota(perm.begin(), perm.end(), Eigen::Index{0});
  auto try_perm = [&](const std::vector<Eigen::Index>& pi) {
    // (PX) row i = X row π(i); SA_res(X) is the forward pass's Z, computed once.
    Eigen::MatrixXd PX(T, p.X.cols()), PZ(T, p.X.cols());
    for (Eigen::Index i = 0; i < T; ++i) {
      PX.row(i) = p.X.row(pi[static_cast<std::size_t>(i)]);
      PZ.row(i) = Z.row(pi[static_cast<std::size_t>(i)]);
    }
    const Eigen::MatrixXd Zp = forward(PX, p.W_Q, p.W_K, p.W_V).Z;
    e.max_error = std::max(e.max_error, (Zp - PZ).cwiseAbs().maxCoeff());
    ++e.permutations;
  };
  if (T <= max_all) {
    e.all_permutations = true;
    do try_perm(perm);
    while (std::next_permutation(perm.begin(), perm.end()));
    return e;
  }
  std::mt19937 rng(2024);
  std::vector<Eigen::Index> reversed(perm.rbegin(), perm.rend()), shifted(perm);
  std::rotate(shifted.begin(), shifted.begin() + 1, shifted.end());
  try_perm(reversed);
  try_perm(shifted);
  for (int k = 0; k < random_count; ++k) {
    std::shuffle(perm.begin(), perm.end(), rng);
    try_perm(perm);
  }
  return e;
}

Result solve(const Problem& p, Progress& progress) {
  Result r;
  r.fwd = forward(p.X, p.W_Q, p.W_K, p.W_V);
  r.grad = backward(p.X, p.W_Q, p.W_K, p.W_V, r.fwd, p.dL_dZ);

  // Each intermediate is checked by differentiating L as a function of that intermediate alone,
  // everything upstream held fixed, along rank-one directions evaluated by low-rank updates.
  const auto& g = r.grad;
  const std::vector<std::pair<Wrt, const Eigen::MatrixXd*>> gradients = {
      {Wrt::Y, &g.Y}, {Wrt::A, &g.A}, {Wrt::V, &g.V}, {Wrt::S, &g.S}, {Wrt::Q, &g.Q},
      {Wrt::K, &g.K}, {Wrt::W_Q, &g.W_Q}, {Wrt::W_K, &g.W_K}, {Wrt::W_V, &g.W_V}, {Wrt::X, &g.X}};
  // Large matrices: two random directions and two sampled entries each (gradcheck.hpp); every
  // evaluation costs O(T²), about a seventh of a forward pass at T = 1024, d_model = 256.
  GradCheckOptions options;
  options.directions = 2;
  options.entries = 2;
  const bool large = p.X.size() > static_cast<Eigen::Index>(options.exhaustive_up_to);
  progress.begin("checking the gradients by finite differences", static_cast<std::int64_t>(gradients.size()) + (large ? 1 : 0));
  const LossAlong along(p, r.fwd);
  std::int64_t done = 0;
  for (const auto& [which, G] : gradients) {
    const Wrt w = which;
    r.checks.push_back({wrt_name(w), false,
                        gradcheck([&](const Eigen::VectorXd& u, const Eigen::VectorXd& v, double t) { return along(w, u, v, t); }, *G, options)});
    progress.advance(++done);
  }
  if (large) {
    // The whole chain once more through forward() itself (not the low-rank updates), one random direction.
    GradCheckOptions dense;
    dense.directions = 1;
    dense.entries = 0;
    auto L = [&](const Eigen::MatrixXd& X) { return loss_with(p, r.fwd, Wrt::X, X); };
    r.checks.push_back({"X", true, gradcheck(L, p.X, g.X, dense)});
    progress.advance(++done);
  }
  progress.end();
  progress.begin("checking permutation equivariance", 0);
  r.equivariance = check_equivariance(p, r.fwd.Z);
  progress.end();
  return r;
}

Report run(const Json& problem_json, const RunContext& ctx) {
  Problem p = parse(problem_json);
  Result r = solve(p, *ctx.progress);
  return report(p, std::move(r));
}

}  // namespace hw6::ex7
