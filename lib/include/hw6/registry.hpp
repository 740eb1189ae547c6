#pragma once
/// The seven exercises: number, command name, topic alias, title, and the function that runs one
/// on a problem document. An exercise whose `run` is empty is not built yet.
#include "hw6/context.hpp"
#include "hw6/json_io.hpp"
#include "hw6/report.hpp"

#include <functional>
#include <string>
#include <vector>

namespace hw6 {

struct Exercise {
  int number = 0;
  std::string key;    ///< "ex5"
  std::string alias;  ///< "nn"
  std::string title;
  std::function<Report(const Json&, const RunContext&)> run;  ///< parse → solve → report; empty: not built yet
  /// What the built-in problem costs, relative to the others (millions of instructions, callgrind,
  /// rendering included): `hw6 all` starts the costliest first, so that its threads finish together.
  /// Only a hint: a stale value costs time, never a result.
  double builtin_cost = 1;
};

const std::vector<Exercise>& exercises();
/// By key ("ex5") or alias ("nn"); nullptr when unknown.
const Exercise* find_exercise(const std::string& name);

/// The answer-file skeleton of an exercise: its results with every leaf replaced by null
/// (the keys exercise/title/problem/checks are not answers and are left out).
Json answer_template(const Report& report);

}  // namespace hw6
