#pragma once
// Runs independent jobs (one per point set) on several threads and returns the results
// in job order, so output stays deterministic.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace ecopt::cli {

/// The number of threads to use when the user asked for `requested` (0: one per core).
inline unsigned thread_count(unsigned requested) {
  if (requested > 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

/// results[i] = job(i) for i in [0, count), computed on up to `threads` threads. The
/// first exception a job throws is rethrown after every thread has stopped.
template <class Result, class Job>
std::vector<Result> parallel_map(std::size_t count, unsigned threads, const Job& job) {
  std::vector<Result> results(count);
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      try {
        results[i] = job(i);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    }
  };
  {
    std::vector<std::jthread> helpers;
    const std::size_t helper_count = std::min<std::size_t>(threads, count) - (count > 0 ? 1 : 0);
    for (std::size_t t = 0; t < helper_count; ++t) helpers.emplace_back(work);
    work();
  }
  if (failure) std::rethrow_exception(failure);
  return results;
}

}  // namespace ecopt::cli
