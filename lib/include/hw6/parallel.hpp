#pragma once
/// Independent tasks on the machine's cores: class grading (one answer file per task) and
/// `hw6 all` (one exercise per task).
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace hw6 {

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
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace hw6
