#pragma once
/// Reading problem files: JSON text -> validated values, every error naming the JSON Pointer
/// of the offending value. Writing results: Eigen values -> JSON with "inf"/"-inf" strings.
#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hw6 {

/// Key order is kept as written, so JSON output reads like the text report.
using Json = nlohmann::ordered_json;

/// Bad input: `pointer` is the JSON Pointer of the offending value ("" for the whole document),
/// `what()` says what was expected. The app prefixes the file name.
class InputError : public std::runtime_error {
 public:
  InputError(std::string pointer, const std::string& message)
      : std::runtime_error(message), pointer_(std::move(pointer)) {}
  const std::string& pointer() const { return pointer_; }

 private:
  std::string pointer_;
};

/// What a message says of an InputError after the file name: "/pointer: what", the whole
/// document's pointer written `""` as RFC 6901 writes it (`"": expected an object, got ...`).
std::string located(const InputError& e);

/// Parses JSON text. A syntax error, a number out of double range, a key given twice in one object
/// or nesting deeper than 512 levels is an InputError with the JSON Pointer of where the parser
/// stopped (the value it was reading, or the array or object open there), the line and column,
/// and what was expected.
Json parse_json(const std::string& text);

/// Escapes a key for use in a JSON Pointer (RFC 6901: "~" -> "~0", "/" -> "~1").
std::string pointer_escape(const std::string& key);

/// A view of one JSON value together with its JSON Pointer, with typed, validating accessors.
class Reader {
 public:
  Reader(const Json& value, std::string pointer) : value_(&value), pointer_(std::move(pointer)) {}

  const Json& json() const { return *value_; }
  const std::string& pointer() const { return pointer_; }

  /// Required member of an object.
  Reader at(const std::string& key) const;
  /// Optional member of an object.
  std::optional<Reader> find(const std::string& key) const;
  /// Element of an array.
  Reader at(std::size_t index) const;
  /// Array length (the value must be an array, nonempty unless allow_empty).
  std::size_t array_size(bool allow_empty = false) const;

  /// A finite number.
  double number() const;
  /// A finite number > 0.
  double positive() const;
  /// An integer from `min` to `max`; anything else ("abc", 2.5, 1e20, 2⁶⁴ − 1) is
  /// "expected an integer from min to max, got ...".
  std::int64_t integer(std::int64_t min, std::int64_t max) const;
  bool boolean() const;
  std::string string() const;
  /// A nonempty array of finite numbers; `size` checks its length.
  Eigen::VectorXd vector(std::optional<Eigen::Index> size = std::nullopt) const;
  /// A nonempty array of equally long nonempty rows of finite numbers; optional shape checks.
  Eigen::MatrixXd matrix(std::optional<Eigen::Index> rows = std::nullopt,
                         std::optional<Eigen::Index> cols = std::nullopt) const;

  /// Rejects members other than `allowed` (catches typos such as "learing_rate").
  void only_keys(const std::vector<std::string>& allowed) const;

  [[noreturn]] void fail(const std::string& what) const;

 private:
  const Json* value_;
  std::string pointer_;
};

/// Short description of a JSON value for error messages: `"abc"`, `true`, `an object`, ...
std::string describe(const Json& value);

/// The document as compact text with every object's keys sorted: the same text for documents that
/// differ only in key order and layout (to tell problems apart: the class cache, problem hashes).
std::string canonical_dump(const Json& value);

/// Pretty JSON in which an array of scalars (a vector, a matrix row, a shape) stays on one line,
/// so that matrices read row by row. Same content as Json::dump(2).
std::string dump_pretty(const Json& value);

/// JSON output of numbers: finite doubles as numbers, infinities as "inf"/"-inf", NaN as null.
Json number_json(double x);
Json vector_json(const Eigen::VectorXd& v);
/// Matrices are arrays of rows.
Json matrix_json(const Eigen::MatrixXd& m);

}  // namespace hw6
