// CPU cost of the background energy sampler: the share of one core it uses at 10 Hz and
// 100 Hz, with and without tracking a process tree for attribution. The main thread
// sleeps, so the process's CPU time is the sampler's.
//
// Usage: ecopt_bench_sampler [SECONDS_PER_CASE]   (default 10)
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "ecopt/energy/detection.hpp"
#include "ecopt/energy/sampler.hpp"

namespace {

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto s = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
  };
  return s(usage.ru_utime) + s(usage.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 10.0;
  ecopt::energy::DetectionSettings settings;
  settings.gpus = true;
  const ecopt::energy::Detection detection = ecopt::energy::detect_meters(settings);
  std::printf(
      "meter: %s\n\n| rate | process tracking | samples | CPU | share of one core "
      "|\n|---|---|---|---|---|\n",
      detection.meter->name().c_str());
  for (const double hz : {10.0, 100.0}) {
    for (const bool track : {false, true}) {
      ecopt::energy::SamplerSettings s;
      s.interval_s = 1.0 / hz;
      s.process_root_pid = track ? static_cast<int>(getpid()) : 0;
      ecopt::energy::EnergySampler sampler(*detection.meter, s);
      const double cpu_before = cpu_seconds();
      const auto wall_before = std::chrono::steady_clock::now();
      sampler.start();
      std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
      sampler.stop();
      const double wall =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_before).count();
      const double cpu = cpu_seconds() - cpu_before;
      std::printf("| %g Hz | %s | %zu | %.3f s in %.1f s | %.3f %% |\n", hz, track ? "yes" : "no",
                  sampler.samples(), cpu, wall, 100.0 * cpu / wall);
    }
  }
  return 0;
}
