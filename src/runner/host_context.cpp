#include "host_context.hpp"

#include <chrono>

#include "ecopt/energy/host_facts.hpp"
#include "ecopt/version.hpp"

namespace ecopt::runner {

std::string record_host_context(study::Study& study, const energy::Meter& meter,
                                const TuneSettings& settings) {
  energy::HostFactsSources sources;
  sources.nvml_library = settings.meters.nvml_library;
  sources.gpus = settings.meters.gpus;
  energy::HostFacts facts = energy::collect_host_facts(sources);
  facts.ecopt_version = std::string(kVersion);
  facts.program = settings.program;
  facts.recorded_unix_s =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  facts.meter = meter.name();
  for (const energy::DomainInfo& domain : meter.domains()) {
    facts.meter_domains.push_back(domain.name);
    facts.meter_estimated = facts.meter_estimated || domain.estimated;
  }
  facts.grid_region = settings.grid_region;
  facts.grid_gco2e_per_kwh = settings.carbon.gco2e_per_kwh;
  facts.pue = settings.carbon.pue;
  facts.grid_source = settings.carbon.source;
  // The trials' host (Trial::host), so the report can match trials to their host's facts.
  const std::string host = study::Study::local_worker().host;
  if (!host.empty()) facts.hostname = host;
  try {
    study.set_user_attr(energy::host_facts_key(facts.hostname), energy::to_json_text(facts));
  } catch (const storage::StorageError& e) {
    return std::string("could not record this host's facts in the study: ") + e.what();
  }
  return {};
}

}  // namespace ecopt::runner
