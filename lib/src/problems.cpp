#include "hw6/problems.hpp"

#include "hw6/json_stream.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace hw6 {

namespace {

/// Appends everything `in` still holds to `out`, in large blocks (no second copy of the text,
/// as an ostringstream's str() would make).
void read_all(std::FILE* in, std::string& out) {
  char block[1 << 16];
  std::size_t got;
  while ((got = std::fread(block, 1, sizeof block, in)) > 0) out.append(block, got);
}

}  // namespace

std::string read_text(const std::string& path) {
  std::string text;
  if (path == "-") {
    read_all(stdin, text);
    if (std::ferror(stdin)) throw FileError("<stdin>", "cannot read standard input");
    return text;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw FileError(path, "is a directory; expected a JSON file");
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (!in) throw FileError(path, std::string("cannot open: ") + std::strerror(errno));
  // A regular file's size is known: one allocation of the right size.
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && std::filesystem::is_regular_file(path, ec)) text.reserve(static_cast<std::size_t>(size));
  read_all(in, text);
  const bool failed = std::ferror(in) != 0;
  std::fclose(in);
  if (failed) throw FileError(path, "cannot read the file");
  return text;
}

Json read_json_file(const std::string& path) {
  if (path == "-") return parse_json_stream(std::cin, [] { return std::string(); });
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw FileError(path, "is a directory; expected a JSON file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileError(path, std::string("cannot open: ") + std::strerror(errno));
  // Parsed as it is read: the text is never held beside the document (a 300 MB answer file
  // would otherwise need 300 MB more at the peak).
  Json j = parse_json_stream(in, [&] { return read_text(path); });
  if (in.bad()) throw FileError(path, "cannot read the file");
  return j;
}

LoadedProblem load_problem(const std::string& key, const std::string& path) {
  LoadedProblem p;
  if (path.empty()) {
    p.file = "problems/" + key + ".json";
    p.source = "built-in (problems/" + key + ".json)";
  } else {
    p.file = path == "-" ? "<stdin>" : path;
    p.source = p.file;
  }
  try {
    // Moved in: one document, never copied.
    p.json = path.empty() ? parse_json(std::string(builtin_problem_text(key))) : read_json_file(path);
  } catch (const InputError& e) {
    throw FileError(p.file, located(e));
  }
  return p;
}

}  // namespace hw6
