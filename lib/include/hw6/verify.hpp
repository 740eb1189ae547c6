#pragma once
/// Grading an answer file: every answered value against the computed one, with tolerances, the
/// share of matrix entries within tolerance, and a diagnosis of the usual mistakes that is only
/// given when it is verified numerically.
#include "hw6/json_io.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hw6::verify {

struct Tolerance {
  double rtol = 1e-4;
  double atol = 1e-6;
};

/// One answered value.
struct Verdict {
  std::string path;  ///< JSON Pointer into the `hw6 all --format json` document, e.g. /ex5/network/sigmoid/forward/loss
  bool passed = false;
  Json expected, given;
  Tolerance tolerance;
  bool exact = false;  ///< integers, booleans, strings and index sets are compared exactly
  std::optional<double> share_within_tolerance;  ///< vectors and matrices
  std::string worst;                             ///< matrices: the worst entries and where
  std::string diagnosis;                         ///< a verified hint, or empty
};

struct ExerciseSummary {
  std::string exercise;  ///< "ex5"
  int answered = 0, passed = 0;
};

struct Result {
  std::vector<Verdict> verdicts;
  std::vector<ExerciseSummary> summary;  ///< in exercise order
  int answered = 0, passed = 0;
  bool all_passed() const { return passed == answered; }
};

/// A computed document and its variants used for diagnosis ("the result with biases", ...).
struct Computed {
  Json document;  ///< the exercise's JSON output
  std::vector<std::pair<std::string, Json>> alternatives;  ///< (what differs, its JSON output)
};

/// Computes the exercise `key` ("ex5") on `problem` (null: the built-in problem). Throws
/// InputError for an embedded problem that is bad, with the pointer inside the answer file.
using Solver = Computed (*)(const std::string& key, const Json* problem);

/// Grades `answers` (the parsed answer file). Bad answer files throw InputError naming the path
/// (unknown exercise, a path the output does not have with the nearest valid one, unreadable shapes).
Result grade(const Json& answers, const Tolerance& defaults, Solver solve);

/// Text report: a line per value, then the summary.
std::string render_text(const Result& r);
/// The contract's document: {"results": [...], "summary": {...}}.
Json to_json(const Result& r);

/// Diagnosis of a wrong numeric answer (exposed for tests): given vs expected, both matrices.
std::string diagnose_matrix(const Eigen::MatrixXd& given, const Eigen::MatrixXd& expected, const Tolerance& tol);

}  // namespace hw6::verify

namespace hw6::verify {
/// The Solver hw6 uses: runs the exercise (built-in problem, or the embedded one) and adds the
/// variants the diagnosis compares with: ex5 the other activation, ex6 biases and padding toggled.
Computed compute_exercise(const std::string& key, const Json* problem);
}  // namespace hw6::verify
