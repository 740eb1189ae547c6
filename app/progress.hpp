#pragma once
// Progress on a terminal: what is being done and a bar, on stderr, only when stderr is a terminal.
#include "hw6/context.hpp"

#include <memory>

namespace hw6::app {

/// A sink that draws on stderr when stderr is a terminal (and HW6_NO_PROGRESS is unset), else
/// the silent sink's behaviour. Never writes to stdout.
std::unique_ptr<Progress> make_terminal_progress();

}  // namespace hw6::app
