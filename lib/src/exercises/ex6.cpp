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

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

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
    b.eps = bn->at("eps").positive();
    b.dL_dy = bn->at("dL_dy").matrix(b.x.rows(), b.x.cols());
    // Finite entries can still overflow inside the layer (x = ±1e300 gives σ² = inf): refused here,
    // naming the first quantity that overflows, rather than explained in NaNs.
    const BatchNormResult t = batchnorm_values(b);
    const std::pair<const char*, bool> stages[] = {{"μ", t.mu.allFinite()},  {"σ²", t.var.allFinite()},
                                                   {"x̂", t.xhat.allFinite()}, {"y = γx̂ + β", t.y.allFinite()},
                                                   {"∂L/∂γ", t.dgamma.allFinite()}, {"∂L/∂x", t.dx.allFinite()}};
    for (const auto& [what, finite] : stages)
      if (!finite) bn->fail(std::string(what) + " overflows double precision for this mini-batch; scale x, γ or ∂L/∂y down");
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
  // The homework leaves padding open (1(f): "if necessary"): the same table under the other reading.
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
  if (p.batchnorm) r.batchnorm = batchnorm(*p.batchnorm);
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

BatchNormResult batchnorm(const BatchNormProblem& p) {
  BatchNormResult r = batchnorm_values(p);
  const Eigen::MatrixXd& dy = p.dL_dy;
  // Central differences of L = ⟨∂L/∂y, y⟩, whose gradient in y is the given ∂L/∂y.
  auto L_of_x = [&](const Eigen::MatrixXd& x) { return dy.cwiseProduct(bn_forward(x, p.gamma, p.beta, p.eps).y).sum(); };
  auto L_of_gamma = [&](const Eigen::MatrixXd& g) { return dy.cwiseProduct(bn_forward(p.x, g.col(0), p.beta, p.eps).y).sum(); };
  auto L_of_beta = [&](const Eigen::MatrixXd& b) { return dy.cwiseProduct(bn_forward(p.x, p.gamma, b.col(0), p.eps).y).sum(); };
  r.fd_error_x = gradient_check(L_of_x, p.x, r.dx);
  r.fd_error_gamma = gradient_check(L_of_gamma, p.gamma, r.dgamma);
  r.fd_error_beta = gradient_check(L_of_beta, p.beta, r.dbeta);
  return r;
}

Report run(const Json& problem_json, const RunContext& /*ctx*/) {
  Problem p = parse(problem_json);
  return report(p, solve(p));
}

}  // namespace hw6::ex6
