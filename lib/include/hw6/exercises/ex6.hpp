#pragma once
/// Exercise 6: feature-map sizes, parameter counts and FLOPs of a CNN given as a layer table
/// ("conv5-64", "maxpool", "FC-512", ...), and the forward and backward pass of batch normalization.
#include "hw6/context.hpp"
#include "hw6/json_io.hpp"
#include "hw6/numeric.hpp"
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

/// Throws InputError with the JSON Pointer of the offending value. A mini-batch the layer cannot
/// evaluate in doubles is refused too: an overflow points at the entry (or γ_j, β_j) to scale down,
/// ε = 0 (allowed) at /batchnorm/eps when a feature has σ² = 0 or a subnormal σ².
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

/// One finite-difference check of 2(b) and what it could resolve, as Exercises 5 and 7 judge theirs
/// (report.hpp, kConclusiveResolution). The differences are of L minus the terms that do not move
/// with the checked quantity (for x and γ: Σ ∂L/∂y_ij γ_j x̂_ij; for β: Σ ∂L/∂y_ij β_j), whose
/// constant part (β's share, when γ is tiny) would otherwise bury the rest in its rounding.
struct BnGradientCheck {
  DerivativeMeasure measure;  ///< beyond (the error that decides), swamp, allowance, size
  double rounding = 0;        ///< the largest bound on the rounding of one feature's share of that L at the given point
  /// x only: the second smallest difference step (two are compared) over √(σ_j² + ε), the largest
  /// over the entries and directions compared: how far it moves x̂ (kTolerances.xhat_move at most).
  double xhat_move = 0;
  /// The check can tell a gradient wrong by 100% from the right one: a step within the linear range
  /// and an allowance below the gradient's size (measure.swamp < 1). It then fails on an error
  /// beyond the allowance (measure.beyond above the tolerance); otherwise it passes, inconclusive.
  bool can_fail = true;
  bool conclusive = true;  ///< can_fail and measure.swamp ≤ kConclusiveResolution
};
struct BnChecks {
  BnGradientCheck x, gamma, beta;
};

struct BatchNormResult {
  Eigen::RowVectorXd mu, var;
  Eigen::MatrixXd xhat, y;
  Eigen::MatrixXd dx;
  Eigen::VectorXd dgamma, dbeta;
  double fd_error_x = 0, fd_error_gamma = 0, fd_error_beta = 0;  ///< fd.*.measure.beyond
  BnChecks fd;
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
  std::optional<PaddingAlternative> alternative;  ///< none when no layer has a window (FC layers only)
};

/// Every tolerance of Exercise 6, named once.
struct Tolerances {
  /// Central differences with h = 1e-5 (numeric.hpp): truncation ~1e-10, rounding ~1e-11.
  double finite_difference = 1e-6;
  /// The next two are measured in units of κ = max(1, max_ij |x_ij| / √(σ_j² + ε)), the factor by
  /// which x̂ = (x − μ)/√(σ² + ε) magnifies the rounding of x (an offset of 1e6 on a spread of 1:
  /// κ = 1e6, and x̂'s mean can only be 0 to about 1e-10).
  double column_sum = 1e-12;  ///< |column sum of ∂L/∂x| over the sum of its entries' sizes (dx_term_sizes), over κ
  double mean_zero = 1e-12;   ///< |mean of x̂| per feature, over κ
  /// A difference step on x_ij moves x̂ by about step/√(σ_j² + ε): at most this much, where the
  /// layer is close to linear (truncation ~1% of the derivative, which the differences' own
  /// uncertainty measures). Steps beyond it see x̂ saturate (x = 1e8 with a spread of 1e-4: the
  /// first steps, 1e3, are 1e7 spreads) and their quotients, consistent with each other, are not
  /// the derivative.
  double xhat_move = 0.1;
  /// σ² + ε below the normal doubles (ε = 0 and a spread of 1e-161) rounds absolutely, to multiples
  /// of 4.9e-324: refused where (m + 2) of those exceed this fraction of it, far beyond the 1e-16
  /// of normal doubles but invisible in the six digits printed.
  double subnormal_variance = 1e-10;
};
inline constexpr Tolerances kTolerances{};

/// Throws InputError (pointing at /layers/i) when a size reaches zero or a count overflows int64.
Result solve(const Problem& p);
BatchNormResult batchnorm(const BatchNormProblem& p);
/// The three finite-difference checks of 2(b) for claimed gradients (batchnorm_values', or a test's
/// planted wrong ones) at the problem's mini-batch.
BnChecks check_batchnorm_gradients(const BatchNormProblem& p, const Eigen::MatrixXd& dx, const Eigen::VectorXd& dgamma,
                                   const Eigen::VectorXd& dbeta);
/// The size of each entry of ∂L/∂x before its three terms cancel: (m|∂L/∂x̂_i| + Σ_j |∂L/∂x̂_j| +
/// |x̂_i| Σ_j |∂L/∂x̂_j x̂_j|)/(m√(σ² + ε)), what its rounding is relative to (with m = 2 and ε = 0,
/// ∂L/∂x is 0 exactly and the computed one is that rounding alone).
Eigen::MatrixXd dx_term_sizes(const BatchNormProblem& p, const Eigen::MatrixXd& xhat, const Eigen::RowVectorXd& var);
/// The same without the finite-difference checks (fd_error_* stay 0): the layer's values alone,
/// which parse() inspects for overflow.
BatchNormResult batchnorm_values(const BatchNormProblem& p);

Report report(const Problem& p, const Result& r);
/// Parses, solves and reports; `ctx` gives the folder for relative data paths and a progress sink.
Report run(const Json& problem_json, const RunContext& ctx = {});

}  // namespace hw6::ex6
