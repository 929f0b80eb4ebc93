#pragma once
// Converting energy to carbon: grid intensity (gCO2e/kWh) times a PUE factor.
//
// Intensities: Ember's yearly data per country (ISO 3166-1 alpha-3) and region, CC BY-SA
// 4.0, shipped in data/carbon/grid-intensity.csv (see its README) and compiled in.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecopt::energy {

struct GridIntensity {
  std::string region;  ///< e.g. "FRA", "WORLD"
  double gco2e_per_kwh = 0.0;
};

/// Case-insensitive lookup of an alpha-3 country code or region name.
[[nodiscard]] std::optional<GridIntensity> lookup_grid_intensity(std::string_view region);
[[nodiscard]] std::vector<GridIntensity> all_grid_intensities();

struct CarbonSettings {
  double gco2e_per_kwh = 0.0;
  double pue = 1.0;    ///< data-centre power usage effectiveness (1.0: none)
  std::string source;  ///< where the intensity came from, for reports
};

/// From a user override (gCO2e/kWh) if given, else the region's table value. Throws
/// std::invalid_argument for an unknown region or a PUE below 1.
[[nodiscard]] CarbonSettings carbon_settings(const std::string& region,
                                             std::optional<double> override_gco2e_per_kwh,
                                             double pue = 1.0);

[[nodiscard]] inline double carbon_g(double energy_j, const CarbonSettings& settings) {
  return energy_j / 3.6e6 * settings.gco2e_per_kwh * settings.pue;
}

}  // namespace ecopt::energy
