// hw6 verify: grading answer files. See verify.hpp.
#include "hw6/verify.hpp"

#include "hw6/expr.hpp"
#include "hw6/problems.hpp"
#include "hw6/registry.hpp"
#include "hw6/render.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <sstream>

namespace hw6::verify {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Keys of the output that hold index sets (compared as sets, order free).
const char* const kSetKeys[] = {"support_vectors", "inactive", "boundary", "dependent", "blocked"};
// Keys of the output that hold other 0-based indices: one index (ex1's dropped point, ex7's last
// token), or a [row, column] pair (ex7's worst finite-difference entry).
const char* const kIndexKeys[] = {"index", "worst_entry"};
// Keys of an exercise's document that are not answers.
const char* const kNotAnswers[] = {"exercise", "title", "problem", "data", "checks"};

bool is_set_key(const std::string& key) {
  return std::find(std::begin(kSetKeys), std::end(kSetKeys), key) != std::end(kSetKeys);
}

bool is_index_key(const std::string& key) {
  return std::find(std::begin(kIndexKeys), std::end(kIndexKeys), key) != std::end(kIndexKeys);
}

/// The hint for 0-based indices answered 1-based (the homework counts from 1: z₃, x₁, …).
/// `first` is the first expected index, for the example.
std::string one_based_hint(std::int64_t first) {
  return "off by one: indices are 0-based here (what the homework numbers " + std::to_string(first + 1) + " is index " +
         std::to_string(first) + "); yours look 1-based";
}

std::string last_key(const std::string& pointer) { return pointer.substr(pointer.rfind('/') + 1); }

/// The answer "none": the value does not exist on this problem (what hw6's output writes as null;
/// an answer of null is no answer at all).
bool is_none(const Json& j) { return j.is_string() && j.get_ref<const std::string&>() == "none"; }

/// A number, or "inf"/"-inf"; nullopt for anything else.
std::optional<double> as_number(const Json& j) {
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) {
    const auto s = j.get<std::string>();
    if (s == "inf") return kInf;
    if (s == "-inf") return -kInf;
  }
  return std::nullopt;
}

/// A vector (n×1) or matrix of numbers; nullopt when it is not one.
std::optional<Eigen::MatrixXd> as_matrix(const Json& j) {
  if (auto x = as_number(j)) return Eigen::MatrixXd::Constant(1, 1, *x);
  if (!j.is_array() || j.empty()) return std::nullopt;
  if (!j[0].is_array()) {
    Eigen::MatrixXd v(static_cast<Eigen::Index>(j.size()), 1);
    for (std::size_t i = 0; i < j.size(); ++i) {
      auto x = as_number(j[i]);
      if (!x) return std::nullopt;
      v(static_cast<Eigen::Index>(i), 0) = *x;
    }
    return v;
  }
  const std::size_t cols = j[0].size();
  if (cols == 0) return std::nullopt;
  Eigen::MatrixXd m(static_cast<Eigen::Index>(j.size()), static_cast<Eigen::Index>(cols));
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_array() || j[i].size() != cols) return std::nullopt;
    for (std::size_t c = 0; c < cols; ++c) {
      auto x = as_number(j[i][c]);
      if (!x) return std::nullopt;
      m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)) = *x;
    }
  }
  return m;
}

bool close(double g, double e, const Tolerance& t) {
  if (std::isinf(e) || std::isinf(g)) return g == e;
  const double d = std::fabs(g - e);
  return d <= t.atol || d <= t.rtol * std::fabs(e);
}

/// The number of entries when `g` and `e` are numbers, or equally shaped vectors or matrices
/// (depth ≤ 2) of numbers, all within tolerance; 0 otherwise (then the full comparison decides).
long entries_close(const Json& g, const Json& e, const Tolerance& t, int depth) {
  if (e.is_array()) {
    if (!g.is_array() || g.size() != e.size() || e.empty() || depth == 2) return 0;
    long n = 0;
    for (std::size_t i = 0; i < e.size(); ++i) {
      const long k = entries_close(g[i], e[i], t, depth + 1);
      if (k == 0) return 0;
      n += k;
    }
    return n;
  }
  const auto x = as_number(g), y = as_number(e);
  return x && y && close(*x, *y, t) ? 1 : 0;
}

bool all_close(const Eigen::MatrixXd& g, const Eigen::MatrixXd& e, const Tolerance& t) {
  if (g.rows() != e.rows() || g.cols() != e.cols()) return false;
  for (Eigen::Index i = 0; i < g.size(); ++i)
    if (!close(g.data()[i], e.data()[i], t)) return false;
  return true;
}

/// How a value is written in JSON: a number ("inf" included), a vector (a flat array) or a matrix
/// (an array of rows). A d×1 matrix and a vector of d hold the same numbers but are different
/// answers: the contract's "shapes must match", and hw6's output writes each as its type is.
enum class Form { number, vector, matrix };

Form form_of(const Json& j) {
  if (!j.is_array()) return Form::number;
  return !j.empty() && j[0].is_array() ? Form::matrix : Form::vector;
}

/// "a number", "a vector of 4", "a 4×1 matrix": the shape as the JSON writes it.
std::string shape_text(const Json& j) {
  switch (form_of(j)) {
    case Form::number: return "a number";
    case Form::vector: return "a vector of " + std::to_string(j.size());
    case Form::matrix:
    default: return "a " + std::to_string(j.size()) + "×" + std::to_string(j[0].size()) + " matrix";
  }
}

/// Whether `given` names the problem `expected` names by its label: ex2's counterexamples are
/// problem names ("(a) f = x, g = x^2"), and a student who answers "(a)" or "a" (the homework's
/// label, as the sheet prints it) names that problem. hw6's added problems have no label.
bool same_problem_label(const Json& given, const Json& expected) {
  if (!given.is_string() || !expected.is_string()) return false;
  const std::string& e = expected.get_ref<const std::string&>();
  if (e.size() < 3 || e[0] != '(' || e[2] != ')' || !std::islower(static_cast<unsigned char>(e[1]))) return false;
  std::string g = given.get<std::string>();
  g.erase(0, g.find_first_not_of(" \t"));
  g.erase(g.find_last_not_of(" \t") + 1);
  for (auto& c : g) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string label = e.substr(0, 3);
  return g == label || g == std::string(1, e[1]) || g.rfind(label + " ", 0) == 0;
}

/// What an answer at a place of the output must look like, for an error: the output's object
/// or array of objects (whose values are answered one by one), or the form of one value. ("The
/// value here" for an object where hw6 has an array of 6 problems did not say what to write.)
std::string expected_form(const Json& expected) {
  if (expected.is_null()) return "a value (a number, an array, or \"none\" for a value that does not exist)";
  if (expected.is_object()) return "an object with the keys of the output";
  if (expected.is_array() && !expected.empty() && expected[0].is_object())
    return "an array of " + std::to_string(expected.size()) + " objects (as hw6 --format json writes it)";
  if (expected.is_boolean()) return "true or false";
  if (expected.is_string() && !as_number(expected)) return "a string";
  return shape_text(expected);
}

/// The numbers of a readable value in reading order (row by row).
std::vector<double> reading_order(const Eigen::MatrixXd& m, Form form) {
  std::vector<double> out;
  const Eigen::MatrixXd rows = form == Form::matrix ? Eigen::MatrixXd(m.transpose()) : m;  // column-major storage
  out.assign(rows.data(), rows.data() + rows.size());
  return out;
}

/// The named factors within tolerance of c (or of −c, named with a minus): "½", "1/m with m = 4".
std::vector<std::string> factor_names(double c, double rtol, const std::vector<Factor>& likely) {
  const double rel = std::max(1e-9, std::min(rtol, 1e-3));
  std::vector<std::string> names;
  auto consider = [&](const Factor& f) {
    const double v = f.value;
    if (!(v != 0) || !std::isfinite(v)) return;
    if (std::fabs(c - v) <= rel * std::fabs(v)) names.push_back(f.name);
    else if (std::fabs(c + v) <= rel * std::fabs(v)) names.push_back("−" + f.name);
  };
  for (const auto& f : general_factors()) consider(f);
  for (const auto& f : likely) consider(f);
  return names;
}

/// For each row of `a`, a distinct row of `b` equal to it; nullopt when there is none.
std::optional<std::vector<Eigen::Index>> row_matching(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, const Tolerance& t) {
  std::vector<Eigen::Index> match;
  std::vector<bool> used(static_cast<std::size_t>(b.rows()), false);
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    bool found = false;
    for (Eigen::Index k = 0; k < b.rows() && !found; ++k)
      if (!used[static_cast<std::size_t>(k)] && all_close(a.row(i), b.row(k), t)) {
        used[static_cast<std::size_t>(k)] = true;
        match.push_back(k);
        found = true;
      }
    if (!found) return std::nullopt;
  }
  return match;
}

bool identity(const std::vector<Eigen::Index>& p) {
  for (std::size_t i = 0; i < p.size(); ++i)
    if (p[i] != static_cast<Eigen::Index>(i)) return false;
  return true;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

bool not_an_answer(const std::string& key) {
  return std::find(std::begin(kNotAnswers), std::end(kNotAnswers), key) != std::end(kNotAnswers);
}

/// Walks what verify walks: objects (at the top without the keys that are not answers) and arrays
/// of objects; `leaves_only` keeps the values compared as a whole.
void collect_paths(const Json& j, const std::string& at, bool top, bool leaves_only, std::vector<std::string>& out) {
  const bool inner = j.is_object() || (j.is_array() && !j.empty() && j[0].is_object());
  if (!leaves_only || !inner) out.push_back(at);
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it)
      if (!top || !not_an_answer(it.key())) collect_paths(it.value(), at + "/" + pointer_escape(it.key()), false, leaves_only, out);
  } else if (inner) {
    for (std::size_t i = 0; i < j.size(); ++i) collect_paths(j[i], at + "/" + std::to_string(i), false, leaves_only, out);
  }
}

/// Whether an answer section holds any value (not null), besides the keys that are not answers.
bool has_answer(const Json& j, bool top) {
  if (j.is_null()) return false;
  if (!j.is_object() && !j.is_array()) return true;
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!(top && j.is_object() && not_an_answer(it.key())) && has_answer(it.value(), false)) return true;
  return j.empty();  // an empty array or object is an answer (of the wrong shape, most likely)
}

/// One entry of the answer file's "tolerances": a pointer prefix, with the exercise's key in it
/// whichever name it was written with, so that it applies under the key and the alias alike.
struct ToleranceOverride {
  std::string written;   ///< as in the file: "/attention/gradients"
  std::string pointer;   ///< of the entry in the file: "/tolerances/~1attention~1gradients"
  std::string exercise;  ///< "ex7"
  std::string key_path;  ///< "/ex7/gradients"
  Tolerance tolerance;
};

/// The file's "tolerances" object, read: each path must name an exercise (its values are checked
/// against the output once the exercise is solved: check_tolerances).
std::vector<ToleranceOverride> read_tolerances(const Json& t, const Tolerance& defaults, FileTolerances policy) {
  Reader tr(t, "/tolerances");
  if (!t.is_object()) tr.fail("expected an object {\"/ex5/...\": {\"rtol\": 1e-3, \"atol\": 1e-6}}");
  std::vector<ToleranceOverride> out;
  for (auto it = t.begin(); it != t.end(); ++it) {
    const std::string& path = it.key();
    Reader one = tr.at(path);
    if (path.empty() || path[0] != '/')
      one.fail("a tolerance path is a JSON Pointer starting with /exN (such as /ex5/network), got \"" + path + "\"");
    const std::string first = first_segment(path);
    const Exercise* ex = find_exercise(first);
    if (!ex) one.fail("unknown exercise \"" + first + "\" in \"" + path + "\"; expected /ex1 … /ex7 (or a topic alias)");
    one.only_keys({"rtol", "atol"});
    Tolerance tol = defaults;
    if (auto r = one.find("rtol")) tol.rtol = r->number();
    if (auto a = one.find("atol")) tol.atol = a->number();
    if (tol.rtol < 0 || tol.atol < 0) one.fail("tolerances must be >= 0");
    if (policy == FileTolerances::tighten_only) tol = Tolerance{std::min(tol.rtol, defaults.rtol), std::min(tol.atol, defaults.atol)};
    out.push_back({path, one.pointer(), ex->key, with_key(path, ex->key), tol});
  }
  return out;
}

/// Each tolerance of exercise `key` must point at a value of its output, as an answer must: a typo
/// would otherwise leave the default tolerance in force without a word.
void check_tolerances(const std::vector<ToleranceOverride>& overrides, const std::string& key, const Json& document) {
  const std::string root = "/" + key;
  for (const auto& o : overrides) {
    if (o.exercise != key) continue;
    const PathPlace place = place_of(document, root, o.key_path);
    if (place.exists) continue;
    const std::string what = "tolerance path \"" + o.written + "\"";
    if (!place.whole.empty())
      throw InputError(o.pointer, what + " is inside " + place.whole + ", which is compared as a whole; give the tolerance to " + place.whole);
    const std::string nearest = nearest_path(o.key_path, all_paths(document, root));
    throw InputError(o.pointer, what + ": the output has no such value" + (nearest.empty() ? std::string() : "; did you mean " + nearest + "?"));
  }
}

/// A piece of ex2's closed-form dual function as written: "-inf", "inf", a number, or a formula in
/// mu (the problem language; "μ" is read as mu too). `error` when it does not parse.
struct DualPiece {
  std::optional<expr::Expression> formula;
  double constant = 0;
  std::string error;
  bool read() const { return error.empty(); }
  double at(double mu) const { return formula ? (*formula)(mu) : constant; }
};

DualPiece read_dual_piece(const Json& j) {
  DualPiece q;
  if (auto x = as_number(j)) {
    q.constant = *x;
    return q;
  }
  if (!j.is_string()) {
    q.error = "expected a formula in mu (a string such as \"-1/(4*mu)\"), \"inf\" or \"-inf\", got " + describe(j);
    return q;
  }
  const std::string& text = j.get_ref<const std::string&>();
  std::string in_x;  // the parser's variable is x
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text.compare(i, 2, "mu") == 0 || text.compare(i, 2, "\xCE\xBC") == 0) in_x += 'x', ++i;
    else in_x += text[i];
  try {
    q.formula = expr::Expression::parse(in_x);
  } catch (const expr::SyntaxError& e) {
    q.error = "your formula does not parse (column " + std::to_string(e.column()) + "): " + e.what();
  }
  return q;
}

/// Where two closed forms of q(μ) are compared: inside the piece's interval [lo, hi] (μ = lo when
/// the piece is a single point), at points that no small integer formula singles out.
std::vector<double> dual_piece_points(const Json& piece) {
  if (!piece.is_object() || !piece.contains("mu")) return {};
  const Json& mu = piece["mu"];
  if (!mu.is_array() || mu.size() != 2 || !as_number(mu[0]) || !as_number(mu[1])) return {};
  const double lo = as_number(mu[0]).value_or(0), hi = as_number(mu[1]).value_or(0);
  if (!std::isfinite(lo)) return {};
  if (hi <= lo) return {lo};
  if (!std::isfinite(hi)) return {lo + 0.13, lo + 0.5, lo + 1.37, lo + 3.7, lo + 11.3, lo + 97.1};
  std::vector<double> out;
  for (double t : {0.13, 0.37, 0.5, 0.71, 0.93}) out.push_back(lo + t * (hi - lo));
  return out;
}

struct Grader {
  const Tolerance& defaults;
  std::vector<ToleranceOverride> overrides;
  std::shared_ptr<const Computed> computed;
  std::string exercise_root;  // "/ex5", or "/nn" when the file uses the alias
  std::string exercise_key;   // "ex5"
  Result result;

  /// The longest override containing `path` (a path of the file, under exercise_root).
  Tolerance tolerance_for(const std::string& path) const {
    const std::string key_path = with_key(path, exercise_key);
    Tolerance t = defaults;
    std::size_t best = 0;
    for (const auto& o : overrides)
      if (under(key_path, o.key_path) && o.key_path.size() >= best) {
        best = o.key_path.size();
        t = o.tolerance;
      }
    return t;
  }

  /// `parent` is the output's value where `path` would be: with no near miss to suggest, what it
  /// holds is said (a student's extra key "comment" learns which keys are answers there).
  [[noreturn]] void unknown_path(const std::string& path, const Json& parent, bool top) const {
    const std::string nearest = nearest_path(path, all_paths(computed->document, exercise_root));
    std::string there;
    if (nearest.empty() && parent.is_object()) {
      std::vector<std::string> keys;
      for (auto it = parent.begin(); it != parent.end(); ++it)
        if (!top || !not_an_answer(it.key())) keys.push_back(it.key());
      for (std::size_t i = 0; i < keys.size() && i < 12; ++i) there += (i ? ", " : "; the keys there are ") + keys[i];
      if (keys.size() > 12) there += " and " + std::to_string(keys.size() - 12) + " more";
    } else if (nearest.empty() && parent.is_array()) {
      there = "; it has " + std::to_string(parent.size()) + (parent.size() == 1 ? " entry" : " entries") + " there, indices 0 … " +
              std::to_string(parent.size() - 1);
    }
    throw InputError(path, "the output has no such value" + (nearest.empty() ? there : "; did you mean " + nearest + "?"));
  }

  /// The value at `path` (relative to the exercise) in an alternative document, or null.
  static const Json* find(const Json& doc, const std::vector<std::string>& keys) {
    const Json* j = &doc;
    for (const auto& k : keys) {
      if (j->is_object()) {
        auto it = j->find(k);
        if (it == j->end()) return nullptr;
        j = &*it;
      } else if (j->is_array()) {
        std::size_t i = std::stoul(k);
        if (i >= j->size()) return nullptr;
        j = &(*j)[i];
      } else {
        return nullptr;
      }
    }
    return j;
  }

  /// "matches the value with …" when the answer is the same question's value under a different
  /// choice (activation, biases, padding), else empty.
  std::string alternative_match(const Eigen::MatrixXd& g, const Eigen::MatrixXd& e, const Tolerance& t, const std::vector<std::string>& keys) const {
    for (const auto& [what, doc] : computed->alternatives) {
      const Json* alt = find(doc, keys);
      if (!alt) continue;
      auto a = as_matrix(*alt);
      if (a && !all_close(*a, e, t) && all_close(g, *a, t)) return "matches " + what;
    }
    return "";
  }

  std::string diagnose(const Eigen::MatrixXd& g, const Eigen::MatrixXd& e, const Tolerance& t, const std::vector<std::string>& keys) const {
    // Another world first: the same question with a different choice (activation, biases, padding).
    if (std::string m = alternative_match(g, e, t, keys); !m.empty()) return m;
    return diagnose_matrix(g, e, t, computed->factors);
  }

  void grade_dual_piece(Verdict& v, const std::vector<std::string>& keys) const {
    const DualPiece e = read_dual_piece(v.expected()), g = read_dual_piece(v.given);
    if (!g.read()) {
      v.diagnosis = g.error;
      return;
    }
    const Json* piece = find(computed->document, std::vector<std::string>(keys.begin(), keys.end() - 1));
    const std::vector<double> points = piece && e.read() ? dual_piece_points(*piece) : std::vector<double>{};
    v.passed = !points.empty();
    for (double mu : points) {
      const double ev = e.at(mu), gv = g.at(mu);
      if (std::isnan(ev) || (!std::isnan(gv) && close(gv, ev, v.tolerance))) continue;
      v.passed = false;
      v.worst = "at mu = " + format_number(mu, 6) + ": expected " + format_number(ev, 7) + ", given " + format_number(gv, 7);
      break;
    }
  }

  void compare(Json& given, const Json& expected, const std::string& path, const std::vector<std::string>& keys) {
    Verdict v;
    v.path = path;
    v.set_expected(computed, expected);
    v.given = std::move(given);
    const Json& given_ = v.given;
    v.tolerance = tolerance_for(path);
    // A value that does not exist on this problem (hw6 writes null: no geometric multiplier, no
    // counterexample to a claim that holds) is answered "none", since null means "not answered".
    // Either side being none is a verdict: a student who finds a multiplier where there is none
    // has a wrong answer, not a bad answer file.
    const bool said_none = is_none(given_);
    if (expected.is_null() || (said_none && !expected.is_string())) {
      v.exact = true;
      // (An empty set, such as no inactive feature in ex3, is "none" too.)
      v.passed = said_none && (expected.is_null() || (expected.is_array() && expected.empty()));
      if (expected.is_null() && !said_none)
        v.diagnosis = "this value does not exist on this problem (hw6 writes null here); such a value is answered \"none\"";
      result.verdicts.push_back(std::move(v));
      return;
    }
    // ex2's closed-form q(μ) is a formula: any formula with the same values on the piece is the
    // same answer ("-0.25/mu" for "-1/(4*mu)", 0 for "0"), and a formula where hw6 has -inf is a
    // wrong answer (it was "cannot read the answer: expected a number", a bad file).
    if (keys.size() >= 2 && keys.back() == "q" && path.find("/dual_closed_form/") != std::string::npos && expected.is_string()) {
      grade_dual_piece(v, keys);
      result.verdicts.push_back(std::move(v));
      return;
    }
    if (expected.is_boolean() || (expected.is_string() && !as_number(expected))) {
      if (given_.type() != expected.type()) throw InputError(path, "expected " + std::string(expected.is_boolean() ? "true or false" : "a string") + ", got " + describe(given_));
      v.exact = true;
      v.passed = given_ == expected || (last_key(path) == "counterexample" && same_problem_label(given_, expected));
    } else if (is_set_key(last_key(path))) {
      if (!given_.is_array()) throw InputError(path, "expected an array of indices (a set), got " + describe(given_));
      std::vector<std::int64_t> gs, es;
      for (const auto& x : given_) {
        // 4.0 is the index 4, as a count of 1090176.0 is 1090176 (numpy's tolist() of a float array).
        const bool integral_float = x.is_number_float() && std::fabs(x.get<double>()) < 9.0e15 && std::trunc(x.get<double>()) == x.get<double>();
        if (!x.is_number_integer() && !x.is_number_unsigned() && !integral_float) throw InputError(path, "expected integer indices, got " + describe(x));
        gs.push_back(integral_float ? static_cast<std::int64_t>(x.get<double>()) : x.get<std::int64_t>());
      }
      for (const auto& x : expected) es.push_back(x.get<std::int64_t>());
      std::sort(gs.begin(), gs.end());
      gs.erase(std::unique(gs.begin(), gs.end()), gs.end());
      std::sort(es.begin(), es.end());
      v.exact = true;
      v.passed = gs == es;
      if (!v.passed) {
        std::vector<std::int64_t> missing, extra;
        std::set_difference(es.begin(), es.end(), gs.begin(), gs.end(), std::back_inserter(missing));
        std::set_difference(gs.begin(), gs.end(), es.begin(), es.end(), std::back_inserter(extra));
        auto list = [](const std::vector<std::int64_t>& s) {
          std::string out;
          for (auto x : s) out += (out.empty() ? "" : ", ") + std::to_string(x);
          return out;
        };
        // Where it differs, not a diagnosis: every wrong set has missing or extra indices.
        v.worst = (missing.empty() ? "" : "missing " + list(missing)) + (missing.empty() || extra.empty() ? "" : "; ") +
                  (extra.empty() ? "" : "not in the set: " + list(extra));
        // Each index one more than expected (an overlap such as 8, 9 in both sets is no objection).
        if (!gs.empty() && gs.size() == es.size()) {
          bool shifted = true;
          for (std::size_t i = 0; i < gs.size(); ++i) shifted = shifted && gs[i] == es[i] + 1;
          if (shifted) v.diagnosis = one_based_hint(es[0]);
        }
      }
    } else {
      const bool integer = expected.is_number_integer() || expected.is_number_unsigned() ||
                           (expected.is_array() && !expected.empty() && (expected[0].is_number_integer() || expected[0].is_number_unsigned()));
      if (integer) {
        v.exact = true;
        v.tolerance = Tolerance{0, 0};
      }
      // Most answers in a class are right: those need no matrices, only a walk over the numbers.
      if (const long n = entries_close(given_, expected, v.tolerance, 0); n > 0) {
        v.passed = true;
        if (n > 1) v.share_within_tolerance = 1.0;
        result.verdicts.push_back(std::move(v));
        return;
      }
      auto e = as_matrix(expected);
      if (!e) throw InputError(path, "hw6 has no number to compare with here (the value does not exist on this problem, or could not be computed: " + describe(expected) + ")");
      auto g = as_matrix(given_);
      if (!g) throw InputError(path, "cannot read the answer: expected " + shape_text(expected) + " (numbers, \"inf\" or \"-inf\"; matrices as arrays of equally long rows), got " + describe(given_));
      const Form ef = form_of(expected), gf = form_of(given_);
      if (ef != gf || g->rows() != e->rows() || g->cols() != e->cols()) {
        v.passed = false;
        // Where it differs is the shape itself; the hint says why, when it knows.
        const bool matrices = ef == Form::matrix && gf == Form::matrix;
        v.worst = "expected " + shape_text(expected) + ", given " +
                  (matrices ? std::to_string(g->rows()) + "×" + std::to_string(g->cols()) : shape_text(given_));
        const std::vector<double> gs = reading_order(*g, gf), es = reading_order(*e, ef);
        bool same_numbers = gs.size() == es.size();
        for (std::size_t k = 0; same_numbers && k < es.size(); ++k) same_numbers = close(gs[k], es[k], v.tolerance);
        if (ef != gf && same_numbers)
          v.diagnosis = "the right numbers in another shape: this value is " + shape_text(expected) +
                        (ef == Form::matrix ? " (an array of rows, as hw6 --format json writes it)" : "");
        else if (matrices && g->rows() == e->cols() && g->cols() == e->rows() && all_close(*g, e->transpose(), v.tolerance))
          v.diagnosis = "transposed: your matrix equals the transpose of the expected one";
      } else {
        std::vector<std::pair<double, Eigen::Index>> errors;
        int within = 0;
        for (Eigen::Index k = 0; k < e->size(); ++k) {
          const double gv = g->data()[k], ev = e->data()[k];
          const bool ok = close(gv, ev, v.tolerance);
          within += ok ? 1 : 0;
          if (!ok) errors.push_back({std::isfinite(gv - ev) ? std::fabs(gv - ev) : kInf, k});
        }
        v.passed = within == e->size();
        if (e->size() > 1) v.share_within_tolerance = double(within) / double(e->size());
        if (!v.passed) {
          std::sort(errors.begin(), errors.end(), [](auto& a, auto& b) { return a.first > b.first; });
          for (std::size_t n = 0; n < errors.size() && n < 3; ++n) {
            const Eigen::Index k = errors[n].second, i = k % e->rows(), j = k / e->rows();
            std::string where = e->size() == 1 ? "" : e->cols() == 1 ? "[" + std::to_string(i) + "] " : "[" + std::to_string(i) + "][" + std::to_string(j) + "] ";
            v.worst += (n ? "; " : "") + where + "expected " + format_number(e->data()[k], 7) + ", given " + format_number(g->data()[k], 7);
          }
          // A feature-map size: the other padding's size (an exact, specific match) before
          // off by one (⌊·⌋ + 1 is easy to miss), which the other padding can also look like.
          if (integer && last_key(path) == "output") v.diagnosis = alternative_match(*g, *e, v.tolerance, keys);
          if (integer && last_key(path) == "output" && v.diagnosis.empty()) {
            bool off_by_one = true, any = false;
            for (Eigen::Index k = 0; k < e->size(); ++k) {
              const double d = std::fabs(g->data()[k] - e->data()[k]);
              off_by_one = off_by_one && (d == 0 || d == 1);
              any = any || d == 1;
            }
            if (off_by_one && any) v.diagnosis = "off by one (check the size formula ⌊(n + 2P − K)/S⌋ + 1 and its + 1)";
          }
          // An index is no quantity: scaled or sign-flipped means nothing for it; 1-based does.
          if (integer && is_index_key(last_key(path))) {
            if ((g->array() == e->array() + 1).all()) v.diagnosis = one_based_hint(static_cast<std::int64_t>(e->data()[0]));
          } else if (v.diagnosis.empty()) {
            v.diagnosis = diagnose(*g, *e, v.tolerance, keys);
          }
        }
      }
    }
    result.verdicts.push_back(std::move(v));
  }

  void walk(Json& given, const Json& expected, const std::string& path, std::vector<std::string>& keys) {
    if (given.is_null() || !has_answer(given, false)) return;  // not answered (null, or arrays of nulls)
    if (given.is_object()) {
      if (!expected.is_object()) throw InputError(path, "expected " + expected_form(expected) + " here, got an object");
      for (auto it = given.begin(); it != given.end(); ++it) {
        const std::string child = path + "/" + pointer_escape(it.key());
        if (keys.empty() && not_an_answer(it.key())) continue;
        auto e = expected.find(it.key());
        if (e == expected.end()) unknown_path(child, expected, keys.empty());
        keys.push_back(it.key());
        walk(it.value(), *e, child, keys);
        keys.pop_back();
      }
      return;
    }
    if (given.is_array() && expected.is_array() && !expected.empty() && expected[0].is_object()) {
      for (std::size_t i = 0; i < given.size(); ++i) {
        const std::string child = path + "/" + std::to_string(i);
        if (i >= expected.size()) unknown_path(child, expected, false);
        keys.push_back(std::to_string(i));
        walk(given[i], expected[i], child, keys);
        keys.pop_back();
      }
      return;
    }
    if (expected.is_object() || (expected.is_array() && !expected.empty() && expected[0].is_object()))
      throw InputError(path, "expected " + expected_form(expected) + " here, got " + describe(given));
    compare(given, expected, path, keys);
  }
};

/// "rounded to 2 decimal places" (or "cut off after …", "… significant digits") when every entry
/// of `g` is the entry of `e` so rounded or cut off, with the advice to keep more digits; "" else.
/// Evidence, as for a factor: at least two entries the rounding moves out of tolerance, or one
/// that keeps two significant digits or more (1.1 for ln 3 = 1.0986; 1.0 could be a guess). An
/// answer of zeros is not called rounded.
std::string rounding_hint(const Eigen::MatrixXd& g, const Eigen::MatrixXd& e, const Tolerance& t) {
  if (g.size() != e.size() || !g.allFinite() || !e.allFinite() || g.cwiseAbs().maxCoeff() == 0) return "";
  auto same = [](double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b)); };
  auto significant = [&](double x) {  // significant digits of x as JSON writes it (1.10 is 1.1: two)
    if (x == 0) return 0;
    int decimals = 0;
    while (decimals < 17 && !same(x, std::round(x * std::pow(10.0, decimals)) / std::pow(10.0, decimals))) ++decimals;
    return static_cast<int>(std::floor(std::log10(std::fabs(x)))) + 1 + decimals;
  };
  // A way of shortening x to `n` digits: decimals (rounded or cut) or significant digits (rounded).
  enum class Way { round_decimals, cut_decimals, round_significant };
  auto shorten = [](double x, Way way, int n) {
    if (x == 0) return 0.0;
    const int decimals = way == Way::round_significant ? n - 1 - static_cast<int>(std::floor(std::log10(std::fabs(x)))) : n;
    const double scale = std::pow(10.0, decimals);
    return (way == Way::cut_decimals ? std::trunc(x * scale) : std::round(x * scale)) / scale;
  };
  for (Way way : {Way::round_decimals, Way::cut_decimals, Way::round_significant})
    for (int n = way == Way::round_significant ? 1 : 0; n <= 6; ++n) {  // the fewest digits that give the answer
      int moved = 0, kept = 0;  // entries moved out of tolerance; the fewest digits such an entry keeps
      bool all = true;
      for (Eigen::Index k = 0; k < e.size() && all; ++k) {
        const double r = shorten(e.data()[k], way, n);
        all = same(g.data()[k], r);
        if (all && !close(r, e.data()[k], t)) {
          const int digits = significant(r);
          kept = moved++ == 0 ? digits : std::min(kept, digits);
        }
      }
      if (!all || moved == 0 || (moved == 1 && kept < 2)) continue;
      std::string how = way == Way::round_decimals ? "rounded to " + std::to_string(n) + (n == 1 ? " decimal place" : " decimal places")
                        : way == Way::cut_decimals ? "cut off after " + std::to_string(n) + (n == 1 ? " decimal place" : " decimal places")
                                                   : "rounded to " + std::to_string(n) + (n == 1 ? " significant digit" : " significant digits");
      std::string advice;
      if (t.rtol > 0) {  // rounding to s significant digits errs by up to 0.5·10^(1−s) relative
        const int s = static_cast<int>(std::ceil(1 + std::log10(0.5 / t.rtol) - 1e-9));
        advice = ": answers are graded within a relative " + format_number(t.rtol) + " (keep at least " + std::to_string(std::max(s, 1)) +
                 " significant digits)";
      }
      return how + ", too few digits" + advice;
    }
  return "";
}

}  // namespace

const std::vector<Factor>& general_factors() {
  static const std::vector<Factor> factors = [] {
    std::vector<Factor> f = {{0.5, "½"},
                             {2, "2"},
                             {std::log(10.0), "ln 10: a natural logarithm where base 10 is meant?"},
                             {1 / std::log(10.0), "1/ln 10: a base-10 logarithm where the natural one is meant"},
                             {1 / std::log(2.0), "1/ln 2: a base-2 logarithm where the natural one is meant"}};
    const char* const superscript[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶"};
    for (int k = -6; k <= 6; ++k)
      if (k != 0)
        f.push_back({std::pow(10.0, k), std::string("10") + (k < 0 ? "⁻" : "") + superscript[std::abs(k)] + ": a slip of the decimal point?"});
    return f;
  }();
  return factors;
}

std::string diagnose_matrix(const Eigen::MatrixXd& g, const Eigen::MatrixXd& e, const Tolerance& t, const std::vector<Factor>& likely) {
  if (g.rows() != e.rows() || g.cols() != e.cols()) return "";
  const bool nonzero = e.cwiseAbs().maxCoeff() > t.atol;
  if (nonzero && all_close(g, -e, t)) return "sign flipped: your value equals minus the expected one";
  if (e.rows() == e.cols() && e.rows() > 1 && !all_close(e, e.transpose(), t) && all_close(g, e.transpose(), t))
    return "transposed: your matrix equals the transpose of the expected one";
  // Before the factor: entries rounded to 2 decimals can share a ratio ([0.026, −0.026] → [0.03, −0.03]).
  if (std::string r = rounding_hint(g, e, t); !r.empty()) return r;
  if (nonzero && e.allFinite() && g.allFinite()) {
    const double c = g.cwiseProduct(e).sum() / e.squaredNorm();
    if (std::fabs(c - 1) > 1e-9 && std::fabs(c) > 1e-12 && all_close(g, c * e, t)) {
      // Any two numbers differ by some factor: a factor is a diagnosis only when the problem makes
      // it likely, or when at least two entries that the scaling changes agree on it.
      int witnesses = 0;
      for (Eigen::Index k = 0; k < e.size(); ++k) witnesses += close(c * e.data()[k], e.data()[k], t) ? 0 : 1;
      const auto names = factor_names(c, t.rtol, likely);
      if (!names.empty() || witnesses >= 2) {
        std::ostringstream s;
        s.precision(7);
        s << "scaled by a factor of " << c;
        // A name that is only the number again ("2", "−2") says nothing: "a factor of 2 (= 2)".
        std::ostringstream number;
        number.precision(7);
        number << std::fabs(c);
        std::vector<std::string> said;
        for (const auto& n : names)
          if (n != number.str() && n != "−" + number.str()) said.push_back(n);
        if (!said.empty()) {
          s << " (= ";
          for (std::size_t i = 0; i < said.size() && i < 2; ++i) s << (i ? ", or " : "") << said[i];
          s << ")";
        } else if (names.empty()) {
          s << " (every entry, uniformly)";
        }
        s << " relative to the expected value";
        return s.str();
      }
    }
  }
  if (e.rows() > 1 && e.cols() > 1) {
    if (auto p = row_matching(g, e, t); p && !identity(*p)) return "rows permuted: your rows are the expected rows in another order";
    if (auto p = row_matching(g.transpose(), e.transpose(), t); p && !identity(*p))
      return "columns permuted: your columns are the expected columns in another order";
  } else if (e.size() > 1) {
    if (auto p = row_matching(g, e, t); p && !identity(*p)) return "entries permuted: the right values in another order";
  }
  return "";
}

Result grade(Json answers, const Tolerance& defaults, Solver solve, FileTolerances file_tolerances) {
  return grade(std::move(answers), defaults, Source([solve](const std::string& key, const Json* problem) {
                 return std::make_shared<const Computed>(solve(key, problem));
               }),
               file_tolerances);
}

Result grade(Json answers, const Tolerance& defaults, const Source& solve, FileTolerances file_tolerances) {
  if (!answers.is_object()) throw InputError("", "an answer file is an object such as {\"ex5\": {...}}, got " + describe(answers));
  Grader grader{defaults, {}, nullptr, "", "", {}};
  if (auto t = answers.find("tolerances"); t != answers.end()) grader.overrides = read_tolerances(*t, defaults, file_tolerances);
  // Exercises in their order, whatever the order in the file.
  for (const auto& ex : exercises()) {
    Json* section = nullptr;
    std::string name;
    for (auto it = answers.begin(); it != answers.end(); ++it) {
      if (it.key() != ex.key && it.key() != ex.alias) continue;
      // Grading one block and not the other would drop answers without a word.
      if (section)
        throw InputError("/" + it.key(), ex.key + " is answered twice, under \"" + name + "\" and \"" + it.key() +
                                             "\" (one exercise, two names); put all its answers under one of them");
      section = &it.value(), name = it.key();
    }
    if (!section) continue;
    const std::string root = "/" + name;
    if (!section->is_object()) throw InputError(root, "expected an object of answers, got " + describe(*section));
    if (!ex.run) throw InputError(root, ex.key + " is not built yet in this version of hw6, so it cannot be graded");
    if (!has_answer(*section, true)) continue;  // a template's nulls: nothing to solve
    const Json* problem = nullptr;
    // An object is an embedded problem; the string an output document carries there names its source.
    if (auto p = section->find("problem"); p != section->end() && p->is_object()) problem = &*p;
    // Anything else there (a number, an array, true) is no problem and no source: grading it
    // against the built-in problem would hide that the student's variant was lost.
    else if (p != section->end() && !p->is_string() && !p->is_null())
      throw InputError(root + "/problem", "expected an embedded problem (an object, as hw6 generate all --seed N writes it), got " + describe(*p));
    std::shared_ptr<const Computed> computed;
    try {
      computed = solve(ex.key, problem);
    } catch (const InputError& e) {
      throw InputError(root + "/problem" + e.pointer(), e.what());
    }
    check_tolerances(grader.overrides, ex.key, computed->document);
    grader.computed = computed;
    grader.exercise_root = root;
    grader.exercise_key = ex.key;
    const std::size_t before = grader.result.verdicts.size();
    std::vector<std::string> keys;
    grader.walk(*section, computed->document, root, keys);
    ExerciseSummary s{ex.key, root, 0, 0, computed};
    for (std::size_t i = before; i < grader.result.verdicts.size(); ++i) {
      ++s.answered;
      s.passed += grader.result.verdicts[i].passed ? 1 : 0;
    }
    grader.result.summary.push_back(s);
  }
  for (auto it = answers.begin(); it != answers.end(); ++it) {
    if (it.key() == "tolerances" || find_exercise(it.key())) continue;
    throw InputError("/" + pointer_escape(it.key()), "unknown exercise \"" + it.key() + "\"; expected ex1 … ex7 (or their aliases) or \"tolerances\"");
  }
  for (const auto& s : grader.result.summary) {
    grader.result.answered += s.answered;
    grader.result.passed += s.passed;
  }
  return std::move(grader.result);
}

std::string value_text(const Json& j) {
  if (j.is_null()) return "\"none\"";  // a value that does not exist, as an answer file writes it (null is "not answered")
  auto m = as_matrix(j);
  if (!m) return j.dump();
  const Form form = form_of(j);
  if (form == Form::number) return format_number((*m)(0, 0), 10);
  // A vector is one list; a matrix (a d×1 column too) a list of rows, as the JSON writes it.
  auto list = [](const Eigen::VectorXd& x) {
    std::string s = "[";
    for (Eigen::Index i = 0; i < x.size(); ++i) s += (i ? ", " : "") + format_number(x(i), 7);
    return s + "]";
  };
  if (form == Form::vector) return list(m->col(0));
  std::string s = "[";
  for (Eigen::Index i = 0; i < m->rows(); ++i) s += (i ? ", " : "") + list(m->row(i).transpose());
  return s + "]";
}

std::vector<std::string> leaf_paths(const Json& document, const std::string& root) {
  std::vector<std::string> out;
  collect_paths(document, root, true, true, out);
  return out;
}

std::vector<std::string> all_paths(const Json& document, const std::string& root) {
  std::vector<std::string> out;
  collect_paths(document, root, true, false, out);
  out.erase(std::remove(out.begin(), out.end(), root), out.end());
  return out;
}

std::string first_segment(const std::string& path) {
  const std::size_t slash = path.find('/', 1);
  return path.substr(1, slash == std::string::npos ? std::string::npos : slash - 1);
}

bool under(const std::string& path, const std::string& prefix) {
  return path == prefix || (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 && path[prefix.size()] == '/');
}

std::string with_key(const std::string& path, const std::string& key) {
  const std::size_t slash = path.find('/', 1);
  return "/" + key + (slash == std::string::npos ? "" : path.substr(slash));
}

PathPlace place_of(const Json& document, const std::string& root, const std::string& path) {
  PathPlace place;
  const auto paths = all_paths(document, root);
  place.exists = path == root || std::find(paths.begin(), paths.end(), path) != paths.end();
  if (!place.exists)
    for (const auto& leaf : leaf_paths(document, root))
      if (under(path, leaf)) place.whole = leaf;
  return place;
}

std::string nearest_path(const std::string& path, const std::vector<std::string>& candidates) {
  // Only a near miss is a suggestion, measured on what the path gets wrong: the part after its
  // longest prefix that exists (in /ex5/network/sigmoid/forward/comment, "comment"). Measured on the
  // whole path, a deep path allowed a third of its length in edits, and any short key under it
  // was "meant": comment → loss, my_answer → a, γ → z. "/ex5/comment" is no typo of "/ex5/softmax".
  std::size_t known = path.find('/', 1);  // the exercise's root always exists
  if (known == std::string::npos) known = path.size();
  for (std::size_t k = path.rfind('/'); k != std::string::npos && k > known; k = path.rfind('/', k - 1))
    if (std::find(candidates.begin(), candidates.end(), path.substr(0, k)) != candidates.end()) {
      known = k;
      break;
    }
  const std::size_t unknown = known < path.size() ? path.size() - known - 1 : 0;
  std::size_t allowed = unknown < 2 ? 0 : unknown < 4 ? 1 : std::max<std::size_t>(2, unknown / 2);
  allowed = std::min(allowed, std::max<std::size_t>(2, path.size() / 3));
  auto lower = [](std::string x) {
    for (auto& c : x) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return x;
  };
  std::string nearest;
  std::size_t best = std::string::npos;
  for (const auto& p : candidates) {
    if (under(path, p)) continue;  // an ancestor is in the file already: no suggestion
    if (lower(p) == lower(path)) return p;  // /ex7/forward/z for Z
    const std::size_t d = edit_distance(path, p);
    if (d < best) best = d, nearest = p;
  }
  return best <= allowed ? nearest : std::string();
}

std::string render_text(const Result& r) {
  std::ostringstream out;
  for (const auto& v : r.verdicts) {
    out << (v.passed ? "PASS  " : "FAIL  ") << v.path << "\n";
    const bool scalar = !v.expected().is_array();
    const bool short_value = scalar || value_text(v.expected()).size() <= 60;
    if (short_value)
      out << "      expected " << value_text(v.expected()) << ", given " << value_text(v.given);
    else
      out << "      " << (v.passed ? "all entries within tolerance" : v.share_within_tolerance ? "" : v.worst);
    if (v.share_within_tolerance && !v.passed) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "%.0f%% of the entries within tolerance", 100 * *v.share_within_tolerance);
      out << (short_value ? "; " : "") << buf;
    }
    if (v.exact)
      out << "  (exact)";
    else
      out << "  (rtol " << format_number(v.tolerance.rtol) << ", atol " << format_number(v.tolerance.atol) << ")";
    out << "\n";
    // (A long value without a share of entries, e.g. a wrong shape, said where it differs above.)
    if (!v.worst.empty() && !scalar && (short_value || v.share_within_tolerance)) out << "      worst: " << v.worst << "\n";
    if (!v.diagnosis.empty()) out << "      hint: " << v.diagnosis << "\n";
  }
  out << "\nSummary\n";
  for (const auto& s : r.summary)
    out << "  " << s.exercise << ": " << s.passed << " of " << s.answered << " correct"
        << (s.computed->builtin ? "" : " (problem: " + s.computed->problem + ")") << "\n";
  out << "  total: " << r.passed << " of " << r.answered << " correct\n";
  return out.str();
}

Json to_json(const Result& r) {
  Json results = Json::array();
  for (const auto& v : r.verdicts) {
    Json j = {{"path", v.path}, {"passed", v.passed}, {"expected", v.expected()}, {"given", v.given}};
    if (v.exact)
      j["exact"] = true;
    else
      j["tolerance"] = {{"rtol", v.tolerance.rtol}, {"atol", v.tolerance.atol}};
    if (v.share_within_tolerance) j["share_within_tolerance"] = *v.share_within_tolerance;
    if (!v.worst.empty()) j["worst"] = v.worst;
    if (!v.diagnosis.empty()) j["diagnosis"] = v.diagnosis;
    results.push_back(j);
  }
  Json summary = Json::object();
  auto score = [](int passed, int answered) { return answered ? Json(double(passed) / answered) : Json(nullptr); };
  for (const auto& s : r.summary)
    summary[s.exercise] = {{"answered", s.answered}, {"passed", s.passed}, {"score", score(s.passed, s.answered)}, {"problem", s.computed->problem}};
  summary["total"] = {{"answered", r.answered}, {"passed", r.passed}, {"score", score(r.passed, r.answered)}};
  return {{"results", results}, {"summary", summary}};
}

}  // namespace hw6::verify
