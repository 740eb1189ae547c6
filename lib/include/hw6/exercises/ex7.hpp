#pragma once
/// Exercise 7: single-head self-attention with a residual connection, Z = X + softmax(QKᵀ/√d_k)V
/// with Q = XW_Q, K = XW_K, V = XW_V: forward pass, backpropagation to every intermediate, the
/// parameters and the input, and permutation equivariance.
#include "hw6/context.hpp"
#include "hw6/gradcheck.hpp"
#include "hw6/json_io.hpp"
#include "hw6/report.hpp"

#include <Eigen/Dense>

#include <cstdint>
#include <string>
#include <vector>

namespace hw6::ex7 {

struct Problem {
  Eigen::MatrixXd X;      ///< T × d_model
  Eigen::MatrixXd W_Q;    ///< d_model × d_k
  Eigen::MatrixXd W_K;    ///< d_model × d_k
  Eigen::MatrixXd W_V;    ///< d_model × d_model
  Eigen::MatrixXd dL_dZ;  ///< T × d_model
  bool random = false;    ///< generated from {"random": {...}}
  std::uint32_t seed = 0;
  double scale = 1;       ///< the random X's standard deviation ({"random": {"scale"}})
};

/// Either explicit matrices, or {"random": {"T", "d_model", "d_k", "seed"?, "scale"?}}.
Problem parse(const Json& j);

struct Forward {
  Eigen::MatrixXd Q, K, V, S, A, Y, Z;
};

struct Gradients {
  Eigen::MatrixXd Y, A, V, S, Q, K, W_Q, W_K, W_V, X;
  Eigen::MatrixXd X_residual, X_via_Q, X_via_K, X_via_V;  ///< the four paths that sum to ∂L/∂X
};

/// Row-wise softmax, each row shifted by its maximum.
Eigen::MatrixXd row_softmax(const Eigen::MatrixXd& S);
/// M_{i r_i} for each row i, r_i the column of row i's largest weight A_ij (the first of equals).
Eigen::VectorXd heaviest_entries(const Eigen::MatrixXd& A, const Eigen::MatrixXd& M);
Forward forward(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W_Q, const Eigen::MatrixXd& W_K, const Eigen::MatrixXd& W_V);
Gradients backward(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W_Q, const Eigen::MatrixXd& W_K, const Eigen::MatrixXd& W_V,
                   const Forward& f, const Eigen::MatrixXd& dL_dZ);

/// L = ⟨∂L/∂Z, Z⟩ (whose gradient at Z is the given ∂L/∂Z) as a function of one matrix, every
/// matrix upstream of it held at its forward-pass value: what each gradient is checked against.
enum class Wrt { Y, A, V, S, Q, K, W_Q, W_K, W_V, X };
/// "Y", "A", ..., "W_Q", ...
const char* wrt_name(Wrt w);
/// L with the matrix `w` replaced by `M`, by recomputing what depends on it (a full forward pass
/// for W_Q, W_K, W_V and X).
double loss_with(const Problem& p, const Forward& f, Wrt w, const Eigen::MatrixXd& M);

/// L at (the matrix `w`) + t·u vᵀ by low-rank updates, O(T²) per evaluation instead of the
/// O(T²·d_model) of a forward pass: with M = ∂L/∂Z Vᵀ (computed once), L = ⟨∂L/∂Z, X⟩ + ⟨A, M⟩ when
/// Y = AV; a rank-one change of Q, K, W_Q, W_K or X changes S by rank ≤ 3 and V by rank one, so
/// ⟨A', ∂L/∂Z V'ᵀ⟩ = Σ_ij A'_ij (M_ij + r_i w_j) needs one pass of row-wise softmax over S + PRᵀ.
/// The finite differences use change(), which never forms L itself (ex7_checks.cpp).
class LossAlong {
 public:
  LossAlong(const Problem& p, const Forward& f);
  /// L(M + t u vᵀ) − L(M), M the matrix `w`, summed so that no large constant cancels, with a
  /// bound on its rounding error.
  Evaluation change(Wrt w, const Eigen::VectorXd& u, const Eigen::VectorXd& v, double t) const;
  /// L(M + t u vᵀ) itself.
  double operator()(Wrt w, const Eigen::VectorXd& u, const Eigen::VectorXd& v, double t) const;
  /// The central differences' step along u vᵀ: the one that moves the scores S by about 1e-5 at
  /// most (t = 1 where S does not move: L is then affine in t).
  double step(Wrt w, const Eigen::VectorXd& u, const Eigen::VectorXd& v) const;

 private:
  Evaluation softmax_change(const Eigen::MatrixXd& P, const Eigen::MatrixXd& R, const Eigen::VectorXd& r,
                            const Eigen::VectorXd& w) const;
  const Problem& p_;
  const Forward& f_;
  Eigen::ArrayXd row_max_;  ///< the row maxima of S
  Eigen::MatrixXd M_;   ///< ∂L/∂Z Vᵀ with each row shifted by its A-weighted mean (see ex7_checks.cpp)
  double base_ = 0;     ///< L at the forward pass, ⟨∂L/∂Z, Z⟩
  double scale_ = 0;    ///< 1/√d_k
};

/// Rounding levels, entry by entry, of the forward pass's and the backward pass's matrices: how
/// far rounding can have moved each entry (ex7_checks.cpp). An entry below its level is
/// indistinguishable from 0.
Forward forward_rounding(const Problem& p, const Forward& f);
Gradients backward_rounding(const Problem& p, const Forward& f, const Gradients& g);

/// A gradient compared with central differences of L: every entry of a small matrix; of a large
/// one, random rank-one directions and sampled entries (gradcheck.hpp). `through_forward`: along
/// a dense random direction through forward() itself, not the low-rank evaluation.
struct GradientCheck {
  std::string name;
  bool through_forward = false;
  GradCheckResult fd;
};

/// The tolerance of the finite-difference checks (gradcheck.hpp's scaled error): the step keeps
/// the Taylor remainder near 1e-10 of the scale, ten thousand times below it.
constexpr double kFiniteDifferenceTolerance = 1e-6;

struct Equivariance {
  std::size_t permutations = 0;
  bool all_permutations = false;
  std::size_t unchanged = 0;  ///< how many of them leave X as it is (PX = X: they only swap equal tokens)
  double max_error = 0;
};

struct Result {
  Forward fwd;
  Gradients grad;
  Gradients grad_rounding;  ///< backward_rounding(): the finite-difference checks' floor and the display's zero
  std::vector<GradientCheck> checks;
  Equivariance equivariance;
};

/// The forward and backward passes and their checks; `progress` hears about the checks.
Result solve(const Problem& p, Progress& progress = silent_progress());
/// The finite-difference checks of every gradient in `r` (r.grad_rounding filled first).
std::vector<GradientCheck> check_gradients(const Problem& p, const Result& r, Progress& progress = silent_progress());
/// max |SA_res(PX) − P·SA_res(X)| over all permutations when T ≤ max_all, else over the reversal,
/// a cyclic shift and `random_count` random permutations. `Z` = SA_res(X), from the forward pass.
Equivariance check_equivariance(const Problem& p, const Eigen::MatrixXd& Z, int max_all = 6, int random_count = 1);

/// The explanation and the JSON results; the large matrices move into the report (Report::defer_matrix).
Report report(const Problem& p, Result r);
/// Parses, solves and reports; `ctx` gives the folder for relative data paths and a progress sink.
Report run(const Json& problem_json, const RunContext& ctx = {});

}  // namespace hw6::ex7
