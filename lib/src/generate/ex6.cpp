// generate ex6: a new layer table in the homework's shape (blocks of one or two convolutions, each
// block closed by a max pool, then two fully connected layers), a new input size, the homework's
// conventions (stride 1 convolutions, 2×2 pooling with stride 2, "same" padding, no biases) and a
// new batch-normalization mini-batch (4 samples, 3 features).
#include "generators.hpp"

#include <cmath>

namespace hw6::generate::detail {

Json draw_ex6(Rng& rng) {
  const int side = static_cast<int>(rng.pick({32, 64, 96, 128, 224, 256}));  // each divisible by 2³
  const int channels = static_cast<int>(rng.pick({1, 3, 4}));
  const std::vector<double> kernels = {3, 5, 7};
  Json layers = Json::array();
  int width = static_cast<int>(rng.pick({16, 32, 64}));
  const int blocks = rng.integer(2, 3);
  for (int b = 0; b < blocks; ++b) {
    const int convs = rng.integer(1, 2);
    for (int c = 0; c < convs; ++c) {
      layers.push_back("conv" + std::to_string(static_cast<int>(rng.pick(kernels))) + "-" + std::to_string(width));
      if (rng.coin() && width < 512) width *= 2;
    }
    layers.push_back("maxpool");
  }
  layers.push_back("FC-" + std::to_string(static_cast<int>(rng.pick({128, 256, 512, 1024}))));
  layers.push_back("FC-" + std::to_string(static_cast<int>(rng.pick({2, 10, 100}))));
  const std::vector<double> xs = {-2, -1, -0.5, 0, 0.5, 1, 2, 3, 4, 5, 6};
  const std::vector<double> grads = {-0.5, -0.4, -0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
  Json bn = {{"x", draw_matrix(rng, 4, 3, xs)}, {"gamma", {1, 1, 1}}, {"beta", {0, 0, 0}}, {"eps", 1e-5}, {"dL_dy", draw_matrix(rng, 4, 3, grads)}};
  return {{"input", {side, side, channels}}, {"layers", layers}, {"conv_stride", 1}, {"pool_window", 2}, {"pool_stride", 2},
          {"padding", "same"}, {"bias", false}, {"batchnorm", bn}};
}

std::optional<std::string> reject_ex6(const Json& problem, const Report& solution) {
  if (!solution.results.contains("total_params")) return "no parameter count";
  // Every feature of the mini-batch spread out (σ_B ≥ 0.5), so that ε does not matter by hand.
  const Eigen::MatrixXd x = to_matrix(problem["batchnorm"]["x"]);
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double mean = x.col(j).mean();
    const double var = (x.col(j).array() - mean).square().mean();
    if (var < 0.25) return "a batch-norm feature nearly constant";
  }
  const Eigen::MatrixXd g = to_matrix(problem["batchnorm"]["dL_dy"]);
  for (Eigen::Index j = 0; j < g.cols(); ++j)
    if (g.col(j).cwiseAbs().maxCoeff() == 0) return "a zero upstream gradient column";
  return std::nullopt;
}

std::string sheet_ex6(const Variant& v, const std::string&) {
  const Json& p = v.problem;
  std::string s = sheet_header(v, "Convolutional Neural Networks and Some Advanced Networks Structure");
  std::string head = "|", rule = "|";
  for (const auto& l : p["layers"]) {
    std::string name = l.get<std::string>();
    if (name == "maxpool") name = "max pool";
    head += " " + name + " |";
    rule += "---|";
  }
  s += head + "\n" + rule + "\n\n";
  s += "1. Consider a convolutional neural network as shown in the table above.\n"
       "   - (a) The convolutional layer parameters are denoted as \"conv⟨filter size⟩-⟨number of filters⟩\".\n"
       "   - (b) The fully connected layer parameters are denoted as \"FC⟨number of neurons⟩\".\n"
       "   - (c) The window size of pooling layers is 2.\n"
       "   - (d) The stride of convolutional layers is 1.\n"
       "   - (e) The stride of pooling layers is 2.\n"
       "   - (f) You may want to use padding in both convolutional and pooling layers if necessary (hw6 uses \"same\" padding).\n"
       "   - (g) For convenience, we assume that there is no activation function and bias.\n\n";
  const Json& in = p["input"];
  s += "   Suppose that the input is a " + std::to_string(in[0].get<int>()) + " × " + std::to_string(in[1].get<int>()) + " image with " +
       std::to_string(in[2].get<int>()) + " channel" + (in[2].get<int>() == 1 ? "" : "s") +
       ". Please derive the size of all feature maps and the number of parameters.\n";
  const Json& bn = p["batchnorm"];
  s += "2. (optional) Mini-batch learning and Batch Normalization. (a) From the perspective of computational efficiency and "
       "convergence, clarify the advantages of mini-batch. (b) For the mini-batch $\\{\\mathbf{x}_1, \\dots, \\mathbf{x}_m\\}$ (the rows "
       "of $\\mathbf{X}$), Batch Normalization computes $\\mu_B = \\frac{1}{m}\\sum_i \\mathbf{x}_i$, $\\sigma_B^2 = \\frac{1}{m}\\sum_i "
       "(\\mathbf{x}_i - \\mu_B)^2$, $\\hat{\\mathbf{x}}_i = (\\mathbf{x}_i - \\mu_B)/\\sqrt{\\sigma_B^2 + \\epsilon}$ and $\\mathbf{y}_i = "
       "\\gamma \\hat{\\mathbf{x}}_i + \\beta$. Compute the back propagation of the Batch Normalization layer, and evaluate it for\n\n"
       "   $$\\mathbf{X} = " + latex_matrix(to_matrix(bn["x"])) + ", \\quad \\frac{\\partial L}{\\partial \\mathbf{Y}} = " +
       latex_matrix(to_matrix(bn["dL_dy"])) + ", \\quad \\gamma = 1, \\ \\beta = 0, \\ \\epsilon = 10^{-5}.$$\n";
  return s;
}

}  // namespace hw6::generate::detail
