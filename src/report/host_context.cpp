#include "ecopt/report/host_context.hpp"

#include <set>
#include <stdexcept>

#include "detail/format.hpp"

namespace ecopt::report {
namespace {

std::string plural(int n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string cores_text(const energy::HostFacts& f) {
  std::vector<std::string> detail;
  if (f.physical_cores) detail.push_back(plural(*f.physical_cores, "physical core"));
  if (f.cpu_sockets) detail.push_back(plural(*f.cpu_sockets, "socket"));
  if (!f.logical_cpus) return join(detail, ", ");
  const std::string logical = plural(*f.logical_cpus, "logical CPU");
  return detail.empty() ? logical : logical + " (" + join(detail, ", ") + ")";
}

std::string gpus_text(const energy::HostFacts& f) {
  if (f.gpus.empty()) return f.gpu_note;
  std::vector<std::string> gpus;
  for (const energy::GpuFacts& g : f.gpus) {
    std::string text =
        "gpu-" + std::to_string(g.index) + " " + (g.name.empty() ? "unknown" : g.name);
    if (g.power_limit_w)
      text += " (power limit " + detail::format_number(*g.power_limit_w, 4) + " W)";
    gpus.push_back(text);
  }
  return join(gpus, ", ") + "; driver " + (f.gpu_driver.empty() ? "unknown" : f.gpu_driver);
}

std::string grid_text(const energy::HostFacts& f) {
  if (!f.grid_gco2e_per_kwh) return {};
  return (f.grid_region.empty() ? std::string("given by hand") : f.grid_region) + ": " +
         detail::format_number(*f.grid_gco2e_per_kwh, 5) + " gCO2e/kWh, PUE " +
         detail::format_number(f.pue.value_or(1.0), 3) +
         (f.grid_source.empty() ? "" : " (" + f.grid_source + ")");
}

}  // namespace

std::vector<energy::HostFacts> recorded_hosts(const storage::StudyRecord& record,
                                              const std::vector<study::Trial>& trials) {
  std::set<std::string> trial_hosts;
  for (const study::Trial& t : trials)
    if (!t.host.empty()) trial_hosts.insert(t.host);
  std::vector<energy::HostFacts> hosts;
  for (const auto& [key, json_text] : record.user_attrs) {
    if (key.rfind(energy::kHostFactsKeyPrefix, 0) != 0) continue;
    const std::string host = key.substr(std::string(energy::kHostFactsKeyPrefix).size());
    if (!trial_hosts.empty() && trial_hosts.count(host) == 0) continue;
    try {
      hosts.push_back(energy::host_facts_from_json(json_text));
    } catch (const std::invalid_argument&) {
      // Someone else's attribute under that name: not facts to show.
    }
  }
  return hosts;
}

HostFactText host_fact_text(const energy::HostFacts& f) {
  HostFactText t;
  t.cpu_model = f.cpu_model;
  t.cpu_cores = cores_text(f);
  if (f.memory_bytes) t.memory_gb = detail::format_number(*f.memory_bytes / 1e9, 3);
  t.gpus = gpus_text(f);
  t.os = f.os;
  if (!f.kernel.empty())
    t.kernel = f.kernel + (f.architecture.empty() ? "" : " (" + f.architecture + ")");
  t.ecopt_version = f.ecopt_version;
  if (!f.meter.empty()) {
    t.meter = f.meter + (f.meter_domains.empty() ? "" : ": " + join(f.meter_domains, ", ")) +
              (f.meter_estimated ? " (estimated)" : " (measured)");
  }
  t.grid = grid_text(f);
  if (f.recorded_unix_s > 0.0) {
    t.recorded = "by ecopt " + (f.program.empty() ? std::string("tune") : f.program) + " at " +
                 detail::format_utc(f.recorded_unix_s);
  }
  return t;
}

std::string host_summary(const energy::HostFacts& facts) {
  const HostFactText t = host_fact_text(facts);
  const auto known = [](const std::string& text) { return text.empty() ? "unknown" : text; };
  return known(t.cpu_model) + ", " + known(t.cpu_cores) + ", " +
         (t.memory_gb.empty() ? "unknown" : t.memory_gb + " GB") +
         " memory; GPUs: " + known(t.gpus) + "; " + known(t.os) + "; meter " + known(t.meter) +
         (t.recorded.empty() ? "" : "; recorded " + t.recorded);
}

std::optional<Fact> host_fact(const std::vector<energy::HostFacts>& hosts, const std::string& label,
                              std::string HostFactText::*field) {
  std::vector<std::string> per_host, names;
  std::set<std::string> distinct;
  for (const energy::HostFacts& h : hosts) {
    const std::string value = host_fact_text(h).*field;
    if (value.empty()) continue;
    per_host.push_back(h.hostname + ": " + value);
    names.push_back(energy::host_facts_key(h.hostname));
    distinct.insert(value);
  }
  if (distinct.empty()) return std::nullopt;
  const std::string source =
      "recorded at tune/worker start (study attribute " + join(names, ", ") + ")";
  return Fact{label, distinct.size() == 1 ? *distinct.begin() : join(per_host, "; "), source};
}

}  // namespace ecopt::report
