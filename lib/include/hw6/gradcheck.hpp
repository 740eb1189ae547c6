#pragma once
/// Gradient checks that cost a few function evaluations, not two per entry: the idea of
/// torch.autograd.gradcheck's fast mode (PyTorch docs, "Fast Gradcheck and Gradgradcheck";
/// fast_mode=True compares vᵀJu for random u, v with its central-difference estimate). For a scalar
/// L of a matrix M with claimed gradient G, along the rank-one direction D = u vᵀ:
///
///     (L(M + hD) − L(M − hD)) / 2h  ≈  ⟨G, D⟩ = uᵀ G v      (error O(h²) plus round-off/h),
///
/// and a wrong G (G − ∇L = E ≠ 0) shows with probability 1 for u, v with independent N(0, 1)
/// entries, since uᵀEv is then a nonzero polynomial in (u, v). Rank-one directions let a caller
/// evaluate L(M + t u vᵀ) by a low-rank update instead of a full recomputation. A few entries
/// (u = e_i, v = e_j) are checked besides, and every entry of a small matrix.
#include <Eigen/Dense>

#include <cstddef>
#include <cstdint>
#include <functional>

namespace hw6 {

/// L evaluated at M + t·u vᵀ (u has M.rows() entries, v has M.cols()).
using RankOneLoss = std::function<double(const Eigen::VectorXd& u, const Eigen::VectorXd& v, double t)>;

struct GradCheckOptions {
  int directions = 3;                  ///< random rank-one directions u vᵀ, u and v with N(0, 1) entries
  int entries = 3;                     ///< plus this many entries chosen at random
  std::size_t exhaustive_up_to = 64;   ///< matrices with at most this many entries: every entry, no directions
  double h = 1e-5;                     ///< the step t
  std::uint32_t seed = 12345;          ///< the directions and entries are the same on every run
};

struct GradCheckResult {
  double max_error = 0;        ///< the larger of the two errors below
  double direction_error = 0;  ///< max over directions |difference quotient − uᵀGv| / max(1, ‖G‖_F)
  double entry_error = 0;      ///< max over entries |difference quotient − G_ij| / max(1, max |G|)
  std::size_t directions = 0, entries_checked = 0, entries_total = 0;
  Eigen::Index worst_row = -1, worst_col = -1;  ///< the worst entry checked (-1 when none was)
};

/// Checks G, the claimed gradient of L at M (of G's shape), by central differences along random
/// rank-one directions and at entries. The error scales make both measures relative to G's size:
/// uᵀGv is of the order of ‖G‖_F for N(0, 1) vectors, an entry of the order of max |G|.
GradCheckResult gradcheck(const RankOneLoss& L, const Eigen::MatrixXd& G, const GradCheckOptions& options = {});

/// The same for an L that takes the whole matrix: L(M + t u vᵀ) is formed and evaluated.
GradCheckResult gradcheck(const std::function<double(const Eigen::MatrixXd&)>& L, const Eigen::MatrixXd& M,
                          const Eigen::MatrixXd& G, const GradCheckOptions& options = {});

}  // namespace hw6
