#pragma once
// One meter shared by several samplers (trials running at once, in-process monitors):
// reads are serialised, since a backend's read is not safe from two threads at once.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ecopt/energy/meter.hpp"

namespace ecopt::energy {

/// `inner` behind a mutex; `inner` must outlive it.
class LockedMeter final : public Meter {
 public:
  explicit LockedMeter(Meter& inner) : inner_(inner) {}
  [[nodiscard]] std::string name() const override { return inner_.name(); }
  [[nodiscard]] const std::vector<DomainInfo>& domains() const override { return inner_.domains(); }
  [[nodiscard]] double max_read_interval_s() const override { return inner_.max_read_interval_s(); }
  [[nodiscard]] std::optional<std::vector<int>> processes_on(std::size_t domain) override;
  [[nodiscard]] std::optional<std::map<int, double>> process_utilisation(
      std::size_t domain) override;
  MeterReading read() override;

 private:
  Meter& inner_;
  std::mutex mutex_;
};

}  // namespace ecopt::energy
