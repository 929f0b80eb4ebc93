// Linux powercap RAPL (Intel, and AMD on kernels >= 5.8, under the same intel-rapl names).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>
#include <string_view>

#include "ecopt/energy/backends.hpp"
#include "sysfs.hpp"

namespace ecopt::energy {
namespace {

/// "intel-rapl:N" or "intel-rapl:N:M" -> (N, M or -1); anything else (intel-rapl-mmio:N,
/// the control type directory) -> nullopt.
struct ZoneId {
  int package;
  int subzone;
};
std::optional<ZoneId> parse_zone_id(const std::string& entry) {
  constexpr std::string_view kPrefix = "intel-rapl:";
  if (entry.rfind(kPrefix, 0) != 0) return std::nullopt;
  const std::string rest = entry.substr(kPrefix.size());
  const std::size_t colon = rest.find(':');
  auto number = [](const std::string& text) -> std::optional<int> {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
        text.size() > 6)
      return std::nullopt;
    return std::stoi(text);
  };
  const auto package = number(rest.substr(0, colon));
  if (!package) return std::nullopt;
  if (colon == std::string::npos) return ZoneId{*package, -1};
  const auto subzone = number(rest.substr(colon + 1));
  if (!subzone) return std::nullopt;
  return ZoneId{*package, *subzone};
}

struct Zone {
  std::string path;
  int fd = -1;
  unsigned long long range_uj = 0;
  unsigned long long last_uj = 0;
  double total_j = 0.0;
  double last_read_s = 0.0;  ///< monotonic, of the last successful read
  bool failing = false;      ///< reads have failed since last_read_s
  bool lost = false;         ///< a gap outlasted the wrap interval: the total is unknown
};

class PowercapMeter final : public Meter {
 public:
  PowercapMeter(std::vector<Zone> zones, std::vector<DomainInfo> domains, double max_interval_s)
      : zones_(std::move(zones)), domains_(std::move(domains)), max_interval_s_(max_interval_s) {}
  ~PowercapMeter() override {
    for (const Zone& z : zones_) close(z.fd);
  }
  PowercapMeter(const PowercapMeter&) = delete;
  PowercapMeter& operator=(const PowercapMeter&) = delete;

  std::string name() const override { return "powercap"; }
  const std::vector<DomainInfo>& domains() const override { return domains_; }
  double max_read_interval_s() const override { return max_interval_s_; }

  MeterReading read() override {
    MeterReading reading;
    reading.timestamp_s = monotonic_now_s();
    reading.energy_j.reserve(zones_.size());
    for (Zone& zone : zones_) {
      const std::optional<unsigned long long> read_uj = read_counter(zone);
      // A gap of failed reads longer than the wrap interval may hide a whole turn of the
      // counter: from then on the zone's total is unknown, and windows that need it fail
      // with a reason. (Reads come every max_interval_s_, half a turn at the highest
      // plausible power.)
      if (read_uj && zone.failing && reading.timestamp_s - zone.last_read_s > 2.0 * max_interval_s_)
        zone.lost = true;
      if (!read_uj || zone.lost) {
        zone.failing = true;
        reading.energy_j.push_back(kReadFailed);  // a gap; the next good read bridges it
        continue;
      }
      zone.failing = false;
      zone.last_read_s = reading.timestamp_s;
      const unsigned long long now_uj = *read_uj;
      // A 32-bit counter wraps at max_energy_range_uj: a smaller value means it went
      // round once (the poll interval guarantees never twice).
      const unsigned long long delta_uj =
          now_uj >= zone.last_uj ? now_uj - zone.last_uj : zone.range_uj - zone.last_uj + now_uj;
      zone.total_j += static_cast<double>(delta_uj) * 1e-6;
      zone.last_uj = now_uj;
      reading.energy_j.push_back(zone.total_j);
    }
    return reading;
  }

  static std::optional<unsigned long long> read_counter(const Zone& zone) {
    char buffer[32] = {};
    const ssize_t got = pread(zone.fd, buffer, sizeof buffer - 1, 0);
    if (got <= 0) return std::nullopt;
    return std::strtoull(buffer, nullptr, 10);
  }

 private:
  std::vector<Zone> zones_;
  std::vector<DomainInfo> domains_;
  double max_interval_s_;
};

/// The domain a zone measures: packages and psys at the top level, DRAM among the
/// subzones; nothing for core and uncore, parts of their package's energy.
std::optional<DomainInfo> zone_domain(const ZoneId& id, const std::string& zone_name) {
  DomainInfo info;
  info.resolution_j = 1e-6;
  info.update_period_s = 0.001;  // RAPL updates about every millisecond
  const bool subzone = id.subzone >= 0;
  if (!subzone && zone_name.rfind("package-", 0) == 0) {
    info.name = "cpu-" + zone_name;
    info.kind = DomainKind::cpu_package;
  } else if (!subzone && zone_name == "psys") {
    info.name = "psys";
    info.kind = DomainKind::psys;
    info.in_total = false;  // the whole platform: contains the packages and DRAM
  } else if (subzone && zone_name == "dram") {
    info.name = "dram-" + std::to_string(id.package);
    info.kind = DomainKind::dram;
  } else {
    return std::nullopt;
  }
  return info;
}

/// Why energy_uj cannot be opened, with the fix for the usual cause (root-only since
/// CVE-2020-8694).
std::string open_failure(const std::string& path, int open_errno, const std::string& root) {
  std::string reason = path + ": " + std::strerror(open_errno);
  if (open_errno == EACCES || open_errno == EPERM) {
    reason +=
        " (energy_uj is readable only by root since CVE-2020-8694; run "
        "`sudo chmod a+r " +
        root +
        "/intel-rapl:*/energy_uj` (until reboot) or "
        "run as root, or use the perf power events, which need "
        "kernel.perf_event_paranoid <= 0 or CAP_PERFMON)";
  }
  return reason;
}

/// The longest the meter may go between reads of this zone: half a wrap period at the
/// highest plausible power (twice the zone's limit, or a default without one).
double zone_max_interval_s(const std::string& path, const Zone& zone) {
  const double max_power_w =
      static_cast<double>(detail::read_u64(path + "/constraint_0_max_power_uw").value_or(0)) * 1e-6;
  const double bound_w = max_power_w > 0 ? max_power_w * 2.0 : kRaplDefaultMaxPowerW;
  return 0.5 * static_cast<double>(zone.range_uj) * 1e-6 / bound_w;
}

/// Top-level entries as sysfs lists them, sorted: intel-rapl:N (packages, psys) and
/// intel-rapl:N:M (subzones). intel-rapl-mmio:* mirror the package zones: skipped.
std::vector<std::pair<std::string, std::string>> zone_entries(const std::string& root) {
  std::error_code error;
  std::vector<std::pair<std::string, std::string>> entries;  // (name, path)
  for (const auto& entry : std::filesystem::directory_iterator(root, error))
    entries.emplace_back(entry.path().filename().string(), entry.path().string());
  std::sort(entries.begin(), entries.end());
  return entries;
}

}  // namespace

MeterProbe open_powercap_meter(const std::string& root) {
  MeterProbe probe{"powercap", nullptr, {}, {}};
  std::error_code error;
  if (!std::filesystem::is_directory(root, error)) {
    probe.reason =
        "no powercap tree at " + root +
        " (no RAPL driver: a virtual machine, or a kernel without intel_rapl; AMD CPUs need "
        "Linux 5.8 or later)";
    return probe;
  }
  std::vector<Zone> zones;
  std::vector<DomainInfo> domains;
  double max_interval_s = std::numeric_limits<double>::infinity();
  for (const auto& [entry_name, path] : zone_entries(root)) {
    const std::optional<ZoneId> id = parse_zone_id(entry_name);
    if (!id) continue;
    const auto zone_name = detail::read_text(path + "/name");
    if (!zone_name) continue;
    const std::optional<DomainInfo> info = zone_domain(*id, *zone_name);
    if (!info) continue;
    Zone zone;
    zone.path = path + "/energy_uj";
    zone.fd = open(zone.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (zone.fd < 0) {
      const int open_errno = errno;
      for (const Zone& z : zones) close(z.fd);
      probe.reason = open_failure(zone.path, open_errno, root);
      return probe;
    }
    const auto range = detail::read_u64(path + "/max_energy_range_uj");
    zone.range_uj = range.value_or(std::numeric_limits<std::uint32_t>::max());
    zone.last_uj = PowercapMeter::read_counter(zone).value_or(0);
    zone.last_read_s = monotonic_now_s();
    max_interval_s = std::min(max_interval_s, zone_max_interval_s(path, zone));
    zones.push_back(zone);
    domains.push_back(*info);
  }
  if (zones.empty()) {
    probe.reason = root + " has no intel-rapl package zones (the RAPL driver is not loaded)";
    return probe;
  }
  probe.meter =
      std::make_unique<PowercapMeter>(std::move(zones), std::move(domains), max_interval_s);
  return probe;
}

}  // namespace ecopt::energy
