#pragma once
/// Numerical building blocks shared by the exercises: stable softmax, finite differences.
#include <Eigen/Dense>

#include <functional>

namespace hw6 {

/// log Σ exp(x_k), computed as c + log Σ exp(x_k − c) with c = max x, so it never overflows.
double log_sum_exp(const Eigen::VectorXd& x);
/// softmax(x) = exp(x − c) / Σ exp(x_k − c), c = max x (homework Ex. 5.1(b)).
Eigen::VectorXd softmax(const Eigen::VectorXd& x);
/// log softmax(x)_i = x_i − log Σ exp(x_k), finite for every finite x.
Eigen::VectorXd log_softmax(const Eigen::VectorXd& x);
/// The textbook formula exp(x_i) / Σ exp(x_k) without the shift: overflows for x_i > 709.78.
Eigen::VectorXd softmax_naive(const Eigen::VectorXd& x);

/// Central differences of a scalar function of a matrix: G(i,j) ≈ (f(X+hE_ij) − f(X−hE_ij)) / 2h.
/// The step is absolute (the functions here are not scale-free in their inputs: softmax is
/// shift-invariant) and adjusted so that X(i,j) ± step is exact.
Eigen::MatrixXd numeric_gradient(const std::function<double(const Eigen::MatrixXd&)>& f,
                                 const Eigen::MatrixXd& X, double h = 1e-5);
/// Central differences of a vector function: J(i,j) ≈ ∂f_i/∂x_j.
Eigen::MatrixXd numeric_jacobian(const std::function<Eigen::VectorXd(const Eigen::VectorXd&)>& f,
                                 const Eigen::VectorXd& x, double h = 1e-5);

/// max |A − B| / max(1, max |B|): the error measure of our finite-difference checks.
double scaled_max_error(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B);

}  // namespace hw6
