#include "hw6/parts.hpp"

#include <algorithm>
#include <cctype>

namespace hw6 {

std::string normalize_part(const std::string& part) {
  std::string s;
  for (char c : part)
    if (!std::isspace(static_cast<unsigned char>(c))) s += c;
  // digits, an optional '.' or '(', one letter, an optional ')': the homework's "3(b)".
  std::size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i == 0 || i == s.size()) return s;
  std::size_t j = i;
  if (s[j] == '.' || s[j] == '(') ++j;
  if (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) {
    const char letter = static_cast<char>(std::tolower(static_cast<unsigned char>(s[j])));
    const std::size_t k = j + 1;
    if (k == s.size() || (k + 1 == s.size() && s[k] == ')')) return s.substr(0, i) + "(" + letter + ")";
  }
  return s;
}

bool part_matches(const std::string& label, const std::string& part) {
  if (label == part) return true;
  const bool whole_number = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
  return whole_number && label.size() > part.size() && label.compare(0, part.size(), part) == 0 && label[part.size()] == '(';
}

std::vector<std::string> part_labels(const Report& report) {
  std::vector<std::string> labels;
  for (const auto& s : report.steps)
    if (std::find(labels.begin(), labels.end(), s.label) == labels.end()) labels.push_back(s.label);
  return labels;
}

std::optional<std::string> select_part(Report& report, const std::string& part_text) {
  const std::string part = normalize_part(part_text);
  std::vector<Step> kept;
  for (const auto& s : report.steps)
    if (part_matches(s.label, part)) kept.push_back(s);
  if (kept.empty()) {
    std::string list;
    for (const auto& l : part_labels(report)) list += (list.empty() ? "" : ", ") + l;
    return "--part " + part_text + ": exercise " + std::to_string(report.exercise) + " has no such part; its parts are " + list +
           " (a whole number such as 3 selects 3(a), 3(b), ...)";
  }
  // A check belongs to a part when its name starts with the part's label and a space.
  auto check_kept = [&](const Check& c) {
    if (!c.passed) return true;  // a failure is never hidden
    const std::string first = c.name.substr(0, c.name.find(' '));
    return std::any_of(kept.begin(), kept.end(), [&](const Step& s) { return s.label == first; });
  };
  std::vector<Check> checks;
  for (const auto& c : report.checks)
    if (check_kept(c)) checks.push_back(c);
  std::vector<Figure> figures;
  for (const auto& f : report.figures) {
    bool shown = false;
    for (const auto& s : kept)
      for (const auto& b : s.blocks) shown = shown || (b.kind == Block::Kind::Figure && b.file == f.file);
    if (shown) figures.push_back(f);
  }
  report.steps = std::move(kept);
  report.checks = std::move(checks);
  report.figures = std::move(figures);
  return std::nullopt;
}

}  // namespace hw6
