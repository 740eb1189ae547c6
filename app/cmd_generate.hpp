#pragma once
// hw6 generate exN|all --seed N: a new variant of the homework, solved and checked by hw6.
#include <CLI/CLI.hpp>

namespace hw6::app {

/// Adds the `generate` subcommand to `app`; its callback stores the exit status in `status`.
void setup_generate(CLI::App& app, int& status);

}  // namespace hw6::app
