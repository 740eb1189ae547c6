#pragma once
/// The built-in homework problems (problems/*.json, compiled in) and loading a problem file.
#include "hw6/json_io.hpp"

#include <string>
#include <string_view>

namespace hw6 {

/// Text of problems/<key>.json as compiled into the binary; empty when there is none.
std::string_view builtin_problem_text(const std::string& key);

/// A problem document and where it came from, for messages and the "problem" key.
struct LoadedProblem {
  Json json;
  std::string source;  ///< "built-in (problems/ex5.json)", a path, or "<stdin>"
  std::string file;    ///< the name used in error messages
};

/// Cannot read a file: the app reports it like an input error (exit 2).
class FileError : public std::runtime_error {
 public:
  FileError(std::string file, const std::string& message) : std::runtime_error(message), file_(std::move(file)) {}
  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

/// Reads a whole file, or standard input for "-".
std::string read_text(const std::string& path);

/// `path` empty: the built-in problem of `key`; "-": standard input; otherwise a file.
/// A file that is not JSON (or repeats a key) is a FileError naming the file, its message led by
/// the JSON Pointer of the fault (hw6/json_io.hpp: located()).
LoadedProblem load_problem(const std::string& key, const std::string& path);

}  // namespace hw6
