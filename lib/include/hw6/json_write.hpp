#pragma once
/// Writing JSON fast: the layout of dump_pretty (one member a line; an array of scalars, such as a
/// vector or a matrix row, on one line, so matrices read row by row), numbers in the shortest form
/// that reads back to the same double, byte for byte as nlohmann::json writes them (std::to_chars
/// gives the digits; nlohmann's layout rules place the point and the exponent).
///
/// Large matrices need not be in the DOM at all: a nlohmann value costs about 50 bytes per number,
/// a 1024 × 1024 matrix 50 MB, and building and walking it takes seconds. A `MatrixSplice` names a
/// JSON Pointer whose value in the document is null and the matrix to write there instead.
#include "hw6/json_io.hpp"

#include <Eigen/Dense>

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hw6 {

/// A matrix written in place of the null at `pointer` (a JSON Pointer into the written document).
struct MatrixSplice {
  std::string pointer;
  const Eigen::MatrixXd* matrix = nullptr;
};

/// Appends the JSON text of a double as nlohmann::json writes it: "1.0", "0.25", "1e-05",
/// "-3.2e+20"; null for NaN and infinities (number_json writes those as strings beforehand).
void append_json_number(std::string& out, double x);

/// Streams a document in the layout of dump_pretty to `sink`, in pieces of about `chunk` bytes, so
/// that the text of millions of numbers need not be held at once.
void write_json(const Json& value, const std::vector<MatrixSplice>& splices,
                const std::function<void(std::string_view)>& sink, std::size_t chunk = std::size_t{1} << 20);

/// The whole document as one string (dump_pretty's text when there are no splices).
std::string json_text(const Json& value, const std::vector<MatrixSplice>& splices = {});

/// Writes the document to a C stream (stdout); returns false if writing failed.
bool write_json(std::FILE* out, const Json& value, const std::vector<MatrixSplice>& splices = {});

}  // namespace hw6
