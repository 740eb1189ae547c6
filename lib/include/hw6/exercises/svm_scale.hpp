#pragma once
/// Scale limits of Exercises 1 and 4: what double precision can solve, checked when the problem
/// is read, so that an input near the limits of a double is refused with its reason (exit 2)
/// rather than iterated on for minutes or answered with NaN.
///
/// The soft-margin problem (6)/(8) depends on C and the data only through C·R², R = max‖xᵢ‖:
/// with x' = x/s and w' = s·w, ½‖w‖² + CΣξᵢ^p becomes (½‖w'‖² + C s² Σξᵢ^p)/s². In the dual,
/// Σαᵢ − ½‖Σαᵢyᵢxᵢ‖² with 0 ≤ αᵢ ≤ C, the linear and quadratic terms differ by the factor C·R², so
/// C·R² measures how ill-conditioned the problem is. Measured on the homework's 13 points: at
/// C·R² = 1e8 the interior-point result is NaN (and C = 1e308 gave NaN or minutes of SMO); up to
/// 1e6 every method returns finite values; at 1.7e-11 the answer is exact (α = C on every point but
/// one, tests/test_svm_scale.cpp) and every check passes, while C = 1e-12 without SMO's step budget
/// ran for minutes. hw6 therefore solves 1e-12 ≤ C·R² ≤ 1e6 and refuses the rest, naming the range
/// of C that fits the data.
///
/// These checks bound what no change of units can fix. The units themselves (R alone, with C·R²
/// fixed) are taken care of where the problem is solved and checked: the solvers work in units
/// where R ≈ 1 (optim/svm.hpp, "Scale") and every tolerance is relative to its quantity's own
/// scale (svm_common.hpp, "Units"); a check here on R alone would only refuse data that can be
/// solved.
#include "hw6/json_io.hpp"

#include <Eigen/Dense>

namespace hw6::svm {

/// The largest |coordinate| hw6 accepts: products and squares of coordinates (⟨xᵢ,xⱼ⟩, ‖w‖²)
/// stay far inside double range (1e308).
constexpr double kMaxCoordinate = 1e100;
/// C·max‖xᵢ‖² must lie in [kMinCR2, kMaxCR2].
constexpr double kMinCR2 = 1e-12;
constexpr double kMaxCR2 = 1e6;

/// Refuses a coordinate of X beyond kMaxCoordinate in magnitude, or data whose coordinates are all
/// below 1/kMaxCoordinate (but not all 0), naming its JSON Pointer (`root`'s "X").
void check_coordinates(const Reader& root, const Eigen::MatrixXd& X);

/// Refuses an entry of `m` (read from `at`, a vector if m has one column and `vector` is set)
/// beyond kMaxCoordinate in magnitude, naming its pointer.
void check_magnitude(const Reader& at, const Eigen::MatrixXd& m, bool vector);

/// max‖xᵢ‖² over the rows of X (finite once check_coordinates passed).
double max_squared_norm(const Eigen::MatrixXd& X);

/// Refuses C when C·max‖xᵢ‖² = C·r2 is outside [kMinCR2, kMaxCR2], naming C's pointer and the
/// range of C that hw6 can solve on this data.
void check_C(const Reader& c, double C, double r2);

}  // namespace hw6::svm
