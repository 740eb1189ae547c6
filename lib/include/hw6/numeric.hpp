#pragma once
/// Numerical building blocks shared by the exercises: stable softmax, finite differences.
#include <Eigen/Dense>

#include <functional>
#include <utility>

namespace hw6 {

/// log Σ exp(x_k), computed as c + log Σ exp(x_k − c) with c = max x, so it never overflows.
double log_sum_exp(const Eigen::VectorXd& x);
/// softmax(x) = exp(x − c) / Σ exp(x_k − c), c = max x (homework Ex. 5.1(b)).
Eigen::VectorXd softmax(const Eigen::VectorXd& x);
/// log softmax(x)_i = x_i − log Σ exp(x_k), finite for every finite x.
Eigen::VectorXd log_softmax(const Eigen::VectorXd& x);
/// The textbook formula exp(x_i) / Σ exp(x_k) without the shift: overflows for x_i > 709.78.
Eigen::VectorXd softmax_naive(const Eigen::VectorXd& x);

/// The one definition of central differences in hw6 (used by Exercises 5 and 6): column k of the
/// result is (f(X + s E_k) − f(X − s E_k)) / 2s for the k-th entry of X in Eigen's column-major
/// order. The step s is h, absolute (the functions here are not scale-free in their inputs:
/// softmax is shift-invariant), adjusted so that X_k ± s is exact and the quotient divides by the
/// step really taken. Truncation error O(s² f'''), rounding O(ε f / s): with h = 1e-5 about 1e-10.
Eigen::MatrixXd central_differences(const std::function<Eigen::VectorXd(const Eigen::MatrixXd&)>& f,
                                    const Eigen::MatrixXd& X, double h = 1e-5);

/// The gradient of a scalar function of a matrix, by central_differences: G(i,j) ≈ ∂f/∂X(i,j).
Eigen::MatrixXd numeric_gradient(const std::function<double(const Eigen::MatrixXd&)>& f,
                                 const Eigen::MatrixXd& X, double h = 1e-5);
/// The Jacobian of a vector function, by central_differences: J(i,j) ≈ ∂f_i/∂x_j.
Eigen::MatrixXd numeric_jacobian(const std::function<Eigen::VectorXd(const Eigen::VectorXd&)>& f,
                                 const Eigen::VectorXd& x, double h = 1e-5);

/// max |A − B| / max(1, max |B|): the error measure of our finite-difference checks.
double scaled_max_error(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B);

/// Golden-section search (Kiefer 1953) for a minimizer of f, unimodal on [a, b]: the bracket
/// shrinks by 0.618 per step until it is below rel_tol·max(1, |a|), for at most 200 steps, or
/// until f is not finite at a trial point. Returns the final bracket [a, b]; its midpoint is the
/// estimate. The one definition used by Exercise 2's numerical infima and its closed-form q*.
std::pair<double, double> golden_section_min(const std::function<double(double)>& f, double a, double b, double rel_tol);

}  // namespace hw6
