#pragma once
/// Feedback for a student: one Markdown file per answer file with the verdicts, the diagnoses and,
/// for each wrong value, the solution step that computes it on the student's own problem.
#include "hw6/grading.hpp"

#include <string>
#include <vector>

namespace hw6::feedback {

/// The homework label of the step that computes `path` ("/ex5/network/sigmoid/gradients/W2" →
/// "3(b)"), from a table per exercise keyed by the contract's JSON keys; "" when none is known.
/// With `report`, Exercise 2's problems are looked up by the labels the report gives them
/// ("1(a)" for the homework's own, "1, problem k" otherwise).
std::string step_label(const std::string& path, const Report* report = nullptr);

/// The Markdown feedback on one answer file.
std::string render(const grading::FileGrade& grade, const grading::Score& score, const grading::Rubric* rubric);

/// A file name in the feedback folder per answer file, in order: "alice.json" → "alice.md";
/// names that would collide (two folders with the same file name) keep their folders ("a_b_alice.md");
/// standard input ("-" or "<stdin>") is "stdin.md".
std::vector<std::string> file_names(const std::vector<std::string>& files);

}  // namespace hw6::feedback
