// Exercise 6: parse, solve and check. The explanation is in ex6_report.cpp.
//
// Sizes follow the usual sliding-window arithmetic (e.g. Dumoulin & Visin, "A guide to convolution
// arithmetic for deep learning", 2016): out = ⌊(n + 2P − K)/S⌋ + 1; "same" padding is TensorFlow's
// convention out = ⌈n/S⌉. Every count is an int64 computed with overflow checks: the homework's total
// is 4,296,658,176 > 2³². Batch normalization: Ioffe & Szegedy, "Batch Normalization: Accelerating
// Deep Network Training by Reducing Internal Covariate Shift", ICML 2015, Algorithm 1 (forward)
// and §3 (the backward pass, whose three paths through x̂, μ and σ² ex6_report.cpp derives).
#include "hw6/exercises/ex6.hpp"

#include "hw6/numeric.hpp"
#include "hw6/render.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

namespace hw6::ex6 {

__extension__ typedef __int128 Int128;  // exact sums of int64 products (pedantic-clean)

std::string Padding::describe() const {
  switch (kind) {
    case Kind::Same: return "same";
    case Kind::Valid: return "valid";
    case Kind::Fixed: return std::to_string(amount);
  }
  return "";
}

namespace {

/// All digits, nonempty, and a value from 1 to 2³¹ − 1.
std::optional<std::int64_t> small_positive(const std::string& s) {
  if (s.empty() || s.size() > 10) return std::nullopt;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  std::int64_t v = std::stoll(s);
  if (v < 1 || v > std::numeric_limits<std::int32_t>::max()) return std::nullopt;
  return v;
}

Padding parse_padding(const Reader& r) {
  Padding p;
  if (r.json().is_string()) {
    std::string s = r.string();
    if (s == "same") return p;
    if (s == "valid") {
      p.kind = Padding::Kind::Valid;
      return p;
    }
    r.fail("expected \"same\", \"valid\" or a number of zeros per side, got \"" + s + "\"");
  }
  const std::int64_t n = r.integer(0, 1000000);
  p.kind = Padding::Kind::Fixed;
  p.amount = n;
  return p;
}

std::int64_t positive_int(const Reader& r, std::int64_t max) {
  return r.integer(1, max);
}

std::int64_t checked_mul(std::int64_t a, std::int64_t b, const Reader& where, const std::string& what) {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) where.fail(what + " overflows a 64-bit integer");
  return out;
}

std::int64_t checked_add(std::int64_t a, std::int64_t b, const Reader& where, const std::string& what) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) where.fail(what + " overflows a 64-bit integer");
  return out;
}

std::string shape_string(const std::vector<std::int64_t>& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) out += (i ? "×" : "") + std::to_string(s[i]);
  return out;
}

}  // namespace

std::optional<Layer> parse_layer(const std::string& text) {
  std::string s;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  Layer l;
  l.text = text;
  if (s == "maxpool" || s == "pool") {
    l.kind = LayerKind::MaxPool;
    return l;
  }
  if (s == "avgpool" || s == "averagepool") {
    l.kind = LayerKind::AvgPool;
    return l;
  }
  if (s.rfind("conv", 0) == 0) {
    auto dash = s.find('-');
    if (dash == std::string::npos) return std::nullopt;
    std::string k = s.substr(4, dash - 4), n = s.substr(dash + 1);
    auto x = k.find('x');
    if (x != std::string::npos) {  // conv3x3-64: square filters only
      if (k.substr(0, x) != k.substr(x + 1)) return std::nullopt;
      k = k.substr(0, x);
    }
    auto kv = small_positive(k), nv = small_positive(n);
    if (!kv || !nv) return std::nullopt;
    l.kind = LayerKind::Conv;
    l.kernel = *kv;
    l.count = *nv;
    return l;
  }
  if (s.rfind("fc", 0) == 0) {
    std::string n = s.substr(2);
    if (!n.empty() && n[0] == '-') n = n.substr(1);
    auto nv = small_positive(n);
    if (!nv) return std::nullopt;
    l.kind = LayerKind::FC;
    l.count = *nv;
    return l;
  }
  return std::nullopt;
}

namespace {

/// Index of the largest |v_i| (the first of equals).
Eigen::Index largest(const Eigen::VectorXd& v) {
  Eigen::Index i = 0;
  v.cwiseAbs().maxCoeff(&i);
  return i;
}

/// Throws InputError when the layer cannot be evaluated in double precision on this mini-batch: a
/// quantity overflows (pointing at the entry, or the γ/β of the feature, to scale down; where a
/// whole column's sum overflows, at its largest entry), or ε = 0 meets a feature with σ² = 0
/// (pointing at /eps). Checked in the order the layer computes, so the first cause is named.
void refuse_degenerate(const Reader& bn, const BatchNormProblem& b, const BatchNormResult& t) {
  const std::string beyond = "exceeds the largest double, " + format_number(std::numeric_limits<double>::max(), 2);
  const Eigen::Index m = b.x.rows(), k = b.x.cols();
  auto x_at = [&](Eigen::Index i, Eigen::Index j) { return bn.at("x").at(static_cast<std::size_t>(i)).at(static_cast<std::size_t>(j)); };
  auto dy_at = [&](Eigen::Index i, Eigen::Index j) {
    return bn.at("dL_dy").at(static_cast<std::size_t>(i)).at(static_cast<std::size_t>(j));
  };
  // Features and samples are numbered from 1, as the explanation numbers them, with the 0-based
  // column or row of x that a JSON Pointer would use.
  auto col = [](Eigen::Index j, const char* of = "x") {
    return "feature " + std::to_string(j + 1) + " (column " + std::to_string(j) + " of " + of + ")";
  };
  auto sample = [](Eigen::Index i) { return "sample " + std::to_string(i + 1) + ", row " + std::to_string(i) + " of x"; };
  auto num = [](double v) { return format_number(v, 3); };
  for (Eigen::Index j = 0; j < k; ++j) {
    if (!std::isfinite(t.mu(j)))
      x_at(largest(b.x.col(j)), j)
          .fail("computing μ overflows in " + col(j) + ": the sum of its values (before dividing by m) " + beyond + "; scale x down");
    if (!std::isfinite(t.var(j))) {
      const Eigen::VectorXd dev = b.x.col(j).array() - t.mu(j);
      const Eigen::Index i = largest(dev);
      const double d = dev(i);
      x_at(i, j).fail("computing σ² overflows in " + col(j) + ": " +
                      (!std::isfinite(d) ? "x − μ = " + num(b.x(i, j)) + " − " + num(t.mu(j)) + " " + beyond
                       : !std::isfinite(d * d) ? "(x − μ)² = (" + num(d) + ")² " + beyond
                                               : "the sum of the squared deviations (the largest (" + num(d) + ")²) " + beyond) +
                      "; scale x down");
    }
    if (b.eps == 0 && t.var(j) == 0) {
      const Reader eps = bn.at("eps");
      if (m == 1) eps.fail("ε = 0 with m = 1 sample: σ² = 0 in every column of x, so x̂ = 0/0; give ε > 0 (e.g. 1e-5) or more samples");
      if ((b.x.col(j).array() == b.x(0, j)).all())
        eps.fail("ε = 0 with a constant feature: σ² = 0 in " + col(j) + ": all " + std::to_string(m) + " samples are " + num(b.x(0, j)) +
                 ", so x̂ = 0/0; give ε > 0 (e.g. 1e-5)");
      eps.fail("ε = 0 and σ² underflows to 0 in " + col(j) + ": its largest |x − μ|, " +
               num((b.x.col(j).array() - t.mu(j)).abs().maxCoeff()) +
               ", squared is below the smallest double, so x̂ = (x − μ)/0; give ε > 0 (e.g. 1e-5) or scale x up");
    }
    // A subnormal σ² + ε keeps few digits: its m squares and their mean round to multiples of the
    // smallest double, absolutely, and x̂ would carry that (x = (0, 1e-161, 3e-161) with ε = 0: 17%).
    const double d = t.var(j) + b.eps, moved = static_cast<double>(m + 2) * std::numeric_limits<double>::denorm_min();
    if (t.var(j) > 0 && moved > kTolerances.subnormal_variance * d)
      bn.at("eps").fail("σ² + ε = " + num(d) + " in " + col(j) + " is a subnormal double: rounding its m squares and their mean may move it by (m + 2)·" +
                        num(std::numeric_limits<double>::denorm_min()) + " = " + num(moved) + ", " + format_number(100 * moved / d, 2) +
                        "% of it (normal doubles: 1e-16), which x̂ = (x − μ)/√(σ² + ε) would carry; give a larger ε (e.g. 1e-5) or scale x up");
  }
  for (Eigen::Index j = 0; j < k; ++j)
    for (Eigen::Index i = 0; i < m; ++i) {
      if (!std::isfinite(t.xhat(i, j)))
        x_at(i, j).fail("x̂ = (x − μ)/√(σ² + ε) overflows: " + num(b.x(i, j) - t.mu(j)) + "/√" + num(t.var(j) + b.eps) + " " + beyond);
      if (!std::isfinite(t.y(i, j))) {
        const double gx = b.gamma(j) * t.xhat(i, j);
        if (!std::isfinite(gx))
          bn.at("gamma").at(static_cast<std::size_t>(j))
              .fail("y = γx̂ + β overflows in " + col(j) + ": γ = " + num(b.gamma(j)) + " times x̂ = " + num(t.xhat(i, j)) + " (" + sample(i) + ") " + beyond + "; scale γ down");
        bn.at("beta").at(static_cast<std::size_t>(j))
            .fail("y = γx̂ + β overflows in " + col(j) + ": γx̂ = " + num(gx) + " (" + sample(i) + ") plus β = " + num(b.beta(j)) +
                  " " + beyond + "; scale γ and β down");
      }
    }
  for (Eigen::Index j = 0; j < k; ++j) {
    const Eigen::VectorXd dy = b.dL_dy.col(j);
    if (!std::isfinite(t.dbeta(j)))
      dy_at(largest(dy), j).fail("∂L/∂β = Σ_i ∂L/∂y_i overflows in " + col(j, "dL_dy") + ": the sum " + beyond + "; scale ∂L/∂y down");
    if (!std::isfinite(t.dgamma(j))) {
      const Eigen::VectorXd terms = dy.cwiseProduct(t.xhat.col(j));
      const Eigen::Index i = largest(terms);
      dy_at(i, j).fail("∂L/∂γ = Σ_i ∂L/∂y_i x̂_i overflows in " + col(j, "dL_dy") + ": " +
                       (!std::isfinite(terms(i)) ? "∂L/∂y · x̂ = " + num(dy(i)) + " · " + num(t.xhat(i, j)) + " " + beyond
                                                 : "the sum (its largest term " + num(terms(i)) + ") " + beyond) +
                       "; scale ∂L/∂y down");
    }
    if (!t.dx.col(j).allFinite()) {
      const Eigen::VectorXd dxhat = dy * b.gamma(j);
      const Eigen::Index i = largest(dxhat);
      // The larger factor of γ ∂L/∂y is the one to scale down.
      const Reader blame = std::fabs(b.gamma(j)) > std::fabs(dy(i)) ? bn.at("gamma").at(static_cast<std::size_t>(j)) : dy_at(i, j);
      if (!std::isfinite(dxhat(i)))
        blame.fail("∂L/∂x̂ = γ ∂L/∂y overflows in " + col(j) + ": " + num(b.gamma(j)) + " · " + num(dy(i)) + " " + beyond +
                   "; scale γ or ∂L/∂y down");
      const double spread = std::sqrt(t.var(j) + b.eps);
      blame.fail("computing ∂L/∂x overflows in " + col(j) + ": (m ∂L/∂x̂_i − Σ ∂L/∂x̂ − x̂_i Σ ∂L/∂x̂ x̂)/(m√(σ² + ε)) with ∂L/∂x̂ = γ ∂L/∂y up to " +
                 num(std::fabs(dxhat(i))) + " and √(σ² + ε) = " + num(spread) + " goes beyond the largest double; scale γ or ∂L/∂y down" +
                 (spread < 1 ? " (or x's spread in this column up)" : ""));
    }
  }
}

}  // namespace

Problem parse(const Json& j) {
  Reader root(j, "");
  root.only_keys({"description", "input", "layers", "conv_stride", "pool_window", "pool_stride", "padding",
                  "pool_padding", "bias", "batchnorm"});
  Problem p;
  Reader in = root.at("input");
  if (in.array_size() != 3) in.fail("expected [H, W, C], got an array of " + std::to_string(in.array_size()));
  const std::int64_t kMaxDim = std::int64_t{1} << 31;
  p.H = positive_int(in.at(0), kMaxDim);
  p.W = positive_int(in.at(1), kMaxDim);
  p.C = positive_int(in.at(2), kMaxDim);
  Reader layers = root.at("layers");
  for (std::size_t i = 0; i < layers.array_size(); ++i) {
    std::string text = layers.at(i).string();
    auto l = parse_layer(text);
    if (!l)
      layers.at(i).fail("unknown layer \"" + text +
                        "\"; expected convK-N (e.g. conv3-64), maxpool, avgpool or FC-N (e.g. FC-512), with K and N from 1 to 2147483647");
    p.layers.push_back(*l);
  }
  if (auto r = root.find("conv_stride")) p.conv_stride = positive_int(*r, 1000000);
  if (auto r = root.find("pool_window")) p.pool_window = positive_int(*r, 1000000);
  if (auto r = root.find("pool_stride")) p.pool_stride = positive_int(*r, 1000000);
  if (auto r = root.find("padding")) p.conv_padding = parse_padding(*r);
  p.pool_padding = p.conv_padding;
  if (auto r = root.find("pool_padding")) p.pool_padding = parse_padding(*r);
  if (auto r = root.find("bias")) p.bias = r->boolean();
  if (auto bn = root.find("batchnorm")) {
    bn->only_keys({"description", "x", "gamma", "beta", "eps", "dL_dy"});
    BatchNormProblem b;
    b.x = bn->at("x").matrix();
    b.gamma = bn->at("gamma").vector(b.x.cols());
    b.beta = bn->at("beta").vector(b.x.cols());
    const Reader eps = bn->at("eps");
    b.eps = eps.number();
    // ε = 0 is the textbook layer without its safeguard: well defined where every σ² > 0
    // (refuse_degenerate checks that once σ² is known).
    if (!(b.eps >= 0)) eps.fail("expected a number ≥ 0 (0 where every feature has σ² > 0), got " + eps.json().dump());
    b.dL_dy = bn->at("dL_dy").matrix(b.x.rows(), b.x.cols());
    // Finite entries can still overflow inside the layer (x = ±1e300 gives σ² = inf): refused here,
    // naming the entry to scale down and the first quantity that overflows, rather than explained in NaNs.
    refuse_degenerate(*bn, b, batchnorm_values(b));
    p.batchnorm = b;
  }
  return p;
}

std::int64_t window_output(std::int64_t n, std::int64_t k, std::int64_t s, const Padding& pad) {
  switch (pad.kind) {
    case Padding::Kind::Same: return (n + s - 1) / s;
    case Padding::Kind::Valid: return n < k ? 0 : (n - k) / s + 1;
    case Padding::Kind::Fixed: return n + 2 * pad.amount < k ? 0 : (n + 2 * pad.amount - k) / s + 1;
  }
  return 0;
}

std::int64_t window_output_enumerated(std::int64_t n, std::int64_t k, std::int64_t s, const Padding& pad) {
  std::int64_t count = 0;
  if (pad.kind == Padding::Kind::Same) {
    // "same": one output per stride that starts inside the input; the window is padded as needed.
    for (std::int64_t start = 0; start < n; start += s) ++count;
    return count;
  }
  const std::int64_t padded = n + (pad.kind == Padding::Kind::Fixed ? 2 * pad.amount : 0);
  for (std::int64_t start = 0; start + k <= padded; start += s) ++count;
  return count;
}

namespace {

/// Sizes and counts of the layer table (the whole of part 1); throws InputError at /layers/i.
Result solve_layers(const Problem& p) {
  Result r;
  Json layers_json = Json::array();  // only for building Readers that point at /layers/i
  for (const auto& l : p.layers) layers_json.push_back(l.text);
  Reader layers(layers_json, "/layers");

  std::vector<std::int64_t> shape = {p.H, p.W, p.C};
  Int128 independent_total = 0;
  for (std::size_t i = 0; i < p.layers.size(); ++i) {
    const Layer& l = p.layers[i];
    const Reader where = layers.at(i);
    LayerResult lr;
    lr.layer = l;
    // The FLOP count is extra information: when it does not fit 64 bits it is reported as such
    // (flops_overflow), and the parameter count, which the exercise asks for, is still given.
    auto flop_mul = [&lr](std::int64_t a, std::int64_t b) {
      std::int64_t out = 0;
      if (__builtin_mul_overflow(a, b, &out)) lr.flops_overflow = true;
      return out;
    };
    auto flop_add = [&lr](std::int64_t a, std::int64_t b) {
      std::int64_t out = 0;
      if (__builtin_add_overflow(a, b, &out)) lr.flops_overflow = true;
      return out;
    };
    lr.input = shape;
    const bool spatial = shape.size() == 3;
    Int128 fan_in = 0, fan_out = 0;
    if (l.kind == LayerKind::Conv || l.kind == LayerKind::MaxPool || l.kind == LayerKind::AvgPool) {
      if (!spatial) where.fail("\"" + l.text + "\" after a fully connected layer: its input is a vector, not a feature map");
      const bool conv = l.kind == LayerKind::Conv;
      const std::int64_t k = conv ? l.kernel : p.pool_window;
      const std::int64_t s = conv ? p.conv_stride : p.pool_stride;
      const Padding& pad = conv ? p.conv_padding : p.pool_padding;
      const std::int64_t h = window_output(shape[0], k, s, pad), w = window_output(shape[1], k, s, pad);
      if (h == 0 || w == 0)
        where.fail("\"" + l.text + "\" does not fit: its " + std::to_string(k) + "×" + std::to_string(k) + " window is larger than the " +
                   shape_string({shape[0], shape[1]}) + " input with padding " + pad.describe() + ", so the feature map size reaches 0");
      lr.shape_enumerated = shape[0] <= 10000000 && shape[1] <= 10000000;
      if (lr.shape_enumerated)
        lr.shape_enumerated_agrees = window_output_enumerated(shape[0], k, s, pad) == h && window_output_enumerated(shape[1], k, s, pad) == w;
      const std::int64_t positions = checked_mul(h, w, where, "the feature-map size");
      if (conv) {
        const std::int64_t per_filter = checked_mul(checked_mul(k, k, where, "the parameter count"), shape[2], where, "the parameter count");
        lr.params = checked_mul(per_filter, l.count, where, "the parameter count");
        if (p.bias) lr.params = checked_add(lr.params, l.count, where, "the parameter count");
        std::int64_t macs = flop_mul(flop_mul(per_filter, l.count), positions);
        lr.flops = flop_mul(2, macs);
        if (p.bias) lr.flops = flop_add(lr.flops, flop_mul(positions, l.count));
        fan_in = static_cast<Int128>(k) * k * shape[2];
        fan_out = l.count;
        shape = {h, w, l.count};
      } else {
        lr.params = 0;
        const std::int64_t per_output = flop_mul(k, k) - (l.kind == LayerKind::MaxPool ? 1 : 0);
        lr.flops = flop_mul(flop_mul(positions, shape[2]), per_output);
        shape = {h, w, shape[2]};
      }
      if (checked_mul(positions, shape[2], where, "the feature-map size") <= 0) where.fail("the feature map is empty");
    } else {  // FC
      std::int64_t in = 1;
      for (auto d : shape) in = checked_mul(in, d, where, "the input size of the fully connected layer");
      lr.params = checked_mul(in, l.count, where, "the parameter count");
      if (p.bias) lr.params = checked_add(lr.params, l.count, where, "the parameter count");
      lr.flops = flop_mul(2, flop_mul(in, l.count));
      if (p.bias) lr.flops = flop_add(lr.flops, l.count);
      fan_in = in;
      fan_out = l.count;
      shape = {l.count};
    }
    lr.output = shape;
    // Independent count: a layer with weights maps fan-in inputs to each of fan-out outputs.
    independent_total += fan_in * fan_out + (p.bias ? fan_out : 0);
    r.total_params = checked_add(r.total_params, lr.params, where, "the total parameter count");
    r.layers.push_back(lr);
  }
  r.total_params_independent = independent_total > std::numeric_limits<std::int64_t>::max() ? -1 : static_cast<std::int64_t>(independent_total);
  return r;
}

}  // namespace

Padding alternative_padding(const Problem& p) {
  Padding alt;
  alt.kind = p.conv_padding.kind == Padding::Kind::Valid ? Padding::Kind::Same : Padding::Kind::Valid;
  return alt;
}

Padding alternative_pool_padding(const Problem& p) {
  const bool alike = p.conv_padding.kind == p.pool_padding.kind && p.conv_padding.amount == p.pool_padding.amount;
  return alike ? alternative_padding(p) : p.pool_padding;
}

Result solve(const Problem& p) {
  Result r = solve_layers(p);
  if (p.batchnorm) r.batchnorm = batchnorm(*p.batchnorm);
  // The homework leaves padding open (1(f): "if necessary"): the same table under the other reading;
  // a table of fully connected layers only has no window to pad, and no other reading.
  const bool windowed = std::any_of(p.layers.begin(), p.layers.end(), [](const Layer& l) { return l.kind != LayerKind::FC; });
  if (!windowed) return r;
  Problem other = p;
  other.conv_padding = alternative_padding(p);
  other.pool_padding = alternative_pool_padding(p);
  PaddingAlternative alt;
  alt.padding = other.conv_padding;
  alt.pool_padding = other.pool_padding;
  try {
    Result o = solve_layers(other);
    alt.layers = std::move(o.layers);
    alt.total_params = o.total_params;
  } catch (const InputError& e) {
    alt.does_not_fit = e.what();  // a size reaches 0 (or a count overflows) under this padding
  }
  r.alternative = std::move(alt);
  return r;
}

namespace {

struct BnForward {
  Eigen::RowVectorXd mu, var;
  Eigen::MatrixXd xhat, y;
};

BnForward bn_forward(const Eigen::MatrixXd& x, const Eigen::VectorXd& gamma, const Eigen::VectorXd& beta, double eps) {
  BnForward f;
  const double m = static_cast<double>(x.rows());
  f.mu = x.colwise().sum() / m;
  // A second pass corrects the mean by the mean of the residuals (x − μ is exact for x near μ),
  // so that x̂'s mean is 0 to the rounding of μ itself even when the data sit far from 0.
  f.mu += (x.rowwise() - f.mu).colwise().sum() / m;
  const Eigen::MatrixXd centered = x.rowwise() - f.mu;
  f.var = centered.array().square().colwise().sum() / m;
  const Eigen::RowVectorXd inv_std = (f.var.array() + eps).rsqrt();
  f.xhat = centered.array().rowwise() * inv_std.array();
  f.y = (f.xhat.array().rowwise() * gamma.transpose().array()).rowwise() + beta.transpose().array();
  return f;
}

}  // namespace

BatchNormResult batchnorm_values(const BatchNormProblem& p) {
  BatchNormResult r;
  BnForward f = bn_forward(p.x, p.gamma, p.beta, p.eps);
  r.mu = f.mu;
  r.var = f.var;
  r.xhat = f.xhat;
  r.y = f.y;
  const double m = static_cast<double>(p.x.rows());
  const Eigen::MatrixXd& dy = p.dL_dy;
  r.dbeta = dy.colwise().sum().transpose();
  r.dgamma = dy.cwiseProduct(f.xhat).colwise().sum().transpose();
  const Eigen::MatrixXd dxhat = dy.array().rowwise() * p.gamma.transpose().array();
  const Eigen::RowVectorXd inv_std = (f.var.array() + p.eps).rsqrt();
  const Eigen::RowVectorXd sum_dxhat = dxhat.colwise().sum();
  const Eigen::RowVectorXd sum_dxhat_xhat = dxhat.cwiseProduct(f.xhat).colwise().sum();
  // ∂L/∂x_i = (1/(m·sqrt(σ²+ε))) (m ∂L/∂x̂_i − Σ_j ∂L/∂x̂_j − x̂_i Σ_j ∂L/∂x̂_j x̂_j), per feature.
  Eigen::MatrixXd inner = (m * dxhat).rowwise() - sum_dxhat;
  inner -= (f.xhat.array().rowwise() * sum_dxhat_xhat.array()).matrix();
  r.dx = (inner.array().rowwise() * (inv_std.array() / m)).matrix();
  return r;
}

namespace {

/// The rounding of a sum of products, given the products' absolute values: their own roundings and
/// the sum's, plus the spacing of subnormal numbers (where the terms are that small, rounding is absolute).
double sum_rounding(const Eigen::ArrayXd& terms) {
  const double n = static_cast<double>(terms.size());
  return rounding_level(n + 2) * terms.sum() + (n + 2) * std::numeric_limits<double>::denorm_min();
}

/// A bound on the rounding of one feature's share of L, S = γ Σ_i ∂L/∂y_i x̂_i, as bn_forward computes
/// it (x: the feature's m values, f its forward pass with β = 0): a running error bound (Higham,
/// Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.5) with gradcheck.hpp's
/// rounding_level for sums, stage by stage from the computed values. Two errors are common to the
/// whole feature and enter through signed sums, not sums of absolute values: μ's (u|μ|: 1.5e-8 at
/// 1e8, what limits a check at large offsets) shifts every x̂_i by δμ/√(σ² + ε), moving S by
/// δμ/√(σ² + ε)·|γ Σ_i ∂L/∂y_i|, and leaves σ² unchanged to first order (Σ_i (x_i − μ) = 0);
/// 1/√(σ² + ε)'s scales S by its relative error.
double feature_rounding(const Eigen::ArrayXd& x, const BnForward& f, const Eigen::ArrayXd& dy, double gamma, double eps) {
  const double u = std::numeric_limits<double>::epsilon() / 2, m = static_cast<double>(x.size());
  const Eigen::ArrayXd c = (x - f.mu(0)).abs();
  // μ: two passes of m-term sums and the final addition.
  const double dmu = u * std::fabs(f.mu(0)) + rounding_level(m + 2) * (c.mean() + rounding_level(m + 1) * x.abs().mean());
  const Eigen::ArrayXd dc_own = u * c;  // each subtraction's own rounding
  const double var = f.var(0), d = var + eps;
  const double dd = rounding_level(m + 1) * var + (2 * c * dc_own + (dc_own + dmu).square()).sum() / m + u * d;
  // 1/√d moves by the factor 1/√(1 − dd/d) at most, plus the root's and the division's roundings;
  // where dd ≥ d nothing is known but |x̂_i| ≤ √m (σ² ≥ (x_i − μ)²/m), so |S| ≤ 2√m Σ|γ ∂L/∂y_i|.
  const double w_sum = std::fabs(gamma) * dy.abs().sum();
  if (!(dd < d)) return 2 * std::sqrt(m) * w_sum;
  const double rel = 1 / std::sqrt(1 - dd / d) - 1 + 4 * u, inv = 1 / std::sqrt(d);
  const Eigen::ArrayXd w = std::fabs(gamma) * dy.abs();
  const Eigen::ArrayXd terms = (dy * f.y.col(0).array()).abs();
  const double S = std::fabs((dy * f.y.col(0).array()).sum());
  return dmu * inv * (1 + rel) * std::fabs(gamma * dy.sum()) + (w * dc_own).sum() * inv * (1 + rel) + (S + sum_rounding(terms)) * rel +
         u * terms.sum() + sum_rounding(terms);
}


/// A function of the k features' parts, S_j(now) − S_j(given) summed over the features whose inputs
/// moved: batch normalization treats each feature alone, so a step on one entry moves one part, and
/// the other parts (and their rounding, bit for bit the same at both ends of the step) drop out
/// instead of burying the difference (50 features of 1,000 samples: a rounding bound 10⁴ times larger).
class FeatureParts {
 public:
  using Part = std::function<Evaluation(Eigen::Index j, const Eigen::MatrixXd& now)>;
  using Moved = std::function<bool(Eigen::Index j, const Eigen::MatrixXd& now)>;
  FeatureParts(Eigen::Index k, const Eigen::MatrixXd& given, Part part, Moved moved)
      : part_(std::move(part)), moved_(std::move(moved)), base_(static_cast<std::size_t>(k)) {
    for (Eigen::Index j = 0; j < k; ++j) base_[static_cast<std::size_t>(j)] = part_(j, given);
  }
  Evaluation operator()(const Eigen::MatrixXd& now) const {
    const double u = std::numeric_limits<double>::epsilon() / 2;
    Evaluation e;
    double magnitude = 0;
    for (Eigen::Index j = 0; j < static_cast<Eigen::Index>(base_.size()); ++j) {
      if (!moved_(j, now)) continue;
      const Evaluation at = part_(j, now),& from = base_[static_cast<std::size_t>(j)];
      const double d = at.value - from.value;
      e.value += d;
      e.rounding += at.rounding + from.rounding + u * std::fabs(d);
      magnitude += std::fabs(d);
    }
    e.rounding += rounding_level(static_cast<double>(base_.size()) + 1) * magnitude;
    return e;
  }
  /// The largest bound on the rounding of one part at the given point.
  double largest_rounding() const {
    double r = 0;
    for (const Evaluation& b : base_) r = std::max(r, b.rounding);
    return r;
  }

 private:
  Part part_;
  Moved moved_;
  std::vector<Evaluation> base_;
};

}  // namespace

Eigen::MatrixXd dx_term_sizes(const BatchNormProblem& p, const Eigen::MatrixXd& xhat, const Eigen::RowVectorXd& var) {
  const double m = static_cast<double>(p.x.rows());
  const Eigen::ArrayXXd w = (p.dL_dy.array().rowwise() * p.gamma.transpose().array()).abs();  // |∂L/∂x̂_ij|
  const Eigen::ArrayXXd xhat_abs = xhat.array().abs();
  const Eigen::RowVectorXd spread = (var.array() + p.eps).sqrt();
  return (((m * w).rowwise() + w.colwise().sum() + (xhat_abs.rowwise() * (w * xhat_abs).colwise().sum())).rowwise() / (m * spread.array()))
      .matrix();
}

BnChecks check_batchnorm_gradients(const BatchNormProblem& p, const Eigen::MatrixXd& dx, const Eigen::VectorXd& dgamma,
                                   const Eigen::VectorXd& dbeta) {
  const Eigen::MatrixXd& dy = p.dL_dy;
  const Eigen::Index k = p.x.cols();
  const Eigen::VectorXd zero1 = Eigen::VectorXd::Zero(1);
  // L minus what does not move (BnGradientCheck): for x and γ the β part, for β the γx̂ part; feature
  // by feature (FeatureParts). Part j for x: γ_j Σ_i ∂L/∂y_ij x̂_ij, x̂ computed by bn_forward itself.
  const FeatureParts L_of_x(
      k, p.x,
      [&](Eigen::Index j, const Eigen::MatrixXd& x) {
        const Eigen::MatrixXd col = x.col(j);
        const BnForward f = bn_forward(col, p.gamma.segment(j, 1), zero1, p.eps);
        return Evaluation{dy.col(j).dot(f.y.col(0)), feature_rounding(col.array(), f, dy.col(j).array(), p.gamma(j), p.eps)};
      },
      [&](Eigen::Index j, const Eigen::MatrixXd& x) { return x.col(j) != p.x.col(j); });
  // x̂ does not depend on γ or β: the same doubles at every step, so only the products and the sum round.
  const Eigen::MatrixXd xhat = bn_forward(p.x, p.gamma, p.beta, p.eps).xhat;
  const FeatureParts L_of_gamma(
      k, p.gamma,
      [&](Eigen::Index j, const Eigen::MatrixXd& g) {
        const Eigen::VectorXd y = xhat.col(j) * g(j, 0);
        return Evaluation{dy.col(j).dot(y), sum_rounding((dy.col(j).array() * y.array()).abs())};
      },
      [&](Eigen::Index j, const Eigen::MatrixXd& g) { return g(j, 0) != p.gamma(j); });
  const FeatureParts L_of_beta(
      k, p.beta,
      [&](Eigen::Index j, const Eigen::MatrixXd& b) {
        const Eigen::VectorXd y = Eigen::VectorXd::Constant(dy.rows(), b(j, 0));
        return Evaluation{dy.col(j).dot(y), sum_rounding((dy.col(j).array() * y.array()).abs())};
      },
      [&](Eigen::Index j, const Eigen::MatrixXd& b) { return b(j, 0) != p.beta(j); });
  const BnForward f = bn_forward(p.x, p.gamma, p.beta, p.eps);
  const Eigen::RowVectorXd spread = (f.var.array() + p.eps).sqrt();
  const Eigen::ArrayXXd xhat_abs = f.xhat.array().abs();
  // The size of each gradient's terms before they cancel (∂L/∂x's three, per entry; the sums of ∂L/∂γ, ∂L/∂β).
  const Eigen::ArrayXXd x_terms = dx_term_sizes(p, f.xhat, f.var).array();
  const Eigen::MatrixXd gamma_terms = (dy.array().abs() * xhat_abs).colwise().sum().transpose().matrix();
  const Eigen::MatrixXd beta_terms = dy.array().abs().colwise().sum().transpose().matrix();

  // Steps on x stay where the layer is close to linear (kTolerances.xhat_move); where even the second
  // smallest step the differences can take (they compare two) goes beyond, the check cannot be made.
  BnChecks out;
  const double kappa = kTolerances.xhat_move;
  const Eigen::Index rows = p.x.rows();
  auto note_move = [&out](double step, double move_per_step) { out.x.xhat_move = std::max(out.x.xhat_move, step * move_per_step); };
  const StepCap x_cap = [&](Eigen::Index e) {
    const Eigen::Index j = e / rows;
    note_move(4 * smallest_difference_step(p.x.data()[e]), 1 / spread(j));
    return kappa * spread(j);
  };
  const std::function<double(const Eigen::MatrixXd&)> x_dir_cap = [&](const Eigen::MatrixXd& D) {
    const double per_step = (D.cwiseAbs().colwise().maxCoeff().array() / spread.array()).maxCoeff();
    note_move(4 * smallest_difference_step(0.0), per_step);
    return per_step > 0 ? kappa / per_step : std::numeric_limits<double>::infinity();
  };
  auto judge = [](BnGradientCheck& c, bool step_ok) {
    c.can_fail = step_ok && c.measure.swamp < 1;
    c.conclusive = c.can_fail && c.measure.swamp <= kConclusiveResolution;
  };
  out.x.measure = measure_gradient(L_of_x, p.x, dx, x_terms.matrix(), x_cap, x_dir_cap);
  out.x.rounding = L_of_x.largest_rounding();
  judge(out.x, !(out.x.xhat_move > kappa));
  out.gamma.measure = measure_gradient(L_of_gamma, p.gamma, dgamma, gamma_terms);
  out.gamma.rounding = L_of_gamma.largest_rounding();
  judge(out.gamma, true);
  out.beta.measure = measure_gradient(L_of_beta, p.beta, dbeta, beta_terms);
  out.beta.rounding = L_of_beta.largest_rounding();
  judge(out.beta, true);
  return out;
}

BatchNormResult batchnorm(const BatchNormProblem& p) {
  BatchNormResult r = batchnorm_values(p);
  r.fd = check_batchnorm_gradients(p, r.dx, r.dgamma, r.dbeta);
  r.fd_error_x = r.fd.x.measure.beyond;
  r.fd_error_gamma = r.fd.gamma.measure.beyond;
  r.fd_error_beta = r.fd.beta.measure.beyond;
  return r;
}

Report run(const Json& problem_json, const RunContext& /*ctx*/) {
  Problem p = parse(problem_json);
  return report(p, solve(p));
}

}  // namespace hw6::ex6
