#pragma once
/// Labelled data read from a file named in a problem (contract: "Data files"), for ex1, ex3, ex4:
///   "data": {"path": "heart_scale", "format": "libsvm"}            label idx:val idx:val ... (1-based)
///   "data": {"path": "train.csv", "format": "csv", "header": true, "label_column": 0}
/// The numbers go straight from the file into the matrix (std::from_chars over a fixed buffer,
/// no JSON DOM, no per-line strings), and every error names the data file and its line.
#include "hw6/context.hpp"
#include "hw6/json_io.hpp"

#include <Eigen/Dense>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace hw6::data {

enum class Format { libsvm, csv };

struct Spec {
  std::filesystem::path path;  ///< as resolved (base folder joined to a relative path)
  std::string display;         ///< the name used in error messages
  Format format = Format::libsvm;
  bool header = false;                      ///< CSV: skip a first row of column names
  std::optional<long> label_column;         ///< CSV: 0-based; default the last column
  std::optional<Eigen::Index> features;     ///< LIBSVM: d (default the largest index present)
};

/// Where a problem's points came from, for the outputs: point i is the i-th data row of `file`.
struct Source {
  std::string file;          ///< as named in errors (Spec::display)
  Format format = Format::libsvm;
  std::int64_t rows = 0;        ///< data rows: the points
  std::int64_t first_line = 0;  ///< the line of the first data row (1-based)
  std::int64_t last_line = 0;   ///< and of the last
  /// "triangle.csv (CSV), 3 points: point i on line i + 1 (line 1 is not data)", or, where other
  /// lines come between the data rows, "…: point i is the file's i-th data row, point 1 on line 2,
  /// point 3 on line 6, with 2 other lines between them (comments or blank)".
  std::string describe() const;
  /// {"path", "format" ("libsvm"/"csv"), "rows", "first_line", "last_line"}.
  Json json() const;
};

struct Labeled {
  Eigen::MatrixXd X;  ///< n × d, dense
  Eigen::VectorXd y;  ///< n labels ±1
  Source source;
};

/// Reads the "data" object of a problem (`r` points at it): keys path, format, header,
/// label_column, features; a relative path is joined to `base_dir`. InputError on bad keys.
Spec read_spec(const Reader& r, const std::filesystem::path& base_dir);

/// Reads the file. FileError(spec.display, "line N: ...") on a malformed line, a label other than
/// ±1, a non-finite number, an index out of range, or an empty file; FileError when it cannot be opened.
Labeled read(const Spec& spec, Progress& progress = silent_progress());

/// What ex1, ex3 and ex4 call: the "data" object `r` -> spec -> file, then at least two rows and,
/// when `need_both_classes`, both labels present (else a FileError naming the file).
/// `progress` hears "reading FILE" with the bytes read.
Labeled load(const Reader& r, const std::filesystem::path& base_dir, bool need_both_classes, Progress& progress = silent_progress());

/// Parses text already in memory, as `read` would a file of that content (for tests).
Labeled parse(const std::string& text, const Spec& spec);

}  // namespace hw6::data
