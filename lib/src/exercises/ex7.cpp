// Exercise 7: self-attention forward and backward, equivariance. The finite-difference checks are
// in ex7_checks.cpp, the explanation in ex7_report.cpp.
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
/// The largest T, d_model and d_k, random or given.
constexpr std::int64_t kMaxDim = 4096;

Eigen::MatrixXd bounded(const Reader& r, Eigen::MatrixXd m) {
  Eigen::Index i = 0, j = 0;
  if (m.size() > 0 && m.cwiseAbs().maxCoeff(&i, &j) > kMaxEntry)
    r.at(static_cast<std::size_t>(i)).at(static_cast<std::size_t>(j))
        .fail("entry " + r.json()[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)].dump() +
              " is beyond what double precision can check: expected |entry| ≤ 1e6 (scores multiply four entries, gradients six)");
  return m;
}

/// A matrix of `rows` × `cols` whose size follows from the others; a first row of another length is
/// named with the reason (`why`), as the row count is (Reader::matrix says only the length).
Eigen::MatrixXd sized(const Reader& r, Eigen::Index rows, Eigen::Index cols, const std::string& why) {
  if (r.array_size() > 0 && r.json()[0].is_array() && r.json()[0].size() != static_cast<std::size_t>(cols))
    r.at(0).fail("expected a row of length " + std::to_string(cols) + " (" + why + "), got length " + std::to_string(r.json()[0].size()));
  return bounded(r, r.matrix(rows, cols));
}

}  // namespace

Problem parse(const Json& j) {
  Reader root(j, "");
  Problem p;
  if (auto r = root.find("random")) {
    root.only_keys({"description", "random"});
    r->only_keys({"T", "d_model", "d_k", "seed", "scale"});
    auto dim = [&](const char* key, std::int64_t max) {
      return static_cast<Eigen::Index>(r->at(key).integer(1, max));
    };
    const Eigen::Index T = dim("T", kMaxDim), d = dim("d_model", kMaxDim), dk = dim("d_k", kMaxDim);
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
      // Below the smallest normal double most of X is subnormal, rounded by an absolute quantum the
      // checks' relative rounding bounds do not cover: at 1e-310 (T = 70) right gradients failed.
      if (scale < std::numeric_limits<double>::min())
        s->fail("scale " + s->json().dump() + " is below what double precision can check: expected a scale ≥ 2.2250738585072014e-308 "
                "(the smallest normal double; below it X's entries are subnormal)");
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
    p.scale = scale;
    return p;
  }
  root.only_keys({"description", "X", "W_Q", "W_K", "W_V", "dL_dZ"});
  // The same sizes as a random problem's, checked before the numbers are read: T = 5,000 would
  // need T × T scores and their gradients (several 200 MB matrices), and an allocation that fails
  // is no error message a user can act on.
  auto at_most = [](const Reader& r, const char* rows, const char* cols) {
    const std::string limit = std::to_string(kMaxDim);
    if (r.array_size() > static_cast<std::size_t>(kMaxDim))
      r.fail("expected at most " + limit + " rows (" + rows + "; a random problem has the same limit), got " + std::to_string(r.array_size()));
    if (r.array_size() > 0 && r.json()[0].is_array() && r.json()[0].size() > static_cast<std::size_t>(kMaxDim))
      r.at(0).fail("expected a row of at most " + limit + " entries (" + cols + "; a random problem has the same limit), got " +
                   std::to_string(r.json()[0].size()));
  };
  at_most(root.at("X"), "T", "d_model");
  if (auto wq = root.find("W_Q")) at_most(*wq, "d_model", "d_k");
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
  p.W_K = sized(wk, d, dk, "d_k, the number of columns of W_Q");
  Reader wv = root.at("W_V");
  if (wv.array_size() != static_cast<std::size_t>(d))
    wv.fail("expected " + std::to_string(d) + " rows (W_V is d_model × d_model), got " + std::to_string(wv.array_size()));
  p.W_V = sized(wv, d, d, "W_V is d_model × d_model, d_model the number of columns of X");
  Reader dz = root.at("dL_dZ");
  if (dz.array_size() != static_cast<std::size_t>(p.X.rows()))
    dz.fail("expected " + std::to_string(p.X.rows()) + " rows (T, like X), got " + std::to_string(dz.array_size()));
  p.dL_dZ = sized(dz, p.X.rows(), d, "d_model, the number of columns of X");
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

Eigen::VectorXd heaviest_entries(const Eigen::MatrixXd& A, const Eigen::MatrixXd& M) {
  // Column by column (Eigen's order); the first of equal weights.
  Eigen::VectorXd weight = A.col(0), out = M.col(0);
  for (Eigen::Index j = 1; j < A.cols(); ++j)
    for (Eigen::Index i = 0; i < A.rows(); ++i)
      if (A(i, j) > weight(i)) {
        weight(i) = A(i, j);
        out(i) = M(i, j);
      }
  return out;
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
  // Row-wise softmax: ∂L/∂S = A ⊙ (∂L/∂A − ((∂L/∂A ⊙ A) 1) 1ᵀ), the same for ∂L/∂A minus any constant
  // per row (the weights sum to 1). Taken relative to the row's heaviest entry, where A is nearly
  // one-hot the parenthesis is a sum of small differences instead of 1e6 − 1e6: exactly 0 for a
  // weight of exactly 1 (ex7_checks.cpp's rounding bounds rely on it).
  g.S = g.A.colwise() - heaviest_entries(f.A, g.A);
  Eigen::VectorXd row_dot = Eigen::VectorXd::Zero(f.A.rows());  // column by column, see row_softmax
  for (Eigen::Index j = 0; j < f.A.cols(); ++j) row_dot += g.S.col(j).cwiseProduct(f.A.col(j));
  g.S = (g.S.colwise() - row_dot).cwiseProduct(f.A);
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
    if (PX == p.X) ++e.unchanged;
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

  r.grad_rounding = backward_rounding(p, r.fwd, r.grad);
  r.checks = check_gradients(p, r, progress);
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
