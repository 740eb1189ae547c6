#pragma once
/// Independent tasks on the machine's cores: class grading (one answer file per task) and
/// `hw6 all` (one exercise per task).
#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace hw6 {

namespace detail {

/// A thread started on another CPU than its creator's. Linux queues a new thread on its parent's
/// CPU, where it can wait for a scheduler tick (~4 ms on this 2-core VM) before the idle core takes
/// it: the second thread of `hw6 all` started 2 to 3.5 ms late, a third of the command. Created
/// with its affinity set to one other CPU, it starts there at once, and then allows itself every
/// CPU the process may use again. Without a free CPU or where that fails, an ordinary thread.
class PlacedThread {
 public:
  PlacedThread(std::function<void()> fn, std::size_t index) {
    auto start = std::make_unique<Start>();
    start->fn = std::move(fn);
    const bool known = sched_getaffinity(0, sizeof start->allowed, &start->allowed) == 0;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    if (known) {
      // The index-th allowed CPU other than the caller's, cycling.
      const int here = sched_getcpu();
      std::vector<int> others;
      for (int c = 0; c < CPU_SETSIZE; ++c)
        if (CPU_ISSET(c, &start->allowed) && c != here) others.push_back(c);
      if (!others.empty()) {
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(others[(index - 1) % others.size()], &one);
        pthread_attr_setaffinity_np(&attr, sizeof one, &one);
      }
    }
    start->restore = known;
    Start* raw = start.get();
    if (pthread_create(&thread_, &attr, &PlacedThread::run, raw) == 0) {
      started_ = true;
      start.release();  // run() owns it
    } else if (pthread_create(&thread_, nullptr, &PlacedThread::run, raw) == 0) {  // without the placement
      started_ = true;
      start.release();
    }
    pthread_attr_destroy(&attr);
  }
  PlacedThread(const PlacedThread&) = delete;
  PlacedThread& operator=(const PlacedThread&) = delete;
  /// False when no thread could be created: the caller's own loop then does the work.
  bool started() const { return started_; }
  void join() {
    if (started_) pthread_join(thread_, nullptr);
    started_ = false;
  }
  ~PlacedThread() { join(); }

 private:
  struct Start {
    std::function<void()> fn;
    cpu_set_t allowed;
    bool restore = false;
  };
  static void* run(void* p) {
    const std::unique_ptr<Start> start(static_cast<Start*>(p));
    if (start->restore) sched_setaffinity(0, sizeof start->allowed, &start->allowed);
    start->fn();
    return nullptr;
  }
  pthread_t thread_{};
  bool started_ = false;
};

}  // namespace detail

/// Calls fn(i) once for every i in [0, n), on up to `jobs` threads (0: one per core), the calling
/// thread among them; returns when every call has returned. Tasks are taken in index order as
/// threads free up. fn must not throw (a caller that may fail keeps the error per index).
template <class Fn>
void parallel_for(std::size_t n, unsigned jobs, const Fn& fn) {
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t threads = std::min<std::size_t>(jobs, n);
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next++) < n;) fn(i);
  };
  std::vector<std::unique_ptr<detail::PlacedThread>> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.push_back(std::make_unique<detail::PlacedThread>(work, t));
  work();
  for (auto& t : pool) t->join();
}

}  // namespace hw6
