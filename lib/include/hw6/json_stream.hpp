#pragma once
/// Parsing JSON as it is read from a stream, so that a large file is never held as text and as a
/// document at once (the same limits and messages as parse_json).
#include "hw6/json_io.hpp"

#include <functional>
#include <istream>
#include <string>

namespace hw6 {

/// Parses the JSON text `in` delivers. `text_of` returns that text again, and is called only to
/// place an error the parser cannot place itself (nesting too deep, a number out of range); it may
/// return "" (standard input cannot be read twice), and the message then has no position.
Json parse_json_stream(std::istream& in, const std::function<std::string()>& text_of);

/// Reads and parses the JSON file `path` ("-": standard input) as it is read. Throws FileError
/// (hw6/problems.hpp) when it cannot be read (a directory says so), InputError when it is not JSON.
Json read_json_file(const std::string& path);

}  // namespace hw6
