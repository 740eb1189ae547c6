// Feedback files for students. See feedback.hpp.
#include "hw6/feedback.hpp"

#include "hw6/registry.hpp"
#include "hw6/render.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

namespace hw6::feedback {

namespace {

/// Which step computes which value: JSON Pointer patterns ("*" matches one segment, a pattern
/// matches a path and everything below it), first match wins. Labels are the homework's.
struct Rule {
  const char* pattern;
  const char* label;
};
const Rule kRules[] = {
    {"/ex1/distance", "1"},
    {"/ex1/feasible_point", "2"},
    {"/ex1/solution/support_vectors", "6"},
    {"/ex1/solution/b_unique", "7"},
    {"/ex1/solution/b_interval", "7"},
    {"/ex1/solution", "3"},
    {"/ex1/second_method", "3"},
    {"/ex1/active_set_resolve", "8"},
    {"/ex1/drop_one", "8"},
    {"/ex2/problems/0", "1(a)"},
    {"/ex2/problems/1", "1(b)"},
    {"/ex2/problems/2", "1(c)"},
    {"/ex2/problems", "1, added"},
    {"/ex2/claims", "2"},
    {"/ex3/path", "5"},
    {"/ex3", "4"},
    {"/ex4/p_variant", "2"},
    {"/ex4/points", "3"},
    {"/ex4/support_vectors", "3"},
    {"/ex4/hyperplanes", "4"},
    {"/ex4/margin_width", "4"},
    {"/ex4/sweep", "4"},
    {"/ex4", "1(a)"},
    {"/ex5/softmax/*/log_softmax", "2(a)"},
    {"/ex5/softmax/*/log_softmax_jacobian", "2(a)"},
    {"/ex5/softmax", "1(a)"},
    {"/ex5/network/*/training", "3(d)"},
    {"/ex5/network/learning_rate", "3(b)"},
    {"/ex5/network/relu", "3(e)"},
    {"/ex5/network/*/backprop", "3(b)"},
    {"/ex5/network/*/forward", "3(a)"},
    {"/ex5/network/*/gradients", "3(b)"},
    {"/ex5/network/*/updated", "3(b)"},
    {"/ex6/batchnorm", "2(b)"},
    {"/ex6", "1"},
    {"/ex7/gradients/Y", "2"},
    {"/ex7/gradients/A", "2"},
    {"/ex7/gradients/V", "2"},
    {"/ex7/gradients/S", "3"},
    {"/ex7/gradients/Q", "3"},
    {"/ex7/gradients/K", "3"},
    {"/ex7/gradients", "4"},
    {"/ex7/equivariance", "5"},
    {"/ex7", "1"},
};

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t at = 1;
  while (at <= path.size()) {
    const std::size_t next = path.find('/', at);
    out.push_back(path.substr(at, next == std::string::npos ? std::string::npos : next - at));
    if (next == std::string::npos) break;
    at = next + 1;
  }
  return out;
}

bool matches(const std::string& pattern, const std::string& path) {
  const auto p = segments(pattern), s = segments(path);
  if (p.size() > s.size()) return false;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (p[i] != "*" && p[i] != s[i]) return false;
  return true;
}

/// The step's Markdown as `hw6 exN --format markdown` writes it, under our own heading.
std::string step_markdown(const Report& report, const Step& step) {
  Report one;
  one.exercise = report.exercise;
  one.title = report.title;
  one.problem_source = report.problem_source;
  one.steps.push_back(step);
  const std::string md = render_markdown(one, "");
  const std::size_t heading = md.find("\n### ");
  const std::size_t body = heading == std::string::npos ? std::string::npos : md.find('\n', heading + 1);
  const std::size_t checks = md.find("\n### Checks");
  if (body == std::string::npos) return "";
  std::string text = md.substr(body + 1, checks == std::string::npos ? std::string::npos : checks - body - 1);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  while (!text.empty() && text.front() == '\n') text.erase(0, 1);
  return text;
}

/// A value for a line of the feedback; a long one is said by its size and where to read it
/// (`where`: "see step 4 below" for an expected value whose step is shown, "as in your file" for
/// the student's own), never pointing at a step that is not shown or that does not hold it.
std::string short_value(const Json& j, const std::string& where) {
  std::string s = verify::value_text(j);
  if (s.size() > 160) return "(" + std::to_string(s.size()) + " characters; " + where + ")";
  return s;
}

std::string points(double x) { return format_number(x, 6); }

/// With a rubric, the values of exercise `i` that carry points and were not answered, as a list
/// item ("" when there are none): a score of 2 of 6 beside a list of right answers needs it.
/// The rule for values that do not exist is said with the list (without saying which ones: that
/// would give those answers away), since a student who left them null meaning "there is none" is
/// counted as not answering.
std::string unanswered_item(const grading::Score& s, std::size_t i) {
  constexpr std::size_t kShown = 12;
  const auto& missing = s.unanswered[i];
  if (missing.empty()) return "";
  std::ostringstream out;
  out << "- **not answered** (" << points(s.unanswered_points[i]) << " of the " << points(s.possible[i])
      << " points lost): " << missing.size() << (missing.size() == 1 ? " value" : " values") << " that the rubric gives points to, ";
  for (std::size_t k = 0; k < missing.size() && k < kShown; ++k) out << (k ? ", " : "") << "`" << missing[k] << "`";
  if (missing.size() > kShown) out << " and " << missing.size() - kShown << " more";
  out << " (null, as in the template, is not an answer; a value that does not exist on your problem is answered \"none\")\n";
  return out.str();
}

std::size_t exercise_slot(const std::string& key) {
  std::size_t i = 0;
  while (i < exercises().size() && exercises()[i].key != key) ++i;
  return i;
}

void exercise_section(std::ostringstream& out, const verify::Result& r, const verify::ExerciseSummary& ex, const grading::Score& score) {
  const Exercise* e = find_exercise(ex.exercise);
  const Report& report = ex.computed->report;
  out << "\n## Exercise " << (e ? std::to_string(e->number) : ex.exercise) << ": " << report.title << "\n\n";
  out << "Graded against " << (ex.computed->builtin ? "the homework's built-in problem" : "your own problem (" + ex.computed->problem + ")") << ": "
      << ex.passed << " of " << ex.answered << " values correct.\n\n";
  std::vector<std::string> labels;  // the steps to show, in the report's order
  for (const auto& v : r.verdicts) {
    if (v.path.compare(0, ex.root.size(), ex.root) != 0) continue;
    const std::string key_path = "/" + ex.exercise + v.path.substr(ex.root.size());
    if (v.passed) {
      out << "- **right** `" << v.path << "` = " << short_value(v.given, "as in your file") << "\n";
      continue;
    }
    const std::string label = step_label(key_path, &report);
    bool found = false;
    for (const auto& s : report.steps) found = found || s.label == label;
    out << "- **wrong** `" << v.path << "`: expected "
        << short_value(v.expected(), found ? "see step " + label + " below" : "run `hw6 " + ex.exercise + "` on the problem to see it")
        << ", given " << short_value(v.given, "as in your file");
    if (v.share_within_tolerance) out << " (" << format_number(100 * *v.share_within_tolerance, 3) << "% of the entries within tolerance)";
    out << "\n";
    // How close a number had to be: a student comparing 1.1 with 1.0986 needs the rule, not only the verdict.
    if (!v.exact)
      out << "  - graded within a relative " << format_number(v.tolerance.rtol) << " or an absolute " << format_number(v.tolerance.atol)
          << " of the expected value" << (v.expected().is_array() ? ", entry by entry" : "") << "\n";
    if (!v.worst.empty() && v.expected().is_array()) out << "  - where: " << v.worst << "\n";
    if (!v.diagnosis.empty()) out << "  - hint: " << v.diagnosis << "\n";
    if (found) {
      out << "  - how it is computed: step " << label << " below\n";
      if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
    } else {
      out << "  - how it is computed: run `hw6 " << ex.exercise << "` on the problem for the full solution\n";
    }
  }
  if (const std::size_t i = exercise_slot(ex.exercise); i < 7) out << unanswered_item(score, i);
  for (const auto& s : report.steps)
    if (std::find(labels.begin(), labels.end(), s.label) != labels.end())
      out << "\n### Step " << s.label << ": " << s.title << " (on " << (ex.computed->builtin ? "the homework's problem" : "your problem")
          << ")\n\n" << step_markdown(report, s) << "\n";
}

}  // namespace

std::string step_label(const std::string& path, const Report* report) {
  const auto seg = segments(path);
  if (report && seg.size() >= 3 && seg[0] == "ex2" && seg[1] == "problems" && !seg[2].empty() &&
      seg[2].find_first_not_of("0123456789") == std::string::npos) {
    const std::string numbered = "1, problem " + std::to_string(std::stoul(seg[2]) + 1);
    for (const auto& s : report->steps)
      if (s.label == numbered) return numbered;
  }
  for (const auto& rule : kRules)
    if (matches(rule.pattern, path)) return rule.label;
  return "";
}

std::string render(const grading::FileGrade& g, const grading::Score& s, const grading::Rubric* rubric) {
  std::ostringstream out;
  out << "# Feedback on " << g.file << "\n\n";
  if (!g.result) {
    out << "This file could not be graded: " << g.error << "\n\nFix it and submit again. Keep the answer file you were given: "
        << "if your course gave you a variant, `hw6 generate all --seed N` (your seed) prints it again with your problems "
        << "embedded; otherwise `hw6 template all` prints the shape of an answer file for the homework's problems.\n";
    return out.str();
  }
  const verify::Result& r = *g.result;
  out << "**" << r.passed << " of " << r.answered << " answered values correct**";
  if (rubric) out << "; rubric: " << points(s.total_earned) << " of " << points(s.total_possible) << " points";
  out << ".\n\n| exercise | answered | correct | problem |" << (rubric ? " points |" : "") << "\n|---|---:|---:|---|" << (rubric ? "---:|" : "") << "\n";
  // Every exercise answered, and with a rubric every exercise it gives points to (answered or not).
  auto summary_of = [&](const std::string& key) -> const verify::ExerciseSummary* {
    for (const auto& ex : r.summary)
      if (ex.exercise == key) return &ex;
    return nullptr;
  };
  for (std::size_t i = 0; i < exercises().size() && i < 7; ++i) {
    const verify::ExerciseSummary* ex = summary_of(exercises()[i].key);
    const bool in_rubric = rubric && s.possible[i] > 0;
    if (!ex && !in_rubric) continue;
    out << "| " << exercises()[i].key << " | " << (ex ? ex->answered : 0) << " | " << (ex ? ex->passed : 0) << " | "
        << (ex ? ex->computed->problem : std::string("not answered")) << " |";
    if (rubric) out << " " << (s.exercise[i] ? points(s.earned[i]) + " of " + points(s.possible[i]) : std::string("not in the rubric")) << " |";
    out << "\n";
  }
  for (std::size_t i = 0; i < exercises().size() && i < 7; ++i) {
    const Exercise& e = exercises()[i];
    if (const verify::ExerciseSummary* ex = summary_of(e.key); ex && ex->answered > 0) {
      exercise_section(out, r, *ex, s);
    } else if (!s.unanswered[i].empty()) {
      out << "\n## Exercise " << e.number << ": " << e.title << "\n\nNot answered: 0 of " << points(s.possible[i]) << " points.\n\n"
          << unanswered_item(s, i);
    }
  }
  return out.str();
}

std::vector<std::string> file_names(const std::vector<std::string>& files) {
  auto stem = [](const std::string& f) {
    if (f == "-" || f == "<stdin>") return std::string("stdin");
    std::string s = std::filesystem::path(f).filename().string();
    if (s.size() > 5 && s.substr(s.size() - 5) == ".json") s.resize(s.size() - 5);
    return s.empty() ? std::string("answers") : s;
  };
  std::map<std::string, int> count;
  for (const auto& f : files) ++count[stem(f)];
  std::vector<std::string> out;
  std::set<std::string> used;
  for (const auto& f : files) {
    std::string name = stem(f);
    if (count[name] > 1) {  // keep the folders: a/b/alice.json → a_b_alice
      std::string p = std::filesystem::path(f).lexically_normal().replace_extension().string();
      for (auto& c : p)
        if (c == '/' || c == '\\' || c == '.') c = '_';
      while (!p.empty() && p[0] == '_') p.erase(0, 1);
      name = p;
    }
    std::string unique = name;
    for (int k = 2; !used.insert(unique).second; ++k) unique = name + "_" + std::to_string(k);
    out.push_back(unique + ".md");
  }
  return out;
}

}  // namespace hw6::feedback
