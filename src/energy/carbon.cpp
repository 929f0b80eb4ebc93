#include "ecopt/energy/carbon.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "grid_intensity_table.hpp"

namespace ecopt::energy {

std::optional<GridIntensity> lookup_grid_intensity(std::string_view region) {
  std::string key(region);
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  for (std::size_t i = 0; i < detail::kGridIntensityCount; ++i) {
    if (key == detail::kGridIntensities[i].region) {
      return GridIntensity{detail::kGridIntensities[i].region,
                           detail::kGridIntensities[i].gco2e_per_kwh};
    }
  }
  return std::nullopt;
}

std::vector<GridIntensity> all_grid_intensities() {
  std::vector<GridIntensity> all;
  for (std::size_t i = 0; i < detail::kGridIntensityCount; ++i) {
    all.push_back({detail::kGridIntensities[i].region, detail::kGridIntensities[i].gco2e_per_kwh});
  }
  return all;
}

CarbonSettings carbon_settings(const std::string& region,
                               std::optional<double> override_gco2e_per_kwh, double pue) {
  if (!(pue >= 1.0) || !std::isfinite(pue))
    throw std::invalid_argument("PUE must be a finite number of at least 1.0 (got " +
                                std::to_string(pue) + ")");
  if (override_gco2e_per_kwh) {
    if (!(*override_gco2e_per_kwh > 0.0) || !std::isfinite(*override_gco2e_per_kwh))
      throw std::invalid_argument("grid intensity must be a finite number > 0 gCO2e/kWh (got " +
                                  std::to_string(*override_gco2e_per_kwh) + ")");
    return {*override_gco2e_per_kwh, pue, "user-supplied"};
  }
  const auto found = lookup_grid_intensity(region);
  if (!found) {
    throw std::invalid_argument(
        "unknown region '" + region +
        "' for grid intensity; use an ISO 3166-1 alpha-3 code such as FRA, DEU or USA, "
        "a region such as EU or WORLD, or give --grid-intensity in gCO2e/kWh");
  }
  return {found->gco2e_per_kwh, pue,
          "Ember yearly average for " + found->region + " (CC BY-SA 4.0)"};
}

}  // namespace ecopt::energy
