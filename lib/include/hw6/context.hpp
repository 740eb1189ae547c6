#pragma once
/// What an exercise needs to know about where and how it runs, besides its problem document:
/// the folder that relative data-file paths resolve against, and where to report progress.
#include <cstdint>
#include <filesystem>
#include <string>

namespace hw6 {

/// A sink for the progress of a long computation (a C sweep, a λ path, finite-difference checks).
/// The library reports; app/ decides how to show it (a bar on stderr when it is a terminal).
/// The default implementation is silent, so library code may always call it.
class Progress {
 public:
  virtual ~Progress() = default;
  /// A new phase: what is being done, and how many steps it has (0 when unknown).
  virtual void begin(const std::string& /*what*/, std::int64_t /*total*/) {}
  /// `done` steps of the current phase are finished.
  virtual void advance(std::int64_t /*done*/) {}
  /// The current phase is over.
  virtual void end() {}
};

/// The silent sink.
Progress& silent_progress();

struct RunContext {
  /// Relative paths in the problem (data files) are relative to this folder: the problem
  /// file's folder, or the working directory for built-in problems and standard input.
  std::filesystem::path base_dir = ".";
  /// Never null; silent by default.
  Progress* progress = &silent_progress();
};

}  // namespace hw6
