#pragma once
// The commands of the CLI: each takes its parsed options, calls libhw6, writes the output and
// returns the exit status (0 ok, 1 a self-check failed or an answer is wrong, 2 bad input).
#include "hw6/registry.hpp"

#include <string>

namespace hw6::app {

/// The output of an exercise command; the strings text/json/markdown exist only in main.cpp's parser.
enum class Format { Text, Json, Markdown };

struct OutputOptions {
  Format format = Format::Text;
  std::string plots;            ///< directory for SVG figures; empty: none
  bool no_color = false;
  std::string part;             ///< --part 3(b): only that part (text, Markdown); empty: all
};

int run_exercise(const Exercise& exercise, const std::string& problem_path, const OutputOptions& out);
int run_all(const OutputOptions& out);
int run_template(const std::string& name);

/// The --plots folder as the Markdown on stdout must link it: relative to the .md file when stdout
/// is redirected into one, else as typed (relative to the working directory).
std::string markdown_figure_dir(const std::string& plots);

/// Prints "hw6: error: <message>" on stderr and returns 2.
int fail(const std::string& message);

/// Writes a command's whole output to stdout. A reader that has gone (`hw6 all | head -1`) ends
/// hw6 quietly: by SIGPIPE as cat or grep would, or, when SIGPIPE is ignored, with EPIPE taken
/// as success. Any other failure (a full disk behind `> file`) is reported with fail() and
/// returns false.
bool write_stdout(const std::string& text);

}  // namespace hw6::app
