#include "ecopt/report/measurement.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "ecopt/report/host_context.hpp"

namespace ecopt::report {
namespace {

/// An attribute's JSON text as display text: strings unquoted, arrays joined.
std::string display(const std::string& json_text) {
  const nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded()) return json_text;
  if (j.is_string()) return j.get<std::string>();
  if (j.is_array()) {
    std::string out;
    for (const auto& item : j)
      out += (out.empty() ? "" : ", ") + (item.is_string() ? item.get<std::string>() : item.dump());
    return out;
  }
  return j.dump();
}

/// The attribute `key` from the study, else from the first trial that has it.
std::optional<Fact> attribute_fact(const storage::StudyRecord& record,
                                   const std::vector<study::Trial>& trials, const std::string& key,
                                   const std::string& label) {
  if (const auto it = record.user_attrs.find(key); it != record.user_attrs.end()) {
    return Fact{label, display(it->second), "study attribute " + key};
  }
  for (const study::Trial& t : trials) {
    if (const auto it = t.user_attrs.find(key); it != t.user_attrs.end()) {
      return Fact{label, display(it->second),
                  "attribute " + key + " of trial " + std::to_string(t.number)};
    }
  }
  return std::nullopt;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

/// The meter, grid and recording time from the hosts' facts, and the other attributes.
void context_facts(const storage::StudyRecord& record,
                   const std::vector<energy::HostFacts>& host_facts, Measurement& out) {
  const std::vector<std::pair<std::string, std::string HostFactText::*>> context_fields = {
      {"Meter at start", &HostFactText::meter},
      {"Grid intensity used", &HostFactText::grid},
      {"Context recorded", &HostFactText::recorded}};
  for (const auto& [label, field] : context_fields) {
    if (auto fact = host_fact(host_facts, label, field)) out.context.push_back(*fact);
  }
  for (const auto& [key, json_text] : record.user_attrs) {
    if (key.rfind(energy::kHostFactsKeyPrefix, 0) == 0) continue;
    out.attributes.push_back({key, display(json_text), "study attribute"});
  }
}

}  // namespace

Measurement analyse_measurement(const storage::StudyRecord& record,
                                const std::vector<study::Trial>& trials,
                                const std::string& ecopt_version) {
  Measurement out;
  std::vector<double> relative;
  double idle_sum = 0.0;
  std::size_t idle_count = 0;
  std::set<std::string> hosts, packages, drams, gpus;
  for (const study::Trial& t : trials) {
    if (!t.host.empty()) hosts.insert(t.host);
    for (const study::PhaseMeasurement& p : t.phases) {
      auto use = std::find_if(out.meters.begin(), out.meters.end(), [&](const MeterUse& u) {
        return u.meter == p.meter && u.scope == p.scope && u.estimated == p.estimated;
      });
      if (use == out.meters.end()) {
        out.meters.push_back({p.meter, p.scope, p.estimated, 0, {}});
        use = out.meters.end() - 1;
      }
      ++use->phases;
      for (const auto& [domain, joules] : p.energy_j) {
        if (std::find(use->domains.begin(), use->domains.end(), domain) == use->domains.end())
          use->domains.push_back(domain);
        if (starts_with(domain, "cpu-package-")) packages.insert(domain);
        if (starts_with(domain, "dram-")) drams.insert(domain);
        if (starts_with(domain, "gpu-")) gpus.insert(domain);
      }
      (p.estimated ? out.estimated_phases : out.measured_phases)++;
      const double energy = p.total_energy_j();
      if (energy > 0.0) relative.push_back(p.uncertainty_j / energy);
      if (!p.net_energy_j.empty()) {
        ++out.phases_with_net_energy;
        if (p.duration_s > 0.0) {
          idle_sum += (energy - p.total_net_energy_j()) / p.duration_s;
          ++idle_count;
        }
      }
    }
  }
  for (MeterUse& use : out.meters) std::sort(use.domains.begin(), use.domains.end());
  if (!relative.empty()) {
    std::sort(relative.begin(), relative.end());
    const std::size_t n = relative.size();
    out.median_relative_uncertainty =
        n % 2 == 1 ? relative[n / 2] : 0.5 * (relative[n / 2 - 1] + relative[n / 2]);
  }
  if (idle_count > 0) out.idle_power_w = idle_sum / static_cast<double>(idle_count);
  out.hosts.assign(hosts.begin(), hosts.end());

  // Hardware: what attributes say, else what tune recorded on the hosts, then what the
  // metered domains show.
  const std::vector<energy::HostFacts> host_facts = recorded_hosts(record, trials);
  struct HardwareKey {
    std::string key, label;
    std::string HostFactText::*recorded;  ///< null: only ever an attribute
  };
  const std::vector<HardwareKey> hardware_keys = {
      {"cpu_model", "CPU model", &HostFactText::cpu_model},
      {"cpu_cores", "CPU cores", &HostFactText::cpu_cores},
      {"memory_gb", "Memory (GB)", &HostFactText::memory_gb},
      {"gpus", "GPUs", &HostFactText::gpus},
      {"gpu_model", "GPU model", nullptr},
      {"os", "Operating system", &HostFactText::os},
      {"kernel", "Kernel", &HostFactText::kernel}};
  for (const HardwareKey& k : hardware_keys) {
    if (auto fact = attribute_fact(record, trials, k.key, k.label)) {
      out.hardware.push_back(*fact);
    } else if (auto recorded =
                   k.recorded ? host_fact(host_facts, k.label, k.recorded) : std::nullopt) {
      out.hardware.push_back(*recorded);
    } else if (k.recorded != nullptr) {
      out.hardware.push_back(
          {k.label, "unknown", "not recorded (study attribute " + k.key + ", or host.HOST)"});
    }
  }
  std::string host_list;
  for (const std::string& h : out.hosts) host_list += (host_list.empty() ? "" : ", ") + h;
  out.hardware.push_back({"Hosts", host_list.empty() ? "unknown" : host_list, "trials' host"});
  out.hardware.push_back({"CPU packages metered", std::to_string(packages.size()),
                          "phase energy domains (cpu-package-N)"});
  out.hardware.push_back({"DRAM metered",
                          drams.empty() ? "no"
                                        : "yes (" + std::to_string(drams.size()) +
                                              (drams.size() == 1 ? " domain)" : " domains)"),
                          "phase energy domains (dram-N)"});
  out.hardware.push_back(
      {"GPUs metered", std::to_string(gpus.size()), "phase energy domains (gpu-N)"});

  // Software: this ecopt, and every *_version attribute.
  out.software.push_back({"ecopt (writing this report)", ecopt_version, "this build"});
  if (auto fact = attribute_fact(record, trials, "ecopt_version", "ecopt (running the trials)")) {
    out.software.push_back(*fact);
  } else if (auto recorded = host_fact(host_facts, "ecopt (running the trials)",
                                       &HostFactText::ecopt_version)) {
    out.software.push_back(*recorded);
  } else {
    out.software.push_back(
        {"ecopt (running the trials)", "unknown", "not recorded (study attribute ecopt_version)"});
  }
  std::set<std::string> version_keys;
  const auto collect = [&](const std::map<std::string, std::string>& attrs) {
    for (const auto& [key, value] : attrs) {
      if (key != "ecopt_version" && key.size() > 8 &&
          key.compare(key.size() - 8, 8, "_version") == 0)
        version_keys.insert(key);
    }
  };
  collect(record.user_attrs);
  for (const study::Trial& t : trials) collect(t.user_attrs);
  for (const std::string& key : version_keys) {
    if (auto fact = attribute_fact(record, trials, key, key.substr(0, key.size() - 8)))
      out.software.push_back(*fact);
  }
  context_facts(record, host_facts, out);
  return out;
}

}  // namespace ecopt::report
