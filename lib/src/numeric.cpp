#include "hw6/numeric.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>
#include <random>

namespace hw6 {

namespace {
/// A step close to h such that x + step is exactly x + step in floating point, so that the
/// difference quotient divides by the step that was really taken.
double representable_step(double x, double h) {
  volatile double moved = x + h;
  return moved - x;
}
}  // namespace

double log_sum_exp(const Eigen::VectorXd& x) {
  const double c = x.maxCoeff();
  double sum = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) sum += std::exp(x(i) - c);
  return c + std::log(sum);
}

Eigen::VectorXd softmax(const Eigen::VectorXd& x) {
  const double c = x.maxCoeff();
  // std::exp, not Eigen's vectorized exp: the latter clamps its argument near −708 instead of
  // underflowing to 0, which would hide exactly the effect Exercise 5.2(b) is about.
  Eigen::VectorXd e = x.unaryExpr([c](double t) { return std::exp(t - c); });
  e /= e.sum();
  return e;
}

// (x − max) − log Σ exp(x − max), not x − log_sum_exp(x): adding log Σ (at most ln n) to the
// maximum first rounds it away once the inputs are large (1e300: every entry 0 instead of −ln n).
Eigen::VectorXd log_softmax(const Eigen::VectorXd& x) {
  const double c = x.maxCoeff();
  double sum = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) sum += std::exp(x(i) - c);
  return (x.array() - c) - std::log(sum);
}

Eigen::VectorXd softmax_naive(const Eigen::VectorXd& x) {
  Eigen::VectorXd e = x.unaryExpr([](double t) { return std::exp(t); });
  return e / e.sum();
}

Eigen::MatrixXd central_differences(const std::function<Eigen::VectorXd(const Eigen::MatrixXd&)>& f,
                                    const Eigen::MatrixXd& X, double h) {
  Eigen::MatrixXd Y = X;
  Eigen::MatrixXd D;
  for (Eigen::Index k = 0; k < X.size(); ++k) {
    const double step = representable_step(X.data()[k], h);
    Y.data()[k] = X.data()[k] + step;
    const Eigen::VectorXd up = f(Y);
    Y.data()[k] = X.data()[k] - step;
    const Eigen::VectorXd down = f(Y);
    Y.data()[k] = X.data()[k];
    if (k == 0) D.resize(up.size(), X.size());
    D.col(k) = (up - down) / (2 * step);
  }
  return D;
}

Eigen::MatrixXd numeric_gradient(const std::function<double(const Eigen::MatrixXd&)>& f, const Eigen::MatrixXd& X,
                                 double h) {
  if (X.size() == 0) return Eigen::MatrixXd(X.rows(), X.cols());
  const Eigen::MatrixXd D = central_differences([&f](const Eigen::MatrixXd& Y) { return Eigen::VectorXd::Constant(1, f(Y)); }, X, h);
  return Eigen::Map<const Eigen::MatrixXd>(D.data(), X.rows(), X.cols());
}

Eigen::MatrixXd numeric_jacobian(const std::function<Eigen::VectorXd(const Eigen::VectorXd&)>& f,
                                 const Eigen::VectorXd& x, double h) {
  if (x.size() == 0) return Eigen::MatrixXd(f(x).size(), 0);
  return central_differences([&f](const Eigen::MatrixXd& y) { return Eigen::VectorXd(f(y.col(0))); }, x, h);
}

double scaled_max_error(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B) {
  if (A.size() == 0) return 0;
  const double scale = std::max(1.0, B.cwiseAbs().maxCoeff());
  return (A - B).cwiseAbs().maxCoeff() / scale;
}

Differences adaptive_differences(const std::function<Eigen::VectorXd(const Eigen::MatrixXd&)>& f, const Eigen::MatrixXd& X,
                                 const StepCap& max_step) {
  return adaptive_differences(
      [&f](const Eigen::MatrixXd& Y) {
        RoundedValues v{f(Y), {}};
        v.rounding.setZero(v.value.size());
        return v;
      },
      X, max_step);
}

namespace {
constexpr int kSteps = 16;
/// Step i of an entry x's ladder (i = 0 the largest), rounded so that x + step is a double.
double ladder_step(double x, int i) {
  return representable_step(x, 1e-5 * std::max(1.0, std::fabs(x)) * std::ldexp(kSmallestRelativeStep, 2 * (kSteps - 1 - i)));
}
}  // namespace

double smallest_difference_step(double x) {
  for (int i = kSteps - 1; i >= 0; --i)
    if (const double step = ladder_step(x, i); step > 0) return step;
  return 0;
}

Differences adaptive_differences(const RoundedFunction& f, const Eigen::MatrixXd& X, const StepCap& max_step) {
  const double eps = std::numeric_limits<double>::epsilon();
  const RoundedValues at = f(X);
  const double size = at.value.size() ? at.value.cwiseAbs().maxCoeff() : 0.0;
  Differences d;
  d.value.setZero(at.value.size(), X.size());
  d.uncertainty.setZero(at.value.size(), X.size());
  d.floor.setZero(at.value.size(), X.size());
  Eigen::MatrixXd Y = X;
  // The estimates' buffers, allocated once: the checks of small networks call f thousands of times,
  // and allocation was a third of them.
  Eigen::VectorXd previous, estimate, change, best_rounding;
  for (Eigen::Index k = 0; k < X.size(); ++k) {
    const double x = X.data()[k], cap = max_step ? max_step(k) : std::numeric_limits<double>::infinity();
    bool have_previous = false;
    double best = std::numeric_limits<double>::infinity(), best_step = 0;
    for (int i = 0; i < kSteps; ++i) {
      const double step = ladder_step(x, i);
      if (!(step > 0) || step > cap) continue;
      // The entries really evaluated, and the step really taken between them: x + step is exact
      // (representable_step), x − step is not always (x near 0, step far larger: the centre moves),
      // and the difference of the two doubles is exact where they are within a factor 2 of each
      // other (Sterbenz), else off by at most u relative, which the floor's 2u|D| counts.
      const double hi = x + step, lo = x - step, taken = hi - lo;
      Y.data()[k] = hi;
      const RoundedValues up = f(Y);
      Y.data()[k] = lo;
      const RoundedValues down = f(Y);
      Y.data()[k] = x;
      estimate = (up.value - down.value) / taken;
      if (have_previous && previous.size() == estimate.size()) {
        change = (estimate - previous).cwiseAbs();
        const double c = change.allFinite() ? change.maxCoeff() : std::numeric_limits<double>::infinity();
        if (c < best) {
          best = c, best_step = step, d.value.col(k) = estimate, d.uncertainty.col(k) = change;
          best_rounding = (up.rounding + down.rounding) / taken;
        } else if (c > 64 * best) {
          break;  // rounding dominates from here on
        }
      }
      previous.swap(estimate);
      have_previous = true;
    }
    // ε of the values, and the spacing of subnormal numbers where values are that small; the
    // evaluations' own rounding bounds over the step taken; the quotient's two roundings.
    if (best_step > 0)
      d.floor.col(k) = (Eigen::VectorXd::Constant(at.value.size(), 8 * (eps * size + std::numeric_limits<double>::denorm_min()) / best_step) +
                        best_rounding + eps * d.value.col(k).cwiseAbs())
                           .eval();
    else
      d.uncertainty.col(k).setConstant(std::numeric_limits<double>::infinity());  // no two steps settled
  }
  return d;
}

Differences adaptive_gradient(const std::function<double(const Eigen::MatrixXd&)>& f, const Eigen::MatrixXd& X, const StepCap& max_step) {
  Differences d = adaptive_differences([&f](const Eigen::MatrixXd& Y) { return Eigen::VectorXd::Constant(1, f(Y)); }, X, max_step);
  for (Eigen::MatrixXd* m : {&d.value, &d.uncertainty, &d.floor}) *m = Eigen::Map<const Eigen::MatrixXd>(m->data(), X.rows(), X.cols()).eval();
  return d;
}

Differences adaptive_jacobian(const std::function<Eigen::VectorXd(const Eigen::VectorXd&)>& f, const Eigen::VectorXd& x) {
  return adaptive_differences([&f](const Eigen::MatrixXd& y) { return Eigen::VectorXd(f(y.col(0))); }, x);
}

namespace {
/// difference_error's measure of the claimed A (outputs × compared columns) against d, the error
/// relative to max(scale, max |D|, max F); and the largest allowance 2U + F over `size`.
DerivativeMeasure measured(const Eigen::MatrixXd& A, const Differences& d, double scale, double size) {
  DerivativeMeasure m;
  if (A.size() == 0) return m;
  if (!A.allFinite() || !d.value.allFinite() || !d.uncertainty.allFinite()) {
    m.error = m.beyond = std::numeric_limits<double>::infinity();  // nothing measured: fails, as before
    return m;
  }
  // The allowance against the derivative's size (never below the smallest normal double: a
  // derivative that small is 0 here, and an allowance of subnormals does not swamp it).
  const Eigen::MatrixXd allowance = 2 * d.uncertainty + d.floor;
  m.size = std::max(size, std::numeric_limits<double>::min());
  m.allowance = allowance.maxCoeff();
  m.swamp = m.allowance / m.size;
  scale = std::max({scale, d.value.cwiseAbs().maxCoeff(), d.floor.maxCoeff()});
  if (scale == 0) return m;
  const double over = ((A - d.value).cwiseAbs() - allowance).cwiseMax(0.0).maxCoeff();
  const double unsettled = d.uncertainty.maxCoeff() / scale;
  m.beyond = over / scale;
  m.error = std::max(m.beyond, unsettled > 1e-3 ? unsettled : 0.0);
  return m;
}

double max_abs(const Eigen::MatrixXd& m) { return m.size() ? m.cwiseAbs().maxCoeff() : 0.0; }

/// The larger of two measures: the larger error, and the larger swamp with its allowance and size.
void keep_worst(DerivativeMeasure& worst, const DerivativeMeasure& m) {
  worst.error = std::max(worst.error, m.error);
  worst.beyond = std::max(worst.beyond, m.beyond);
  if (m.swamp > worst.swamp || worst.size == 0) {
    worst.swamp = m.swamp;
    worst.allowance = m.allowance;
    worst.size = m.size;
  }
}
}  // namespace

double difference_error(const Eigen::MatrixXd& A, const Differences& d) {
  return measured(A, d, max_abs(A), max_abs(A)).error;
}

DerivativeMeasure measure_derivative(const RoundedFunction& f, const Eigen::MatrixXd& X, const Eigen::MatrixXd& J,
                                     const Eigen::MatrixXd& magnitude, const StepCap& entry_cap,
                                     const std::function<double(const Eigen::MatrixXd&)>& direction_cap, const DerivativeCheckPlan& plan) {
  const std::size_t n = static_cast<std::size_t>(X.size());
  const double entry_scale = max_abs(J), entry_size = std::max(entry_scale, max_abs(magnitude));
  if (n <= plan.exhaustive_up_to) return measured(J, adaptive_differences(f, X, entry_cap), entry_scale, entry_size);
  std::mt19937 rng(plan.seed);
  DerivativeMeasure worst;
  // Entries chosen at random (distinct), each differenced alone.
  std::vector<Eigen::Index> all(n);
  for (std::size_t k = 0; k < n; ++k) all[k] = static_cast<Eigen::Index>(k);
  std::shuffle(all.begin(), all.end(), rng);
  for (int s = 0; s < plan.entries && static_cast<std::size_t>(s) < n; ++s) {
    const Eigen::Index k = all[static_cast<std::size_t>(s)];
    Eigen::MatrixXd Y = X;
    const Differences d = adaptive_differences(
        [&](const Eigen::MatrixXd& t) {
          Y.data()[k] = t(0, 0);
          return f(Y);
        },
        Eigen::MatrixXd::Constant(1, 1, X.data()[k]), entry_cap ? StepCap([&](Eigen::Index) { return entry_cap(k); }) : StepCap());
    keep_worst(worst, measured(J.col(k), d, entry_scale, entry_size));
  }
  // Random directions.
  std::normal_distribution<double> normal(0.0, 1.0);
  const double size = std::max(1.0, X.cwiseAbs().maxCoeff());
  auto largest_row_norm = [](const Eigen::MatrixXd& m) {
    double r = 0;
    for (Eigen::Index i = 0; i < m.rows(); ++i) r = std::max(r, m.row(i).norm());
    return r;
  };
  const double row_norm = largest_row_norm(J), row_size = std::max(row_norm, largest_row_norm(magnitude));
  for (int s = 0; s < plan.directions; ++s) {
    Eigen::MatrixXd D(X.rows(), X.cols());
    for (Eigen::Index k = 0; k < D.size(); ++k) D.data()[k] = size * normal(rng);
    const double cap = direction_cap ? direction_cap(D) : std::numeric_limits<double>::infinity();
    const Differences d = adaptive_differences([&](const Eigen::MatrixXd& t) { return f(X + t(0, 0) * D); }, Eigen::MatrixXd::Zero(1, 1),
                                               [cap](Eigen::Index) { return cap; });
    const Eigen::VectorXd claimed = J * Eigen::Map<const Eigen::VectorXd>(D.data(), D.size());
    // J·vec(D) is of the order of the rows' norms times the directions' scale.
    keep_worst(worst, measured(claimed, d, row_norm * size, row_size * size));
  }
  return worst;
}

double derivative_check(const std::function<Eigen::VectorXd(const Eigen::MatrixXd&)>& f, const Eigen::MatrixXd& X, const Eigen::MatrixXd& J,
                        const StepCap& entry_cap, const std::function<double(const Eigen::MatrixXd&)>& direction_cap,
                        const DerivativeCheckPlan& plan) {
  return measure_derivative(unrounded(f), X, J, {}, entry_cap, direction_cap, plan).error;
}

RoundedFunction unrounded(std::function<Eigen::VectorXd(const Eigen::MatrixXd&)> f) {
  return [f = std::move(f)](const Eigen::MatrixXd& Y) {
    RoundedValues v{f(Y), {}};
    v.rounding.setZero(v.value.size());
    return v;
  };
}

std::string derivative_check_coverage(std::size_t n, const DerivativeCheckPlan& plan) {
  if (n <= plan.exhaustive_up_to) return "";
  std::string count = std::to_string(n);
  for (int at = static_cast<int>(count.size()) - 3; at > 0; at -= 3) count.insert(static_cast<std::size_t>(at), ",");
  return " (" + std::to_string(plan.directions) + " random directions and " + std::to_string(plan.entries) + " of " + count + " entries)";
}

double gradient_check(const std::function<double(const Eigen::MatrixXd&)>& f, const Eigen::MatrixXd& X, const Eigen::MatrixXd& G,
                      const StepCap& entry_cap, const std::function<double(const Eigen::MatrixXd&)>& direction_cap,
                      const DerivativeCheckPlan& plan) {
  const Eigen::Map<const Eigen::RowVectorXd> row(G.data(), G.size());
  return derivative_check([&f](const Eigen::MatrixXd& Y) { return Eigen::VectorXd::Constant(1, f(Y)); }, X, Eigen::MatrixXd(row), entry_cap,
                          direction_cap, plan);
}

DerivativeMeasure measure_gradient(const std::function<Evaluation(const Eigen::MatrixXd&)>& f, const Eigen::MatrixXd& X,
                                   const Eigen::MatrixXd& G, const Eigen::MatrixXd& magnitude, const StepCap& entry_cap,
                                   const std::function<double(const Eigen::MatrixXd&)>& direction_cap, const DerivativeCheckPlan& plan) {
  const Eigen::Map<const Eigen::RowVectorXd> row(G.data(), G.size());
  Eigen::MatrixXd magnitude_row;
  if (magnitude.size() > 0) magnitude_row = Eigen::Map<const Eigen::RowVectorXd>(magnitude.data(), magnitude.size());
  const RoundedFunction rounded = [&f](const Eigen::MatrixXd& Y) {
    const Evaluation e = f(Y);
    return RoundedValues{Eigen::VectorXd::Constant(1, e.value), Eigen::VectorXd::Constant(1, e.rounding)};
  };
  return measure_derivative(rounded, X, Eigen::MatrixXd(row), magnitude_row, entry_cap, direction_cap, plan);
}

std::pair<double, double> golden_section_min(const std::function<double(double)>& f, double a, double b, double rel_tol) {
  const double phi = 0.5 * (std::sqrt(5.0) - 1);
  for (int it = 0; it < 200 && b - a > rel_tol * std::max(1.0, std::fabs(a)); ++it) {
    const double c = b - phi * (b - a), d = a + phi * (b - a);
    const double fc = f(c), fd = f(d);
    if (!std::isfinite(fc) || !std::isfinite(fd)) break;
    if (fc < fd) b = d;
    else a = c;
  }
  return {a, b};
}

}  // namespace hw6
