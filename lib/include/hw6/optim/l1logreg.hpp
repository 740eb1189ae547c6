#pragma once
/// ℓ1-regularized logistic regression with an unpenalized intercept, homework problem (4):
///   min_{β, c} (1/m) Σ_i ln(1 + exp(−⟨β, x̄_i⟩ − b_i c)) + λ‖β‖₁,   x̄_i = b_i x_i.
/// newGLMNET (Yuan, Ho & Lin, JMLR 13, 2012): outer Newton iterations whose quadratic model is
/// minimized by coordinate descent over the nonzero and violating coordinates, then an Armijo
/// step; until the KKT residual is below the tolerance.
#include <Eigen/Dense>

#include <vector>

namespace hw6::optim {

struct L1LogRegSolution {
  Eigen::VectorXd beta;
  double c = 0;
  double objective = 0;     ///< value of (4)
  double kkt_residual = 0;  ///< max over coordinates of the subgradient violation, and |∂/∂c|
  int iterations = 0;       ///< outer (Newton) iterations
  bool converged = false;
};

/// Xbar = diag(b) X (m × p). `warm` may give a starting point (β, c) of the right size.
L1LogRegSolution l1_logreg(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, double lambda, double tol = 1e-10,
                           int max_inner_sweeps = 100000, const L1LogRegSolution* warm = nullptr,
                           const std::vector<bool>* only = nullptr);

/// The value of (4) and its KKT residual at (β, c).
double l1_logreg_objective(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, double lambda, const Eigen::VectorXd& beta, double c);
double l1_logreg_kkt(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, double lambda, const Eigen::VectorXd& beta, double c);

/// θ_i = σ(−⟨β, x̄_i⟩ − b_i c): the dual point of (5) that the KKT conditions pair with (β, c).
Eigen::VectorXd l1_logreg_theta(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, const Eigen::VectorXd& beta, double c);
/// The dual objective of (5) in max-form: (1/m) Σ −θ_i ln θ_i − (1 − θ_i) ln(1 − θ_i).
double l1_logreg_dual(const Eigen::VectorXd& theta);
/// λ_max = (1/m) ‖X̄ᵀθ₀‖_∞ with θ₀ the dual point at β = 0, c = ln(m₊/m₋).
double l1_logreg_lambda_max(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b);

struct PathStats {
  std::size_t kept_total = 0, features_total = 0;  ///< features solved over, summed along the path
  std::size_t kkt_rechecks = 0, violations = 0;
};

/// Solutions along decreasing `lambdas`, warm-started. With `screening`, the sequential strong rule
/// discards features before each solve and the KKT conditions of the discarded ones are verified
/// afterwards (violators are put back), so the solutions are exact either way.
std::vector<L1LogRegSolution> l1_logreg_path(const Eigen::MatrixXd& Xbar, const Eigen::VectorXd& b, const std::vector<double>& lambdas,
                                             bool screening, double tol = 1e-10, PathStats* stats = nullptr);

}  // namespace hw6::optim
