// The terminal progress sink. The library reports phases and steps (begin / advance / end); a
// background thread redraws one status line on stderr at most ten times a second, and only once
// a phase has lasted half a second, so that quick commands print nothing. The line is erased when
// the phase ends, before anything else is printed.
#include "progress.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <unistd.h>

namespace hw6::app {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kQuietPeriod = std::chrono::milliseconds(500);  // phases shorter than this show nothing
constexpr auto kRedrawPeriod = std::chrono::milliseconds(100);
constexpr int kBarWidth = 28;

class TerminalProgress final : public Progress {
 public:
  TerminalProgress() : thread_([this] { loop(); }) {}
  ~TerminalProgress() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
      clear_locked();
    }
    wake_.notify_one();
    thread_.join();
  }
  TerminalProgress(const TerminalProgress&) = delete;
  TerminalProgress& operator=(const TerminalProgress&) = delete;

  void begin(const std::string& what, std::int64_t total) override {
    std::lock_guard<std::mutex> lock(mutex_);
    clear_locked();
    what_ = what;
    total_ = total;
    done_ = 0;
    started_ = Clock::now();
    active_ = true;
  }
  void advance(std::int64_t done) override {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = done;
  }
  void end() override {
    std::lock_guard<std::mutex> lock(mutex_);
    clear_locked();
    active_ = false;
  }

 private:
  void loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_) {
      wake_.wait_for(lock, kRedrawPeriod);
      if (!stop_ && active_ && Clock::now() - started_ >= kQuietPeriod) draw_locked();
    }
  }
  void draw_locked() {
    const double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    std::string line = "\r\033[K" + what_;
    char tail[64];
    if (total_ > 0) {
      const double f = std::min(1.0, double(done_) / double(total_));
      const int filled = static_cast<int>(f * kBarWidth);
      line += " [" + std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(kBarWidth - filled), '-') + "]";
      std::snprintf(tail, sizeof tail, " %lld/%lld  %.1f s", static_cast<long long>(done_), static_cast<long long>(total_), seconds);
    } else {
      std::snprintf(tail, sizeof tail, " ...  %.1f s", seconds);
    }
    line += tail;
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
    drawn_ = true;
  }
  void clear_locked() {
    if (!drawn_) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::string what_;
  std::int64_t total_ = 0, done_ = 0;
  Clock::time_point started_;
  bool active_ = false, drawn_ = false, stop_ = false;
  std::thread thread_;  // last: started once the members above exist
};

}  // namespace

std::unique_ptr<Progress> make_terminal_progress() {
  const char* off = std::getenv("HW6_NO_PROGRESS");
  if (!isatty(STDERR_FILENO) || (off && *off)) return nullptr;
  return std::make_unique<TerminalProgress>();
}

}  // namespace hw6::app
