#pragma once
/// Exercise 7: single-head self-attention with a residual connection, Z = X + softmax(QKᵀ/√d_k)V
/// with Q = XW_Q, K = XW_K, V = XW_V: forward pass, backpropagation to every intermediate, the
/// parameters and the input, and permutation equivariance.
#include "hw6/context.hpp"
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
Forward forward(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W_Q, const Eigen::MatrixXd& W_K, const Eigen::MatrixXd& W_V);
Gradients backward(const Eigen::MatrixXd& X, const Eigen::MatrixXd& W_Q, const Eigen::MatrixXd& W_K, const Eigen::MatrixXd& W_V,
                   const Forward& f, const Eigen::MatrixXd& dL_dZ);

/// A gradient compared with central differences of L on some entries (all of them for small
/// matrices), with the worst entry.
struct GradientCheck {
  std::string name;
  double max_error = 0;  ///< scaled: |analytic − numeric| / max(1, max |analytic|)
  Eigen::Index worst_row = 0, worst_col = 0;
  std::size_t entries_checked = 0, entries_total = 0;
};

struct Equivariance {
  std::size_t permutations = 0;
  bool all_permutations = false;
  double max_error = 0;
};

struct Result {
  Forward fwd;
  Gradients grad;
  std::vector<GradientCheck> checks;
  Equivariance equivariance;
};

Result solve(const Problem& p);
/// max |SA_res(PX) − P·SA_res(X)| over all permutations when T ≤ max_all, else over some.
Equivariance check_equivariance(const Problem& p, int max_all = 6);

Report report(const Problem& p, const Result& r);
/// Parses, solves and reports; `ctx` gives the folder for relative data paths and a progress sink.
Report run(const Json& problem_json, const RunContext& ctx = {});

}  // namespace hw6::ex7
