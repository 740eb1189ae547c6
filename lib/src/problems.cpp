#include "hw6/problems.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace hw6 {

std::string read_text(const std::string& path) {
  std::ostringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
    if (std::cin.bad()) throw FileError("<stdin>", "cannot read standard input");
    return buffer.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileError(path, std::string("cannot open: ") + std::strerror(errno));
  buffer << in.rdbuf();
  if (in.bad()) throw FileError(path, "cannot read the file");
  return buffer.str();
}

LoadedProblem load_problem(const std::string& key, const std::string& path) {
  LoadedProblem p;
  std::string text;
  if (path.empty()) {
    p.file = "problems/" + key + ".json";
    p.source = "built-in (problems/" + key + ".json)";
    text = std::string(builtin_problem_text(key));
  } else {
    p.file = path == "-" ? "<stdin>" : path;
    p.source = p.file;
    text = read_text(path);
  }
  try {
    p.json = parse_json(text);
  } catch (const InputError& e) {
    throw FileError(p.file, e.what());
  }
  return p;
}

}  // namespace hw6
