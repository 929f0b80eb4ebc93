// TDP and physical core counts from the manufacturers' product pages. TDP is a thermal
// rating, not a measurement: the estimator divides it by the core count as the power of
// one busy core, which is why every estimate carries a wide uncertainty.
#include "cpu_tdp_table.hpp"

#include <fstream>

namespace ecopt::energy::detail {
namespace {

const CpuPower kTable[] = {
    {"EPYC 9654", 360, 96},        {"EPYC 7763", 280, 64},          {"EPYC 7742", 225, 64},
    {"EPYC 7543", 225, 32},        {"Xeon Platinum 8480", 350, 56}, {"Xeon Platinum 8380", 270, 40},
    {"Xeon Gold 6248", 150, 20},   {"Ryzen 9 5950X", 105, 16},      {"Core(TM) i9-13900K", 125, 24},
    {"Core(TM) i7-12700", 65, 12}, {"Core(TM) i5-1135G7", 28, 4},
};

}  // namespace

std::optional<CpuPower> lookup_cpu_power(const std::string& model_name) {
  for (const CpuPower& entry : kTable) {
    if (model_name.find(entry.model_substring) != std::string::npos) return entry;
  }
  return std::nullopt;
}

std::string cpu_model_name(const std::string& proc_root) {
  std::ifstream in(proc_root + "/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const std::size_t colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return {};
}

}  // namespace ecopt::energy::detail
