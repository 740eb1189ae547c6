#pragma once
// hw6 verify: one answer file, or a class of them (gradebook, rubric, feedback, Gradescope).
#include <CLI/CLI.hpp>

namespace hw6::app {

/// Adds the verify subcommand to `app`; its callback stores the exit status in `status`.
void setup_verify(CLI::App& app, int& status);

}  // namespace hw6::app
