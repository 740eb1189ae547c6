#pragma once
/// Writing output files so that a failure (a full disk, a missing folder) never leaves a
/// half-written file that looks whole: write to a temporary file beside it, then rename.
#include <filesystem>
#include <string>
#include <string_view>

namespace hw6 {

/// Writes `content` to `path` atomically (temporary file in the same folder, flushed, renamed).
/// Throws FileError (hw6/problems.hpp) naming `path` and the reason when anything fails; the
/// temporary file is removed then.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// Throws FileError (naming `path`, `what` saying what it is for, e.g. "a gradebook file") unless
/// write_file_atomically(path, ...) can create its file: `path` is no folder and its folder takes
/// a new file (tried with the same temporary file, removed at once). Checked before a long job, so
/// that a typo in an output path fails before any work and any output.
void check_writable_file(const std::filesystem::path& path, const std::string& what);

/// Throws FileError unless `dir` is a folder that takes new files, or can be created as one (its
/// nearest existing ancestor is a folder that takes new files). Creates nothing.
void check_writable_folder(const std::filesystem::path& dir, const std::string& what);

}  // namespace hw6
