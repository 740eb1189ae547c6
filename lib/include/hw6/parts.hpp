#pragma once
/// One part of an exercise at a time (`--part 3(b)` or `--part 3`): a generic filter of a Report
/// by its steps' labels, the homework's own numbering.
#include "hw6/report.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hw6 {

/// "3b", "3.b", "3 (b)" and "3(B)" are all written "3(b)"; anything else is returned trimmed.
std::string normalize_part(const std::string& part);
/// True when a step labelled `label` belongs to `part`: the label is the part, or the part is a
/// whole number and the label is that number followed by "(": "3" selects "3(a)" … "3(e)", not "30".
bool part_matches(const std::string& label, const std::string& part);
/// The distinct step labels of a report, in order ("1(a), 1(b), 2(a), ...").
std::vector<std::string> part_labels(const Report& report);
/// Keeps only the steps of `part`, the checks whose name starts with one of their labels (and any
/// failed check), and the figures those steps show. Returns the error message (naming the
/// exercise's parts) when no step matches; the report is then unchanged.
std::optional<std::string> select_part(Report& report, const std::string& part);

}  // namespace hw6
