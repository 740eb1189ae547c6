#include "hw6/problems.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

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
    p.json = parse_json(text);  // moved in: one document, never copied
  } catch (const InputError& e) {
    throw FileError(p.file, e.what());
  }
  return p;
}

}  // namespace hw6
