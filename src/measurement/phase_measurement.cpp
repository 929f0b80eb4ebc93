#include "ecopt/measurement/phase_measurement.hpp"

#include <numeric>

namespace ecopt::measurement {

double PhaseMeasurement::total_energy_j() const {
  return std::accumulate(energy_j.begin(), energy_j.end(), 0.0,
                         [](double sum, const auto& domain) { return sum + domain.second; });
}

double PhaseMeasurement::total_net_energy_j() const {
  return std::accumulate(net_energy_j.begin(), net_energy_j.end(), 0.0,
                         [](double sum, const auto& domain) { return sum + domain.second; });
}

}  // namespace ecopt::measurement
