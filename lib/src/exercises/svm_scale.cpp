#include "hw6/exercises/svm_scale.hpp"

#include "hw6/exercises/svm_common.hpp"
#include "hw6/optim/svm.hpp"
#include "hw6/render.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace hw6::svm {

namespace {

/// Where x_rc was read: its pointer under "X", or "data" (the data file) when there is no "X".
Reader where(const Reader& root, Eigen::Index r, Eigen::Index c) {
  if (auto x = root.find("X")) return x->at(static_cast<std::size_t>(r)).at(static_cast<std::size_t>(c));
  if (auto d = root.find("data")) return *d;
  return root;
}

/// "point 3, coordinate 2 of the data file" for a data file; "" when the pointer says it all.
std::string which(const Reader& root, Eigen::Index r, Eigen::Index c) {
  if (root.find("X")) return "";
  return "point " + std::to_string(r + 1) + ", coordinate " + std::to_string(c + 1) + " of the data file: ";
}

}  // namespace

void check_coordinates(const Reader& root, const Eigen::MatrixXd& X) {
  if (X.size() == 0) return;
  Eigen::Index i = 0, j = 0;
  const double largest = X.cwiseAbs().maxCoeff(&i, &j);
  auto where = [&](Eigen::Index r, Eigen::Index c) { return hw6::svm::where(root, r, c); };
  if (largest > kMaxCoordinate)
    where(i, j).fail(which(root, i, j) + "coordinate " + format_number(X(i, j), 6) + " is beyond what double precision can solve with (hw6 reads |x| ≤ " +
                     format_number(kMaxCoordinate) + ", so that squares and inner products stay finite); rescale the data");
  if (largest > 0 && largest < 1 / kMaxCoordinate)
    where(i, j).fail(which(root, i, j) + "the largest coordinate is " + format_number(X(i, j), 6) + ": every coordinate is below " +
                     format_number(1 / kMaxCoordinate) + " in magnitude, where ‖w‖ ~ 1/|x| leaves double range; rescale the data");
}

void check_magnitude(const Reader& at, const Eigen::MatrixXd& m, bool vector) {
  if (m.size() == 0) return;
  Eigen::Index i = 0, j = 0;
  if (m.cwiseAbs().maxCoeff(&i, &j) <= kMaxCoordinate) return;
  const Reader r = vector ? at.at(static_cast<std::size_t>(i)) : at.at(static_cast<std::size_t>(i)).at(static_cast<std::size_t>(j));
  r.fail("value " + format_number(m(i, j), 6) + " is beyond what double precision can solve with (hw6 reads |x| ≤ " +
         format_number(kMaxCoordinate) + ", so that squares and inner products stay finite); rescale the data");
}

void check_offset(const Reader& root, const Eigen::MatrixXd& X) {
  if (X.rows() == 0) return;
  static_assert(kMaxOffsetRatio == 1e6, "the message below writes the bound as 1e6");
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    const double lo = X.col(j).minCoeff(), hi = X.col(j).maxCoeff();
    if (!(lo > 0 || hi < 0) || !(hi > lo)) continue;  // reaches 0 (nothing to lose), or constant (exempt)
    Eigen::Index i = 0;
    const double far = X.col(j).cwiseAbs().maxCoeff(&i), range = hi - lo;
    if (far <= kMaxOffsetRatio * range) continue;
    // The digits of the range that the coordinate keeps: the range over the spacing of doubles at its far end.
    const double spacing = std::nextafter(far, 2 * far) - far;
    const int digits = std::max(1, static_cast<int>(std::ceil(std::log10(range / spacing))));
    const int shown = interval_digits(lo, hi);
    where(root, i, j).fail(std::string(root.find("X") ? "" : "in the data file, ") + "coordinate " + std::to_string(j + 1) +
                           " of the points lies between " +
                           format_number(lo, shown) + " and " + format_number(hi, shown) +
                           ", so far from 0 that a double keeps fewer than " + std::to_string(digits) +
                           " significant digits of the differences between its values (hw6 needs max|x| ≤ 1e6·(max − min) in a "
                           "coordinate that does not reach 0); "
                           "subtract a constant from that coordinate before writing the data");
  }
}

Spread spread_of(const Eigen::MatrixXd& X) {
  Spread s;
  s.centre = optim::svm_data_centre(X);
  if (X.rows() > 0) s.R2 = (X.rowwise() - s.centre.transpose()).rowwise().squaredNorm().maxCoeff();
  return s;
}

static_assert(kMinCR2 == 1e-12 && kMaxCR2 == 1e6, "the messages below write the range as 1e-12 … 1e6");

void check_C(const Reader& c, double C, const Spread& s) {
  const double r2 = s.R2;
  if (r2 <= 0) return;  // every point at the centre: C plays no role in the scale
  const double k = C * r2;
  if (k > kMaxCR2 || k < kMinCR2) {
    // Beyond double range (C = 1e308), the product is written from its logarithm: 1.7e+309.
    std::string value = format_number(k, 6);
    if (!std::isfinite(k) || k == 0) {
      const double e10 = std::log10(C) + std::log10(r2), e = std::floor(e10);
      char buf[48];
      std::snprintf(buf, sizeof buf, "%.2ge%+.0f", std::pow(10.0, e10 - e), e);
      value = buf;
    }
    // Data about the origin (c = 0) read as before; moved data name their centre, the term that
    // makes the range of C differ from the one max‖xᵢ‖ would give.
    const bool moved = !s.centre.isZero(0);
    std::string centre;
    for (Eigen::Index j = 0; j < s.centre.size(); ++j) centre += (j ? ", " : "") + format_number(s.centre(j), 10);
    const std::string spread = moved ? "C·max‖xᵢ − c‖²" : "C·max‖xᵢ‖²";
    c.fail(spread + " = " + value + " is beyond what double precision can solve (" +
           (moved ? "c = (" + centre + "), the centre hw6 moves the data to; " : std::string()) + "hw6 solves 1e-12 ≤ " + spread +
           " ≤ 1e6, here " + format_number(kMinCR2 / r2, 3) + " ≤ C ≤ " + format_number(kMaxCR2 / r2, 3) + ")");
  }
}

}  // namespace hw6::svm
