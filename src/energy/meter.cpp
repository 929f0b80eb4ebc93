#include "ecopt/energy/meter.hpp"

#include <time.h>

#include <limits>

namespace ecopt::energy {

double monotonic_now_s() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double Meter::max_read_interval_s() const {
  return std::numeric_limits<double>::infinity();
}

std::optional<std::vector<int>> Meter::processes_on(std::size_t) {
  return std::nullopt;
}

std::optional<std::map<int, double>> Meter::process_utilisation(std::size_t) {
  return std::nullopt;
}

}  // namespace ecopt::energy
