// RAPL through the perf "power" PMU: perf_event_open with the type, config and scale
// that sysfs publishes. The kernel keeps the counts in 64 bits, so there is no wrap.
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <sstream>

#include "ecopt/energy/backends.hpp"
#include "sysfs.hpp"

namespace ecopt::energy {
namespace {

struct Counter {
  int fd = -1;
  double scale_j = 0.0;  ///< joules per count
};

class PerfPowerMeter final : public Meter {
 public:
  PerfPowerMeter(std::vector<Counter> counters, std::vector<DomainInfo> domains)
      : counters_(std::move(counters)), domains_(std::move(domains)) {
    first_.resize(counters_.size());
    // A perf event counts from 0 when it is opened: that is the base if this read fails.
    for (std::size_t i = 0; i < counters_.size(); ++i) first_[i] = raw(counters_[i]).value_or(0);
  }
  ~PerfPowerMeter() override {
    for (const Counter& c : counters_) close(c.fd);
  }
  PerfPowerMeter(const PerfPowerMeter&) = delete;
  PerfPowerMeter& operator=(const PerfPowerMeter&) = delete;

  std::string name() const override { return "perf"; }
  const std::vector<DomainInfo>& domains() const override { return domains_; }

  MeterReading read() override {
    MeterReading reading;
    reading.timestamp_s = monotonic_now_s();
    for (std::size_t i = 0; i < counters_.size(); ++i) {
      // A failed read is a gap: 0 here would make the next window's subtraction wrap
      // round to an enormous energy.
      const std::optional<std::uint64_t> count = raw(counters_[i]);
      reading.energy_j.push_back(count && *count >= first_[i]
                                     ? static_cast<double>(*count - first_[i]) *
                                           counters_[i].scale_j
                                     : kReadFailed);
    }
    return reading;
  }

 private:
  static std::optional<std::uint64_t> raw(const Counter& c) {
    std::uint64_t count = 0;
    if (::read(c.fd, &count, sizeof count) != static_cast<ssize_t>(sizeof count))
      return std::nullopt;
    return count;
  }

  std::vector<Counter> counters_;
  std::vector<DomainInfo> domains_;
  std::vector<std::uint64_t> first_;
};

/// "event=0x02" -> 2
std::optional<std::uint64_t> event_config(const std::string& text) {
  const std::size_t at = text.find("event=");
  if (at == std::string::npos) return std::nullopt;
  try {
    return std::stoull(text.substr(at + 6), nullptr, 0);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::vector<int> parse_cpu_list(const std::string& text) {
  std::vector<int> cpus;
  std::stringstream list(text);
  std::string item;
  while (std::getline(list, item, ',')) {
    const std::size_t dash = item.find('-');
    try {
      if (dash == std::string::npos) {
        cpus.push_back(std::stoi(item));
      } else {
        for (int c = std::stoi(item.substr(0, dash)); c <= std::stoi(item.substr(dash + 1)); ++c)
          cpus.push_back(c);
      }
    } catch (const std::exception&) {
    }
  }
  return cpus;
}

}  // namespace

MeterProbe open_perf_power_meter(const std::string& sysfs_root) {
  MeterProbe probe{"perf", nullptr, {}, {}};
  const std::string pmu = sysfs_root + "/bus/event_source/devices/power";
  const auto type = detail::read_u64(pmu + "/type");
  if (!type) {
    probe.reason = "no perf power PMU at " + pmu +
                   " (no RAPL events: a virtual machine or an unsupported CPU)";
    return probe;
  }
  const std::vector<int> cpus = parse_cpu_list(detail::read_text(pmu + "/cpumask").value_or("0"));
  struct EventSpec {
    const char* event;
    const char* domain;
    DomainKind kind;
    bool per_package;
  };
  const EventSpec specs[] = {{"energy-pkg", "cpu-package-", DomainKind::cpu_package, true},
                             {"energy-ram", "dram-", DomainKind::dram, true},
                             {"energy-psys", "psys", DomainKind::psys, false}};
  std::vector<Counter> counters;
  std::vector<DomainInfo> domains;
  std::string first_error;
  for (const EventSpec& spec : specs) {
    const auto config_text = detail::read_text(pmu + "/events/" + spec.event);
    if (!config_text) continue;
    const auto config = event_config(*config_text);
    const double scale = std::strtod(
        detail::read_text(pmu + "/events/" + spec.event + ".scale").value_or("0").c_str(), nullptr);
    if (!config || scale <= 0.0) continue;
    for (std::size_t package = 0; package < (spec.per_package ? cpus.size() : 1); ++package) {
      perf_event_attr attr{};
      attr.type = static_cast<std::uint32_t>(*type);
      attr.size = sizeof attr;
      attr.config = *config;
      const long fd =
          syscall(SYS_perf_event_open, &attr, -1, cpus.empty() ? 0 : cpus[package], -1, 0);
      if (fd < 0) {
        if (first_error.empty()) {
          first_error = std::string(spec.event) + ": perf_event_open: " + std::strerror(errno);
          if (errno == EACCES || errno == EPERM) {
            first_error +=
                " (allow it with `sudo sysctl kernel.perf_event_paranoid=0` or CAP_PERFMON)";
          }
        }
        continue;
      }
      DomainInfo info{spec.per_package ? spec.domain + std::to_string(package) : spec.domain,
                      spec.kind,
                      scale,
                      0.001,
                      false,
                      0.0,
                      spec.kind != DomainKind::psys};
      counters.push_back({static_cast<int>(fd), scale});
      domains.push_back(info);
    }
  }
  if (counters.empty()) {
    probe.reason = first_error.empty() ? pmu + " publishes no energy events" : first_error;
    return probe;
  }
  probe.meter = std::make_unique<PerfPowerMeter>(std::move(counters), std::move(domains));
  return probe;
}

}  // namespace ecopt::energy
