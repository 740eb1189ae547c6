#pragma once
/// Numerical building blocks shared by the exercises: stable softmax, finite differences.
#include "hw6/gradcheck.hpp"  // Evaluation: a value with a bound on its rounding

#include <Eigen/Dense>

#include <functional>
#include <string>
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

/// max |A − B| / max(1, max |B|).
double scaled_max_error(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B);

/// Central differences whose step is chosen per entry, with their own error estimate: the checks
/// of Exercises 5 and 6. A fixed step fails both ways: 1e-5 is far too large where the function
/// varies on a scale of 1e-9 (a weight multiplying an input of 1e6; batch normalization with
/// σ² + ε = 1e-12) and below the spacing of the numbers at 1e15. For entry k the steps
/// s_i = 1e-5·max(1, |X_k|)·4⁻ⁱ, i = 0 … 15, are tried (those that move X_k at all); the truncation
/// error falls 16-fold per step (O(s²)) and the rounding error grows 4-fold (O(ε|f|/s)), so the
/// estimate that changed least from the previous step is taken, and that change is its uncertainty.
///
/// The quotient divides by the step really taken, fl(X_k + s) − fl(X_k − s), not by 2s. A function
/// that knows how far rounding can have moved its values (a running error bound of its evaluation,
/// as gradcheck.hpp's Evaluation carries) passes them as `rounding`: the two evaluations' bounds
/// over the step taken join the floor. Where the evaluation rounds an intermediate far larger than
/// the step moves it (b² added to W²a = 1e5, whose doubles are 1.5e-11 apart), this is the term that
/// accounts for the step being absorbed, which 8ε·max|f| cannot see.
struct Differences {
  Eigen::MatrixXd value;        ///< like central_differences (numeric_gradient: shaped like X)
  Eigen::MatrixXd uncertainty;  ///< |D(s*) − D(4s*)| per output and entry (same shape as value)
  /// What rounding alone can have done to the quotient at s*: 8ε·max|f(X)|/s*, plus (r₊ + r₋)/(step
  /// taken) for the evaluations' own bounds r±, plus 2u|D| for the quotient's subtraction and division.
  Eigen::MatrixXd floor;
};
/// Values of a vector function with a bound on the absolute rounding error of each (same sizes).
struct RoundedValues {
  Eigen::VectorXd value, rounding;
};
using RoundedFunction = std::function<RoundedValues(const Eigen::MatrixXd&)>;
/// f as a RoundedFunction whose values carry no rounding bound of their own (rounding 0): the
/// differences' floor and uncertainty are then all a check allows for.
RoundedFunction unrounded(std::function<Eigen::VectorXd(const Eigen::MatrixXd&)> f);
/// `max_step(k)`, when given, caps the steps of entry k: a function with a kink (relu) is linear on
/// either side, so steps that straddle the kink agree with each other on a wrong value and would
/// look settled; the caller that knows where the kink is keeps the steps on one side of it.
using StepCap = std::function<double(Eigen::Index)>;
Differences adaptive_differences(const std::function<Eigen::VectorXd(const Eigen::MatrixXd&)>& f, const Eigen::MatrixXd& X,
                                 const StepCap& max_step = {});
Differences adaptive_differences(const RoundedFunction& f, const Eigen::MatrixXd& X, const StepCap& max_step = {});
/// The smallest step adaptive_differences tries for an entry x, over 1e-5·max(1, |x|).
inline constexpr double kSmallestRelativeStep = 1.0 / 1073741824.0;  // 4⁻¹⁵
/// The smallest nonzero step adaptive_differences takes at an entry x (before any cap): the one
/// 1e-5·max(1, |x|)·4⁻¹⁵ rounds to where x's doubles are that fine, else the first larger step of
/// its ladder that moves x at all. What a check can learn is limited by what this step does.
double smallest_difference_step(double x);
/// The gradient of a scalar function, shaped like X.
Differences adaptive_gradient(const std::function<double(const Eigen::MatrixXd&)>& f, const Eigen::MatrixXd& X,
                              const StepCap& max_step = {});
/// The Jacobian J(i,j) ≈ ∂f_i/∂x_j.
Differences adaptive_jacobian(const std::function<Eigen::VectorXd(const Eigen::VectorXd&)>& f, const Eigen::VectorXd& x);
/// How far the claimed derivative A is from the differences beyond what they resolve, relative to
/// the derivative's size: max_k max(0, |A_k − D_k| − 2U_k − F_k) / max(max|A|, max|D|, max F), with
/// D, U, F the value, uncertainty and floor of `d`; 0 when everything is 0. Differences that did not
/// settle (U above 1e-3 of that scale) count as an error of U's size: the check then fails rather
/// than pass unmeasured. A wrong entry of relative size 1e-6 shows on any smooth function.
double difference_error(const Eigen::MatrixXd& A, const Differences& d);

/// A derivative check's error (difference_error's measure) and whether it can tell anything: the
/// allowance 2U + F at an entry (or along a direction) is what the differences cannot resolve there,
/// and where it reaches the size of the derivative itself, a derivative wrong by 100% passes as well
/// as the right one. `swamp` is the largest allowance over that size (the size: max |claimed|, or the
/// caller's `magnitude` of it where larger: the size of its terms before they cancel, so that a
/// derivative that is 0 by cancellation is still measured against what its terms are; at least the
/// smallest normal double, below which a derivative is 0 for this purpose). swamp ≥ 1: inconclusive.
struct DerivativeMeasure {
  double error = 0;      ///< as difference_error / derivative_check
  /// The error beyond the allowance alone (error without the rule that counts unsettled differences
  /// as an error): what a check that judges its own power (Exercise 6) fails on.
  double beyond = 0;
  double swamp = 0;      ///< max allowance / size over what was compared
  double allowance = 0;  ///< at the largest swamp: 2U + F
  double size = 0;       ///< and the size it was measured against
};
/// A derivative check that stays cheap for large inputs. J is the claimed derivative of f at X,
/// outputs × X.size() (column k: with respect to X's k-th entry, column-major; a gradient is a row).
/// With at most `exhaustive_up_to` entries every column is checked (adaptive_differences,
/// difference_error). Beyond that, as torch.autograd.gradcheck's fast mode does, `directions`
/// random directions D (N(0, 1) entries times max(1, max|X|)): J·vec(D) against the differences of
/// t ↦ f(X + tD), which a wrong J fails with probability 1; plus `entries` columns chosen at random.
/// Each is measured like difference_error, relative to the size of what it compares. `entry_cap`
/// caps the steps of an entry, `direction_cap` those along a direction (see StepCap).
struct DerivativeCheckPlan {
  std::size_t exhaustive_up_to = 256;
  int directions = 3, entries = 32;
  unsigned seed = 20261129;
};
double derivative_check(const std::function<Eigen::VectorXd(const Eigen::MatrixXd&)>& f, const Eigen::MatrixXd& X, const Eigen::MatrixXd& J,
                        const StepCap& entry_cap = {}, const std::function<double(const Eigen::MatrixXd&)>& direction_cap = {},
                        const DerivativeCheckPlan& plan = {});
/// derivative_check for a function whose values carry rounding bounds, with the measure of what
/// the check can resolve. `magnitude` (J's shape, or empty) is the size of J's terms (see DerivativeMeasure).
DerivativeMeasure measure_derivative(const RoundedFunction& f, const Eigen::MatrixXd& X, const Eigen::MatrixXd& J,
                                     const Eigen::MatrixXd& magnitude = {}, const StepCap& entry_cap = {},
                                     const std::function<double(const Eigen::MatrixXd&)>& direction_cap = {},
                                     const DerivativeCheckPlan& plan = {});
/// The same for a scalar f with claimed gradient G and `magnitude` (both shaped like X; magnitude may be empty).
DerivativeMeasure measure_gradient(const std::function<Evaluation(const Eigen::MatrixXd&)>& f, const Eigen::MatrixXd& X,
                                   const Eigen::MatrixXd& G, const Eigen::MatrixXd& magnitude = {}, const StepCap& entry_cap = {},
                                   const std::function<double(const Eigen::MatrixXd&)>& direction_cap = {},
                                   const DerivativeCheckPlan& plan = {});
/// "" when an input of n entries is checked entry by entry, else what derivative_check samples:
/// " (3 random directions and 32 of 40,000 entries)".
std::string derivative_check_coverage(std::size_t n, const DerivativeCheckPlan& plan = {});
/// The same for a scalar f with claimed gradient G (shaped like X).
double gradient_check(const std::function<double(const Eigen::MatrixXd&)>& f, const Eigen::MatrixXd& X, const Eigen::MatrixXd& G,
                      const StepCap& entry_cap = {}, const std::function<double(const Eigen::MatrixXd&)>& direction_cap = {},
                      const DerivativeCheckPlan& plan = {});

/// What difference_error measures, for a check's detail line.
inline constexpr const char* kDifferenceDetail = "relative error beyond the differences' own uncertainty";

/// Golden-section search (Kiefer 1953) for a minimizer of f, unimodal on [a, b]: the bracket
/// shrinks by 0.618 per step until it is below rel_tol·max(1, |a|), for at most 200 steps, or
/// until f is not finite at a trial point. Returns the final bracket [a, b]; its midpoint is the
/// estimate. The one definition used by Exercise 2's numerical infima and its closed-form q*.
std::pair<double, double> golden_section_min(const std::function<double(double)>& f, double a, double b, double rel_tol);

}  // namespace hw6
