#pragma once
/// Exercise 5: softmax and log-softmax (value, Jacobian, stability, concavity) and the
/// 3-4-3 network of Figure 2 (forward pass, cross-entropy, backpropagation, updates).
#include "hw6/context.hpp"
#include "hw6/json_io.hpp"
#include "hw6/report.hpp"

#include <Eigen/Dense>

#include <string>
#include <vector>

namespace hw6::ex5 {

enum class Activation { Sigmoid, Relu };
std::string activation_name(Activation a);

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
  Eigen::MatrixXd jacobian;              ///< J(i,j) = ∂f_i/∂x_j = f_i(δ_ij − f_j)
  Eigen::MatrixXd log_softmax_jacobian;  ///< δ_ij − f_j
  Eigen::VectorXd hessian_eigenvalues;   ///< of ∇² log f_i = −(diag f − f fᵀ), the same for every i
  Eigen::VectorXd naive_value;           ///< exp(x_i)/Σexp(x_k) without the shift
  bool naive_finite = true;
  Eigen::VectorXd log_of_softmax;  ///< log(softmax(x)): −inf where softmax underflowed to 0
  double fd_jacobian_error = 0, fd_log_jacobian_error = 0, fd_hessian_error = 0, shift_error = 0;
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
  std::string init;               ///< "zero", "given", "random"
  std::vector<double> loss;       ///< before each step, and after the last
  double hidden_unit_spread = 0;  ///< max over steps of max_{j,j'} difference of unit j and j' parameters
  Params final_params;
};

TrainingRun train(const Params& start, const std::string& init, const NetworkProblem& p, Activation act);

struct ActivationResult {
  Activation activation;
  Forward fwd;
  Gradients grad;
  Eigen::MatrixXd W1_updated, W2_updated;
  double fd_error_W1 = 0, fd_error_W2 = 0, fd_error_b1 = 0, fd_error_b2 = 0;
  bool near_kink = false;  ///< relu with some |z_j| so small that finite differences straddle the kink
  std::vector<TrainingRun> runs;  ///< 3(d): zero, given and random initializations
};

struct Result {
  std::vector<SoftmaxResult> softmax;
  std::vector<ActivationResult> network;
};

Result solve(const Problem& problem);
/// The contract's JSON keys, the step-by-step explanation, the checks and the figure.
Report report(const Problem& problem, const Result& result);
/// parse → solve → report.
/// Parses, solves and reports; `ctx` gives the folder for relative data paths and a progress sink.
Report run(const Json& problem_json, const RunContext& ctx = {});

}  // namespace hw6::ex5
