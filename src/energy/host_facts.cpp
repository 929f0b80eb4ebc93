// This host's CPU, memory and operating system, from procfs and os-release (the same
// files lscpu, free and hostnamectl read), under a root that tests replace.
#include "ecopt/energy/host_facts.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <utility>

#include "sysfs.hpp"

namespace ecopt::energy {
namespace {

std::string trim(std::string text) {
  text.erase(0, text.find_first_not_of(" \t"));
  text.erase(text.find_last_not_of(" \t\r") + 1);
  return text;
}

/// "key : value" lines (cpuinfo, meminfo), split at the first colon.
std::optional<std::pair<std::string, std::string>> key_value(const std::string& line) {
  const std::size_t colon = line.find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
}

/// /proc/cpuinfo: the model (x86's "model name"; other architectures name it otherwise),
/// logical CPUs, and physical cores and sockets where the kernel lists their ids.
void read_cpuinfo(const std::filesystem::path& proc, HostFacts& facts) {
  std::ifstream in(proc / "cpuinfo");
  std::string line, model_fallback, physical_id;
  std::set<std::string> sockets;
  std::set<std::pair<std::string, std::string>> cores;
  int processors = 0;
  while (std::getline(in, line)) {
    const auto entry = key_value(line);
    if (!entry) continue;
    const auto& [key, value] = *entry;
    if (key == "processor") ++processors;
    if (key == "model name" && facts.cpu_model.empty()) facts.cpu_model = value;
    // POWER ("cpu"), MIPS ("cpu model"), some ARM kernels ("Hardware").
    if ((key == "cpu" || key == "cpu model" || key == "Hardware") && model_fallback.empty())
      model_fallback = value;
    if (key == "physical id") {
      physical_id = value;
      sockets.insert(value);
    }
    if (key == "core id") cores.insert({physical_id, value});
  }
  if (facts.cpu_model.empty()) facts.cpu_model = model_fallback;
  if (processors > 0) facts.logical_cpus = processors;
  if (!cores.empty()) facts.physical_cores = static_cast<int>(cores.size());
  if (!sockets.empty()) facts.cpu_sockets = static_cast<int>(sockets.size());
}

void read_meminfo(const std::filesystem::path& proc, HostFacts& facts) {
  std::ifstream in(proc / "meminfo");
  std::string line;
  while (std::getline(in, line)) {
    const auto entry = key_value(line);
    if (!entry || entry->first != "MemTotal") continue;
    try {
      std::size_t used = 0;
      const unsigned long long kib = std::stoull(entry->second, &used);
      if (trim(entry->second.substr(used)) == "kB") facts.memory_bytes = kib * 1024ULL;
    } catch (const std::exception&) {
      // Not a number: memory stays unknown.
    }
    return;
  }
}

/// os-release's PRETTY_NAME (else NAME VERSION), unquoted (os-release(5)).
void read_os_release(const std::filesystem::path& root, HostFacts& facts) {
  std::ifstream in(root / "etc/os-release");
  if (!in) in.open(root / "usr/lib/os-release");
  std::string line, name, version;
  while (std::getline(in, line)) {
    const std::size_t equals = line.find('=');
    if (equals == std::string::npos) continue;
    std::string value = trim(line.substr(equals + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    const std::string key = line.substr(0, equals);
    if (key == "PRETTY_NAME") facts.os = value;
    if (key == "NAME") name = value;
    if (key == "VERSION") version = value;
  }
  if (facts.os.empty()) facts.os = trim(name + " " + version);
}

void read_kernel(const std::filesystem::path& proc, HostFacts& facts) {
  const std::filesystem::path kernel = proc / "sys/kernel";
  const auto type = detail::read_text(kernel / "ostype");
  const auto release = detail::read_text(kernel / "osrelease");
  if (release) facts.kernel = trim((type ? *type + " " : std::string()) + *release);
  facts.architecture = detail::read_text(kernel / "arch").value_or("");
  facts.hostname = detail::read_text(kernel / "hostname").value_or("");
}

}  // namespace

HostFacts collect_host_facts(const HostFactsSources& sources) {
  HostFacts facts;
  const std::filesystem::path root = sources.root.empty() ? "/" : sources.root;
  read_cpuinfo(root / "proc", facts);
  read_meminfo(root / "proc", facts);
  read_os_release(root, facts);
  read_kernel(root / "proc", facts);
  if (facts.hostname.empty() && root == "/") {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) == 0) facts.hostname = host;
  }
  if (sources.gpus) {
    collect_gpu_facts(sources.nvml_library, facts);
  } else {
    facts.gpu_note = "not looked for (GPU metering was switched off)";
  }
  return facts;
}

std::string host_facts_key(const std::string& hostname) {
  return kHostFactsKeyPrefix + (hostname.empty() ? std::string("unknown") : hostname);
}

}  // namespace ecopt::energy
