#pragma once

#include <cstddef>

namespace ecopt::energy::detail {

struct GridIntensityEntry {
  const char* region;
  double gco2e_per_kwh;
};

extern const GridIntensityEntry kGridIntensities[];
extern const std::size_t kGridIntensityCount;

}  // namespace ecopt::energy::detail
