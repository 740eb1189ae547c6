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
};

const std::vector<Exercise>& exercises();
/// By key ("ex5") or alias ("nn"); nullptr when unknown.
const Exercise* find_exercise(const std::string& name);

/// The answer-file skeleton of an exercise: its results with every leaf replaced by null
/// (the keys exercise/title/problem/checks are not answers and are left out).
Json answer_template(const Report& report);

}  // namespace hw6
