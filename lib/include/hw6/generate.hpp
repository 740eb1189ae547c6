#pragma once
/// `hw6 generate`: a new variant of an exercise from a seed, for a student to solve by hand like
/// the homework, checked by hw6's own solver before it is handed out.
///
/// Determinism: the numbers come from splitmix64 (Steele, Lea, Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014; the constants of Vigna's reference
/// splitmix64.c) written here, and integers are drawn from it with plain arithmetic, never with
/// std::uniform_*_distribution, whose output differs between standard libraries. The same seed
/// therefore gives byte-identical output on every platform.
///
/// Acceptance: each generator draws a problem, runs the exercise on it (exN::run, through the
/// registry) and keeps the draw only if the homework's situations are present in hw6's own
/// results, every self-check passed and no answer sits near a tolerance edge; otherwise it
/// redraws from the next deterministic attempt stream.
#include "hw6/json_io.hpp"
#include "hw6/report.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hw6::generate {

/// splitmix64: 64-bit state, one multiply-xorshift finalizer per output.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  /// An integer in [lo, hi] (lo <= hi); modulo bias below 2⁻⁵⁰ for the small ranges used here.
  int integer(int lo, int hi);
  /// An integer in [lo, hi] other than 0.
  int nonzero(int lo, int hi);
  /// One of `values`.
  double pick(const std::vector<double>& values);
  bool coin() { return integer(0, 1) == 1; }

 private:
  std::uint64_t state_;
};

/// The stream of attempt `attempt` of exercise `exercise` for `seed`: independent of the other
/// exercises, so `generate all --seed N` embeds exactly what `generate exK --seed N` prints.
Rng attempt_stream(std::uint64_t seed, int exercise, int attempt);

/// "7" → 7; anything but a non-negative decimal integer that fits 64 bits → nullopt.
std::optional<std::uint64_t> parse_seed(const std::string& text);

/// One generated variant: the problem document (what `hw6 exN` reads) and hw6's solution of it.
struct Variant {
  std::string key;  ///< "ex4"
  int number = 0;
  std::uint64_t seed = 0;
  int attempts = 0;  ///< draws made until one was accepted (1 = the first)
  Json problem;
  Report solution;
};

/// Draws, solves and checks until a draw is accepted. Throws std::runtime_error for an unknown
/// key or when no draw is accepted within the attempt budget (a generator bug, never seen).
Variant generate(const std::string& key, std::uint64_t seed);

/// Whether `problem` is a variant hw6 generates for `seed`: with the description generate() writes,
/// equal (key order and 1 against 1.0 free) to one of the draws generate(key, seed) makes, and kept
/// by rejection() on `solution`, hw6's solution of `problem`. Nothing is solved again, so grading a
/// class of variants costs no second solve per student. (generate() prints the first draw kept;
/// a later one kept too passes here as well: it is as much a variant of that seed, and no command
/// prints it.)
bool is_variant(const std::string& key, std::uint64_t seed, const Json& problem, const Report& solution);

/// Why a draw of `key` is rejected (the first reason), or nullopt when it keeps the homework's
/// situations. Exposed for the tests, which check every accepted variant again.
std::optional<std::string> rejection(const std::string& key, const Json& problem, const Report& solution);

/// The problem sheet in Markdown: the questions in the homework's wording and numbering with the
/// variant's data. `figure_dir` non-empty: the figures of sheet_figures() are embedded from there.
std::string problem_sheet(const Variant& v, const std::string& figure_dir);
/// Figures the sheet shows (ex4: the data with H0, H1, H2, as the homework's Figure 1).
std::vector<Figure> sheet_figures(const Variant& v);

/// The answer-file skeleton of the variant (as `hw6 template`) with the problem embedded as
/// "problem", so that `hw6 verify` grades against this variant.
Json answer_template(const Variant& v);

}  // namespace hw6::generate
