// Exercise 5: the step-by-step explanation, the JSON results and the checks, from a solved Result.
#include "hw6/exercises/ex5.hpp"
#include "hw6/numeric.hpp"
#include "hw6/plot.hpp"
#include "hw6/render.hpp"

#include <cfloat>
#include <cmath>

namespace hw6::ex5 {

namespace {

constexpr double kFdTol = 1e-6;  // central differences, h = 1e-5: truncation ~1e-10, rounding ~1e-11

std::string num(double x, int digits = 7) { return format_number(x, digits); }
std::string col(const Eigen::VectorXd& v) { return format_column(v, 7); }

Json softmax_json(const SoftmaxResult& s) {
  return Json{{"x", vector_json(s.x)},
              {"value", vector_json(s.value)},
              {"jacobian", matrix_json(s.jacobian)},
              {"log_softmax", vector_json(s.log_softmax)},
              {"log_softmax_jacobian", matrix_json(s.log_softmax_jacobian)},
              {"log_softmax_hessian_eigenvalues", vector_json(s.hessian_eigenvalues)},
              {"naive_softmax_finite", s.naive_finite},
              {"log_of_softmax", vector_json(s.log_of_softmax)}};
}

Json network_json(const ActivationResult& r) {
  Json training = Json::object();
  for (const auto& run : r.runs)
    training[run.init] = {{"loss_initial", number_json(run.loss.front())},
                          {"loss_final", number_json(run.loss.back())},
                          {"hidden_unit_spread", number_json(run.hidden_unit_spread)}};
  return Json{{"forward",
               {{"z", vector_json(r.fwd.z)},
                {"a", vector_json(r.fwd.a)},
                {"y", vector_json(r.fwd.y)},
                {"p", vector_json(r.fwd.p)},
                {"loss", number_json(r.fwd.loss)}}},
              {"backprop", {{"dL_dy", vector_json(r.grad.delta2)}, {"dL_da", vector_json(r.grad.dL_da)}, {"dL_dz", vector_json(r.grad.delta1)}}},
              {"gradients",
               {{"W1", matrix_json(r.grad.W1)}, {"W2", matrix_json(r.grad.W2)}, {"b1", vector_json(r.grad.b1)}, {"b2", vector_json(r.grad.b2)}}},
              {"updated", {{"W1", matrix_json(r.W1_updated)}, {"W2", matrix_json(r.W2_updated)}}},
              {"training", training}};
}

void softmax_steps(Report& rep, const Result& res) {
  Step a("1(a)", "Softmax: value, gradient and Jacobian");
  a.para("Write f = f(x). Differentiating f_i = exp(x_i)/Σ_k exp(x_k) by the quotient rule gives, for every i and j,");
  a.formula("∂f_i/∂x_j = f_i (δ_ij − f_j)      (δ_ij = 1 if i = j, else 0)",
            "\\frac{\\partial f_i}{\\partial x_j} = f_i(\\delta_{ij} - f_j)");
  a.para("so the Jacobian (row i = derivatives of output i) and the gradient (column i = ∇f_i, i.e. ∇f = Jᵀ) are");
  a.formula("Jf(x) = diag(f) − f fᵀ,     ∇f(x) = Jf(x)ᵀ = Jf(x)   (J is symmetric)",
            "J\\mathbf{f}(\\mathbf{x}) = \\operatorname{diag}(\\mathbf{f}) - \\mathbf{f}\\mathbf{f}^\\top,\\qquad "
            "\\nabla\\mathbf{f}(\\mathbf{x}) = J\\mathbf{f}(\\mathbf{x})^\\top = J\\mathbf{f}(\\mathbf{x})");
  a.para("Each row of J sums to 0 (the outputs always sum to 1). On the problem's inputs:");
  for (std::size_t k = 0; k < res.softmax.size(); ++k) {
    const auto& s = res.softmax[k];
    a.vector("x", "\\mathbf{x}^{(" + std::to_string(k + 1) + ")}", s.x);
    a.vector("f(x)", "\\mathbf{f}(\\mathbf{x}^{(" + std::to_string(k + 1) + ")})", s.value);
    a.matrix("Jf(x)", "J\\mathbf{f}(\\mathbf{x}^{(" + std::to_string(k + 1) + ")})", s.jacobian);
  }
  rep.steps.push_back(std::move(a));

  Step b("1(b)", "Shifting by the maximum");
  b.para("For any constant c, multiplying numerator and denominator by exp(−c) changes nothing:");
  b.formula("f_i(x − c1) = exp(x_i − c) / Σ_k exp(x_k − c)\n            = e^(−c) exp(x_i) / (e^(−c) Σ_k exp(x_k)) = f_i(x)",
            "f_i(\\mathbf{x}-c\\mathbf{1}) = \\frac{e^{x_i-c}}{\\sum_k e^{x_k-c}} = \\frac{e^{-c}e^{x_i}}{e^{-c}\\sum_k e^{x_k}} = f_i(\\mathbf{x})");
  b.para("With c = max_k x_k every exponent is ≤ 0, so no exp overflows, and the largest term is exp(0) = 1, so "
         "the denominator is at least 1 and never underflows to 0. The transformation is needed in floating point "
         "whenever some x_i > ln(DBL_MAX) ≈ " + num(std::log(DBL_MAX), 6) +
         " (exp overflows to inf and inf/inf = NaN), or when every x_i < ≈ −745 (all exp underflow to 0 and 0/0 = NaN). "
         "Logits of that size occur with large weights, unnormalized inputs or low temperatures.");
  Table t;
  t.header = {"input", "max x", "naive formula", "shifted (stable)"};
  t.right_align = {false, true, false, false};
  for (std::size_t k = 0; k < res.softmax.size(); ++k) {
    const auto& s = res.softmax[k];
    t.rows.push_back({"x^(" + std::to_string(k + 1) + ")", num(s.x.maxCoeff()),
                      s.naive_finite ? format_column(s.naive_value, 4) : "NaN (exp overflow)", format_column(s.value, 4)});
  }
  b.table(t);
  rep.steps.push_back(std::move(b));

  Step c("2(a)", "Log-softmax: gradient and concavity");
  c.formula("f_i(x) = x_i − log Σ_k exp(x_k)", "f_i(\\mathbf{x}) = x_i - \\log\\sum_k e^{x_k}");
  c.para("Differentiating, with p = softmax(x):");
  c.formula("∂f_i/∂x_j = δ_ij − p_j,   ∇f_i(x) = e_i − p,   Jf(x) = I − 1 pᵀ",
            "\\frac{\\partial f_i}{\\partial x_j} = \\delta_{ij} - p_j,\\quad \\nabla f_i(\\mathbf{x}) = \\mathbf{e}_i - \\mathbf{p},"
            "\\quad J\\mathbf{f}(\\mathbf{x}) = I - \\mathbf{1}\\mathbf{p}^\\top");
  c.para("Differentiating ∇f_i = e_i − p once more gives the Hessian, the same for every i:");
  c.formula("∇²f_i(x) = −(diag(p) − p pᵀ),\nvᵀ(diag(p) − p pᵀ)v = Σ_k p_k v_k² − (Σ_k p_k v_k)² ≥ 0",
            "\\nabla^2 f_i(\\mathbf{x}) = -(\\operatorname{diag}(\\mathbf{p}) - \\mathbf{p}\\mathbf{p}^\\top),\\quad "
            "\\mathbf{v}^\\top(\\operatorname{diag}(\\mathbf{p}) - \\mathbf{p}\\mathbf{p}^\\top)\\mathbf{v} = \\sum_k p_k v_k^2 - "
            "\\Big(\\sum_k p_k v_k\\Big)^2 \\ge 0");
  c.para("The last expression is the variance of v under the distribution p (Jensen), so it is ≥ 0: the Hessian "
         "is negative semidefinite and each f_i is concave. (It has the eigenvalue 0 along 1: f_i(x + t1) = f_i(x).) "
         "Numerically, on the problem's inputs:");
  for (std::size_t k = 0; k < res.softmax.size(); ++k) {
    const auto& s = res.softmax[k];
    c.vector("log f(x^(" + std::to_string(k + 1) + "))", "\\log\\mathbf{f}(\\mathbf{x}^{(" + std::to_string(k + 1) + ")})", s.log_softmax);
    c.matrix("Jf", "J\\mathbf{f}", s.log_softmax_jacobian);
    c.vector("eig ∇²f_i", "\\lambda(\\nabla^2 f_i)", s.hessian_eigenvalues);
  }
  rep.steps.push_back(std::move(c));

  Step d("2(b)", "Why log-softmax with cross-entropy");
  d.para("With the softmax layer and cross-entropy separate, the loss is L = −Σ_i q_i log p_i with p = softmax(x) "
         "computed first. When a logit is far below the largest, p_i underflows to 0 and log p_i = −inf: the loss "
         "becomes inf and the gradient NaN, although the true value is finite. Combined, the loss is");
  d.formula("L = −Σ_i q_i log softmax(x)_i = −Σ_i q_i x_i + (Σ_i q_i) · logsumexp(x)\n∂L/∂x = p − q",
            "L = -\\sum_i q_i \\log\\operatorname{softmax}(\\mathbf{x})_i = -\\mathbf{q}^\\top\\mathbf{x} + \\log\\sum_k e^{x_k},"
            "\\qquad \\frac{\\partial L}{\\partial \\mathbf{x}} = \\mathbf{p} - \\mathbf{q}");
  d.para("which needs one stable logsumexp, no division, no log of a rounded probability, and has the simple gradient "
         "p − q. On the problem's inputs, for the class with the smallest logit:");
  Table t2;
  t2.header = {"input", "class", "log(softmax)_i", "log_softmax_i", "loss sep.", "loss comb."};
  t2.right_align = {false, true, true, true, true, true};
  for (std::size_t k = 0; k < res.softmax.size(); ++k) {
    const auto& s = res.softmax[k];
    Eigen::Index i = 0;
    s.x.minCoeff(&i);
    t2.rows.push_back({"x^(" + std::to_string(k + 1) + ")", std::to_string(i + 1), num(s.log_of_softmax(i)),
                       num(s.log_softmax(i)), num(-s.log_of_softmax(i)), num(-s.log_softmax(i))});
  }
  d.table(t2);
  d.para("A second advantage: log-probabilities add where probabilities multiply, so likelihoods of many samples "
         "are sums that do not underflow.");
  rep.steps.push_back(std::move(d));
}

void network_formulas(Step& s, Activation act) {
  const bool sig = act == Activation::Sigmoid;
  s.para("Write p = softmax(y) for the network's probabilities (the homework's output), q for the ground truth, "
         "η for the learning rate. The chain rule gives, with indices as in the homework (W¹ is 4×3, W² is 3×4):");
  s.formula("∂L/∂y_i = p_i − q_i", "\\frac{\\partial L}{\\partial y_i} = p_i - q_i");
  s.formula("∂L/∂W²_ij = (p_i − q_i) a_j", "\\frac{\\partial L}{\\partial W^2_{ij}} = (p_i - q_i)\\,a_j");
  if (sig) {
    s.formula("∂L/∂W¹_ij = [Σ_k (p_k − q_k) W²_ki] · a_i (1 − a_i) · x_j\n(σ'(z) = σ(z)(1 − σ(z)))",
              "\\frac{\\partial L}{\\partial W^1_{ij}} = \\Big[\\sum_k (p_k - q_k) W^2_{ki}\\Big]\\, a_i(1 - a_i)\\, x_j");
  } else {
    s.formula("∂L/∂W¹_ij = [Σ_k (p_k − q_k) W²_ki] · 1[z_i > 0] · x_j\n(relu'(z) = 1 if z > 0, else 0)",
              "\\frac{\\partial L}{\\partial W^1_{ij}} = \\Big[\\sum_k (p_k - q_k) W^2_{ki}\\Big]\\, \\mathbb{1}[z_i > 0]\\, x_j");
  }
  s.para("and gradient descent updates every weight at once:");
  s.formula("W²_ij ← W²_ij − η (p_i − q_i) a_j", "W^2_{ij} \\leftarrow W^2_{ij} - \\eta\\,(p_i - q_i)\\,a_j");
  if (sig)
    s.formula("W¹_ij ← W¹_ij − η [Σ_k (p_k − q_k) W²_ki] a_i (1 − a_i) x_j",
              "W^1_{ij} \\leftarrow W^1_{ij} - \\eta \\Big[\\sum_k (p_k - q_k) W^2_{ki}\\Big] a_i(1 - a_i)\\, x_j");
  else
    s.formula("W¹_ij ← W¹_ij − η [Σ_k (p_k − q_k) W²_ki] 1[z_i > 0] x_j",
              "W^1_{ij} \\leftarrow W^1_{ij} - \\eta \\Big[\\sum_k (p_k - q_k) W^2_{ki}\\Big] \\mathbb{1}[z_i > 0]\\, x_j");
}

void forward_numbers(Step& s, const NetworkProblem& n, const ActivationResult& r) {
  const bool sig = r.activation == Activation::Sigmoid;
  s.vector("x", "\\mathbf{x}", n.x);
  s.matrix("W¹", "W^1", n.W1);
  s.matrix("W²", "W^2", n.W2);
  if (n.b1.cwiseAbs().maxCoeff() > 0) s.vector("b¹", "\\mathbf{b}^1", n.b1);
  if (n.b2.cwiseAbs().maxCoeff() > 0) s.vector("b²", "\\mathbf{b}^2", n.b2);
  s.formula("z = W¹x + b¹ = " + col(r.fwd.z), "\\mathbf{z} = W^1\\mathbf{x} + \\mathbf{b}^1 = " + latex_matrix(r.fwd.z, 7));
  s.formula(std::string(sig ? "a = σ(z) = 1/(1 + e^(−z)) = " : "a = relu(z) = max(0, z) = ") + col(r.fwd.a),
            std::string(sig ? "\\mathbf{a} = \\sigma(\\mathbf{z}) = " : "\\mathbf{a} = \\max(0,\\mathbf{z}) = ") + latex_matrix(r.fwd.a, 7));
  s.formula("y = W²a + b² = " + col(r.fwd.y), "\\mathbf{y} = W^2\\mathbf{a} + \\mathbf{b}^2 = " + latex_matrix(r.fwd.y, 7));
  s.formula("p = softmax(y) = " + col(r.fwd.p), "\\mathbf{p} = \\operatorname{softmax}(\\mathbf{y}) = " + latex_matrix(r.fwd.p, 7));
  s.formula("L = −Σ_i q_i log p_i = " + num(r.fwd.loss, 10), "L = -\\sum_i q_i \\log p_i = " + num(r.fwd.loss, 10));
  if (std::fabs(r.fwd.loss - std::log(static_cast<double>(r.fwd.p.size()))) < 1e-12)
    s.para("All outputs are equal, so p is uniform and L = ln " + std::to_string(r.fwd.p.size()) + " = " +
           num(std::log(static_cast<double>(r.fwd.p.size())), 10) + ".");
}

void gradient_numbers(Step& s, const NetworkProblem& n, const ActivationResult& r) {
  s.formula("∂L/∂y = p − q = " + col(r.grad.delta2), "\\frac{\\partial L}{\\partial\\mathbf{y}} = \\mathbf{p}-\\mathbf{q} = " + latex_matrix(r.grad.delta2, 7));
  s.formula("∂L/∂a = W²ᵀ(p − q) = " + col(r.grad.dL_da), "\\frac{\\partial L}{\\partial\\mathbf{a}} = {W^2}^\\top(\\mathbf{p}-\\mathbf{q}) = " + latex_matrix(r.grad.dL_da, 7));
  s.formula("∂L/∂z = ∂L/∂a ⊙ σ'(z) = " + col(r.grad.delta1), "\\frac{\\partial L}{\\partial\\mathbf{z}} = \\frac{\\partial L}{\\partial\\mathbf{a}} \\odot \\sigma'(\\mathbf{z}) = " + latex_matrix(r.grad.delta1, 7));
  s.matrix("∂L/∂W²", "\\frac{\\partial L}{\\partial W^2}", r.grad.W2);
  s.matrix("∂L/∂W¹", "\\frac{\\partial L}{\\partial W^1}", r.grad.W1);
  if (r.grad.dL_da.cwiseAbs().maxCoeff() < 1e-12)
    s.para("Here ∂L/∂a = 0: every column of W² is the same, and p − q sums to 0, so W²ᵀ(p − q) vanishes and "
           "W¹ does not move in this step.");
  s.para("After one step with η = " + num(n.learning_rate) + ":");
  s.matrix("W² − η∂L/∂W²", "W^2 - \\eta\\frac{\\partial L}{\\partial W^2}", r.W2_updated);
  s.matrix("W¹ − η∂L/∂W¹", "W^1 - \\eta\\frac{\\partial L}{\\partial W^1}", r.W1_updated);
}

const ActivationResult* find(const Result& res, Activation a) {
  for (const auto& r : res.network)
    if (r.activation == a) return &r;
  return nullptr;
}

void network_steps(Report& rep, const Problem& p, const Result& res) {
  const NetworkProblem& n = p.network;
  const ActivationResult* sig = find(res, Activation::Sigmoid);
  const ActivationResult* relu = find(res, Activation::Relu);

  Step a("3(a)", "Forward pass and loss (sigmoid)");
  if (sig) {
    a.para("z = W¹x, a = σ(z), y = W²a, p = softmax(y), L = −Σ q_i log p_i (computed as in 2(b)), with q = " + col(n.target) + ":");
    forward_numbers(a, n, *sig);
  } else {
    a.para("The problem lists no sigmoid network.");
  }
  rep.steps.push_back(std::move(a));

  Step b("3(b)", "Backpropagation and the update formulas (sigmoid)");
  network_formulas(b, Activation::Sigmoid);
  if (sig) {
    b.para("On the problem's data:");
    gradient_numbers(b, n, *sig);
  }
  rep.steps.push_back(std::move(b));

  Step c("3(c)", "Matrix form");
  c.formula("δ² = ∂L/∂y = p − q\n∂L/∂W² = δ² aᵀ,            ∂L/∂b² = δ²\nδ¹ = ∂L/∂z = (W²ᵀ δ²) ⊙ σ'(z)\n∂L/∂W¹ = δ¹ xᵀ,            ∂L/∂b¹ = δ¹\nW² ← W² − η δ² aᵀ,   W¹ ← W¹ − η δ¹ xᵀ",
            "\\begin{aligned} \\boldsymbol\\delta^2 &= \\mathbf{p} - \\mathbf{q}, & \\frac{\\partial L}{\\partial W^2} &= \\boldsymbol\\delta^2\\mathbf{a}^\\top, \\\\ "
            "\\boldsymbol\\delta^1 &= ({W^2}^\\top\\boldsymbol\\delta^2) \\odot \\sigma'(\\mathbf{z}), & \\frac{\\partial L}{\\partial W^1} &= \\boldsymbol\\delta^1\\mathbf{x}^\\top, \\\\ "
            "W^2 &\\leftarrow W^2 - \\eta\\,\\boldsymbol\\delta^2\\mathbf{a}^\\top, & W^1 &\\leftarrow W^1 - \\eta\\,\\boldsymbol\\delta^1\\mathbf{x}^\\top \\end{aligned}");
  c.para("with σ'(z) = a ⊙ (1 − a) for the sigmoid and 1[z > 0] for relu. Each gradient is an outer product of "
         "the error arriving at a layer's output and the input the layer saw; the numbers above are these products.");
  rep.steps.push_back(std::move(c));

  Step d("3(d)", "Can all weights and biases start at zero?");
  d.para("No. With every parameter 0, every hidden unit computes the same z_j and a_j, and receives the same "
         "gradient: row j of ∂L/∂W¹ is (W²ᵀδ²)_j σ'(z_j) xᵀ and column j of ∂L/∂W² is δ² a_j, both the same for all j "
         "as long as the units are equal. By induction the units stay equal after every step: the hidden layer "
         "behaves like a single unit, whatever its width. With relu it is worse: relu(0) = 0 and relu'(0) = 0, so "
         "a = 0 and both weight gradients are 0 forever; only b² learns. (The homework's own initialization, all W¹ = 1 and "
         "all W² = 0.5, is just as symmetric.) Random initialization breaks the symmetry. Gradient descent on the "
         "problem's sample, " + std::to_string(n.training_steps) + " steps with η = " + num(n.learning_rate) + ":");
  Table t;
  t.header = {"activation", "init", "loss before", "loss after", "unit spread"};
  t.right_align = {false, false, true, true, true};
  for (const auto& r : res.network)
    for (const auto& run : r.runs)
      t.rows.push_back({activation_name(r.activation), run.init, num(run.loss.front(), 6), num(run.loss.back(), 6),
                        num(run.hidden_unit_spread, 3)});
  d.table(t);
  d.para("The unit spread is the largest difference between two hidden units' parameters over the run; 0 means "
         "the hidden units are copies of one another throughout training. The loss "
         "still falls: one sample can be fitted even by a single effective unit (and by b² alone). What symmetric "
         "initialization destroys is capacity: on real data, four identical units can only represent what one can.");
  d.figure("ex5_training.svg", "training loss by initialization");
  rep.steps.push_back(std::move(d));

  Step e("3(e)", "The same network with relu");
  network_formulas(e, Activation::Relu);
  if (relu) {
    e.para("On the problem's data:");
    forward_numbers(e, n, *relu);
    gradient_numbers(e, n, *relu);
  }
  rep.steps.push_back(std::move(e));
}

Figure training_figure(const Result& res) {
  plot::Plot pl;
  pl.title = "Exercise 5.3(d): training loss by initialization";
  pl.xlabel = "gradient-descent step";
  pl.ylabel = "cross-entropy loss";
  const char* colors[] = {"#d62728", "#1f77b4", "#2ca02c"};
  for (const auto& r : res.network)
    for (std::size_t k = 0; k < r.runs.size(); ++k) {
      plot::Series s;
      s.label = activation_name(r.activation) + ", " + r.runs[k].init + " init";
      s.color = colors[k % 3];
      s.dashed = r.activation == Activation::Relu;
      for (std::size_t i = 0; i < r.runs[k].loss.size(); ++i) {
        s.x.push_back(static_cast<double>(i));
        s.y.push_back(r.runs[k].loss[i]);
      }
      pl.series.push_back(s);
    }
  pl.ymin = 0;
  double top = 0;
  for (const auto& s : pl.series)
    for (double y : s.y) top = std::max(top, y);
  pl.ymax = top * 1.1 + 1e-9;
  return Figure{"ex5_training.svg", plot::render_svg(pl)};
}

void add_checks(Report& rep, const Result& res) {
  for (std::size_t k = 0; k < res.softmax.size(); ++k) {
    const auto& s = res.softmax[k];
    const std::string in = " (input " + std::to_string(k + 1) + ")";
    rep.checks.push_back(tolerance_check("1(a) softmax Jacobian vs central differences" + in, s.fd_jacobian_error, kFdTol, "max scaled error"));
    rep.checks.push_back(tolerance_check("1(a) softmax sums to 1" + in, std::fabs(s.value.sum() - 1), 1e-12, "|Σf − 1|"));
    rep.checks.push_back(tolerance_check("1(b) f(x) = f(x − max(x)·1)" + in, s.shift_error, 1e-14, "max |difference|"));
    rep.checks.push_back(tolerance_check("2(a) log-softmax Jacobian vs central differences" + in, s.fd_log_jacobian_error, kFdTol, "max scaled error"));
    rep.checks.push_back(tolerance_check("2(a) Hessian of log f_1 vs differences of its gradient" + in, s.fd_hessian_error, kFdTol, "max scaled error"));
    rep.checks.push_back(tolerance_check("2(a) concavity: largest Hessian eigenvalue ≤ 0" + in,
                                         std::max(0.0, s.hessian_eigenvalues.maxCoeff()), 1e-12, "largest eigenvalue (clipped at 0)"));
  }
  for (const auto& r : res.network) {
    const std::string a = " (" + activation_name(r.activation) + ")";
    rep.checks.push_back(tolerance_check("3(b) ∂L/∂W² vs central differences" + a, r.fd_error_W2, kFdTol, "max scaled error"));
    rep.checks.push_back(tolerance_check("3(b) ∂L/∂b² vs central differences" + a, r.fd_error_b2, kFdTol, "max scaled error"));
    if (r.near_kink) {
      rep.checks.push_back({"3(b) ∂L/∂W¹, ∂L/∂b¹ vs central differences" + a, true,
                            "not applicable: a pre-activation z_j is at relu's kink, where the loss is not differentiable"});
    } else {
      rep.checks.push_back(tolerance_check("3(b) ∂L/∂W¹ vs central differences" + a, r.fd_error_W1, kFdTol, "max scaled error"));
      rep.checks.push_back(tolerance_check("3(b) ∂L/∂b¹ vs central differences" + a, r.fd_error_b1, kFdTol, "max scaled error"));
    }
    for (const auto& run : r.runs)
      if (run.init == "zero")
        rep.checks.push_back(tolerance_check("3(d) zero initialization keeps the hidden units identical" + a,
                                             run.hidden_unit_spread, 1e-12, "max difference between units over training"));
  }
}

}  // namespace

Report report(const Problem& p, const Result& res) {
  Report rep;
  rep.exercise = 5;
  rep.title = "Neural networks: softmax, log-softmax and backpropagation";
  Json softmax = Json::array();
  for (const auto& s : res.softmax) softmax.push_back(softmax_json(s));
  rep.results["softmax"] = softmax;
  Json network = Json::object();
  network["learning_rate"] = p.network.learning_rate;
  for (const auto& r : res.network) network[activation_name(r.activation)] = network_json(r);
  rep.results["network"] = network;

  softmax_steps(rep, res);
  network_steps(rep, p, res);
  add_checks(rep, res);
  if (!res.network.empty()) rep.figures.push_back(training_figure(res));
  return rep;
}

}  // namespace hw6::ex5
