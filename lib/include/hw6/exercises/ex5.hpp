#pragma once
/// Exercise 5: softmax and log-softmax (value, Jacobian, stability, concavity) and the
/// 3-4-3 network of Figure 2 (forward pass, cross-entropy, backpropagation, updates).
#include "hw6/context.hpp"
#include "hw6/json_io.hpp"
#include "hw6/numeric.hpp"
#include "hw6/report.hpp"

#include <Eigen/Dense>

#include <string>
#include <vector>

namespace hw6::ex5 {

enum class Activation { Sigmoid, Relu };
std::string activation_name(Activation a);

/// The initializations compared in 3(d).
enum class Init { Zero, Given, Random };
/// "zero", "given", "random": the JSON key under network.<activation>.training.
std::string init_name(Init i);
/// The standard deviation of the random initialization's weights (N(0, σ²) entries, biases 0).
inline constexpr double kRandomInitStddev = 0.5;

/// Every tolerance of Exercise 5, named once.
struct Tolerances {
  /// Central differences with the step chosen per entry (numeric.hpp, adaptive_differences): the
  /// error beyond their own uncertainty, relative to the derivative's size.
  double finite_difference = 1e-6;
  double sums_to_one = 1e-12;     ///< |Σ softmax − 1|
  double shift_identity = 1e-14;  ///< max |f(x) − f(x − max x·1)| (both computed with the max shift)
  double eigenvalue_sign = 1e-12; ///< a Hessian eigenvalue ≤ this counts as ≤ 0
  /// Two hidden units (or two rows of W²) are identical, ∂L/∂a is zero, the outputs are equal:
  /// differences at most this times max(1, the entries' scale). Round-off of O(1) values is ~1e-16.
  double same = 1e-12;
  double target_sum = 1e-9;  ///< the target must sum to 1 (an input check)
  /// The second smallest difference step on W¹(j,k) or b¹(j), 1e-5·4⁻¹⁴·max(1, |W¹(j,k)|)
  /// (numeric.hpp), moves z_j by up to that times max(1, |x_k|); the steps are capped at half the
  /// distance to the kink, so within twice that no two steps are left.
  double kink_reach = 2e-5 * 4 / 1073741824.0;
  /// The largest move of a logit (or, with sigmoid, of a pre-activation) that the smallest
  /// difference step may make for a 3(b) check to be conclusive. Central differences are off by
  /// about m²/6 times the third derivative over the first, m the move per step; the softmax's and
  /// the sigmoid's derivatives are of order 1 in their inputs, so m = 1e-3 leaves ~1e-7 of the
  /// derivative, below finite_difference. Above it no step the differences can take is small
  /// enough (W² = 1e100: the smallest step on W¹ moves the logits by 1e86, the softmax saturates).
  double logit_move = 1e-3;
};
inline constexpr Tolerances kTolerances{};

/// The largest softmax input parse() accepts. Each input's n×n Jacobians and the eigenvalues of its
/// Hessian take O(n²) memory and O(n³) time: 1,000 entries take 0.8 s and 140 MB, 2,000 took 8.5 s
/// and 540 MB, and 20,000 would take hours and 10 GB (the machine's memory, or an OOM kill).
inline constexpr Eigen::Index kMaxSoftmaxEntries = 1000;

struct NetworkProblem {
  Eigen::VectorXd x;       ///< input x₀
  Eigen::VectorXd target;  ///< ground truth q (a probability vector, usually one-hot)
  Eigen::MatrixXd W1;      ///< hidden × input
  Eigen::MatrixXd W2;      ///< output × hidden
  Eigen::VectorXd b1, b2;  ///< zero when the problem gives none (the homework has no biases)
  std::vector<Activation> activations;
  double learning_rate = 0.1;
  int training_steps = 50;  ///< length of the 3(d) training runs
  unsigned seed = 1;        ///< for the small random initialization compared in 3(d)
};

struct Problem {
  std::vector<Eigen::VectorXd> softmax_inputs;
  NetworkProblem network;
};

/// Validates and reads the problem file (errors name the JSON Pointer).
Problem parse(const Json& j);

struct SoftmaxResult {
  Eigen::VectorXd x, value, log_softmax;
  /// J(i,j) = ∂f_i/∂x_j = f_i(δ_ij − f_j), the diagonal as f_i·Σ_{k≠i} f_k where f_i > ½ (no cancellation)
  Eigen::MatrixXd jacobian;
  Eigen::MatrixXd log_softmax_jacobian;  ///< δ_ij − f_j
  Eigen::VectorXd hessian_eigenvalues;   ///< of ∇² log f_i = −(diag f − f fᵀ), the same for every i
  /// How far rounding can have moved each entry of `jacobian` (f is computed to a relative
  /// ρ = λ√(n+4)·u, gradcheck.hpp's rounding_level, and every entry to 3ρ), and the eigenvalues
  /// (‖that‖_F bounds their move, Weyl): entries within them are displayed as 0.
  Eigen::MatrixXd jacobian_level;
  Eigen::MatrixXd log_softmax_jacobian_level;  ///< δ_ij − f_j, relative 2ρ
  double eigenvalue_level = 0;
  Eigen::VectorXd naive_value;           ///< exp(x_i)/Σexp(x_k) without the shift
  bool naive_finite = true;
  /// How the naive formula fails on x: "" when it gives the stable result (to 1e-12 of its largest
  /// entry); "overflow" (some exp(x_i) is inf: inf/inf = NaN), "sum_overflow" (every exp is finite
  /// but their sum is inf: every entry 0), "underflow" (every exp is 0: 0/0 = NaN), "subnormal"
  /// (the exps are below DBL_MIN and the ratios lost digits).
  std::string naive_failure;
  double naive_error = 0;  ///< then max |naive − stable| (when both are finite)
  Eigen::VectorXd log_of_softmax;  ///< log(softmax(x)): −inf where softmax underflowed to 0
  double fd_jacobian_error = 0, fd_log_jacobian_error = 0, fd_hessian_error = 0, shift_error = 0;
  /// What each of the three derivative checks can resolve (DerivativeMeasure): where the allowance
  /// is beyond kConclusiveResolution of the derivative's size, a pass is inconclusive. At x = (0, −30)
  /// the Jacobian's entries are about 9e-14, and differences of values near 1 resolve nothing below
  /// about 1e-10: the check would pass a Jacobian with the wrong sign.
  DerivativeMeasure fd_jacobian, fd_log_jacobian, fd_hessian;
};

SoftmaxResult analyze_softmax(const Eigen::VectorXd& x);

struct Params {
  Eigen::MatrixXd W1, W2;
  Eigen::VectorXd b1, b2;
};

struct Forward {
  Eigen::VectorXd z, a, y, p;  ///< z = W1x+b1, a = σ(z), y = W2a+b2, p = softmax(y)
  double loss = 0;             ///< −Σ q_i log p_i, computed with log-softmax
};

struct Gradients {
  Eigen::VectorXd delta2;  ///< ∂L/∂y = p − q
  Eigen::VectorXd dL_da;   ///< W2ᵀ δ2
  Eigen::VectorXd delta1;  ///< ∂L/∂z = (W2ᵀ δ2) ⊙ σ'(z)
  Eigen::MatrixXd W1, W2;
  Eigen::VectorXd b1, b2;
};

Forward forward(const Params& w, const Eigen::VectorXd& x, const Eigen::VectorXd& q, Activation act);
/// Backpropagation (homework 3(b)/(c)); relu'(0) is taken as 0.
Gradients backward(const Params& w, const Eigen::VectorXd& x, const Eigen::VectorXd& q, Activation act,
                   const Forward& f);

/// A gradient-descent run, recording how far apart the hidden units are.
struct TrainingRun {
  Init init = Init::Zero;
  std::vector<double> loss;       ///< before each step, and after the last
  double hidden_unit_spread = 0;  ///< max over steps of max_{j,j'} difference of unit j and j' parameters
  Params final_params;
  bool weights_stayed_zero = false;  ///< W¹ and W² are 0 at every step (relu from zero)
  bool loss_fell = false;            ///< final loss < initial loss, by more than round-off (kTolerances.same)
  /// The step after which a weight or the loss was no longer finite (a learning rate far too
  /// large): training stopped there and `loss` ends with the last finite value. 0 when it did not.
  int diverged_at = 0;
};

TrainingRun train(const Params& start, Init init, const NetworkProblem& p, Activation act);

/// Facts about the problem's network that decide which sentences the explanation prints.
struct NetworkFacts {
  Eigen::Index inputs = 0, hidden = 0, outputs = 0;  ///< W¹ is hidden×inputs, W² outputs×hidden
  bool has_biases = false;   ///< some b¹ or b² entry is nonzero
  bool is_homework = false;  ///< exactly the homework's 3-4-3 data (x₀ = 1, q = e₃, W¹ = 1, W² = 0.5, no biases)
  /// Groups (of two or more, 0-based, ascending) of hidden units with identical parameters in the
  /// given initialization: equal rows of W¹, entries of b¹ and columns of W².
  std::vector<std::vector<Eigen::Index>> identical_units;
  bool all_units_identical = false;  ///< hidden ≥ 2 and one group holds every unit
  bool W2_rows_equal = false;        ///< every row of W² is the same vector (then W²ᵀ(p − q) = 0)
  /// Every q_i is the same (1/k; one output included): from all-zero parameters p = softmax(0) = q
  /// already, so no parameter ever moves.
  bool target_uniform = false;
};
NetworkFacts network_facts(const NetworkProblem& n);

/// A bound on |computed loss − exact loss at the same weights| for forward(w, x, q, act): a running
/// error bound of the forward pass (ex5.cpp). `logit_bound`, when given, receives max_i of the bound
/// on y_i. It is what the central differences of the loss cannot resolve beyond, over the step.
double loss_rounding(const Params& w, const Eigen::VectorXd& x, const Eigen::VectorXd& q, Activation act, const Forward& f,
                     double* logit_bound = nullptr);

/// One gradient of 3(b) against central differences of the loss in that parameter alone
/// (numeric.hpp, measure_gradient), the loss's rounding bound included in the differences' floor.
struct GradientCheck {
  DerivativeMeasure measure;  ///< error (relative, beyond the differences' uncertainty), swamp, allowance, size
  double loss_rounding = 0;   ///< R at the given weights (loss_rounding)
  double logit_rounding = 0;  ///< max_i of the bound on y_i's rounding there
  /// The second smallest difference step (two are compared) at the entry where it moves a logit (with sigmoid, also a
  /// pre-activation) the most, and that move.
  double smallest_step = 0, logit_move = 0;
  /// The check can tell a right gradient from a wrong one: the allowance is at most
  /// kConclusiveResolution (1e-3) of the gradient's size (measure.swamp), as Exercise 7's checks
  /// require, and the smallest step moves the logits by at most kTolerances.logit_move.
  /// An inconclusive check does not fail unless it can (can_fail).
  bool conclusive = true;
  /// The check can tell a gradient wrong by 100% from the right one (measure.swamp < 1, and the
  /// same step condition): it fails when its error exceeds the tolerance, conclusive or not.
  /// Where it cannot, its error says nothing (the allowance is not resolved, or the differences are
  /// of a function far from linear over every step) and it passes, inconclusive.
  bool can_fail = true;
};
struct NetworkChecks {
  GradientCheck W1, W2, b1, b2;
};
/// The four gradient checks of 3(b) for the claimed gradients `g` (backward()'s, or a test's
/// planted wrong one) at the problem's weights, with forward pass `f`.
NetworkChecks check_network_gradients(const NetworkProblem& n, Activation act, const Forward& f, const Gradients& g);
/// A 3(b) gradient check as the report shows it: passed or failed as the tolerance decides where it
/// is conclusive (its detail then as for any check). Where it is not: an error beyond the allowance
/// still fails (the allowance bounds the rounding, so such an error is a wrong gradient); otherwise
/// passed, marked inconclusive, its detail saying why from the numbers that decided it.
/// `hidden`: the parameter is W¹ or b¹, whose steps move the pre-activations z as well.
Check gradient_check_line(const std::string& name, const GradientCheck& g, Activation act, Eigen::Index entries, bool hidden);

struct ActivationResult {
  Activation activation;
  Forward fwd;
  Gradients grad;
  Eigen::MatrixXd W1_updated, W2_updated;
  Eigen::VectorXd b1_updated, b2_updated;  ///< after the same step (equal to b¹, b² when those are 0 and stay so)
  NetworkChecks fd;  ///< the gradients against central differences
  bool near_kink = false;  ///< relu with some |z_j| so small that finite differences straddle the kink
  double kink_distance = 0;  ///< then min_j |z_j|
  std::vector<TrainingRun> runs;  ///< 3(d): zero, given and random initializations
  /// How far rounding can have moved each entry of ∂L/∂a = W²ᵀ(p − q), a sum that cancels (to
  /// exactly 0 when the rows of W² are equal): |W²|ᵀ(bound of p − q) + λ√n·u |W²|ᵀ|p − q|.
  Eigen::VectorXd dL_da_level;
  bool dL_da_zero = false;        ///< every entry of ∂L/∂a is within its level: W¹ and b¹ do not move
  bool outputs_equal = false;     ///< all y_i equal: p is uniform and L = ln(outputs)
  std::vector<Eigen::Index> inactive_units;  ///< relu: units with z_j ≤ 0, which pass no gradient (0-based)
};

struct Result {
  std::vector<SoftmaxResult> softmax;
  std::vector<ActivationResult> network;
  NetworkFacts facts;
};

Result solve(const Problem& problem);
/// The contract's JSON keys, the step-by-step explanation, the checks and the figure.
Report report(const Problem& problem, const Result& result);
/// parse → solve → report.
/// Parses, solves and reports; `ctx` gives the folder for relative data paths and a progress sink.
Report run(const Json& problem_json, const RunContext& ctx = {});

}  // namespace hw6::ex5
