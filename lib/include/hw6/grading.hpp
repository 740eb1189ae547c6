#pragma once
/// Grading a class: many answer files at once, each distinct problem solved once, files graded in
/// parallel, then scores (fractions, or rubric points), a gradebook CSV and Gradescope's
/// results.json. The contract's "Grading a class"; the per-file comparison is hw6/verify.hpp.
#include "hw6/verify.hpp"

#include <array>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hw6::grading {

/// Solves each distinct (exercise, problem) once, from any number of threads: the first thread to
/// ask solves it, the others wait for its answer. The key is the exercise and the problem's
/// canonical JSON (keys sorted), so the same variant written in another key order is the same.
/// A problem that fails (a bad embedded problem) fails the same way for every file that has it.
class ProblemCache {
 public:
  explicit ProblemCache(verify::Solver solve = verify::compute_exercise) : solve_(solve) {}
  std::shared_ptr<const verify::Computed> get(const std::string& key, const Json* problem);
  /// How many distinct problems were solved (or attempted).
  std::size_t solved() const;
  /// Every computed document of an exercise so far (successful ones), for checking rubric paths.
  std::vector<std::shared_ptr<const verify::Computed>> computed_of(const std::string& key) const;
  verify::Source source();

 private:
  using Entry = std::shared_future<std::shared_ptr<const verify::Computed>>;
  verify::Solver solve_;
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<std::string, Entry>> entries_;  // cache key → (exercise, entry)
};

/// One answer file, graded or not.
struct FileGrade {
  std::string file;                      ///< as named on the command line ("-" is standard input)
  std::optional<verify::Result> result;  ///< when it could be graded
  std::string error;                     ///< one line, "/pointer: what" or "cannot open ..."; empty when graded
};

/// Grades `files` in parallel on `jobs` threads (0: the available cores), in input order. A file
/// that cannot be graded is a FileGrade with its error, never an exception. The same file named
/// twice is graded once: `duplicates` receives (file, the earlier name) for each repetition,
/// which gets no FileGrade of its own. An answer file's own "tolerances" only tighten `tolerance`
/// unless `file_tolerances` says otherwise (see verify::FileTolerances).
std::vector<FileGrade> grade_files(const std::vector<std::string>& files, const verify::Tolerance& tolerance,
                                   ProblemCache& cache, unsigned jobs,
                                   std::vector<std::pair<std::string, std::string>>* duplicates = nullptr,
                                   verify::FileTolerances file_tolerances = verify::FileTolerances::tighten_only);

/// Files graded against the same generated variant ("generated --seed N", see
/// verify::problem_label): in a class where each student has their own seed, a copied file or a
/// student on another's seed. Built-in and other embedded problems are not grouped (a whole class
/// may share those by design).
struct SharedVariant {
  std::string problem;             ///< "generated --seed 1002"
  std::vector<std::string> files;  ///< as named, in input order
};
/// The variants graded in more than one file, in the order of their first file.
std::vector<SharedVariant> shared_variants(const std::vector<FileGrade>& grades);

/// Points per JSON Pointer prefix ({"/ex5/network/sigmoid/forward/loss": 2, "/ex6": 5}). A value is
/// graded by the longest prefix that contains it; an entry's points are shared equally by the
/// values it grades (in the student's own output); a value scores its share when it passes.
struct Rubric {
  struct Entry {
    std::string path;     ///< as written
    std::string exercise; ///< "ex5" (an alias in the path is accepted)
    std::string key_path; ///< the path with the exercise key: "/ex5/network/..."
    double points = 0;
  };
  std::vector<Entry> entries;
  double possible() const;
};

/// Reads a rubric document; InputError (pointer = the rubric key) for anything else than
/// {"/exN/...": points >= 0}.
Rubric parse_rubric(const Json& rubric);

/// Checks every rubric path against the outputs it will grade: the built-in problem's output and
/// those of `grades`. InputError naming the path and the nearest valid one when no output has it,
/// when it points inside a value graded as a whole, or when longer paths leave it nothing to grade.
void check_rubric(const Rubric& rubric, const std::vector<FileGrade>& grades, ProblemCache& cache);

/// A file's scores: per exercise (ex1…ex7) and in total, fractions in [0, 1]; empty where nothing
/// is graded. Without a rubric: passed / answered. With one: points earned / points possible.
struct Score {
  std::array<std::optional<double>, 7> exercise;
  std::array<double, 7> earned{}, possible{};  ///< points (without a rubric: passed, answered)
  std::optional<double> total;
  double total_earned = 0, total_possible = 0;
  /// With a rubric: the values that carry points but were not answered (so earned nothing), per
  /// exercise, as paths with the exercise's key ("/ex6/total_params"), and the points they carry.
  /// A student reading "2 of 6 points" beside a list of right answers must see where the 4 went.
  std::array<std::vector<std::string>, 7> unanswered;
  std::array<double, 7> unanswered_points{};
};
Score score(const FileGrade& grade, const Rubric* rubric, ProblemCache& cache);

/// file,ex1,…,ex7,total,error,problems — one row per file, RFC 4180 quoting, scores with 6 digits;
/// problems says what each answered exercise was graded against ("ex5: built-in; ex7: generated
/// --seed 7", see verify::problem_label).
std::string gradebook_csv(const std::vector<FileGrade>& grades, const std::vector<Score>& scores);

/// Gradescope's results.json for one file: {"score", "output", "tests": [{"name", "score",
/// "max_score", "output"}]}, a test per exercise. Points: the rubric's, else one per answered value.
Json gradescope(const FileGrade& grade, const Score& score, const Rubric* rubric);

/// A file's name on one line: a newline or carriage return in it (a student's choice) written \n, \r.
std::string one_line_name(const std::string& file);

/// One line per file for the terminal: "alice.json: 11 of 12 correct (ex5 3/4, ...)".
std::string summary_line(const FileGrade& grade, const Score& score, const Rubric* rubric);

}  // namespace hw6::grading
