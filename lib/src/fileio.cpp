#include "hw6/fileio.hpp"

#include "hw6/context.hpp"
#include "hw6/problems.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

namespace hw6 {

Progress& silent_progress() {
  static Progress silent;
  return silent;
}

namespace {

/// The temporary file write_file_atomically writes before renaming it to `path`.
std::filesystem::path temporary_for(const std::filesystem::path& path) { return path.string() + ".tmp-" + std::to_string(::getpid()); }

/// Creates and removes the temporary file of `path`; the reason when that fails.
std::string try_create(const std::filesystem::path& path) {
  const std::filesystem::path tmp = temporary_for(path);
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return std::strerror(errno);
  std::fclose(f);
  std::remove(tmp.c_str());
  return "";
}

}  // namespace

void check_writable_file(const std::filesystem::path& path, const std::string& what) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw FileError(path.string(), "is a directory, not " + what);
  if (const std::string why = try_create(path); !why.empty()) throw FileError(path.string(), "cannot write: " + why);
}

void check_writable_folder(const std::filesystem::path& dir, const std::string& what) {
  std::error_code ec;
  std::filesystem::path existing = dir;
  while (!existing.empty() && !std::filesystem::exists(existing, ec)) existing = existing.parent_path();
  if (existing.empty()) existing = ".";
  const std::string cannot = "cannot create the " + what + ": ";
  if (!std::filesystem::is_directory(existing, ec))
    throw FileError(dir.string(), existing == dir ? "is not a directory; expected a " + what : cannot + existing.string() + " is not a directory");
  if (const std::string why = try_create(existing / ".hw6-check"); !why.empty())
    throw FileError(dir.string(), (existing == dir ? "cannot write in the " + what + ": " : cannot) + why);
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path tmp = temporary_for(path);
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw FileError(path.string(), std::string("cannot write: ") + std::strerror(errno));
  bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  int err = ok ? 0 : errno;
  if (std::fflush(f) != 0 && ok) ok = false, err = errno;
  if (ok && ::fsync(::fileno(f)) != 0 && errno != EINVAL) ok = false, err = errno;
  if (std::fclose(f) != 0 && ok) ok = false, err = errno;
  if (ok && std::rename(tmp.c_str(), path.c_str()) != 0) ok = false, err = errno;
  if (!ok) {
    std::remove(tmp.c_str());
    throw FileError(path.string(), std::string("cannot write: ") + std::strerror(err ? err : EIO));
  }
}

}  // namespace hw6
