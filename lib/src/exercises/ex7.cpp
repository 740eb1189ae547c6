// Exercise 7: self-attention forward and backward, checks. The explanation is in ex7_report.cpp.
// Backward formulas: homework Exercise 7's hints (Y = AXB, elementwise, row-wise softmax).
#include "hw6/exercises/ex7.hpp"

#include <algorithm>
#include <functional>
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
      std::int64_t v = s->integer();
      if (v < 0 || v > 4294967295LL) s->fail("expected an integer from 0 to 4294967295");
      p.seed = static_cast<std::uint32_t>(v);
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
  // Eigen's vectorized exp is ~4× faster than std::exp but clamps arguments below about −709
  // instead of underflowing; below ln(DBL_MIN) the true value is under 2.2e-308, so write 0 there.
  const double underflow = std::log(std::numeric_limits<double>::min());
  Eigen::MatrixXd A(S.rows(), S.cols());
  Eigen::ArrayXd row_sum = Eigen::ArrayXd::Zero(S.rows()), shifted(S.rows());
  for (Eigen::Index j = 0; j < S.cols(); ++j) {
    shifted = S.col(j).array() - row_max;
    A.col(j).array() = (shifted < underflow).select(0.0, shifted.exp());
    row_sum += A.col(j).array();
  }
  const Eigen::ArrayXd inv = row_sum.inverse();
  for (Eigen::Index j = 0; j < S.cols(); ++j) A.col(j).array() *= inv;
  return A;
}

Forward forward(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W_Q, const Eigen::MatrixXd& W_K, const Eigen::MatrixXd& W_V) {
  Forward f;
  const double scale = 1.0 / std::sqrt(static_cast<double>(W_Q.cols()));
  f.Q.noalias() = X * W_Q;
  f.K.noalias() = X * W_K;
  f.V.noalias() = X * W_V;
  f.S.noalias() = scale * f.Q * f.K.transpose();
  f.A = row_softmax(f.S);
  f.Y.noalias() = f.A * f.V;
  f.Z = X + f.Y;
  return f;
}

Gradients backward(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W_Q, const Eigen::MatrixXd& W_K, const Eigen::MatrixXd& W_V,
                   const Forward& f, const Eigen::MatrixXd& dL_dZ) {
  Gradients g;
  const double scale = 1.0 / std::sqrt(static_cast<double>(W_Q.cols()));
  g.Y = dL_dZ;                                   // Z = X + Y
  g.A.noalias() = g.Y * f.V.transpose();         // Y = A V
  g.V.noalias() = f.A.transpose() * g.Y;
  // Row-wise softmax: ∂L/∂S = A ⊙ (∂L/∂A − ((∂L/∂A ⊙ A) 1) 1ᵀ).
  Eigen::VectorXd row_dot = Eigen::VectorXd::Zero(f.A.rows());  // column by column, see row_softmax
  for (Eigen::Index j = 0; j < f.A.cols(); ++j) row_dot += g.A.col(j).cwiseProduct(f.A.col(j));
  g.S = (g.A.colwise() - row_dot).cwiseProduct(f.A);
  g.Q.noalias() = scale * g.S * f.K;             // S = QKᵀ/√d_k
  g.K.noalias() = scale * g.S.transpose() * f.Q;
  g.W_Q.noalias() = X.transpose() * g.Q;         // Q = X W_Q
  g.W_K.noalias() = X.transpose() * g.K;
  g.W_V.noalias() = X.transpose() * g.V;
  g.X_residual = dL_dZ;
  g.X_via_Q.noalias() = g.Q * W_Q.transpose();
  g.X_via_K.noalias() = g.K * W_K.transpose();
  g.X_via_V.noalias() = g.V * W_V.transpose();
  g.X = g.X_residual + g.X_via_Q + g.X_via_K + g.X_via_V;
  return g;
}

namespace {

/// Central differences of L on up to `max_entries` entries of M (all when it is small), chosen
/// reproducibly at random; `L` evaluates the loss with M replaced.
GradientCheck finite_difference(const std::string& name, const Eigen::MatrixXd& M, const Eigen::MatrixXd& analytic,
                                const std::function<double(const Eigen::MatrixXd&)>& L, std::size_t max_entries = 48) {
  GradientCheck c;
  c.name = name;
  c.entries_total = static_cast<std::size_t>(M.size());
  std::vector<Eigen::Index> entries(static_cast<std::size_t>(M.size()));
  std::iota(entries.begin(), entries.end(), Eigen::Index{0});
  if (entries.size() > max_entries) {
    std::mt19937 rng(12345);
    std::shuffle(entries.begin(), entries.end(), rng);
    entries.resize(max_entries);
  }
  const double scale = std::max(1.0, analytic.cwiseAbs().maxCoeff());
  Eigen::MatrixXd P = M;
  for (Eigen::Index k : entries) {
    const Eigen::Index i = k % M.rows(), j = k / M.rows();
    // A step relative to the entry: an absolute 1e-5 vanishes next to an entry beyond ~1e11
    // (M + h == M), and the difference quotient became 0/0, printed as "nan".
    const double h = 1e-5 * std::max(1.0, std::fabs(M(i, j)));
    volatile double up_value = M(i, j) + h;
    const double step = up_value - M(i, j);
    P(i, j) = M(i, j) + step;
    const double up = L(P);
    P(i, j) = M(i, j) - step;
    const double down = L(P);
    P(i, j) = M(i, j);
    double err = std::fabs((up - down) / (2 * step) - analytic(i, j)) / scale;
    if (std::isnan(err)) err = std::numeric_limits<double>::infinity();  // L overflowed: the check fails, says inf
    if (c.entries_checked == 0 || err > c.max_error) {
      c.max_error = err;
      c.worst_row = i;
      c.worst_col = j;
    }
    ++c.entries_checked;
  }
  return c;
}

}  // namespace

Equivariance check_equivariance(const Problem& p, int max_all) {
  Equivariance e;
  const Eigen::Index T = p.X.rows();
  const Eigen::MatrixXd Z = forward(p.X, p.W_Q, p.W_K, p.W_V).Z;
  std::vector<Eigen::Index> perm(static_cast<std::size_t>(T));
  std::iota(perm.begin(), perm.end(), Eigen::Index{0});
  auto try_perm = [&](const std::vector<Eigen::Index>& pi) {
    // (PX) row i = X row π(i).
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
  for (int k = 0; k < 8; ++k) {
    std::shuffle(perm.begin(), perm.end(), rng);
    try_perm(perm);
  }
  return e;
}

Result solve(const Problem& p) {
  Result r;
  r.fwd = forward(p.X, p.W_Q, p.W_K, p.W_V);
  r.grad = backward(p.X, p.W_Q, p.W_K, p.W_V, r.fwd, p.dL_dZ);

  // L(Z) = ⟨∂L/∂Z, Z⟩ has gradient ∂L/∂Z. Each intermediate is checked by differentiating L
  // as a function of that intermediate alone, with everything upstream held fixed.
  const auto& f = r.fwd;
  const Eigen::MatrixXd& G = p.dL_dZ;
  const double scale = 1.0 / std::sqrt(static_cast<double>(p.W_Q.cols()));
  auto L_of_Y = [&](const Eigen::MatrixXd& Y) { return G.cwiseProduct(p.X + Y).sum(); };
  auto L_of_A = [&](const Eigen::MatrixXd& A) { return G.cwiseProduct(p.X + A * f.V).sum(); };
  auto L_of_V = [&](const Eigen::MatrixXd& V) { return G.cwiseProduct(p.X + f.A * V).sum(); };
  auto L_of_S = [&](const Eigen::MatrixXd& S) { return G.cwiseProduct(p.X + row_softmax(S) * f.V).sum(); };
  auto L_of_Q = [&](const Eigen::MatrixXd& Q) { return G.cwiseProduct(p.X + row_softmax(scale * Q * f.K.transpose()) * f.V).sum(); };
  auto L_of_K = [&](const Eigen::MatrixXd& K) { return G.cwiseProduct(p.X + row_softmax(scale * f.Q * K.transpose()) * f.V).sum(); };
  auto L_of_WQ = [&](const Eigen::MatrixXd& W) { return G.cwiseProduct(forward(p.X, W, p.W_K, p.W_V).Z).sum(); };
  auto L_of_WK = [&](const Eigen::MatrixXd& W) { return G.cwiseProduct(forward(p.X, p.W_Q, W, p.W_V).Z).sum(); };
  auto L_of_WV = [&](const Eigen::MatrixXd& W) { return G.cwiseProduct(forward(p.X, p.W_Q, p.W_K, W).Z).sum(); };
  auto L_of_X = [&](const Eigen::MatrixXd& X) { return G.cwiseProduct(forward(X, p.W_Q, p.W_K, p.W_V).Z).sum(); };
  r.checks.push_back(finite_difference("Y", f.Y, r.grad.Y, L_of_Y));
  r.checks.push_back(finite_difference("A", f.A, r.grad.A, L_of_A));
  r.checks.push_back(finite_difference("V", f.V, r.grad.V, L_of_V));
  r.checks.push_back(finite_difference("S", f.S, r.grad.S, L_of_S));
  r.checks.push_back(finite_difference("Q", f.Q, r.grad.Q, L_of_Q));
  r.checks.push_back(finite_difference("K", f.K, r.grad.K, L_of_K));
  r.checks.push_back(finite_difference("W_Q", p.W_Q, r.grad.W_Q, L_of_WQ));
  r.checks.push_back(finite_difference("W_K", p.W_K, r.grad.W_K, L_of_WK));
  r.checks.push_back(finite_difference("W_V", p.W_V, r.grad.W_V, L_of_WV));
  r.checks.push_back(finite_difference("X", p.X, r.grad.X, L_of_X));
  r.equivariance = check_equivariance(p);
  return r;
}

Report run(const Json& problem_json, const RunContext& /*ctx*/) {
  Problem p = parse(problem_json);
  return report(p, solve(p));
}

}  // namespace hw6::ex7
