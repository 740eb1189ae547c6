#pragma once
/// Gradient checks that cost a few function evaluations, not two per entry: the idea of
/// torch.autograd.gradcheck's fast mode (PyTorch docs, "Fast Gradcheck and Gradgradcheck";
/// fast_mode=True compares vᵀJu for random u, v with its central-difference estimate). For a scalar
/// L of a matrix M with claimed gradient G, along the rank-one direction D = u vᵀ:
///
///     (L(M + tD) − L(M − tD)) / 2t  ≈  ⟨G, D⟩ = uᵀ G v      (error O(t²) plus rounding/t),
///
/// and a wrong G (G − ∇L = E ≠ 0) shows with probability 1 for u, v with independent N(0, 1)
/// entries, since uᵀEv is then a nonzero polynomial in (u, v). Rank-one directions let a caller
/// evaluate L(M + t u vᵀ) by a low-rank update instead of a full recomputation. A few entries
/// (u = e_i, v = e_j) are checked besides, and every entry of a small matrix.
///
/// Scale. The error is relative to the gradient's own size (max |G| for entries, ‖G‖_F for
/// directions: uᵀGv is of the order of ‖G‖_F for N(0, 1) vectors) plus R/tolerance, R the rounding
/// level: the largest bound on |quotient − exact derivative| that rounding alone explains (the
/// caller's bounds on its evaluations of L, divided by the step, and on G's own entries). So a
/// check passes when |quotient − uᵀGv| ≤ tolerance·‖G‖ + R: relative where the arithmetic can
/// resolve it, and never failing a right gradient whose size is below what double precision
/// resolves (an exactly zero gradient against exactly zero differences has error 0).
#include <Eigen/Dense>

#include <cstddef>
#include <cstdint>
#include <functional>

namespace hw6 {

/// One evaluation of L: its value (L itself, or L minus a constant, which gives the same
/// differences with less cancellation) and a bound on the absolute rounding error of that value.
struct Evaluation {
  double value = 0;
  double rounding = 0;
};

/// The rounding level of a computation that chains n roundings (a sum of n terms, a product with
/// inner dimension n, ...), relative to the same computation on absolute values: λ√n·u with u =
/// 2⁻⁵³ and λ = 6. This is the probabilistic bound of Higham & Mary, "A New Approach to
/// Probabilistic Rounding Error Analysis" (SIAM J. Sci. Comput. 41(5), 2019): with rounding errors
/// independent and of mean zero, |error| ≤ λ√n·u·(sum of absolute values) fails with probability
/// below 2n·exp(−λ²/2) (about 3e-8·n at λ = 6). The worst-case bound n·u is reached only when
/// every rounding errs the same way; with n in the thousands it would bury the checks' signal.
double rounding_level(double n);

/// L evaluated at M + t·u vᵀ (u has M.rows() entries, v has M.cols()).
using RankOneLoss = std::function<Evaluation(const Eigen::VectorXd& u, const Eigen::VectorXd& v, double t)>;
/// The step t to take along u vᵀ.
using StepRule = std::function<double(const Eigen::VectorXd& u, const Eigen::VectorXd& v)>;

struct GradCheckOptions {
  int directions = 3;                  ///< random rank-one directions u vᵀ, u and v with N(0, 1) entries
  int entries = 3;                     ///< plus this many entries chosen at random
  std::size_t exhaustive_up_to = 64;   ///< matrices with at most this many entries: every entry, no directions
  std::uint32_t seed = 12345;          ///< the directions and entries are the same on every run
  double tolerance = 1e-6;             ///< the largest scaled error that passes
  StepRule step;                       ///< the step along each direction; empty: t = 1e-5 for all
  /// Bounds on the absolute rounding errors of G's entries (G's shape), or null for none: they
  /// enter R as |u|ᵀ B |v|.
  const Eigen::MatrixXd* G_rounding = nullptr;
};

struct GradCheckResult {
  bool passed = false;         ///< every quotient finite and max_error ≤ tolerance
  bool finite = true;          ///< false when some L(M ± tD) or its quotient was inf or NaN
  double max_error = 0;        ///< the larger of the two errors below (over the finite quotients)
  double direction_error = 0;  ///< max over directions |quotient − uᵀGv| / direction_scale
  double entry_error = 0;      ///< max over entries |quotient − G_ij| / entry_scale
  double direction_scale = 0;  ///< ‖G‖_F + direction_rounding / tolerance
  double entry_scale = 0;      ///< max |G| + entry_rounding / tolerance
  double direction_rounding = 0, entry_rounding = 0;  ///< R: the largest rounding bound over the directions / entries
  std::size_t directions = 0, entries_checked = 0, entries_total = 0;
  Eigen::Index worst_row = -1, worst_col = -1;        ///< the worst entry checked (-1 when none was)
  Eigen::Index nonfinite_row = -1, nonfinite_col = -1;  ///< the first entry whose quotient was not finite (-1: none, or a direction)
  double nonfinite_step = 0;   ///< the step t at which it was not finite
};

/// Checks G, the claimed gradient of L at M (of G's shape), by central differences along random
/// rank-one directions and at entries.
GradCheckResult gradcheck(const RankOneLoss& L, const Eigen::MatrixXd& G, const GradCheckOptions& options = {});

/// The same for an L that takes the whole matrix: L(M + t u vᵀ) is formed and evaluated; the
/// rounding of forming it (one rounding an entry, independent: λ·u·‖G ⊙ M‖_F in L) is added to
/// the Evaluation's own bound.
GradCheckResult gradcheck(const std::function<Evaluation(const Eigen::MatrixXd&)>& L, const Eigen::MatrixXd& M,
                          const Eigen::MatrixXd& G, const GradCheckOptions& options = {});

}  // namespace hw6
