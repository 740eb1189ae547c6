// Grading a class: the problem cache, files graded in parallel, rubric scores. See grading.hpp.
#include "hw6/grading.hpp"
#include "hw6/parallel.hpp"

#include "hw6/problems.hpp"
#include "hw6/registry.hpp"
#include "hw6/render.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

namespace hw6::grading {

namespace {

/// The exercise's index 0…6 in exercises(), or -1.
int exercise_index(const std::string& key) {
  const auto& all = exercises();
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].key == key) return static_cast<int>(i);
  return -1;
}

using verify::under;
using verify::with_key;

std::string one_line(std::string s) {
  for (auto& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

FileGrade grade_one(const std::string& file, const verify::Tolerance& tolerance, const verify::Source& source,
                    verify::FileTolerances file_tolerances) {
  FileGrade g;
  g.file = file == "-" ? "<stdin>" : file;
  try {
    std::error_code ec;
    if (file != "-" && std::filesystem::is_directory(file, ec)) throw FileError(file, "is a directory, not an answer file");
    const std::string text = read_text(file);
    // Both name the whole document by its JSON Pointer, "" (RFC 6901's root), as every error
    // about a file's content names where it is.
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
      throw InputError("", "the file is empty; expected an answer file such as {\"ex5\": {...}}");
    g.result = verify::grade(parse_json(text), tolerance, source, file_tolerances);
    if (g.result->answered == 0) {
      g.result.reset();
      g.error = "\"\": no answered value (every value is null or missing); fill in the answer file you were given (hw6 generate all --seed N, or hw6 template all)";
    }
  } catch (const FileError& e) {
    g.error = one_line(e.what());
  } catch (const InputError& e) {
    g.error = one_line(located(e));
  } catch (const std::exception& e) {  // a solver failure must not end the class's run
    g.error = one_line(std::string("internal error: ") + e.what());
  }
  return g;
}

std::string fraction_text(const std::optional<double>& x) {
  if (!x) return "";
  std::ostringstream s;
  s.precision(6);
  s << *x;
  return s.str();
}

/// A CSV field, quoted as RFC 4180 says. A field that a spreadsheet would read as a formula (it
/// begins with =, +, -, @, a tab or a carriage return: OWASP's "CSV injection") gets a leading
/// apostrophe, which spreadsheets show as text: the file column holds names the students chose,
/// and `=HYPERLINK(...).json` must not become a link in the TA's gradebook. "-" alone (standard
/// input) is no formula and stays as it is.
std::string csv_field(const std::string& s) {
  const bool formula = !s.empty() && s != "-" && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos;
  const std::string text = formula ? "'" + s : s;
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string points_text(double x) { return format_number(x, 6); }

/// How many unanswered paths a Gradescope test lists before "... and N more".
constexpr std::size_t kUnansweredShown = 12;

}  // namespace

// ---------------------------------------------------------------------------------------------
// The cache.

std::shared_ptr<const verify::Computed> ProblemCache::get(const std::string& key, const Json* problem) {
  const std::string id = key + "\n" + (problem ? canonical_dump(*problem) : std::string("built-in"));
  std::promise<std::shared_ptr<const verify::Computed>> promise;
  Entry entry;
  bool mine = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(id);
    if (it == entries_.end()) {
      entry = promise.get_future().share();
      entries_.emplace(id, std::make_pair(key, entry));
      mine = true;
    } else {
      entry = it->second.second;
    }
  }
  if (mine) {
    try {
      promise.set_value(std::make_shared<const verify::Computed>(solve_(key, problem)));
    } catch (...) {
      promise.set_exception(std::current_exception());
    }
  }
  return entry.get();  // rethrows the solver's InputError for every file with this problem
}

std::size_t ProblemCache::solved() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

std::vector<std::shared_ptr<const verify::Computed>> ProblemCache::computed_of(const std::string& key) const {
  std::vector<Entry> mine;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [id, e] : entries_)
      if (e.first == key) mine.push_back(e.second);
  }
  std::vector<std::shared_ptr<const verify::Computed>> out;
  for (auto& e : mine) try {
      out.push_back(e.get());
    } catch (const std::exception&) {
    }
  return out;
}

verify::Source ProblemCache::source() {
  return [this](const std::string& key, const Json* problem) { return get(key, problem); };
}

// ---------------------------------------------------------------------------------------------
// Many files.

std::vector<FileGrade> grade_files(const std::vector<std::string>& files, const verify::Tolerance& tolerance, ProblemCache& cache,
                                   unsigned jobs, std::vector<std::pair<std::string, std::string>>* duplicates,
                                   verify::FileTolerances file_tolerances) {
  // The same file twice (by its canonical path) is graded once, at its first position.
  std::vector<std::string> distinct;
  std::map<std::string, std::string> seen;  // canonical → first name
  for (const auto& f : files) {
    std::error_code ec;
    std::string id = f == "-" ? "-" : std::filesystem::weakly_canonical(f, ec).string();
    if (ec || id.empty()) id = f;
    auto [it, fresh] = seen.emplace(id, f);
    if (fresh)
      distinct.push_back(f);
    else if (duplicates)
      duplicates->push_back({f, it->second});
  }
  std::vector<FileGrade> grades(distinct.size());
  const verify::Source source = cache.source();
  parallel_for(distinct.size(), jobs, [&](std::size_t i) { grades[i] = grade_one(distinct[i], tolerance, source, file_tolerances); });
  return grades;
}

std::vector<SharedVariant> shared_variants(const std::vector<FileGrade>& grades) {
  std::vector<SharedVariant> groups;
  for (const auto& g : grades) {
    if (!g.result) continue;
    for (const auto& ex : g.result->summary) {
      const std::string& label = ex.computed->problem;
      if (label.rfind("generated --seed ", 0) != 0) continue;
      auto it = std::find_if(groups.begin(), groups.end(), [&](const SharedVariant& v) { return v.problem == label; });
      if (it == groups.end()) it = groups.insert(groups.end(), SharedVariant{label, {}});
      if (std::find(it->files.begin(), it->files.end(), g.file) == it->files.end()) it->files.push_back(g.file);
    }
  }
  groups.erase(std::remove_if(groups.begin(), groups.end(), [](const SharedVariant& v) { return v.files.size() < 2; }), groups.end());
  return groups;
}

// ---------------------------------------------------------------------------------------------
// Rubric.

double Rubric::possible() const {
  double sum = 0;
  for (const auto& e : entries) sum += e.points;
  return sum;
}

Rubric parse_rubric(const Json& j) {
  if (!j.is_object()) throw InputError("", "a rubric is an object of points per JSON Pointer, such as {\"/ex6/total_params\": 2, \"/ex5\": 5}; got " + describe(j));
  Rubric r;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& path = it.key();
    const std::string at = !path.empty() && path[0] == '/' ? path : "/" + pointer_escape(path);
    if (path.empty() || path[0] != '/')
      throw InputError(at, "a rubric path is a JSON Pointer starting with /exN (such as /ex5/network), got \"" + path + "\"");
    const std::string first = verify::first_segment(path);
    const Exercise* ex = find_exercise(first);
    if (!ex) throw InputError(at, "unknown exercise \"" + first + "\" in \"" + path + "\"; expected /ex1 … /ex7 (or a topic alias)");
    if (!it.value().is_number() || !std::isfinite(it.value().get<double>()) || it.value().get<double>() < 0)
      throw InputError(at, "expected points, a number >= 0, got " + describe(it.value()));
    r.entries.push_back({path, ex->key, with_key(path, ex->key), it.value().get<double>()});
  }
  if (r.entries.empty()) throw InputError("", "the rubric is empty; give points per JSON Pointer, such as {\"/ex6/total_params\": 2}");
  std::set<std::string> keys;
  for (const auto& e : r.entries)
    if (!keys.insert(e.key_path).second) throw InputError(e.path, "\"" + e.path + "\" is given twice (once with the exercise's alias?)");
  if (!(r.possible() > 0)) throw InputError("", "the rubric's points add up to 0");
  return r;
}

namespace {
/// Which rubric entry grades each leaf of `doc` (the longest prefix), as entry index per leaf.
std::vector<std::pair<std::string, int>> assign_leaves(const Rubric& rubric, const std::string& key, const Json& doc) {
  std::vector<std::pair<std::string, int>> out;
  for (const auto& leaf : verify::leaf_paths(doc, "/" + key)) {
    int best = -1;
    for (std::size_t i = 0; i < rubric.entries.size(); ++i) {
      const auto& e = rubric.entries[i];
      if (e.exercise == key && under(leaf, e.key_path) &&
          (best < 0 || e.key_path.size() > rubric.entries[static_cast<std::size_t>(best)].key_path.size()))
        best = static_cast<int>(i);
    }
    if (best >= 0) out.push_back({leaf, best});
  }
  return out;
}
}  // namespace

void check_rubric(const Rubric& rubric, const std::vector<FileGrade>& grades, ProblemCache& cache) {
  (void)grades;  // their problems are in the cache already
  for (const auto& e : rubric.entries) {
    const std::string at = e.path;
    auto docs = cache.computed_of(e.exercise);
    if (docs.empty() || std::none_of(docs.begin(), docs.end(), [](auto& c) { return c->builtin; }))
      docs.push_back(cache.get(e.exercise, nullptr));
    bool exists = false, inside = false, graded = false;
    std::string whole;
    std::vector<std::string> candidates;
    for (const auto& c : docs) {
      const verify::PathPlace place = verify::place_of(c->document, "/" + e.exercise, e.key_path);
      exists = exists || place.exists;
      if (!place.whole.empty()) inside = true, whole = place.whole;
      for (const auto& [leaf, i] : assign_leaves(rubric, e.exercise, c->document))
        graded = graded || rubric.entries[static_cast<std::size_t>(i)].key_path == e.key_path;
      if (candidates.empty()) candidates = verify::all_paths(c->document, "/" + e.exercise);
    }
    if (inside)
      throw InputError(at, "inside the value " + with_key(whole, e.exercise) + ", which is graded as a whole; give the points to " + whole);
    if (!exists) {
      const std::string nearest = verify::nearest_path(e.key_path, candidates);
      throw InputError(at, "no output of " + e.exercise + " has this value" + (nearest.empty() ? std::string() : "; the nearest is " + nearest));
    }
    if (!graded)
      throw InputError(at, "every value under it has a longer rubric path of its own, so its " + points_text(e.points) + " points can never be earned");
  }
}

// ---------------------------------------------------------------------------------------------
// Scores.

Score score(const FileGrade& grade, const Rubric* rubric, ProblemCache& cache) {
  Score s;
  if (!grade.result) return s;
  const verify::Result& r = *grade.result;
  if (!rubric) {
    for (const auto& ex : r.summary) {
      const int i = exercise_index(ex.exercise);
      if (i < 0 || ex.answered == 0) continue;
      s.earned[static_cast<std::size_t>(i)] = ex.passed;
      s.possible[static_cast<std::size_t>(i)] = ex.answered;
      s.exercise[static_cast<std::size_t>(i)] = double(ex.passed) / ex.answered;
    }
    s.total_earned = r.passed;
    s.total_possible = r.answered;
    if (r.answered) s.total = double(r.passed) / r.answered;
    return s;
  }
  // Verdicts by their path with the exercise key (an alias in the file counts as the key).
  std::map<std::string, bool> passed;
  for (const auto& ex : r.summary)
    for (const auto& v : r.verdicts)
      if (under(v.path, ex.root)) passed[with_key(v.path, ex.exercise)] = v.passed;
  std::set<std::string> keys;
  for (const auto& e : rubric->entries) keys.insert(e.exercise);
  for (const auto& key : keys) {
    std::shared_ptr<const verify::Computed> computed;
    for (const auto& ex : r.summary)
      if (ex.exercise == key) computed = ex.computed;
    if (!computed) computed = cache.get(key, nullptr);  // unanswered: the built-in problem's values
    const auto assigned = assign_leaves(*rubric, key, computed->document);
    const std::size_t x = static_cast<std::size_t>(exercise_index(key));
    for (std::size_t i = 0; i < rubric->entries.size(); ++i) {
      const auto& e = rubric->entries[i];
      if (e.exercise != key) continue;
      s.possible[x] += e.points;
      const auto n = std::count_if(assigned.begin(), assigned.end(), [&](auto& a) { return a.second == static_cast<int>(i); });
      for (const auto& [leaf, entry] : assigned)
        if (entry == static_cast<int>(i)) {
          auto it = passed.find(leaf);
          if (it != passed.end() && it->second) s.earned[x] += e.points / static_cast<double>(n);
          if (it == passed.end() && e.points > 0) {
            s.unanswered[x].push_back(leaf);
            s.unanswered_points[x] += e.points / static_cast<double>(n);
          }
        }
    }
    if (s.possible[x] > 0) s.exercise[x] = s.earned[x] / s.possible[x];
  }
  for (std::size_t i = 0; i < 7; ++i) s.total_earned += s.earned[i], s.total_possible += s.possible[i];
  if (s.total_possible > 0) s.total = s.total_earned / s.total_possible;
  return s;
}

std::string gradebook_csv(const std::vector<FileGrade>& grades, const std::vector<Score>& scores) {
  std::string out = "file";
  for (const auto& ex : exercises()) out += "," + ex.key;
  out += ",total,error,problems\n";  // (problems appended last: the older columns keep their places)
  for (std::size_t i = 0; i < grades.size(); ++i) {
    out += csv_field(grades[i].file);
    for (const auto& x : scores[i].exercise) out += "," + fraction_text(x);
    std::string problems;  // "ex5: built-in; ex7: embedded #1a2b3c4d"
    if (grades[i].result)
      for (const auto& ex : grades[i].result->summary) problems += (problems.empty() ? "" : "; ") + ex.exercise + ": " + ex.computed->problem;
    out += "," + fraction_text(scores[i].total) + "," + csv_field(grades[i].error) + "," + csv_field(problems) + "\n";
  }
  return out;
}

std::string one_line_name(const std::string& file) {
  std::string out;
  for (char c : file) out += c == '\n' ? std::string("\\n") : c == '\r' ? std::string("\\r") : std::string(1, c);
  return out;
}

std::string summary_line(const FileGrade& g, const Score& s, const Rubric* rubric) {
  const std::string file = one_line_name(g.file);
  if (!g.result) return file + ": not graded: " + g.error;
  std::string line = file + ": ";
  line += rubric ? points_text(s.total_earned) + " of " + points_text(s.total_possible) + " points"
                 : std::to_string(g.result->passed) + " of " + std::to_string(g.result->answered) + " correct";
  std::string parts;
  for (std::size_t i = 0; i < 7; ++i)
    if (s.exercise[i])
      parts += (parts.empty() ? "" : ", ") + exercises()[i].key + " " + points_text(s.earned[i]) + "/" + points_text(s.possible[i]);
  return line + (parts.empty() ? "" : " (" + parts + ")");
}

Json gradescope(const FileGrade& g, const Score& s, const Rubric* rubric) {
  Json tests = Json::array();
  for (std::size_t i = 0; i < 7; ++i) {
    if (s.possible[i] <= 0 && !(rubric && !g.result)) continue;
    const Exercise& ex = exercises()[i];
    double possible = s.possible[i];
    if (!g.result) {  // not graded: the rubric's points are still the maximum
      possible = 0;
      for (const auto& e : rubric->entries)
        if (e.exercise == ex.key) possible += e.points;
      if (possible <= 0) continue;
    }
    std::string output;
    if (g.result)
      for (const auto& v : g.result->verdicts) {
        const auto* summary = [&]() -> const verify::ExerciseSummary* {
          for (const auto& x : g.result->summary)
            if (x.exercise == ex.key) return &x;
          return nullptr;
        }();
        if (!summary || !under(v.path, summary->root)) continue;
        output += (v.passed ? "PASS  " : "FAIL  ") + v.path;
        if (!v.passed) output += ": expected " + verify::value_text(v.expected()) + ", given " + verify::value_text(v.given);
        if (!v.diagnosis.empty()) output += "; hint: " + v.diagnosis;
        output += "\n";
      }
    else
      output = "not graded: " + g.error + "\n";
    // Rubric points lost by not answering: said, or a student sees only PASS lines and a low score.
    const auto& missing = s.unanswered[i];
    for (std::size_t k = 0; g.result && k < missing.size() && k < kUnansweredShown; ++k) output += "NOT ANSWERED  " + missing[k] + "\n";
    if (g.result && missing.size() > kUnansweredShown)
      output += "... and " + std::to_string(missing.size() - kUnansweredShown) + " more values not answered\n";
    if (g.result && !missing.empty())
      output += "(not answered: " + points_text(s.unanswered_points[i]) + " of " + points_text(possible) +
                " points; null is not an answer: a value that does not exist on your problem is answered \"none\")\n";
    tests.push_back({{"name", "Exercise " + std::to_string(ex.number) + ": " + ex.title},
                     {"score", s.earned[i]},
                     {"max_score", possible},
                     {"output", output}});
  }
  Json doc = {{"score", s.total_earned}};
  doc["output"] = g.result ? summary_line(g, s, rubric) : "hw6 could not grade " + g.file + ": " + g.error;
  doc["tests"] = tests;
  return doc;
}

}  // namespace hw6::grading
