#include "hw6/exercises/svm_scale.hpp"

#include "hw6/render.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace hw6::svm {

void check_coordinates(const Reader& root, const Eigen::MatrixXd& X) {
  if (X.size() == 0) return;
  Eigen::Index i = 0, j = 0;
  const double largest = X.cwiseAbs().maxCoeff(&i, &j);
  auto where = [&](Eigen::Index r, Eigen::Index c) {
    if (auto x = root.find("X")) return x->at(static_cast<std::size_t>(r)).at(static_cast<std::size_t>(c));
    return root;  // the data came from elsewhere (a data file): the problem as a whole
  };
  if (largest > kMaxCoordinate)
    where(i, j).fail("coordinate " + format_number(X(i, j), 6) + " is beyond what double precision can solve with (hw6 reads |x| ≤ " +
                     format_number(kMaxCoordinate) + ", so that squares and inner products stay finite); rescale the data");
  if (largest > 0 && largest < 1 / kMaxCoordinate)
    where(i, j).fail("the largest coordinate is " + format_number(X(i, j), 6) + ": every coordinate is below " +
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

double max_squared_norm(const Eigen::MatrixXd& X) { return X.rows() == 0 ? 0.0 : X.rowwise().squaredNorm().maxCoeff(); }

static_assert(kMinCR2 == 1e-12 && kMaxCR2 == 1e6, "the messages below write the range as 1e-12 … 1e6");

void check_C(const Reader& c, double C, double r2) {
  if (r2 <= 0) return;  // every point at the origin: C plays no role in the scale
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
    c.fail("C·max‖xᵢ‖² = " + value + " is beyond what double precision can solve (hw6 solves " +
           "1e-12 ≤ C·max‖xᵢ‖² ≤ 1e6, here " + format_number(kMinCR2 / r2, 3) +
           " ≤ C ≤ " + format_number(kMaxCR2 / r2, 3) + ")");
  }
}

}  // namespace hw6::svm
