// Exercise 6: the step-by-step explanation, the JSON results and the checks.
#include "hw6/exercises/ex6.hpp"
#include "hw6/gradcheck.hpp"
#include "hw6/numeric.hpp"
#include "hw6/render.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace hw6::ex6 {

namespace {

std::string shape_text(const std::vector<std::int64_t>& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) out += (i ? " × " : "") + std::to_string(s[i]);
  return out;
}

Json shape_json(const std::vector<std::int64_t>& s) {
  Json out = Json::array();
  for (auto d : s) out.push_back(d);
  return out;
}

std::string kind_name(LayerKind k) {
  switch (k) {
    case LayerKind::Conv: return "conv";
    case LayerKind::MaxPool: return "maxpool";
    case LayerKind::AvgPool: return "avgpool";
    case LayerKind::FC: return "fc";
  }
  return "";
}

/// Layer l's output-size rule and parameter count with its numbers, as plain text or LaTeX:
/// "H: ⌊(512 + 2·2 − 5)/1⌋ + 1 = 512 (W the same) → 512×512×64" and "5·5·4·64".
struct LayerFormulas {
  std::string shape, params;
};
LayerFormulas layer_formulas(const Problem& p, const LayerResult& l, bool latex) {
  auto dims = [&](const std::vector<std::int64_t>& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) out += (i ? (latex ? " \\times " : "×") : "") + std::to_string(s[i]);
    return out;
  };
  auto words = [&](const std::string& t) { return latex ? latex_text(t) : t; };
  const std::string dot = latex ? " \\cdot " : "·", arrow = latex ? " \\to " : " → ";
  const std::string count = std::to_string(l.layer.count), bias = p.bias ? " + " + count : "";
  const std::vector<std::int64_t>& in = l.input;
  LayerFormulas f;
  if (l.layer.kind == LayerKind::FC) {
    std::int64_t n = 1;
    for (auto d : in) n *= d;  // fits: ex6.cpp counted it with overflow checks
    const std::string inputs = n == 1 ? " input" : " inputs", neurons = l.layer.count == 1 ? " neuron" : " neurons";
    const bool spatial = in.size() == 3;
    f.shape = (spatial ? words("flatten ") + dims(in) + " = " : std::string()) + (latex ? latex_count(n) : format_count(n)) + words(inputs) + arrow +
              count + words(neurons);
    f.params = (spatial ? "(" + dims(in) + ")" : std::to_string(n)) + dot + count + bias;
    return f;
  }
  const bool conv = l.layer.kind == LayerKind::Conv;
  const std::int64_t k = conv ? l.layer.kernel : p.pool_window, s = conv ? p.conv_stride : p.pool_stride;
  const Padding& pad = conv ? p.conv_padding : p.pool_padding;
  // The rule with the numbers of the first axis (and of the second when it differs).
  auto rule = [&](std::int64_t n, std::int64_t out) {
    const std::string N = std::to_string(n), S = std::to_string(s), O = std::to_string(out);
    if (pad.kind == Padding::Kind::Same) return latex ? "\\lceil " + N + "/" + S + " \\rceil = " + O : "⌈" + N + "/" + S + "⌉ = " + O;
    const std::string P = std::to_string(pad.kind == Padding::Kind::Fixed ? pad.amount : 0), K = std::to_string(k);
    return latex ? "\\lfloor (" + N + " + 2 \\cdot " + P + " - " + K + ")/" + S + " \\rfloor + 1 = " + O
                 : "⌊(" + N + " + 2·" + P + " − " + K + ")/" + S + "⌋ + 1 = " + O;
  };
  f.shape = (latex ? "H\\colon " : "H: ") + rule(in[0], l.output[0]) +
            (in[1] == in[0] ? (latex ? "\\ " : " ") + words("(W the same)") : (latex ? ",\\ W\\colon " : ", W: ") + rule(in[1], l.output[1])) +
            arrow + dims(l.output);
  f.params = conv ? std::to_string(k) + dot + std::to_string(k) + dot + std::to_string(in[2]) + dot + count + bias
                  : (latex ? "0\\ " : "0 ") + words("(pooling has no weights)");
  return f;
}

/// "same", "valid", or "P = 2" (zeros per side) for a table header.
std::string padding_label(const Padding& pad) {
  return pad.kind == Padding::Kind::Fixed ? "P = " + pad.describe() : pad.describe();
}

/// The padding in prose: "same", "valid" quoted, or P zeros per side.
std::string padding_prose(const Padding& pad) {
  if (pad.kind == Padding::Kind::Fixed) return pad.describe() + (pad.amount == 1 ? " zero" : " zeros") + " per side";
  return "\"" + pad.describe() + "\" padding";
}

std::string padding_text(const Problem& p) {
  return p.conv_padding.kind == p.pool_padding.kind && p.conv_padding.amount == p.pool_padding.amount
             ? padding_prose(p.conv_padding)
             : padding_prose(p.conv_padding) + " (convolutions) and " + padding_prose(p.pool_padding) + " (pooling)";
}

/// The homework leaves padding open (1(f)), so the answer is given for both readings, side by side.
void alternative_padding_table(Step& s, const Problem& p, const Result& r, const PaddingAlternative& alt) {
  // Exactly what changed: both paddings when the problem pads alike, else only the convolutions'.
  const bool alike = p.conv_padding.kind == p.pool_padding.kind && p.conv_padding.amount == p.pool_padding.amount;
  const std::string changed = alike ? padding_prose(alt.padding) + " instead of " + padding_text(p)
                                    : padding_prose(alt.padding) + " for the convolutions instead of " + padding_prose(p.conv_padding) +
                                          " (pooling keeps its " + padding_prose(p.pool_padding) + ")";
  if (!alt.does_not_fit.empty()) {
    s.para("With " + changed + " the table does not work: " + alt.does_not_fit + ".");
    return;
  }
  const bool none = alt.padding.kind == Padding::Kind::Valid && alt.pool_padding.kind == Padding::Kind::Valid;
  if (alike)
    s.para("The homework only says padding may be used \"if necessary\" (1(f)), so here is the same table with " + padding_prose(alt.padding) +
           (none ? " (no padding at all: every window lies inside its input)" : "") + " beside the answer above with " + padding_text(p) + ":");
  else
    s.para("The homework only says padding may be used \"if necessary\" (1(f)), so here is the same table with " + changed +
           " beside the answer above with " + padding_text(p) + ":");
  Table t;
  const std::string mine = p.conv_padding.kind == p.pool_padding.kind && p.conv_padding.amount == p.pool_padding.amount
                               ? padding_label(p.conv_padding)
                               : "as given";
  const std::string theirs = alike ? padding_label(alt.padding) : "conv " + padding_label(alt.padding);
  t.header = {"layer", "output (" + mine + ")", "params (" + mine + ")", "output (" + theirs + ")", "params (" + theirs + ")"};
  t.right_align = {false, true, true, true, true};
  for (std::size_t i = 0; i < r.layers.size() && i < alt.layers.size(); ++i)
    t.rows.push_back({r.layers[i].layer.text, shape_text(r.layers[i].output), format_count(r.layers[i].params),
                      shape_text(alt.layers[i].output), format_count(alt.layers[i].params)});
  t.rows.push_back({"total", "", format_count(r.total_params), "", format_count(alt.total_params)});
  s.table(t);
  std::string differ;
  std::size_t n_differ = 0, windowed = 0;
  for (std::size_t i = 0; i < r.layers.size() && i < alt.layers.size(); ++i) {
    windowed += r.layers[i].layer.kind != LayerKind::FC ? 1 : 0;
    if (r.layers[i].output != alt.layers[i].output && r.layers[i].layer.kind != LayerKind::FC) {
      differ += (differ.empty() ? "" : ", ") + std::to_string(i + 1) + " (" + r.layers[i].layer.text + ")";
      ++n_differ;
    }
  }
  if (n_differ == 0)
    s.para("Both paddings give the same sizes here, hence the same counts.");
  else
    s.para((n_differ == windowed ? std::string("Every feature map differs")
                                 : "The feature maps differ at layer" + std::string(n_differ > 1 ? "s " : " ") + differ) + ". A convolution's or pooling layer's parameter count does not depend on "
           "padding, so only fully connected layers can count differently: " +
           (r.total_params == alt.total_params ? "here the totals agree." :
            format_count(r.total_params) + " vs " + format_count(alt.total_params) + " parameters in total."));
}
/// Whether some window of a convolution or pooling layer reaches into padding: along an axis of n
/// inputs with o outputs, the windows span (o − 1)·S + K positions, more than n when zeros were added.
bool reads_padding(const Problem& p, const Result& r) {
  for (const auto& l : r.layers) {
    if (l.layer.kind == LayerKind::FC || l.input.size() != 3) continue;
    const std::int64_t stride = l.layer.kind == LayerKind::Conv ? p.conv_stride : p.pool_stride;
    for (int a = 0; a < 2; ++a) {
      const std::int64_t n = l.input[static_cast<std::size_t>(a)], o = l.output[static_cast<std::size_t>(a)];
      // (o − 1)·S + K > n without overflow: n < K, or o − 1 > ⌊(n − K)/S⌋.
      if (n < l.layer.kernel || o - 1 > (n - l.layer.kernel) / stride) return true;
    }
  }
  return false;
}


void layer_steps(Report& rep, const Problem& p, const Result& r) {
  Step s("1", "Feature-map sizes and parameter counts");
  bool has_conv = false, has_pool = false;
  for (const auto& l : p.layers) {
    has_conv = has_conv || l.kind == LayerKind::Conv;
    has_pool = has_pool || l.kind == LayerKind::MaxPool || l.kind == LayerKind::AvgPool;
  }
  s.para("Input: " + shape_text({p.H, p.W, p.C}) + " (H × W × channels)." +
         (has_conv ? " Convolutions: stride " + std::to_string(p.conv_stride) + ", padding " + p.conv_padding.describe() + "." : "") +
         (has_pool ? " Pooling: window " + std::to_string(p.pool_window) + ", stride " + std::to_string(p.pool_stride) +
                         ", padding " + p.pool_padding.describe() + "."
                   : "") + " " +
         (p.bias ? "Each conv filter and FC neuron has a bias." : "No biases (homework 1(g)).") + " Activations have no parameters.");
  s.para("Along each spatial axis a window of size K with stride S and P zeros on each side gives");
  s.formula("n_out = ⌊(n + 2P − K)/S⌋ + 1\n\"same\" padding: n_out = ⌈n/S⌉ (P chosen to make it so)",
            "n_{\\text{out}} = \\left\\lfloor \\frac{n + 2P - K}{S} \\right\\rfloor + 1, \\qquad \\text{same: } n_{\\text{out}} = \\left\\lceil \\frac{n}{S}\\right\\rceil");
  s.para("A convK-N layer has N filters of size K × K × C_in; an FC-N layer connects each of its N neurons to every input:");
  s.formula("params(convK-N) = K·K·C_in·N" + std::string(p.bias ? " + N" : "") + "\nparams(FC-N) = (inputs)·N" + (p.bias ? " + N" : "") +
                ",   params(pool) = 0",
            "\\#(\\text{conv}K\\text{-}N) = K^2 C_{\\text{in}} N" + std::string(p.bias ? " + N" : "") +
                ",\\quad \\#(\\text{FC-}N) = n_{\\text{in}} N" + (p.bias ? " + N" : "") + ",\\quad \\#(\\text{pool}) = 0");
  s.para("Layer by layer (formula, numbers, result):");
  std::string derivation, latex;
  for (const auto& l : r.layers) {
    const bool pool = l.layer.kind == LayerKind::MaxPool || l.layer.kind == LayerKind::AvgPool;
    const LayerFormulas plain = layer_formulas(p, l, false), tex = layer_formulas(p, l, true);
    derivation += (derivation.empty() ? "" : "\n") + l.layer.text + ":  " + plain.shape + "\n" + std::string(l.layer.text.size() + 3, ' ') +
                  "params = " + (pool ? plain.params : plain.params + " = " + format_count(l.params));
    latex += (latex.empty() ? "" : " \\\\ ") + latex_text(l.layer.text) + "&\\colon\\ " + tex.shape + " \\\\ &\\phantom{\\colon}\\ " +
             latex_text("params") + " = " + (pool ? tex.params : tex.params + " = " + latex_count(l.params));
  }
  s.formula(derivation, "\\begin{aligned} " + latex + " \\end{aligned}");
  Table t;
  t.header = {"layer", "output", "parameters", "FLOPs"};
  t.right_align = {false, true, true, true};
  t.rows.push_back({"input", shape_text({p.H, p.W, p.C}), "", ""});
  for (const auto& l : r.layers) t.rows.push_back({l.layer.text, shape_text(l.output), format_count(l.params), l.flops_overflow ? std::string("over 2⁶³ − 1") : format_count(l.flops)});
  t.rows.push_back({"total", "", format_count(r.total_params), ""});
  s.table(t);
  s.para("Total: " + format_count(r.total_params) + (r.total_params == 1 ? " parameter" : " parameters") +
         (r.total_params > 4294967295LL ? " — more than 2³² − 1, so a 32-bit count would silently wrap around." : ".") +
         " FLOPs count a multiply-add as 2" + std::string(p.bias ? " and a bias addition as 1" : "") + " and are per image" +
         std::string(has_pool ? "; with a K × K window, pooling counts K² − 1 comparisons per output (max) or K² per output: K² − 1 additions and one division (average)." : ".") +
         std::string(reads_padding(p, r) ? " Every window is counted whole, the padding's zeros included, as is usual; windows at a padded border do less real work." : ""));
  // Which layer dominates: the usual lesson of this exercise. Layers with the same count are named
  // together.
  std::int64_t most = 0;
  for (const auto& l : r.layers) most = std::max(most, l.params);
  std::vector<const LayerResult*> biggest;
  for (const auto& l : r.layers)
    if (l.params == most) biggest.push_back(&l);
  if (most > 0 && r.total_params > 0) {
    char share[32];
    std::snprintf(share, sizeof share, "%.2f%%", 100.0 * static_cast<double>(most) / static_cast<double>(r.total_params));
    if (biggest.size() == 1) {
      const LayerResult& b = *biggest[0];
      // The usual lesson: the FC layer that reads the flattened feature map holds (almost) everything.
      const bool reads_map = b.layer.kind == LayerKind::FC && b.input.size() == 3;
      const std::string all = most == r.total_params ? "all" : "almost all";
      s.para("The largest layer is " + b.layer.text + " with " + share + " of all parameters" +
             (reads_map && most >= r.total_params / 10 * 9 ? ": " + all + " weights sit in the fully connected layer that reads the flattened feature map."
                                                          : "."));
    } else {
      std::string names;
      for (std::size_t k = 0; k < biggest.size(); ++k)
        names += (k == 0 ? "" : k + 1 == biggest.size() ? " and " : ", ") + biggest[k]->layer.text;
      s.para("The largest layers are " + names + ", with " + format_count(most) + " parameters each (" + share + " of all parameters each).");
    }
  }
  if (r.alternative) alternative_padding_table(s, p, r, *r.alternative);
  rep.steps.push_back(std::move(s));
}

void minibatch_step(Report& rep) {
  Step s("2(a)", "Why mini-batches");
  s.para("Computational efficiency: a mini-batch of N samples turns N matrix-vector products into one matrix-matrix "
         "product, which vector units, caches and GPUs execute far faster per sample; an epoch also needs N times fewer "
         "(synchronized) parameter updates than per-sample SGD. Full-batch gradient descent, in contrast, pays a whole "
         "pass over the data for a single step.");
  s.para("Convergence: the mini-batch gradient g = (1/N) Σ_n g_n is still an unbiased estimate of the full gradient, "
         "and for independent samples its variance is the per-sample variance divided by N:");
  s.formula("E[g] = ∇L,   Var[g] = σ²/N", "\\mathbb{E}[\\mathbf{g}] = \\nabla L,\\qquad \\operatorname{Var}[\\mathbf{g}] = \\sigma^2 / N");
  s.para("Less noise allows a larger step size and gives a smoother descent (the O(σ²/N)-term of the SGD "
         "convergence bound of HW 5 shrinks), while keeping some noise, which helps leave saddle points and sharp "
         "minima; and it costs far less per step than the full batch. Beyond some N the variance gain no longer pays "
         "for the extra computation, so N is chosen to fill the hardware (typically 32–512).");
  rep.steps.push_back(std::move(s));
}

/// Features whose variance is exactly 0 (all samples equal; every feature when m = 1), where the
/// layer behaves unlike the usual case: x̂ = 0 and y = β, and ∂L/∂x rests on ε alone.
void degenerate_features_note(Step& s, const BatchNormProblem& p, const BatchNormResult& r) {
  if (p.x.rows() == 1) {
    s.para("With m = 1 every feature has σ² = 0 and x − μ = 0: x̂ = 0 and y = β whatever x is, so ∂L/∂x = 0 and ∂L/∂γ = 0 "
           "(batch normalization needs m ≥ 2 to pass any gradient back to x).");
    return;
  }
  std::string flat;
  Eigen::Index n = 0;
  for (Eigen::Index j = 0; j < r.var.size(); ++j)
    if (r.var(j) == 0) flat += (n++ ? ", " : "") + std::to_string(j + 1);
  if (n == 0) return;
  s.para(std::string(n == 1 ? "Feature " : "Features ") + flat + (n == 1 ? " has" : " have") +
         " σ² = 0 (all samples equal): x̂ = 0 and y = β there, but ∂L/∂x is not 0 in general. With x̂ = 0 the formula reduces to "
         "∂L/∂x_i = γ(∂L/∂y_i − mean ∂L/∂y)/√ε, magnified by 1/√ε = " + format_number(1 / std::sqrt(p.eps), 3) +
         ": only ε keeps it finite.");
}

/// Entries of ∂L/∂x that are what rounding leaves of cancelling terms, not values: with m = 2 and
/// ε = 0 every one (∂L/∂x = 0 exactly, computed as ±1e48 for a spread of 1e-58 and γ ∂L/∂y ≈ 1e5).
void rounding_only_note(Step& s, const BatchNormProblem& p, const BatchNormResult& r) {
  const Eigen::Index m = p.x.rows();
  const double level = rounding_level(static_cast<double>(m + 2));
  const Eigen::ArrayXXd sizes = dx_term_sizes(p, r.xhat, r.var).array(), dx = r.dx.array().abs();
  const Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic> noise = (dx > 0) && (dx <= level * sizes);
  const double largest = dx.maxCoeff();
  if (m == 2 && p.eps == 0) {
    s.para("With m = 2 and ε = 0, x̂ = ±1 whatever x is (|x_i − μ| = |x_2 − x_1|/2 = σ), so y does not depend on x and ∂L/∂x = 0 exactly" +
           (largest > 0 ? "; the entries above are what rounding leaves of its cancelling terms (up to " + format_number(largest, 3) + ")."
                        : std::string(".")));
    return;
  }
  std::string where;
  for (Eigen::Index j = 0; j < noise.cols(); ++j)
    if (const Eigen::Index n = noise.col(j).count(); n > 0)
      where += (where.empty() ? "" : ", ") + std::to_string(n) + " of " + std::to_string(m) + " in feature " + std::to_string(j + 1);
  if (where.empty()) return;
  s.para("Entries of ∂L/∂x no larger than the rounding their three cancelling terms can leave (" + format_number(level, 2) +
         " of the terms' size) are 0 to working precision rather than values: " + where + ".");
}

/// 2(b): the derivation needs no data; the numbers follow when the problem gives a mini-batch.
void batchnorm_step(Report& rep, const BatchNormProblem* p, const BatchNormResult* r) {
  Step s("2(b)", "Batch normalization: forward and backward");
  s.para("Per feature (column), over the m samples of the mini-batch (rows):");
  s.formula("μ = (1/m) Σ_i x_i,   σ² = (1/m) Σ_i (x_i − μ)²\nx̂_i = (x_i − μ)/√(σ² + ε),   y_i = γ x̂_i + β",
            "\\mu = \\tfrac1m\\sum_i x_i,\\quad \\sigma^2 = \\tfrac1m\\sum_i (x_i-\\mu)^2,\\quad \\hat x_i = \\frac{x_i-\\mu}{\\sqrt{\\sigma^2+\\epsilon}},\\quad y_i = \\gamma\\hat x_i + \\beta");
  s.para("Backward, given ∂L/∂y_i: β and γ enter every y_i, so their gradients sum over the batch. x_i reaches L "
         "through x̂_i directly and through μ and σ², which depend on all samples; with ∂σ²/∂x_i = 2(x_i − μ)/m and "
         "∂μ/∂x_i = 1/m, collecting the three paths gives");
  s.formula("∂L/∂β = Σ_i ∂L/∂y_i\n∂L/∂γ = Σ_i ∂L/∂y_i · x̂_i\n∂L/∂x̂_i = γ ∂L/∂y_i\n"
            "∂L/∂σ² = −½ (σ² + ε)^(−3/2) Σ_i ∂L/∂x̂_i (x_i − μ)\n∂L/∂μ = −(σ² + ε)^(−1/2) Σ_i ∂L/∂x̂_i\n"
            "∂L/∂x_i = ∂L/∂x̂_i /√(σ² + ε) + ∂L/∂σ² · 2(x_i − μ)/m + ∂L/∂μ / m\n"
            "        = (1/(m√(σ² + ε)))\n          · (m ∂L/∂x̂_i − Σ_j ∂L/∂x̂_j − x̂_i Σ_j ∂L/∂x̂_j x̂_j)",
            "\\begin{aligned} \\frac{\\partial L}{\\partial\\beta} &= \\sum_i \\frac{\\partial L}{\\partial y_i}, \\qquad "
            "\\frac{\\partial L}{\\partial\\gamma} = \\sum_i \\frac{\\partial L}{\\partial y_i}\\hat x_i, \\qquad "
            "\\frac{\\partial L}{\\partial \\hat x_i} = \\gamma \\frac{\\partial L}{\\partial y_i}, \\\\ "
            "\\frac{\\partial L}{\\partial\\sigma^2} &= -\\tfrac12(\\sigma^2+\\epsilon)^{-3/2}\\sum_i \\frac{\\partial L}{\\partial \\hat x_i}(x_i-\\mu), \\qquad "
            "\\frac{\\partial L}{\\partial\\mu} = -\\frac{1}{\\sqrt{\\sigma^2+\\epsilon}}\\sum_i \\frac{\\partial L}{\\partial \\hat x_i}, \\\\ "
            "\\frac{\\partial L}{\\partial x_i} &= \\frac{\\partial L}{\\partial \\hat x_i}\\frac{1}{\\sqrt{\\sigma^2+\\epsilon}} + "
            "\\frac{\\partial L}{\\partial\\sigma^2}\\,\\frac{2(x_i-\\mu)}{m} + \\frac{\\partial L}{\\partial\\mu}\\,\\frac{1}{m} \\\\ "
            "&= \\frac{1}{m\\sqrt{\\sigma^2+\\epsilon}}\\Big(m\\frac{\\partial L}{\\partial \\hat x_i} - "
            "\\sum_j \\frac{\\partial L}{\\partial \\hat x_j} - \\hat x_i \\sum_j \\frac{\\partial L}{\\partial \\hat x_j}\\hat x_j\\Big) \\end{aligned}");
  s.para("(The ∂L/∂μ term from ∂σ²/∂μ vanishes because Σ_i (x_i − μ) = 0.) The last line follows by substituting the "
         "other two and x_i − μ = x̂_i √(σ² + ε). Consequently every column of ∂L/∂x sums to 0 (shifting a whole feature "
         "does not change x̂). "
         "With the homework's initialization γ = 1, β = 0 the layer outputs y = x̂ and ∂L/∂x̂ = ∂L/∂y.");
  if (!p || !r) {
    s.para("The problem gives no mini-batch (no \"batchnorm\" block), so there are no numbers to compute; add one "
           "({\"x\": m×k, \"gamma\", \"beta\", \"eps\", \"dL_dy\": m×k}) to see the formulas evaluated and checked.");
    rep.steps.push_back(std::move(s));
    return;
  }
  auto count = [](Eigen::Index n, const char* noun) { return std::to_string(n) + " " + noun + (n == 1 ? "" : "s"); };
  s.para("On the problem's mini-batch (m = " + count(p->x.rows(), "sample") + ", " + count(p->x.cols(), "feature") +
         ", ε = " + format_number(p->eps) + "):");
  s.matrix("x", "X", p->x);
  // Six significant digits do not show a spread below 1e-5 of the values (x = 1e8 ± 1e-4 prints as
  // 1e+08 throughout): the centred values then show what the layer sees.
  const Eigen::MatrixXd centred = p->x.rowwise() - r->mu;
  const double spread = centred.cwiseAbs().maxCoeff(), level = p->x.cwiseAbs().maxCoeff();
  if (spread > 0 && level > 1e4 * spread) {
    s.para("x sits far from 0 for its spread (max |x| = " + format_number(level, 3) + ", max |x − μ| = " + format_number(spread, 3) +
           "), which six digits do not show; centred:");
    s.matrix("x − μ", "X - \\mu", centred);
  }
  s.vector("γ", "\\gamma", p->gamma);
  s.vector("β", "\\beta", p->beta);
  s.vector("μ", "\\mu", r->mu.transpose());
  s.vector("σ²", "\\sigma^2", r->var.transpose());
  s.matrix("x̂", "\\hat X", r->xhat);
  s.matrix("y", "Y", r->y);
  s.matrix("∂L/∂y", "\\frac{\\partial L}{\\partial Y}", p->dL_dy);
  s.vector("∂L/∂β", "\\frac{\\partial L}{\\partial\\beta}", r->dbeta);
  s.vector("∂L/∂γ", "\\frac{\\partial L}{\\partial\\gamma}", r->dgamma);
  s.matrix("∂L/∂x", "\\frac{\\partial L}{\\partial X}", r->dx);
  rounding_only_note(s, *p, *r);
  degenerate_features_note(s, *p, *r);
  if (p->eps == 0)  // parse() refuses ε = 0 where some σ² = 0 (or is subnormal)
    s.para("With ε = 0 the layer is plain standardization, x̂ = (x − μ)/σ; it is defined here because every feature has σ² > 0 (the smallest is " +
           format_number(r->var.minCoeff()) + "). A constant feature would make x̂ = 0/0, which is what ε > 0 guards against.");
  rep.steps.push_back(std::move(s));
}

std::string sci(double x) { return format_number(x, 2); }

/// A 2(b) finite-difference check as the report shows it, as Exercise 5's 3(b) checks: where it can
/// fail (BnGradientCheck::can_fail) the tolerance decides, conclusive or not; where it cannot, it
/// passes, marked inconclusive, its detail saying why from the numbers that decided it.
Check bn_check_line(const std::string& name, const BnGradientCheck& g, const std::string& what) {
  Check c = tolerance_check(name, g.measure.beyond, kTolerances.finite_difference, what);
  c.conclusive = g.conclusive;
  if (g.conclusive || (g.can_fail && !c.passed)) return c;
  c.passed = true;
  std::string why;
  if (g.xhat_move > kTolerances.xhat_move)
    why = "inconclusive: even the second smallest step the differences can take (they compare two) moves x̂ by " + sci(g.xhat_move) +
          " (the step over √(σ² + ε)), and the layer is close to linear only over moves below " + sci(kTolerances.xhat_move) +
          ": no step is small enough for the differences to approximate the derivative";
  else
    why = "inconclusive: what the differences cannot resolve, " + sci(g.measure.allowance) + " (their uncertainty and the rounding of L, up to " +
          sci(g.rounding) + " per feature, over the step), is " + sci(g.measure.swamp) + " of the gradient's size " + sci(g.measure.size) +
          " (conclusive needs at most " + sci(kConclusiveResolution) + "): " +
          (g.measure.swamp >= 1 ? std::string("a gradient wrong by 100% would pass as well")
                                : "an error of up to " + format_number(100 * g.measure.swamp, 2) + "% of it would pass unnoticed (a larger one fails)");
  // Where nothing was resolved the error is no measurement (it can be inf): the reason alone.
  c.detail = g.can_fail && std::isfinite(g.measure.beyond) ? why + "; " + c.detail : why + ".";
  return c;
}

}  // namespace

Report report(const Problem& p, const Result& r) {
  Report rep;
  rep.exercise = 6;
  rep.title = "CNN shapes and parameters; batch normalization";
  rep.results["input"] = shape_json({p.H, p.W, p.C});
  Json layers = Json::array();
  std::int64_t total_flops = 0;
  bool flops_fit = true;
  for (const auto& l : r.layers) {
    layers.push_back({{"layer", l.layer.text},
                      {"kind", kind_name(l.layer.kind)},
                      {"input", shape_json(l.input)},
                      {"output", shape_json(l.output)},
                      {"params", l.params},
                      {"flops", l.flops_overflow ? Json(nullptr) : Json(l.flops)}});
    flops_fit = flops_fit && !l.flops_overflow && !__builtin_add_overflow(total_flops, l.flops, &total_flops);
  }
  rep.results["layers"] = layers;
  rep.results["total_params"] = r.total_params;
  rep.results["total_flops"] = flops_fit ? Json(total_flops) : Json(nullptr);
  if (r.alternative) {
    const auto& a = *r.alternative;
    Json alt = {{"padding", a.padding.describe()}};
    // Like the problem file: pool_padding only where it differs from padding.
    if (a.pool_padding.kind != a.padding.kind || a.pool_padding.amount != a.padding.amount) alt["pool_padding"] = a.pool_padding.describe();
    if (!a.does_not_fit.empty()) {
      alt["does_not_fit"] = a.does_not_fit;
    } else {
      Json alt_layers = Json::array();
      for (const auto& l : a.layers) alt_layers.push_back({{"layer", l.layer.text}, {"output", shape_json(l.output)}, {"params", l.params}});
      alt["layers"] = alt_layers;
      alt["total_params"] = a.total_params;
    }
    rep.results["alternative_padding"] = alt;
  }
  if (r.batchnorm) {
    const auto& b = *r.batchnorm;
    rep.results["batchnorm"] = {
        {"forward", {{"mu", vector_json(b.mu.transpose())}, {"var", vector_json(b.var.transpose())}, {"xhat", matrix_json(b.xhat)}, {"y", matrix_json(b.y)}}},
        {"gradients", {{"x", matrix_json(b.dx)}, {"gamma", vector_json(b.dgamma)}, {"beta", vector_json(b.dbeta)}}}};
  }

  layer_steps(rep, p, r);
  minibatch_step(rep);
  batchnorm_step(rep, p.batchnorm ? &*p.batchnorm : nullptr, r.batchnorm ? &*r.batchnorm : nullptr);

  // Checks.
  bool shapes_agree = true;
  std::size_t enumerated = 0;
  for (const auto& l : r.layers) {
    shapes_agree = shapes_agree && l.shape_enumerated_agrees;
    enumerated += l.shape_enumerated ? 1 : 0;
  }
  std::size_t windowed = 0;
  for (const auto& l : r.layers) windowed += l.layer.kind != LayerKind::FC ? 1 : 0;
  // With no convolution or pooling layer nothing is compared: not conclusive (as ex5's check at a kink).
  if (windowed == 0)
    rep.checks.push_back({"1 feature-map sizes: closed form = enumeration of window positions", true,
                          "not applicable: the table has no convolution or pooling layer, so no window positions to enumerate", false});
  else
    rep.checks.push_back({"1 feature-map sizes: closed form = enumeration of window positions", shapes_agree,
                          std::to_string(enumerated) + " of " + std::to_string(windowed) + " windowed layers enumerated" +
                              (enumerated < windowed ? " (axes longer than 10^7 are not enumerated)" : "")});
  rep.checks.push_back({"1 total parameters = independent fan-in × fan-out count (128-bit)", r.total_params == r.total_params_independent,
                        format_count(r.total_params) + " vs " + format_count(r.total_params_independent)});
  if (r.batchnorm) {
    const auto& b = *r.batchnorm;
    rep.checks.push_back(bn_check_line("2(b) ∂L/∂x vs central differences of L = ⟨∂L/∂y, y⟩", b.fd.x,
                                       kDifferenceDetail + derivative_check_coverage(static_cast<std::size_t>(b.dx.size()))));
    rep.checks.push_back(bn_check_line("2(b) ∂L/∂γ vs central differences", b.fd.gamma, kDifferenceDetail));
    rep.checks.push_back(bn_check_line("2(b) ∂L/∂β vs central differences", b.fd.beta, kDifferenceDetail));
    // κ (see Tolerances): how much x̂ magnifies the rounding of x.
    const Eigen::RowVectorXd spread = (b.var.array() + p.batchnorm->eps).sqrt();
    const double kappa = std::max(1.0, (p.batchnorm->x.cwiseAbs().array().rowwise() / spread.array()).maxCoeff());
    const std::string in_kappa = kappa > 1 ? ", over κ = max |x|/√(σ² + ε) = " + format_number(kappa, 3) : "";
    // Each column's sum over what it sums before cancelling (its entries' terms): the computed ∂L/∂x
    // can be rounding alone (m = 2, ε = 0: exactly 0), as large as 1e47, whose sum is as large.
    const Eigen::RowVectorXd sizes = dx_term_sizes(*p.batchnorm, b.xhat, b.var).colwise().sum();
    double col_sum = 0;
    for (Eigen::Index j = 0; j < sizes.size(); ++j)
      col_sum = std::max(col_sum, std::fabs(b.dx.col(j).sum()) / std::max(sizes(j), std::numeric_limits<double>::min()));
    col_sum /= kappa;
    rep.checks.push_back(tolerance_check("2(b) every column of ∂L/∂x sums to 0", col_sum, kTolerances.column_sum,
                                         "max |column sum| over the sum of its terms' sizes" + in_kappa));
    const double mean_err = b.xhat.colwise().mean().cwiseAbs().maxCoeff() / kappa;
    rep.checks.push_back(tolerance_check("2(b) x̂ has mean 0 per feature", mean_err, kTolerances.mean_zero, "max |mean|" + in_kappa));
  }
  return rep;
}

}  // namespace hw6::ex6
