#include "ecopt/energy/detection.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

namespace ecopt::energy {
namespace {

class CompositeMeter final : public Meter {
 public:
  explicit CompositeMeter(std::vector<std::unique_ptr<Meter>> meters) : meters_(std::move(meters)) {
    for (const auto& m : meters_) {
      name_ += (name_.empty() ? "" : "+") + m->name();
      domains_.insert(domains_.end(), m->domains().begin(), m->domains().end());
    }
  }
  std::string name() const override { return name_; }
  const std::vector<DomainInfo>& domains() const override { return domains_; }
  double max_read_interval_s() const override {
    double interval = std::numeric_limits<double>::infinity();
    for (const auto& m : meters_) interval = std::min(interval, m->max_read_interval_s());
    return interval;
  }
  std::optional<std::vector<int>> processes_on(std::size_t domain) override {
    for (const auto& m : meters_) {
      if (domain < m->domains().size()) return m->processes_on(domain);
      domain -= m->domains().size();
    }
    return std::nullopt;
  }
  std::optional<std::map<int, double>> process_utilisation(std::size_t domain) override {
    for (const auto& m : meters_) {
      if (domain < m->domains().size()) return m->process_utilisation(domain);
      domain -= m->domains().size();
    }
    return std::nullopt;
  }
  MeterReading read() override {
    MeterReading combined;
    for (const auto& m : meters_) {
      MeterReading r = m->read();
      combined.timestamp_s = std::max(combined.timestamp_s, r.timestamp_s);
      combined.energy_j.insert(combined.energy_j.end(), r.energy_j.begin(), r.energy_j.end());
      if (is_reading(r.machine_cpu_s)) combined.machine_cpu_s = r.machine_cpu_s;
    }
    return combined;
  }

 private:
  std::vector<std::unique_ptr<Meter>> meters_;
  std::vector<DomainInfo> domains_;
  std::string name_;
};

void busy_for(double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  volatile double sink = 0.0;
  while (std::chrono::steady_clock::now() < end) {
    for (int i = 0; i < 10000; ++i) sink = sink + std::sqrt(static_cast<double>(i));
  }
}

}  // namespace

std::unique_ptr<Meter> combine_meters(std::vector<std::unique_ptr<Meter>> meters) {
  return std::make_unique<CompositeMeter>(std::move(meters));
}

bool advances_under_load(Meter& meter, double seconds, std::string* why) {
  const MeterReading before = meter.read();
  busy_for(seconds);
  const MeterReading after = meter.read();
  std::string readings;
  for (std::size_t d = 0; d < meter.domains().size(); ++d) {
    if (!meter.domains()[d].in_total) continue;
    if (after.energy_j[d] > before.energy_j[d]) return true;
    char text[96];
    std::snprintf(text, sizeof text, "%s%s %.6g J", readings.empty() ? "" : ", ",
                  meter.domains()[d].name.c_str(), after.energy_j[d]);
    readings += text;
  }
  if (why != nullptr) {
    *why = "its counters did not advance during a " + std::to_string(seconds).substr(0, 4) +
           " s busy loop (" + readings +
           "): a placeholder that reads but never counts, as on virtual machines";
  }
  return false;
}

Detection detect_meters(const DetectionSettings& settings) {
  Detection detection;
  std::vector<std::unique_ptr<Meter>> chosen;
  const bool any_cpu = settings.cpu_backend == "auto";
  auto consider = [&](MeterProbe probe, bool check_advance) {
    BackendStatus status{probe.backend,
                         probe.available(),
                         false,
                         probe.available() ? probe.description : probe.reason,
                         {}};
    if (probe.meter) {
      status.domains = probe.meter->domains();
      std::string why;
      if (check_advance && !advances_under_load(*probe.meter, settings.advance_check_s, &why)) {
        status.available = false;
        status.detail = "rejected: " + why;
        probe.meter.reset();
      }
    }
    if (probe.meter) {
      status.chosen = true;
      chosen.push_back(std::move(probe.meter));
    }
    detection.backends.push_back(std::move(status));
    return detection.backends.back().chosen;
  };
  bool have_cpu = false;
  if (settings.cpu_backend != "none") {
    if (any_cpu || settings.cpu_backend == "powercap")
      have_cpu = consider(open_powercap_meter(settings.powercap_root), true);
    if (!have_cpu && (any_cpu || settings.cpu_backend == "perf")) {
      have_cpu = consider(open_perf_power_meter(settings.sysfs_root), true);
    }
    if (!have_cpu && (any_cpu || settings.cpu_backend == "estimator")) {
      have_cpu = consider(open_estimator_meter(settings.estimator), false);
    }
  }
  if (settings.gpus) (void)consider(open_nvml_meter(settings.nvml_library), false);
  detection.meter = combine_meters(std::move(chosen));
  return detection;
}

}  // namespace ecopt::energy
