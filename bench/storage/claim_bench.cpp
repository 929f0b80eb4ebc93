// Trial-claim throughput and ask latency with concurrent workers, on any storage URL
// (docs/benchmarks.md, "Storage: concurrent workers"). Each worker is a thread with its
// own connection, as separate processes would have.
//
//   ecopt_bench_storage URL [--workers 8] [--claims 2000] [--asks 50]
//
// 1. claims: --claims trials are enqueued, then the workers claim and finish them as fast
//    as they can (start_trial: SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL), and again
//    under a shared trial budget (start_trial_within_budget, which serialises on the
//    study row).
// 2. asks: each worker runs --asks rounds of Study::ask (reads the history, runs the
//    Sobol sampler, starts the trial) and tell; the ask latency percentiles are printed.
// The studies it creates are deleted at the end.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "ecopt/storage/storage.hpp"
#include "ecopt/study/study.hpp"
#include "ecopt/study/study_file.hpp"

namespace {

using namespace ecopt;
using Clock = std::chrono::steady_clock;

double seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

study::StudyConfig bench_config(const std::string& name) {
  return study::parse_study_config("name: " + name + R"(
parameters:
  lr: {type: float, low: 0.0001, high: 0.1, log: true}
  width: {type: int, low: 8, high: 256}
objectives: [{name: accuracy, goal: maximize}, {name: energy, goal: minimize}]
sampler: {name: sobol, seed: 1}
)",
                                   "bench");
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const std::size_t index =
      std::min(values.size() - 1, static_cast<std::size_t>(p / 100.0 * values.size()));
  return values[index];
}

/// Enqueues `claims` trials, then `workers` threads claim and finish them. Returns claims/s.
double claim_rate(const std::string& url, const std::string& name, int workers, int claims,
                  bool budgeted) {
  auto storage = storage::open_storage(url);
  study::Study study = study::Study::create(*storage, bench_config(name));
  for (int i = 0; i < claims; ++i)
    (void)study.enqueue({{"lr", 0.01}, {"width", std::int64_t{8 + i % 200}}});
  std::atomic<int> claimed{0};
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      auto own = storage::open_storage(url);
      const std::int64_t id = study.id();
      const storage::WorkerInfo worker{"bench", "thread-" + std::to_string(w)};
      const auto no_sampling = [](std::int64_t) { return space::Params{}; };
      storage::TrialResult result;
      result.values = {0.5, 1.0};
      for (;;) {
        std::optional<study::Trial> t;
        if (budgeted) {
          t = own->start_trial_within_budget(id, claims, worker, no_sampling);
          if (!t) break;
        } else {
          t = own->start_trial(id, worker, no_sampling);
          if (t->origin != study::TrialOrigin::enqueued) {  // the queue is empty
            result.state = study::TrialState::fail;
            (void)own->finish_trial(t->id, result);
            break;
          }
        }
        result.state = study::TrialState::complete;
        (void)own->finish_trial(t->id, result);
        ++claimed;
      }
    });
  }
  for (auto& t : threads) t.join();
  const double elapsed_s = seconds(Clock::now() - start);
  if (claimed != claims)
    std::fprintf(stderr, "warning: %d claims, expected %d\n", claimed.load(), claims);
  (void)storage->delete_study(name);
  return claimed / elapsed_s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s URL [--workers N] [--claims N] [--asks N]\n", argv[0]);
    return 2;
  }
  const std::string url = argv[1];
  int workers = 8, claims = 2000, asks = 50;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--workers") workers = value;
    if (flag == "--claims") claims = value;
    if (flag == "--asks") asks = value;
  }
  const std::string tag = "bench-" + std::to_string(getpid());
  try {
    std::printf("storage: %s, %d workers\n", storage::redact_url(url).c_str(), workers);
    const double free_rate = claim_rate(url, tag + "-claims", workers, claims, false);
    std::printf("claims (start_trial, %d enqueued): %.0f claims/s (claim + finish)\n", claims,
                free_rate);
    const double budget_rate = claim_rate(url, tag + "-budget", workers, claims, true);
    std::printf("claims under a shared budget (start_trial_within_budget): %.0f claims/s\n",
                budget_rate);

    auto storage = storage::open_storage(url);
    const std::string name = tag + "-asks";
    (void)study::Study::create(*storage, bench_config(name));
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(workers));
    std::vector<std::thread> threads;
    const auto start = Clock::now();
    for (int w = 0; w < workers; ++w) {
      threads.emplace_back([&, w] {
        auto own = storage::open_storage(url);
        study::Study study = study::Study::open(*own, name);
        for (int i = 0; i < asks; ++i) {
          const auto before = Clock::now();
          const study::Trial t = study.ask();
          latencies[static_cast<std::size_t>(w)].push_back(1e3 * seconds(Clock::now() - before));
          (void)study.tell(t, {0.5, 1.0});
        }
      });
    }
    for (auto& t : threads) t.join();
    const double elapsed_s = seconds(Clock::now() - start);
    std::vector<double> all;
    for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::printf(
        "ask latency (%zu asks, history growing to %zu trials): p50 %.2f ms, p95 %.2f ms, "
        "p99 %.2f ms; %.0f ask+tell/s overall\n",
        all.size(), all.size(), percentile(all, 50), percentile(all, 95), percentile(all, 99),
        static_cast<double>(all.size()) / elapsed_s);
    (void)storage->delete_study(name);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
