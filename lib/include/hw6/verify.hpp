#pragma once
/// Grading an answer file: every answered value against the computed one, with tolerances, the
/// share of matrix entries within tolerance, and a diagnosis of the usual mistakes that is only
/// given when it is verified numerically and could have failed (a hint that any wrong value would
/// get, such as "scaled by 0.91", is no diagnosis and is not given).
#include "hw6/json_io.hpp"
#include "hw6/report.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hw6::verify {

struct Tolerance {
  double rtol = 1e-4;
  double atol = 1e-6;
};

struct Computed;

/// One answered value.
struct Verdict {
  std::string path;  ///< JSON Pointer into the `hw6 all --format json` document, e.g. /ex5/network/sigmoid/forward/loss
  bool passed = false;
  Json given;
  /// The computed value (a view into the computed document, which the verdict keeps alive: a class
  /// of 300 files shares one document per problem instead of 300 copies).
  const Json& expected() const { return *expected_; }
  void set_expected(std::shared_ptr<const Computed> owner, const Json& value) { owner_ = std::move(owner), expected_ = &value; }
  Tolerance tolerance;
  bool exact = false;  ///< integers, booleans, strings and index sets are compared exactly
  std::optional<double> share_within_tolerance;  ///< vectors and matrices
  std::string worst;                             ///< where it differs: the worst entries, missing indices
  std::string diagnosis;                         ///< a verified hint, or empty

 private:
  std::shared_ptr<const Computed> owner_;
  const Json* expected_ = nullptr;
};

/// A constant a wrong answer is plausibly off by, given the problem: 1/m for a forgotten mean,
/// 1/√d_k for a forgotten scaling, C, λ, the batch size, ...
struct Factor {
  double value = 1;
  std::string name;  ///< "1/√d_k with d_k = 2"
};

/// A computed document and its variants used for diagnosis ("the result with biases", ...).
struct Computed {
  Json document;  ///< the exercise's JSON output
  std::vector<std::pair<std::string, Json>> alternatives;  ///< (what differs, its JSON output)
  std::vector<Factor> factors;  ///< the problem's own likely factors (besides ½, 2, ln 10, powers of 10)
  Report report;                ///< the solution, step by step (figures left out), for feedback
  bool builtin = true;          ///< solved on the built-in problem (no embedded one)
  std::string problem = "built-in";  ///< which problem, for the gradebook and feedback: see problem_label()
};

/// Computes the exercise `key` ("ex5") on `problem` (null: the built-in problem). Throws
/// InputError for an embedded problem that is bad, with the pointer inside the problem.
using Solver = Computed (*)(const std::string& key, const Json* problem);
/// The same, shared: what a cache of solved problems hands out (see hw6/grading.hpp).
using Source = std::function<std::shared_ptr<const Computed>(const std::string& key, const Json* problem)>;

struct ExerciseSummary {
  std::string exercise;  ///< "ex5"
  std::string root;      ///< where its answers are in the file: "/ex5", or "/nn" when the alias is used
  int answered = 0, passed = 0;
  std::shared_ptr<const Computed> computed;  ///< what it was graded against
};

struct Result {
  std::vector<Verdict> verdicts;
  std::vector<ExerciseSummary> summary;  ///< in exercise order
  int answered = 0, passed = 0;
  bool all_passed() const { return passed == answered; }
};

/// What an answer file's own "tolerances" may do to `defaults` (the command line's): anything,
/// when a person checks their own answers (`hw6 verify answers.json`); only tighten them when the
/// file is graded for a grade (a class, a gradebook, a rubric, feedback, Gradescope): the student
/// wrote the file, and {"tolerances": {"/ex1": {"rtol": 1e9}}} passed every wrong answer of ex1.
enum class FileTolerances { as_written, tighten_only };

/// Grades `answers` (the parsed answer file). Bad answer files throw InputError naming the path
/// (unknown exercise, a path the output does not have with the nearest valid one, unreadable shapes).
/// (Taken by value: the answered values move into the verdicts.)
Result grade(Json answers, const Tolerance& defaults, Solver solve, FileTolerances file_tolerances = FileTolerances::as_written);
Result grade(Json answers, const Tolerance& defaults, const Source& source, FileTolerances file_tolerances = FileTolerances::as_written);

/// Text report: a line per value, then the summary.
std::string render_text(const Result& r);
/// The contract's document: {"results": [...], "summary": {...}}.
Json to_json(const Result& r);
/// A value as people read it: a number with 10 digits, a short vector inline, null (a value that
/// does not exist) as "none", the answer that says so, else JSON.
std::string value_text(const Json& j);

/// Diagnosis of a wrong numeric answer (exposed for tests): given vs expected, both matrices.
/// A factor is named only when it is one of `likely` or ½, 2, ln 10, 1/ln 10, 1/ln 2, a power of
/// 10, or when a vector or matrix with at least two nonzero entries is uniformly scaled.
std::string diagnose_matrix(const Eigen::MatrixXd& given, const Eigen::MatrixXd& expected, const Tolerance& tol,
                            const std::vector<Factor>& likely = {});

/// The factors every problem makes likely: ½, 2, ln 10, 1/ln 10, 1/ln 2, 10^k (k = −6…6, k ≠ 0).
const std::vector<Factor>& general_factors();

/// The JSON Pointers of the values `verify` compares in an exercise's document (objects and
/// arrays of objects are walked; every other value is one leaf), below `root` ("/ex5").
std::vector<std::string> leaf_paths(const Json& document, const std::string& root);
/// Every JSON Pointer of a document (objects and arrays of objects walked), below `root`.
std::vector<std::string> all_paths(const Json& document, const std::string& root);
/// The path of `candidates` closest to `path` (edit distance), or one equal to it but for case;
/// empty when there is none within half the length of the part of `path` after its longest prefix
/// in `candidates` (at least 2 edits for a part of 4 characters or more, 1 for 2–3, 0 for one
/// character; never more than max(2, a third of path's length)). An ancestor of `path` is never
/// suggested.
std::string nearest_path(const std::string& path, const std::vector<std::string>& candidates);

/// The first segment of a JSON Pointer, unescaped as far as exercise names need: "/nn/network" → "nn".
std::string first_segment(const std::string& path);
/// Whether `path` is `prefix` or below it ("/ex5/network/x" is under "/ex5/network", not under "/ex5/net").
bool under(const std::string& path, const std::string& prefix);
/// `path` with its first segment (an exercise's key or alias) replaced by `key`: ("/nn/x", "ex5") → "/ex5/x".
std::string with_key(const std::string& path, const std::string& key);

/// Where a path written by a person (a rubric's, a tolerance's) stands in an exercise's document
/// below `root` ("/ex5"): `exists` when it is the root or one of all_paths(); otherwise `whole`
/// names the value compared as a whole that it points inside (a row of a matrix), if any.
struct PathPlace {
  bool exists = false;
  std::string whole;
};
PathPlace place_of(const Json& document, const std::string& root, const std::string& path);

}  // namespace hw6::verify

namespace hw6::verify {
/// The Solver hw6 uses: runs the exercise (built-in problem, or the embedded one) and adds the
/// variants the diagnosis compares with (ex5 the other activation, ex6 biases and padding toggled)
/// and the problem's likely factors (m, n, C, λ, d_k, the batch size, the learning rate).
Computed compute_exercise(const std::string& key, const Json* problem);

/// Which problem exercise `key` is graded against, in a few words: "built-in" (no embedded problem);
/// "generated --seed 7" when the embedded problem is a variant this hw6 generates for seed 7
/// (generate::is_variant); otherwise "embedded #1a2b3c4d", the first 32 bits of the FNV-1a hash
/// of its canonical_dump(), with ", says --seed 7 but is not that variant" when its description
/// claims a seed it does not match. An answer file may embed any problem (grading is the same);
/// this makes visible which. `solution` is hw6's solution of `problem` (see generate::is_variant).
std::string problem_label(const std::string& key, const Json* problem, const Report& solution);
}  // namespace hw6::verify
