#pragma once
// A meter that returns scripted readings, for window and baseline arithmetic.

#include <vector>

#include "ecopt/energy/meter.hpp"

namespace ecopt::energy::testing {

class ScriptedMeter final : public Meter {
 public:
  ScriptedMeter(std::vector<DomainInfo> domains, std::vector<MeterReading> script)
      : domains_(std::move(domains)), script_(std::move(script)) {}
  std::string name() const override { return "scripted"; }
  const std::vector<DomainInfo>& domains() const override { return domains_; }
  MeterReading read() override {
    const MeterReading& r = script_[std::min(next_, script_.size() - 1)];
    ++next_;
    return r;
  }
  std::size_t reads() const { return next_; }

 private:
  std::vector<DomainInfo> domains_;
  std::vector<MeterReading> script_;
  std::size_t next_ = 0;
};

}  // namespace ecopt::energy::testing
