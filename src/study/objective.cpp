#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "ecopt/study/study_config.hpp"

namespace ecopt::study {

bool is_scale_like_metric(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // Words that mark energy, time, power and carbon metrics, ecopt's derived ones
  // (energy.inference.per_sample, duration.train) included.
  constexpr std::array<std::string_view, 10> words = {"energy",  "joule",   "duration", "time",
                                                      "latency", "power",   "watt",     "carbon",
                                                      "co2",     "emission"};
  if (std::any_of(words.begin(), words.end(),
                  [&](std::string_view w) { return lower.find(w) != std::string::npos; })) {
    return true;
  }
  // Unit suffixes: energy_j, duration_s, power_w, energy_kwh, carbon_g.
  constexpr std::array<std::string_view, 7> suffixes = {"_j", "_kj",  "_s", "_ms",
                                                        "_w", "_kwh", "_g"};
  return std::any_of(suffixes.begin(), suffixes.end(), [&](std::string_view s) {
    return lower.size() > s.size() && lower.compare(lower.size() - s.size(), s.size(), s) == 0;
  });
}

}  // namespace ecopt::study
