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

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path tmp = path.string() + ".tmp-" + std::to_string(::getpid());
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
