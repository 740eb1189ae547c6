#pragma once
/// Exercise 6: feature-map sizes, parameter counts and FLOPs of a CNN given as a layer table
/// ("conv5-64", "maxpool", "FC-512", ...), and the forward and backward pass of batch normalization.
#include "hw6/context.hpp"
#include "hw6/json_io.hpp"
#include "hw6/report.hpp"

#include <Eigen/Dense>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hw6::ex6 {

enum class LayerKind { Conv, MaxPool, AvgPool, FC };

struct Layer {
  LayerKind kind = LayerKind::Conv;
  std::string text;     ///< as written in the problem file
  std::int64_t kernel = 0;  ///< conv filter size K (K×K); pooling window
  std::int64_t count = 0;   ///< conv: number of filters; FC: number of neurons
};

/// Padding of a sliding window: "same" (output = ⌈n/stride⌉), "valid" (no padding) or a fixed
/// number of zeros on each side.
struct Padding {
  enum class Kind { Same, Valid, Fixed } kind = Kind::Same;
  std::int64_t amount = 0;  ///< Fixed only
  std::string describe() const;
};

struct BatchNormProblem {
  Eigen::MatrixXd x;      ///< m × k: m samples of k features
  Eigen::VectorXd gamma;  ///< k
  Eigen::VectorXd beta;   ///< k
  double eps = 1e-5;
  Eigen::MatrixXd dL_dy;  ///< m × k: the gradient arriving from the next layer
};

struct Problem {
  std::int64_t H = 0, W = 0, C = 0;
  std::vector<Layer> layers;
  std::int64_t conv_stride = 1, pool_window = 2, pool_stride = 2;
  Padding conv_padding, pool_padding;
  bool bias = false;
  std::optional<BatchNormProblem> batchnorm;
};

/// Parses "conv5-64", "conv3x3-64", "maxpool", "max pool", "avgpool", "FC-10", "FC10" (any case).
/// Returns nullopt for anything else.
std::optional<Layer> parse_layer(const std::string& text);

Problem parse(const Json& j);

/// Output length of a sliding window along one axis: ⌊(n + pads − k)/s⌋ + 1 with the padding of
/// `pad`; 0 when the window does not fit.
std::int64_t window_output(std::int64_t n, std::int64_t k, std::int64_t s, const Padding& pad);
/// The same, counted by enumerating window positions one by one (the independent check).
std::int64_t window_output_enumerated(std::int64_t n, std::int64_t k, std::int64_t s, const Padding& pad);

struct LayerResult {
  Layer layer;
  std::vector<std::int64_t> input, output;  ///< [H, W, C], or [n] after an FC layer
  std::int64_t params = 0;
  std::int64_t flops = 0;  ///< multiply-add = 2 FLOPs; pooling: comparisons or additions
  bool flops_overflow = false;  ///< the FLOP count does not fit 64 bits (flops is then meaningless)
  bool shape_enumerated_agrees = true;  ///< false when the independent count disagrees
  bool shape_enumerated = false;        ///< false when the axis was too long to enumerate
};

struct BatchNormResult {
  Eigen::RowVectorXd mu, var;
  Eigen::MatrixXd xhat, y;
  Eigen::MatrixXd dx;
  Eigen::VectorXd dgamma, dbeta;
  double fd_error_x = 0, fd_error_gamma = 0, fd_error_beta = 0;
};

/// The layer table under the other reading of the homework's padding rule 1(f) ("you may want to
/// use padding ... if necessary"): "valid" everywhere when the problem pads, else "same".
struct PaddingAlternative {
  Padding padding;                  ///< the convolutions' padding (flipped: see alternative_padding)
  Padding pool_padding;             ///< the pooling layers' padding (= padding unless the problem pads them differently)
  std::vector<LayerResult> layers;  ///< empty when the table does not fit
  std::int64_t total_params = 0;
  std::string does_not_fit;         ///< why not (a feature map reaches size 0); empty when it fits
};

/// The convolutions' padding flipped: "same" when the problem's convolutions use "valid", else
/// "valid" (no padding).
Padding alternative_padding(const Problem& p);
/// The pooling layers' padding in the alternative: the flipped one when the problem pads
/// convolutions and pooling alike, else the problem's own pooling padding (only the
/// convolutions change).
Padding alternative_pool_padding(const Problem& p);

struct Result {
  std::vector<LayerResult> layers;
  std::int64_t total_params = 0;
  std::int64_t total_params_independent = 0;  ///< fan-in × fan-out in 128-bit arithmetic
  std::optional<BatchNormResult> batchnorm;
  std::optional<PaddingAlternative> alternative;
};

/// Every tolerance of Exercise 6, named once.
struct Tolerances {
  /// Central differences with h = 1e-5 (numeric.hpp): truncation ~1e-10, rounding ~1e-11.
  double finite_difference = 1e-6;
  /// The next two are measured in units of κ = max(1, max_ij |x_ij| / √(σ_j² + ε)), the factor by
  /// which x̂ = (x − μ)/√(σ² + ε) magnifies the rounding of x (an offset of 1e6 on a spread of 1:
  /// κ = 1e6, and x̂'s mean can only be 0 to about 1e-10).
  double column_sum = 1e-12;  ///< |column sum of ∂L/∂x| over its largest entry, over κ
  double mean_zero = 1e-12;   ///< |mean of x̂| per feature, over κ
};
inline constexpr Tolerances kTolerances{};

/// Throws InputError (pointing at /layers/i) when a size reaches zero or a count overflows int64.
Result solve(const Problem& p);
BatchNormResult batchnorm(const BatchNormProblem& p);
/// The same without the finite-difference checks (fd_error_* stay 0): the layer's values alone,
/// which parse() inspects for overflow.
BatchNormResult batchnorm_values(const BatchNormProblem& p);

Report report(const Problem& p, const Result& r);
/// Parses, solves and reports; `ctx` gives the folder for relative data paths and a progress sink.
Report run(const Json& problem_json, const RunContext& ctx = {});

}  // namespace hw6::ex6
