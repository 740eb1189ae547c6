#pragma once
/// Writing output files so that a failure (a full disk, a missing folder) never leaves a
/// half-written file that looks whole: write to a temporary file beside it, then rename.
#include <filesystem>
#include <string_view>

namespace hw6 {

/// Writes `content` to `path` atomically (temporary file in the same folder, flushed, renamed).
/// Throws FileError (hw6/problems.hpp) naming `path` and the reason when anything fails; the
/// temporary file is removed then.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace hw6
