#pragma once
// Reading numbers back from the text of Exercises 1 and 4, so that tests can hold what the text
// prints against the JSON (test_svm_offset.cpp, test_svm_scale.cpp).
#include <cmath>
#include <cstdlib>
#include <string>

namespace hw6::testing {

/// The number printed right after the first `marker` in `text` at or after `from` (NaN if none).
inline double number_after(const std::string& text, const std::string& marker, std::size_t from = 0) {
  const std::size_t at = text.find(marker, from);
  if (at == std::string::npos) return NAN;
  return std::strtod(text.c_str() + at + marker.size(), nullptr);
}

/// The constant of the hyperplane written on the line after `marker` ("… − 0.5757576 = 0"): the
/// number after its last " + " or " − ", with that sign.
inline double hyperplane_constant(const std::string& text, const std::string& marker) {
  const std::size_t at = text.find(marker);
  if (at == std::string::npos) return NAN;
  const std::string line = text.substr(at, text.find('\n', at) - at);
  const std::string minus_sign = " − ";
  const std::size_t plus = line.rfind(" + "), minus = line.rfind(minus_sign);
  const bool negative = minus != std::string::npos && (plus == std::string::npos || minus > plus);
  const double magnitude = std::strtod(line.c_str() + (negative ? minus + minus_sign.size() : plus + 3), nullptr);
  return negative ? -magnitude : magnitude;
}

/// A number printed to 6 significant digits or more stands for `value`: within half a unit of its
/// 6th digit, 5e-6 relative.
inline bool printed_as(double printed, double value) { return std::fabs(printed - value) <= 5e-6 * std::fabs(value); }

}  // namespace hw6::testing
