#include "ecopt/energy/locked_meter.hpp"

namespace ecopt::energy {

std::optional<std::vector<int>> LockedMeter::processes_on(std::size_t domain) {
  std::lock_guard lock(mutex_);
  return inner_.processes_on(domain);
}

std::optional<std::map<int, double>> LockedMeter::process_utilisation(std::size_t domain) {
  std::lock_guard lock(mutex_);
  return inner_.process_utilisation(domain);
}

MeterReading LockedMeter::read() {
  std::lock_guard lock(mutex_);
  return inner_.read();
}

}  // namespace ecopt::energy
