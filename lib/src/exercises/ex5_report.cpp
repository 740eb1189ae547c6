// Exercise 5: the step-by-step explanation, the JSON results and the checks, from a solved Result.
#include "hw6/exercises/ex5.hpp"
#include "hw6/numeric.hpp"
#include "hw6/plot.hpp"
#include "hw6/render.hpp"

#include <cfloat>
#include <cmath>

namespace hw6::ex5 {

namespace {

const Tolerances& kTol = kTolerances;
std::string coverage(Eigen::Index n) { return derivative_check_coverage(static_cast<std::size_t>(n)); }

std::string num(double x, int digits = 7) { return format_number(x, digits); }
std::string col(const Eigen::VectorXd& v) { return format_column(v, 7); }

/// m with the entries within their rounding level (|m_ij| ≤ level_ij) shown as 0: what rounding
/// alone can have made of a 0 (JSON keeps the computed values).
Eigen::MatrixXd shown(const Eigen::MatrixXd& m, const Eigen::MatrixXd& level) { return (m.array().abs() <= level.array()).select(0.0, m); }
/// A vector in a table cell: whole up to 4 entries, else the first two, "…" and the last; a NaN
/// entry (the naive softmax's inf/inf or 0/0) as "NaN".
std::string short_col(const Eigen::VectorXd& v) {
  const auto entry = [&](Eigen::Index i) { return std::isnan(v(i)) ? std::string("NaN") : format_number(v(i), 4); };
  std::string out = "(" + entry(0);
  for (Eigen::Index i = 1; i < v.size(); ++i) {
    if (v.size() > 4 && i == 2) {
      out += ", …";
      i = v.size() - 2;
      continue;
    }
    out += ", " + entry(i);
  }
  return out + ")ᵀ";
}

Json softmax_json(const SoftmaxResult& s) {
  return Json{{"x", vector_json(s.x)},
              {"value", vector_json(s.value)},
              {"jacobian", matrix_json(s.jacobian)},
              {"log_softmax", vector_json(s.log_softmax)},
              {"log_softmax_jacobian", matrix_json(s.log_softmax_jacobian)},
              {"log_softmax_hessian_eigenvalues", vector_json(s.hessian_eigenvalues)},
              {"naive_softmax_finite", s.naive_finite},
              {"naive_softmax_failure", s.naive_failure.empty() ? std::string("none") : s.naive_failure},
              {"log_of_softmax", vector_json(s.log_of_softmax)}};
}

Json network_json(const ActivationResult& r) {
  Json training = Json::object();
  for (const auto& run : r.runs)
    training[init_name(run.init)] = {{"loss_initial", number_json(run.loss.front())},
                          {"loss_final", run.diverged_at ? Json(nullptr) : number_json(run.loss.back())},
                          {"diverged_at_step", run.diverged_at},
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
            "\\frac{\\partial f_i}{\\partial x_j} = f_i(\\delta_{ij} - f_j)\\qquad (\\delta_{ij} = 1 \\text{ if } i = j, \\text{ else } 0)");
  a.para("so the Jacobian (row i = derivatives of output i) and the gradient (column i = ∇f_i, i.e. ∇f = Jᵀ) are");
  a.formula("Jf(x) = diag(f) − f fᵀ,     ∇f(x) = Jf(x)ᵀ = Jf(x)   (J is symmetric)",
            "J\\mathbf{f}(\\mathbf{x}) = \\operatorname{diag}(\\mathbf{f}) - \\mathbf{f}\\mathbf{f}^\\top,\\qquad "
            "\\nabla\\mathbf{f}(\\mathbf{x}) = J\\mathbf{f}(\\mathbf{x})^\\top = J\\mathbf{f}(\\mathbf{x})\\quad (J \\text{ is symmetric})");
  // Column sums: Σ_i f_i = 1 for every x. Row sums: f(x + t1) = f(x), the shift of 1(b).
  a.para("Each column of J sums to 0, because the outputs always sum to 1, and so does each row, because f does not change "
         "along 1 (f(x + t1) = f(x), part 1(b)). On the problem's inputs:");
  for (std::size_t k = 0; k < res.softmax.size(); ++k) {
    const auto& s = res.softmax[k];
    const std::string x = "x^(" + std::to_string(k + 1) + ")";
    a.vector(x, "\\mathbf{x}^{(" + std::to_string(k + 1) + ")}", s.x);
    a.vector("f(" + x + ")", "\\mathbf{f}(\\mathbf{x}^{(" + std::to_string(k + 1) + ")})", s.value);
    a.matrix("Jf(" + x + ")", "J\\mathbf{f}(\\mathbf{x}^{(" + std::to_string(k + 1) + ")})", shown(s.jacobian, s.jacobian_level));
  }
  rep.steps.push_back(std::move(a));

  Step b("1(b)", "Shifting by the maximum");
  b.para("For any constant c, multiplying numerator and denominator by exp(−c) changes nothing:");
  b.formula("f_i(x − c1) = exp(x_i − c) / Σ_k exp(x_k − c)\n            = e^(−c) exp(x_i) / (e^(−c) Σ_k exp(x_k)) = f_i(x)",
            "f_i(\\mathbf{x}-c\\mathbf{1}) = \\frac{e^{x_i-c}}{\\sum_k e^{x_k-c}} = \\frac{e^{-c}e^{x_i}}{e^{-c}\\sum_k e^{x_k}} = f_i(\\mathbf{x})");
  b.para("So f(x) = f(x − c1) for every c, in particular c = max_k x_k. In exact arithmetic the shift therefore changes "
         "nothing; it is needed because of floating point. With c = max_k x_k every exponent is ≤ 0, so no exp overflows, "
         "and the largest term is exp(0) = 1, so the denominator lies in [1, n] and never underflows to 0. The transformation is needed "
         "whenever log Σ_k exp(x_k) > ln(DBL_MAX) ≈ " + num(std::log(DBL_MAX), 6) +
         ": an exp overflows to inf and inf/inf = NaN, or, with every exp finite, their sum overflows and every f_i becomes 0. "
         "It is needed too when max_k x_k < ln(DBL_MIN) ≈ " + num(std::log(DBL_MIN), 6) +
         ": the exps are subnormal and the ratios lose digits, and below ≈ " + num(std::log(std::numeric_limits<double>::denorm_min()) - std::log(2.0), 5) +
         " every exp underflows to 0 and 0/0 = NaN. Logits of that size occur with large weights, unnormalized inputs or low temperatures.");
  Table t;
  t.header = {"input", "max x", "naive formula", "shifted (stable)"};
  t.right_align = {false, true, false, false};
  for (std::size_t k = 0; k < res.softmax.size(); ++k) {
    const auto& s = res.softmax[k];
    t.rows.push_back({"x^(" + std::to_string(k + 1) + ")", num(s.x.maxCoeff()),
                      // The vector as the naive formula gives it: an overflowing exp makes its entry
                      // inf/inf = NaN and the others finite/inf = 0 (x = (−1000, 0, 1000): (0, 0, NaN)).
                      s.naive_failure == "overflow"       ? short_col(s.naive_value) + " (exp overflows)"
                      : s.naive_failure == "underflow"    ? short_col(s.naive_value) + " (every exp underflows)"
                      : s.naive_failure == "sum_overflow" ? short_col(s.naive_value) + " (the sum overflows)"
                      : s.naive_failure == "subnormal"    ? short_col(s.naive_value) + " (off by " + format_number(s.naive_error, 2) + ": subnormal exps)"
                                                          : short_col(s.naive_value),
                      short_col(s.value)});
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
  c.para("With v̄ = Σ_k p_k v_k and Σ_k p_k = 1, the last expression equals Σ_k p_k (v_k − v̄)², the variance of v under the "
         "distribution p, so it is ≥ 0 for every v. Hence ∇²f_i(x) is negative semidefinite at every x, and a twice "
         "differentiable function with a negative semidefinite Hessian everywhere on ℝⁿ is concave: each f_i is concave. "
         "(Equivalently: x_i is linear and log Σ_k exp(x_k) is convex.) The Hessian has the eigenvalue 0 along 1, since "
         "f_i(x + t1) = f_i(x), so f_i is not strictly concave. "
         "Numerically, on the problem's inputs:");
  for (std::size_t k = 0; k < res.softmax.size(); ++k) {
    const auto& s = res.softmax[k];
    // f is the log-softmax in this part (the homework's notation), as in the Jacobian below.
    const std::string K = std::to_string(k + 1);
    c.vector("f(x^(" + K + ")) = log softmax(x^(" + K + "))",
             "\\mathbf{f}(\\mathbf{x}^{(" + K + ")}) = \\log\\operatorname{softmax}(\\mathbf{x}^{(" + K + ")})", s.log_softmax);
    c.matrix("Jf(x^(" + std::to_string(k + 1) + "))", "J\\mathbf{f}(\\mathbf{x}^{(" + std::to_string(k + 1) + ")})",
             shown(s.log_softmax_jacobian, s.log_softmax_jacobian_level));
    const Eigen::VectorXd eigenvalues = shown(s.hessian_eigenvalues, Eigen::VectorXd::Constant(s.hessian_eigenvalues.size(), s.eigenvalue_level));
    c.vector("eigenvalues of ∇²f_i(x^(" + std::to_string(k + 1) + "))", "\\lambda\\big(\\nabla^2 f_i(\\mathbf{x}^{(" + std::to_string(k + 1) + ")})\\big)", eigenvalues);
  }
  rep.steps.push_back(std::move(c));

  Step d("2(b)", "Why log-softmax with cross-entropy");
  d.para("With the softmax layer and cross-entropy separate, the loss is L = −Σ_i q_i log p_i with p = softmax(x) "
         "computed first. When a logit is far below the largest, p_i underflows to 0 and log p_i = −inf: the loss "
         "is inf when q_i > 0, and the gradient through the softmax layer, which divides q_i by p_i, is NaN (inf·0 or 0/0), "
         "although the true values are finite. Combined, the loss is");
  d.formula("L = −Σ_i q_i log softmax(x)_i = −Σ_i q_i x_i + (Σ_i q_i) · logsumexp(x)\n∂L/∂x = p − q",
            "L = -\\sum_i q_i \\log\\operatorname{softmax}(\\mathbf{x})_i = -\\sum_i q_i x_i + \\Big(\\sum_i q_i\\Big)\\operatorname{logsumexp}(\\mathbf{x}),"
            "\\qquad \\frac{\\partial L}{\\partial \\mathbf{x}} = \\mathbf{p} - \\mathbf{q}");
  d.para("which needs one stable logsumexp, no division, no log of a rounded probability, and has the simple gradient "
         "p − q. On the problem's inputs, with the class i of the smallest logit as the target (q = e_i: the loss is −log p_i, "
         "computed both ways):");
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

/// "1, 2 and 4": hidden units numbered from 1, as the homework numbers them.
/// Beyond 12 units, the first 6, "…" and the last, with the count: "1, 2, 8, 9, 11, 12, … and 299
/// (151 of the 300)" (a 300-unit layer listed 151 numbers over eight lines).
std::string unit_list(const std::vector<Eigen::Index>& units, Eigen::Index of = 0) {
  constexpr std::size_t kWhole = 12, kHead = 6;
  std::string out;
  if (units.size() > kWhole) {
    for (std::size_t k = 0; k < kHead; ++k) out += std::to_string(units[k] + 1) + ", ";
    out += "… and " + std::to_string(units.back() + 1) + " (" + std::to_string(units.size()) + (of ? " of the " + std::to_string(of) : "") + ")";
    return out;
  }
  for (std::size_t k = 0; k < units.size(); ++k)
    out += (k == 0 ? "" : k + 1 == units.size() ? " and " : ", ") + std::to_string(units[k] + 1);
  return out;
}

std::string size_text(Eigen::Index rows, Eigen::Index cols) { return std::to_string(rows) + "×" + std::to_string(cols); }

/// {1, 2, 3}, as the homework writes index sets; {1, …, n} beyond 4.
std::string index_set(Eigen::Index n) {
  if (n > 4) return "{1, …, " + std::to_string(n) + "}";
  std::string out;
  for (Eigen::Index i = 1; i <= n; ++i) out += (i > 1 ? ", " : "") + std::to_string(i);
  return "{" + out + "}";
}

/// The update formulas of 3(b) (and of 3(e) with relu); `derive`: the chain rule worked layer by layer first.
void network_formulas(Step& s, Activation act, const NetworkFacts& f, bool derive) {
  const bool sig = act == Activation::Sigmoid;
  s.para("Write p = softmax(y) for the network's probabilities, q for the ground truth (Σ_i q_i = 1), η for the "
         "learning rate; W¹ is " + size_text(f.hidden, f.inputs) + " (row i: hidden unit i), W² is " + size_text(f.outputs, f.hidden) +
         (f.has_biases ? ", with biases b¹ and b²" : "") + (derive ? ". The chain rule, one layer at a time:" : "."));
  if (derive)
    s.para("- Softmax and cross-entropy: L = −Σ_k q_k y_k + (Σ_k q_k) log Σ_l e^(y_l), so ∂L/∂y_i = −q_i + p_i = p_i − q_i.\n"
         "- Output layer: y_i = Σ_j W²_ij a_j" + std::string(f.has_biases ? " + b²_i" : "") +
         ", so ∂L/∂W²_ij = (p_i − q_i) a_j and ∂L/∂a_j = Σ_k (p_k − q_k) W²_kj.\n"
         "- Activation: a_i = " + (sig ? "σ(z_i), σ'(z) = σ(z)(1 − σ(z)) = a_i(1 − a_i)" : "relu(z_i) = max(0, z_i), relu'(z) = 1[z > 0] (taken as 0 at z = 0)") +
         ", so ∂L/∂z_i = ∂L/∂a_i · " + (sig ? "a_i(1 − a_i)" : "1[z_i > 0]") + ".\n"
         "- Hidden layer: z_i = Σ_j W¹_ij x_j" + (f.has_biases ? " + b¹_i" : "") + ", so ∂L/∂W¹_ij = ∂L/∂z_i · x_j.");
  s.para(std::string(derive ? "Hence, for " : "For ") + "i ∈ " + index_set(f.outputs) + ", j ∈ " + index_set(f.hidden) +
         " (W²) and i ∈ " + index_set(f.hidden) + ", j ∈ " + index_set(f.inputs) + " (W¹):");
  s.formula("∂L/∂y_i = p_i − q_i,   p = softmax(y)", "\\frac{\\partial L}{\\partial y_i} = p_i - q_i,\\quad \\mathbf{p} = \\operatorname{softmax}(\\mathbf{y})");
  s.formula("∂L/∂W²_ij = (p_i − q_i) a_j", "\\frac{\\partial L}{\\partial W^2_{ij}} = (p_i - q_i)\\,a_j");
  if (sig) {
    s.formula("∂L/∂W¹_ij = [Σ_k (p_k − q_k) W²_ki] · a_i (1 − a_i) · x_j",
              "\\frac{\\partial L}{\\partial W^1_{ij}} = \\Big[\\sum_k (p_k - q_k) W^2_{ki}\\Big]\\, a_i(1 - a_i)\\, x_j");
  } else {
    s.formula("∂L/∂W¹_ij = [Σ_k (p_k − q_k) W²_ki] · 1[z_i > 0] · x_j",
              "\\frac{\\partial L}{\\partial W^1_{ij}} = \\Big[\\sum_k (p_k - q_k) W^2_{ki}\\Big]\\, \\mathbb{1}[z_i > 0]\\, x_j");
  }
  s.para("and gradient descent updates every weight at once, from the same forward pass:");
  s.formula("W²_ij ← W²_ij − η (p_i − q_i) a_j", "W^2_{ij} \\leftarrow W^2_{ij} - \\eta\\,(p_i - q_i)\\,a_j");
  if (sig)
    s.formula("W¹_ij ← W¹_ij − η [Σ_k (p_k − q_k) W²_ki] a_i (1 − a_i) x_j",
              "W^1_{ij} \\leftarrow W^1_{ij} - \\eta \\Big[\\sum_k (p_k - q_k) W^2_{ki}\\Big] a_i(1 - a_i)\\, x_j");
  else
    s.formula("W¹_ij ← W¹_ij − η [Σ_k (p_k − q_k) W²_ki] 1[z_i > 0] x_j",
              "W^1_{ij} \\leftarrow W^1_{ij} - \\eta \\Big[\\sum_k (p_k - q_k) W^2_{ki}\\Big] \\mathbb{1}[z_i > 0]\\, x_j");
  if (f.has_biases)
    s.formula("b²_i ← b²_i − η (p_i − q_i),   b¹_i ← b¹_i − η ∂L/∂z_i",
              "b^2_i \\leftarrow b^2_i - \\eta\\,(p_i - q_i),\\qquad b^1_i \\leftarrow b^1_i - \\eta\\,\\frac{\\partial L}{\\partial z_i}");
  s.para("Here p_i − q_i = softmax(y)_i − q_i: the formulas contain the output y and the ground truth q, as asked.");
}

void forward_numbers(Step& s, const NetworkProblem& n, const NetworkFacts& f, const ActivationResult& r) {
  const bool sig = r.activation == Activation::Sigmoid;
  const bool bias = f.has_biases;
  s.vector("x", "\\mathbf{x}", n.x);
  s.matrix("W¹", "W^1", n.W1);
  s.matrix("W²", "W^2", n.W2);
  // Both biases whenever the formulas below name them (a problem may give only one: the other is 0).
  if (bias) {
    s.vector("b¹", "\\mathbf{b}^1", n.b1);
    s.vector("b²", "\\mathbf{b}^2", n.b2);
  }
  s.formula(std::string(bias ? "z = W¹x + b¹ = " : "z = W¹x = ") + col(r.fwd.z),
            std::string(bias ? "\\mathbf{z} = W^1\\mathbf{x} + \\mathbf{b}^1 = " : "\\mathbf{z} = W^1\\mathbf{x} = ") + latex_column(r.fwd.z, 7));
  s.formula(std::string(sig ? "a = σ(z) = 1/(1 + e^(−z)) = " : "a = relu(z) = max(0, z) = ") + col(r.fwd.a),
            std::string(sig ? "\\mathbf{a} = \\sigma(\\mathbf{z}) = \\frac{1}{1 + e^{-\\mathbf{z}}} = " : "\\mathbf{a} = \\max(0,\\mathbf{z}) = ") + latex_column(r.fwd.a, 7));
  s.formula(std::string(bias ? "y = W²a + b² = " : "y = W²a = ") + col(r.fwd.y),
            std::string(bias ? "\\mathbf{y} = W^2\\mathbf{a} + \\mathbf{b}^2 = " : "\\mathbf{y} = W^2\\mathbf{a} = ") + latex_column(r.fwd.y, 7));
  s.formula("p = softmax(y) = " + col(r.fwd.p), "\\mathbf{p} = \\operatorname{softmax}(\\mathbf{y}) = " + latex_column(r.fwd.p, 7));
  s.formula("L = −Σ_i q_i log p_i = " + num(r.fwd.loss, 10), "L = -\\sum_i q_i \\log p_i = " + num(r.fwd.loss, 10));
  if (r.fwd.p.size() == 1) {
    // "All outputs are equal" would be vacuous: the softmax of one number is 1 whatever it is.
    s.para("With a single output, p = softmax(y) = (1)ᵀ whatever y, and q = (1)ᵀ is the only probability vector: "
           "L = −log 1 = 0 at every weight, so nothing can be learned.");
  } else if (r.outputs_equal) {
    const double k = static_cast<double>(r.fwd.p.size());
    const std::string K = std::to_string(r.fwd.p.size());
    s.para("All outputs y_i are equal, so p is uniform, p_i = 1/" + K + ", and since Σ_i q_i = 1, L = −Σ_i q_i log(1/" + K + "):");
    s.formula("L = ln " + K + " = " + num(std::log(k), 10), "L = \\ln " + K + " = " + num(std::log(k), 10));
  }
}

void gradient_numbers(Step& s, const NetworkProblem& n, const NetworkFacts& f, const ActivationResult& r) {
  const std::string sigma = r.activation == Activation::Sigmoid ? "σ'(z)" : "relu'(z)";
  const std::string sigma_latex = r.activation == Activation::Sigmoid ? "\\sigma'(\\mathbf{z})" : "\\operatorname{relu}'(\\mathbf{z})";
  s.formula("∂L/∂y = p − q = " + col(r.grad.delta2), "\\frac{\\partial L}{\\partial\\mathbf{y}} = \\mathbf{p}-\\mathbf{q} = " + latex_column(r.grad.delta2, 7));
  // An entry of ∂L/∂a within its rounding level is shown as 0, and so are what it alone feeds:
  // that entry of ∂L/∂z and that row of ∂L/∂W¹.
  const Eigen::Array<bool, Eigen::Dynamic, 1> zero = r.grad.dL_da.array().abs() <= r.dL_da_level.array();
  const Eigen::VectorXd dL_da = zero.select(0.0, r.grad.dL_da), delta1 = zero.select(0.0, r.grad.delta1);
  Eigen::MatrixXd W1 = r.grad.W1;
  for (Eigen::Index k = 0; k < W1.rows(); ++k)
    if (zero(k)) W1.row(k).setZero();
  s.formula("∂L/∂a = W²ᵀ(p − q) = " + col(dL_da), "\\frac{\\partial L}{\\partial\\mathbf{a}} = {W^2}^\\top(\\mathbf{p}-\\mathbf{q}) = " + latex_column(dL_da, 7));
  s.formula("∂L/∂z = ∂L/∂a ⊙ " + sigma + " = " + col(delta1),
            "\\frac{\\partial L}{\\partial\\mathbf{z}} = \\frac{\\partial L}{\\partial\\mathbf{a}} \\odot " + sigma_latex + " = " + latex_column(delta1, 7));
  s.matrix("∂L/∂W²", "\\frac{\\partial L}{\\partial W^2}", r.grad.W2);
  s.matrix("∂L/∂W¹", "\\frac{\\partial L}{\\partial W^1}", W1);
  // p = q first: then every gradient is 0, W² included, whatever the rows of W² (one output: one row).
  if (r.grad.delta2.isZero(0))
    s.para("Here p = q exactly (in double precision), so ∂L/∂y = p − q = 0 and every gradient is 0: no weight moves in this step.");
  else if (r.dL_da_zero && f.W2_rows_equal)
    s.para("Here ∂L/∂a = 0: every row of W² is the same vector w, so W²ᵀ(p − q) = Σ_i (p_i − q_i) w = (Σ_i p_i − Σ_i q_i) w = 0, "
           "because p and q both sum to 1. Hence ∂L/∂z = 0 and ∂L/∂W¹ = 0: W¹ does not move in this step.");
  else if (r.dL_da_zero && r.grad.dL_da.isZero(0))
    s.para("Here ∂L/∂a = W²ᵀ(p − q) = 0 (p − q is orthogonal to every column of W²), so ∂L/∂W¹ = 0: W¹ does not move in this step.");
  else if (r.dL_da_zero)
    // Computed, not exactly 0: within the rounding of its terms (dL_da_level). At W² = (−50, 50) in
    // column 1 and p = (4e-42, 4e-42, 1 − 8e-42), q = e₃, it is −8.5e-40 exactly and −4.3e-40 computed.
    s.para("Here every entry of ∂L/∂a = W²ᵀ(p − q) is within the rounding error of its terms (up to " +
           format_number(r.dL_da_level.maxCoeff(), 2) + "), so it is shown as 0, and so is ∂L/∂W¹: as far as double precision "
           "can tell, p − q is orthogonal to every column of W², and W¹ moves by rounding at most in this step.");
  else if (!r.inactive_units.empty())
    s.para(std::string(r.inactive_units.size() == 1 ? "Unit " : "Units ") + unit_list(r.inactive_units, f.hidden) +
           (r.inactive_units.size() == 1 ? " has" : " have") + " z ≤ 0, where relu' = 0: no gradient passes, so " +
           (r.inactive_units.size() == 1 ? "its row" : "their rows") + " of ∂L/∂W¹ " + (r.inactive_units.size() == 1 ? "is" : "are") +
           " 0 and " + (r.inactive_units.size() == 1 ? "its" : "their") + " weights do not move in this step.");
  s.para("After one step with η = " + num(n.learning_rate) + ":");
  s.matrix("W² − η∂L/∂W²", "W^2 - \\eta\\frac{\\partial L}{\\partial W^2}", r.W2_updated);
  s.matrix("W¹ − η∂L/∂W¹", "W^1 - \\eta\\frac{\\partial L}{\\partial W^1}", r.W1_updated);
  if (f.has_biases) {
    // ∂L/∂b² = p − q and ∂L/∂b¹ = ∂L/∂z, shown above.
    s.vector("b² − η∂L/∂b²", "\\mathbf{b}^2 - \\eta\\frac{\\partial L}{\\partial \\mathbf{b}^2}", r.b2_updated);
    s.vector("b¹ − η∂L/∂b¹", "\\mathbf{b}^1 - \\eta\\frac{\\partial L}{\\partial \\mathbf{b}^1}", r.b1_updated);
  }
}

const ActivationResult* find(const Result& res, Activation a) {
  for (const auto& r : res.network)
    if (r.activation == a) return &r;
  return nullptr;
}

const TrainingRun* find_run(const ActivationResult& r, Init init) {
  for (const auto& run : r.runs)
    if (run.init == init) return &run;
  return nullptr;
}

/// 3(d): the symmetry argument in full, then the facts of this problem.
void zero_init_step(Report& rep, const NetworkProblem& n, const Result& res) {
  const NetworkFacts& f = res.facts;
  const std::string h = std::to_string(f.hidden);
  Step d("3(d)", "Can all weights and biases start at zero?");
  if (f.hidden >= 2) {
    d.para("No, not the weights. Call hidden units j and j' identical when row j of W¹ equals row j', b¹_j = b¹_j' and column j "
           "of W² equals column j'. Identical units have z_j = z_j' and a_j = a_j', so they receive identical gradients:");
    d.para("- ∂L/∂W²_·j = (p − q) a_j, the same column for j and j';\n"
           "- ∂L/∂a_j = Σ_k (p_k − q_k) W²_kj, the same because the columns of W² are, hence ∂L/∂z_j = ∂L/∂a_j σ'(z_j) is the same;\n"
           "- row j of ∂L/∂W¹ is ∂L/∂z_j xᵀ and ∂L/∂b¹_j = ∂L/∂z_j, the same for j and j'.");
    d.para("So a gradient step keeps identical units identical, and by induction they stay identical for ever (for any "
           "number of samples too: the gradient is a sum of such terms). All-zero parameters make all " + h +
           " units identical: the hidden layer then computes y = (Σ_j W²_·j) a_1 + b², the function of a single hidden unit, "
           "whatever its width.");
  } else {
    d.para("The network has a single hidden unit, so there is no symmetry between units to break; zero initialization is "
           "still harmful in the ways below.");
  }
  // With a uniform q, p = softmax(0) = q from the start: "∂L/∂W² ≠ 0" and "only b² learns" would be false.
  if (f.target_uniform)
    d.para("- Sigmoid: z = 0 and a = σ(0) = ½ for every unit, y = 0 and p = softmax(0) = q, since this q is uniform: p − q = 0, "
           "so every gradient is 0 and no parameter ever moves (the loss stays at ln " + std::to_string(f.outputs) + ", its minimum).\n"
           "- Relu: z = 0 gives a = relu(0) = 0, and again p = softmax(0) = q: no parameter ever moves, whatever value relu'(0) is given.");
  else
    d.para("- Sigmoid: z = 0 and a = σ(0) = ½ for every unit. In the first step ∂L/∂W² = ½ (p − q) 1ᵀ, nonzero since q is not uniform, "
           "but ∂L/∂a = W²ᵀ(p − q) = 0 because W² = 0, so W¹ and b¹ start moving only in the second step, every row alike.\n"
           "- Relu: z = 0 gives a = relu(0) = 0, so ∂L/∂W² = (p − q) aᵀ = 0, and ∂L/∂a = W²ᵀ(p − q) = 0 gives ∂L/∂W¹ = 0, whatever value "
           "relu'(0) is given. W¹ and W² stay 0 for ever; only b² learns, and p = softmax(b²) ignores the input.");
  if (f.all_units_identical) {
    if (f.is_homework)
      d.para("(The homework's own initialization, all W¹ = 1 and all W² = 0.5, is just as symmetric: its " + h +
             " hidden units are identical and stay so, as the unit spread 0 of the given runs below shows.)");
    else
      d.para("(The problem's own initialization is just as symmetric: its " + h + " hidden units have identical parameters and "
             "stay so, as the unit spread 0 of the given runs below shows.)");
  } else {
    for (const auto& g : f.identical_units)
      d.para("In the problem's initialization, hidden units " + unit_list(g, f.hidden) + " are identical, so they stay identical in training: "
             "together they act as one unit.");
  }
  const bool units = f.hidden >= 2;  // "unit spread" and identical units mean something
  d.para(std::string(units ? "The weights must therefore start random and different" : "So even a single unit should start from small random weights") +
         ", e.g. Glorot/Xavier (variance 2/(fan-in + fan-out)) for sigmoid or He (variance 2/fan-in) for relu, small enough not "
         "to saturate σ; the biases may start at 0" + (units ? " once the weights differ" : "") +
         ". Gradient descent on the problem's sample, " + std::to_string(n.training_steps) + " steps with η = " +
         num(n.learning_rate) + ", from all-zero parameters, from the problem's own (given) and from random ones (every "
         "entry of W¹ and W² drawn from N(0, " + num(kRandomInitStddev) + "²) with seed " + std::to_string(n.seed) + ", the biases 0):");
  Table t;
  t.header = {"activation", "init", "loss before", "loss after"};
  t.right_align = {false, false, true, true};
  if (units) {
    t.header.push_back("unit spread");
    t.right_align.push_back(true);
  }
  for (const auto& r : res.network)
    for (const auto& run : r.runs) {
      t.rows.push_back({activation_name(r.activation), init_name(run.init), num(run.loss.front(), 6),
                        run.diverged_at ? "diverged at step " + std::to_string(run.diverged_at) : num(run.loss.back(), 6)});
      if (units) t.rows.back().push_back(num(run.hidden_unit_spread, 3));
    }
  d.table(t);
  int diverged = 0;
  for (const auto& r : res.network)
    for (const auto& run : r.runs) diverged += run.diverged_at ? 1 : 0;
  if (diverged)
    d.para("\"Diverged at step k\": after step k a weight or the loss was no longer a finite double (η = " + num(n.learning_rate) +
           " is far too large for " + (diverged == 1 ? "that run" : "those runs") + "); the run stopped there.");
  if (units)
    d.para("The unit spread is the largest difference between two hidden units' parameters over the run; 0 means "
           "the hidden units are copies of one another throughout training.");
  bool fell = !res.network.empty();
  for (const auto& r : res.network)
    if (const TrainingRun* z = find_run(r, Init::Zero)) fell = fell && z->loss_fell;
  if (fell && units)
    d.para("The loss still falls from zero initialization: one sample can be fitted even by a single effective unit (and by b² "
           "alone). What symmetric initialization destroys is capacity: on real data, " + h + " identical units can only represent "
           "what one can.");
  if (const ActivationResult* relu = find(res, Activation::Relu))
    if (const TrainingRun* z = find_run(*relu, Init::Zero); z && z->weights_stayed_zero)
      d.para("With relu the weights indeed stayed exactly 0 in all " + std::to_string(n.training_steps) + " steps.");
  d.figure("ex5_training.svg", "training loss by initialization");
  rep.steps.push_back(std::move(d));
}

void network_steps(Report& rep, const Problem& p, const Result& res) {
  const NetworkProblem& n = p.network;
  const NetworkFacts& f = res.facts;
  const ActivationResult* sig = find(res, Activation::Sigmoid);
  const ActivationResult* relu = find(res, Activation::Relu);

  Step a("3(a)", "Forward pass and loss (sigmoid)");
  if (sig) {
    a.para(std::string(f.has_biases ? "z = W¹x + b¹, a = σ(z), y = W²a + b²" : "z = W¹x, a = σ(z), y = W²a") +
           ", p = softmax(y), L = −Σ q_i log p_i (computed as in 2(b)), with q = " + col(n.target) + ":");
    forward_numbers(a, n, f, *sig);
  } else {
    a.para("The problem lists no sigmoid network.");
  }
  rep.steps.push_back(std::move(a));

  Step b("3(b)", "Backpropagation and the update formulas (sigmoid)");
  network_formulas(b, Activation::Sigmoid, f, true);
  if (sig) {
    b.para("On the problem's data:");
    gradient_numbers(b, n, f, *sig);
  }
  rep.steps.push_back(std::move(b));

  Step c("3(c)", "Matrix form");
  c.formula("δ² = ∂L/∂y = p − q\n∂L/∂W² = δ² aᵀ,            ∂L/∂b² = δ²\nδ¹ = ∂L/∂z = (W²ᵀ δ²) ⊙ σ'(z)\n∂L/∂W¹ = δ¹ xᵀ,            ∂L/∂b¹ = δ¹\nW² ← W² − η δ² aᵀ,   W¹ ← W¹ − η δ¹ xᵀ",
            "\\begin{aligned} \\boldsymbol\\delta^2 &= \\mathbf{p} - \\mathbf{q}, & \\frac{\\partial L}{\\partial W^2} &= \\boldsymbol\\delta^2\\mathbf{a}^\\top, \\\\ "
            "\\boldsymbol\\delta^1 &= ({W^2}^\\top\\boldsymbol\\delta^2) \\odot \\sigma'(\\mathbf{z}), & \\frac{\\partial L}{\\partial W^1} &= \\boldsymbol\\delta^1\\mathbf{x}^\\top, \\\\ "
            "W^2 &\\leftarrow W^2 - \\eta\\,\\boldsymbol\\delta^2\\mathbf{a}^\\top, & W^1 &\\leftarrow W^1 - \\eta\\,\\boldsymbol\\delta^1\\mathbf{x}^\\top \\end{aligned}");
  c.para("with σ'(z) = a ⊙ (1 − a) for the sigmoid and 1[z > 0] for relu, and ∂L/∂b² = δ², ∂L/∂b¹ = δ¹. Each weight gradient "
         "is an outer product of the error arriving at a layer's output and the input the layer saw (δ² is " +
         std::to_string(f.outputs) + "×1 and aᵀ is 1×" + std::to_string(f.hidden) + ", giving the " + size_text(f.outputs, f.hidden) +
         " shape of W²); the numbers above are these products. For a mini-batch the columns become samples: "
         "∂L/∂W¹ = (1/N) Δ¹ Xᵀ with one column of Δ¹ and X per sample.");
  rep.steps.push_back(std::move(c));

  zero_init_step(rep, n, res);

  Step e("3(e)", "The same network with relu");
  e.para("The derivation of 3(b) is unchanged up to the activation: σ'(z_i) = a_i(1 − a_i) becomes relu'(z_i) = 1[z_i > 0] "
         "(relu is not differentiable at 0; the value 0 is taken there, as the usual libraries do).");
  network_formulas(e, Activation::Relu, f, false);
  if (relu) {
    e.para("On the problem's data:");
    forward_numbers(e, n, f, *relu);
    gradient_numbers(e, n, f, *relu);
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
      s.label = activation_name(r.activation) + ", " + init_name(r.runs[k].init) + " init";
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
  return plot_figure("ex5_training.svg", std::move(pl));
}

std::string sci(double x) { return format_number(x, 2); }

}  // namespace

// Declared in ex5.hpp.
Check gradient_check_line(const std::string& name, const GradientCheck& g, Activation act, Eigen::Index entries, bool hidden) {
  // The error beyond what the differences resolve (DerivativeMeasure::beyond), as Exercise 6 judges
  // its checks: `error` also counts differences that settled only to their rounding floor as
  // unsettled, and failed right derivatives smaller than that floor (softmax at x = (0, −20)).
  Check c = tolerance_check(name, g.measure.beyond, kTol.finite_difference, kDifferenceDetail + coverage(entries));
  c.conclusive = g.conclusive;
  if (g.conclusive) return c;
  const bool no_step = g.logit_move > kTol.logit_move;
  // A check that can fail (GradientCheck::can_fail) fails on an error beyond the tolerance however
  // coarse its resolution; one that cannot passes, inconclusive.
  if (g.can_fail && !c.passed) return c;
  c.passed = true;
  std::string why;
  const bool through_sigmoid = hidden && act == Activation::Sigmoid;
  if (no_step)
    why = "inconclusive: even the second smallest step the differences can take (they compare two), " + sci(g.smallest_step) + ", moves " +
          (through_sigmoid ? "a logit or a pre-activation" : "a logit") + " by " + sci(g.logit_move) +
          ", and the softmax" + (through_sigmoid ? " and the sigmoid are" : " is") + " close to linear only over moves below " +
          sci(kTol.logit_move) + ": no step is small enough for the differences to approximate the derivative";
  else
    why = "inconclusive: what the differences cannot resolve, " + sci(g.measure.allowance) +
          " (their uncertainty and the rounding of the loss, up to " + sci(g.loss_rounding) + " with the logits y off by up to " +
          sci(g.logit_rounding) + ", over the step), is " + sci(g.measure.swamp) + " of the gradient's size " + sci(g.measure.size) +
          " (conclusive needs at most " + sci(kConclusiveResolution) + "): " +
          (g.measure.swamp >= 1 ? std::string("a gradient wrong by 100% would pass as well")
                                : "an error of up to " + format_number(100 * g.measure.swamp, 2) + "% of it would pass unnoticed (a larger one fails)");
  c.detail = why + "; " + c.detail;
  return c;
}
namespace {

/// A softmax derivative check (1(a), 2(a)): passed and conclusive when the differences resolve the
/// derivative to kConclusiveResolution of its size; a pass they cannot resolve is marked
/// inconclusive and says why from its numbers. A failure stays a failure.
Check softmax_check_line(const std::string& name, const DerivativeMeasure& m, const std::string& what, Eigen::Index entries) {
  // `beyond`, not `error`, for the reason given in gradient_check_line.
  Check c = tolerance_check(name, m.beyond, kTol.finite_difference, kDifferenceDetail + coverage(entries));
  if (entries == 1) {
    // Softmax of one number is the constant 1 (log-softmax the constant 0): every derivative is
    // exactly 0, and so is every difference; nothing is below what the check resolves.
    c.conclusive = true;
    if (c.passed) c.detail = "exactly 0, as the derivative of a constant (softmax of one number is 1); " + c.detail;
    return c;
  }
  c.conclusive = m.swamp <= kConclusiveResolution;
  if (*c.conclusive || !c.passed) return c;
  const std::string resolve = "what the differences cannot resolve, " + sci(m.allowance) +
                              " (their uncertainty and the rounding of values up to max |f| over the step), ";
  // The size is floored at the smallest normal double (DerivativeMeasure): below it, every entry
  // is 0 or subnormal, the exact ones underflowing (x = (−1000, 0, 1000): f₂ = e^−1000).
  const std::string against = m.size <= DBL_MIN ? "is more than every entry of the " + what +
                                                      ", each 0 or below the smallest normal double 2.2e-308 (the exact values underflow)"
                                                : "is " + sci(m.swamp) + " of the " + what + "'s largest entry " + sci(m.size);
  c.detail = "inconclusive: " + resolve + against + " (conclusive needs at most " + sci(kConclusiveResolution) + "): " +
             (m.swamp >= 1 ? "a " + what + " wrong by 100% would pass as well"
                           : "an error of up to " + format_number(100 * m.swamp, 2) + "% of it would pass unnoticed (a larger one fails)") +
             "; " + c.detail;
  return c;
}

void add_checks(Report& rep, const Result& res) {
  const bool units = res.facts.hidden >= 2;
  for (std::size_t k = 0; k < res.softmax.size(); ++k) {
    const auto& s = res.softmax[k];
    const std::string in = " (input " + std::to_string(k + 1) + ")";
    rep.checks.push_back(softmax_check_line("1(a) softmax Jacobian vs central differences" + in, s.fd_jacobian, "Jacobian", s.x.size()));
    rep.checks.push_back(tolerance_check("1(a) softmax sums to 1" + in, std::fabs(s.value.sum() - 1), kTol.sums_to_one, "|Σf − 1|"));
    rep.checks.push_back(tolerance_check("1(b) f(x) = f(x − max(x)·1)" + in, s.shift_error, kTol.shift_identity, "max |difference|"));
    rep.checks.push_back(softmax_check_line("2(a) log-softmax Jacobian vs central differences" + in, s.fd_log_jacobian, "Jacobian", s.x.size()));
    rep.checks.push_back(softmax_check_line("2(a) Hessian of log f_1 vs differences of its gradient" + in, s.fd_hessian, "Hessian", s.x.size()));
    rep.checks.push_back(tolerance_check("2(a) concavity: largest Hessian eigenvalue ≤ 0" + in,
                                         std::max(0.0, s.hessian_eigenvalues.maxCoeff()), kTol.eigenvalue_sign, "largest eigenvalue (clipped at 0)"));
  }
  for (const auto& r : res.network) {
    const std::string a = " (" + activation_name(r.activation) + ")";
    rep.checks.push_back(gradient_check_line("3(b) ∂L/∂W² vs central differences" + a, r.fd.W2, r.activation, r.grad.W2.size(), false));
    rep.checks.push_back(gradient_check_line("3(b) ∂L/∂b² vs central differences" + a, r.fd.b2, r.activation, r.grad.b2.size(), false));
    if (r.near_kink) {
      // Nothing was compared: the check cannot tell right from wrong, so it is not conclusive.
      rep.checks.push_back({"3(b) ∂L/∂W¹, ∂L/∂b¹ vs central differences" + a, true,
                            r.kink_distance == 0
                                ? "not applicable: a pre-activation z_j is 0, relu's kink, where the loss is not differentiable"
                                : "not applicable: a pre-activation z_j is " + format_number(r.kink_distance, 3) +
                                      " from relu's kink, closer than the smallest difference step reaches, so every step straddles it",
                            false});
    } else {
      rep.checks.push_back(gradient_check_line("3(b) ∂L/∂W¹ vs central differences" + a, r.fd.W1, r.activation, r.grad.W1.size(), true));
      rep.checks.push_back(gradient_check_line("3(b) ∂L/∂b¹ vs central differences" + a, r.fd.b1, r.activation, r.grad.b1.size(), true));
    }
    for (const auto& run : r.runs)
      if (run.init == Init::Zero) {
        if (units)
          rep.checks.push_back(tolerance_check("3(d) zero initialization keeps the hidden units identical" + a,
                                               run.hidden_unit_spread, kTol.same, "max difference between units over training"));
        if (r.activation == Activation::Relu)
          rep.checks.push_back({"3(d) relu from zero: W¹ and W² stay exactly 0" + a, run.weights_stayed_zero,
                                run.weights_stayed_zero ? "every step" : "some weight moved"});
      }
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
