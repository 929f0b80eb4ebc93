// The C++ side of the Python module's overhead bench (bench/python/run.sh): the same
// ask/tell loop and Monitor windows as bench/python/overhead.py, without Python, so the
// difference is what the bindings cost.
//
//   ecopt_bench_python_overhead DIR [--pairs N] [--windows N]
#include <time.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "ecopt/energy/monitor.hpp"
#include "ecopt/study/study.hpp"
#include "ecopt/study/study_file.hpp"

namespace {

using namespace ecopt;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// CPU time of the calling thread, user + system (the kernel's procfs work included), s:
/// on a loaded machine the wall time also holds the waits for a core; this does not.
double thread_cpu_s() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

/// The study overhead.py creates: three floats, two objectives, random sampling.
constexpr const char* kStudy = R"({"name": "overhead", "sampler": {"name": "random", "seed": 1},
 "parameters": {"x0": {"type": "float", "low": 0, "high": 1},
                "x1": {"type": "float", "low": 0, "high": 1},
                "x2": {"type": "float", "low": 0, "high": 1}},
 "objectives": [{"name": "f1", "goal": "minimize"}, {"name": "f2", "goal": "minimize"}]})";

void ask_tell(const std::string& dir, int pairs) {
  const std::string url = "sqlite:///" + dir + "/cpp.db";
  std::filesystem::remove(dir + "/cpp.db");
  auto storage = storage::open_storage(url);
  study::Study s = study::Study::create(*storage, study::parse_study_config(kStudy, "bench"));
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < pairs; ++i) {
    const study::Trial t = s.ask();
    (void)s.tell(t, {0.5, 0.5});
  }
  std::printf("C++    ask+tell (random, SQLite): %.1f us per pair (%d pairs)\n",
              1e6 * seconds_since(start) / pairs, pairs);
}

void windows(int count) {
  energy::MonitorSettings settings;
  settings.meters.gpus = false;
  energy::Monitor monitor(settings);
  const auto start = std::chrono::steady_clock::now();
  const double start_cpu_s = thread_cpu_s();
  for (int i = 0; i < count; ++i) {
    monitor.begin_window("w");
    (void)monitor.end_window("w");
  }
  const double cpu_s = thread_cpu_s() - start_cpu_s;
  std::printf("C++    Monitor begin+end (%s): %.1f us per pair, %.1f us of CPU (%d pairs)\n",
              monitor.meter().name().c_str(), 1e6 * seconds_since(start) / count,
              1e6 * cpu_s / count, count);
  // What a pair is made of: one sample per edge (the meters, and /proc for CPU time).
  energy::Detection detection = energy::detect_meters(settings.meters);
  energy::EnergySampler sampler(*detection.meter);
  const auto sampled = std::chrono::steady_clock::now();
  for (int i = 0; i < count; ++i) (void)sampler.sample_now();
  std::printf("C++    one sample (%s): %.1f us (a pair takes two)\n",
              detection.meter->name().c_str(), 1e6 * seconds_since(sampled) / count);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [--pairs N] [--windows N]\n", argv[0]);
    return 2;
  }
  int pairs = 500, count = 5000;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--pairs") pairs = std::stoi(argv[i + 1]);
    if (flag == "--windows") count = std::stoi(argv[i + 1]);
  }
  ask_tell(argv[1], pairs);
  windows(count);
  return 0;
}
