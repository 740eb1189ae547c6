// generate ex5: new softmax inputs (an ordinary vector, the same shifted by a large K, and one that
// spans 2K, as the built-in problem) and the 3-4-3 network of Figure 2 with new weights in steps of
// 0.5, a new input and a new one-hot target.
#include "generators.hpp"

#include <cmath>

namespace hw6::generate::detail {

namespace {
const std::vector<double> kWeights = {-1, -0.5, 0.5, 1};
}

Json draw_ex5(Rng& rng) {
  Json v = Json::array(), shifted = Json::array(), spread = Json::array();
  const int K = rng.integer(8, 12) * 100;  // exp(800) already overflows a double
  for (int i = 0; i < 3; ++i) {
    const int x = rng.integer(-3, 3);
    v.push_back(x);
    shifted.push_back(x + K);
  }
  const int order = rng.integer(0, 5);  // a permutation of (−K, 0, K)
  const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  for (int i = 0; i < 3; ++i) spread.push_back((perms[order][i] - 1) * K);
  Json x = Json::array();
  for (int i = 0; i < 3; ++i) x.push_back(rng.integer(-1, 2));
  Json target = Json::array({0, 0, 0});
  target[static_cast<std::size_t>(rng.integer(0, 2))] = 1;
  Json net = {{"x", x},
              {"target", target},
              {"W1", draw_matrix(rng, 4, 3, kWeights)},
              {"W2", draw_matrix(rng, 3, 4, kWeights)},
              {"activations", {"sigmoid", "relu"}},
              {"learning_rate", rng.pick({0.1, 0.5})},
              {"training_steps", 50},
              {"seed", rng.integer(1, 1000)}};
  return {{"softmax", {{"inputs", {v, shifted, spread}}}}, {"network", net}};
}

std::optional<std::string> reject_ex5(const Json& problem, const Report& solution) {
  bool all_zero = true;
  for (const auto& xi : problem["network"]["x"]) all_zero = all_zero && xi.get<int>() == 0;
  if (all_zero) return "x = 0";
  // ReLU at a kink (z = 0) has no derivative: the homework's (e) would be ambiguous.
  const Eigen::MatrixXd z = matrix_at(solution.results, "/network/relu/forward/z");
  if (z.size() != 4) return "no relu forward pass";
  int positive = 0, negative = 0;
  for (Eigen::Index i = 0; i < z.rows(); ++i) {
    if (std::fabs(z(i, 0)) < kEdge) return "a hidden unit at the ReLU kink";
    (z(i, 0) > 0 ? positive : negative)++;
  }
  // Both kinds of hidden units, so that (e) differs from (b) in an instructive way.
  if (positive == 0 || negative == 0) return "ReLU units all active or all inactive";
  if (!std::isfinite(number_at(solution.results, "/network/sigmoid/forward/loss"))) return "loss not finite";
  return std::nullopt;
}

std::string sheet_ex5(const Variant& v, const std::string&) {
  const Json& net = v.problem["network"];
  const Json& in = v.problem["softmax"]["inputs"];
  std::string s = sheet_header(v, "Neural Networks");
  auto vec = [](const Json& j) { return latex_matrix(to_matrix(Json::array({j})).transpose()); };
  s += "1. The softmax function $f_i(\\mathbf{x}) = \\exp(x_i) / \\sum_{k=1}^n \\exp(x_k)$.\n"
       "   - (a) Please find the gradient and Jacobian matrix of $\\mathbf{f}(\\mathbf{x})$, and evaluate them at $\\mathbf{x} = " +
       vec(in[0]) + "$.\n"
       "   - (b) Show that $\\mathbf{f}(\\mathbf{x}) = \\mathbf{f}(\\mathbf{x} - c\\mathbf{1})$, where $c = \\max\\{x_1, \\dots, x_n\\}$. "
       "When do we need this transformation? Compute $\\mathbf{f}$ at $\\mathbf{x} = " + vec(in[1]) + "$.\n";
  s += "2. The log softmax function $f_i(\\mathbf{x}) = \\log\\left(\\exp(x_i) / \\sum_{k=1}^n \\exp(x_k)\\right)$.\n"
       "   - (a) Please find the gradient of $\\mathbf{f}(\\mathbf{x})$ and show that $f_i$ is concave.\n"
       "   - (b) Try to clarify the advantages of the log softmax function in comparison to the softmax function; compute both at "
       "$\\mathbf{x} = " + vec(in[2]) + "$.\n";
  s += "3. Consider the neural network with a single hidden layer of Figure 2: $\\mathbf{x} \\in \\mathbb{R}^3$, four hidden units "
       "$\\mathbf{z} = \\mathbf{W}^1\\mathbf{x}$ with a sigmoid activation $\\mathbf{a} = \\sigma(\\mathbf{z})$, the output "
       "$\\mathbf{y} = \\mathbf{W}^2\\mathbf{a}$, a softmax layer and the cross-entropy loss. The input is $\\mathbf{x}_0 = " + vec(net["x"]) +
       "$ and its ground truth label is $" + vec(net["target"]) + "$.\n";
  s += "   - (a) With the weights\n\n     $$\\mathbf{W}^1 = " + latex_matrix(to_matrix(net["W1"])) + ", \\quad \\mathbf{W}^2 = " +
       latex_matrix(to_matrix(net["W2"])) + ",$$\n\n     compute the output $\\mathbf{y}$ and the loss $L$.\n";
  s += "   - (b) Write the update formula of $W_{ij}^1$ and $W_{ij}^2$ of gradient descent with learning rate $" +
       num(net["learning_rate"].get<double>()) + "$, using back propagation; it contains the output $\\mathbf{y}$ and the ground "
       "truth $\\mathbf{q}$. Compute the gradients and the updated weights.\n"
       "   - (c) According to your results, represent them in the form of matrices.\n"
       "   - (d) Can we initialize all the parameters, i.e., weights and bias, of the neural network to zero? Please state your "
       "conclusion.\n"
       "   - (e) Rewrite the results in (b) if we replace the sigmoid activation function with the relu activation function "
       "$\\sigma(z) = \\max(0, z)$, and compute them.\n";
  return s;
}

}  // namespace hw6::generate::detail
