#include "unrecorded_results.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace ecopt::runner {
namespace {

nlohmann::json number(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

nlohmann::json numbers(const std::map<std::string, double>& values) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : values) j[k] = number(v);
  return j;
}

nlohmann::json to_json(const UnrecordedResult& r) {
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [name, value] : r.trial.params)
    params[name] = std::visit([](const auto& v) { return nlohmann::json(v); }, value);
  nlohmann::json values = nlohmann::json::array();
  for (double v : r.values) values.push_back(number(v));
  nlohmann::json phases = nlohmann::json::array();
  for (const study::PhaseMeasurement& p : r.phases) {
    phases.push_back({{"phase", p.phase},
                      {"start_unix_s", p.start_unix_s},
                      {"end_unix_s", p.end_unix_s},
                      {"duration_s", p.duration_s},
                      {"energy_j", numbers(p.energy_j)},
                      {"net_energy_j", numbers(p.net_energy_j)},
                      {"meter", p.meter},
                      {"scope", p.scope},
                      {"estimated", p.estimated},
                      {"uncertainty_j", number(p.uncertainty_j)},
                      {"samples", p.samples}});
  }
  return {{"study", r.study},
          {"storage", r.storage_url},
          {"number", r.trial.number},
          {"trial_id", r.trial.id},
          {"params", params},
          {"host", r.trial.host},
          {"worker_id", r.trial.worker_id},
          {"state", r.state},
          {"failure_kind", study::to_string(r.failure_kind)},
          {"values", values},
          {"reason", r.reason},
          {"stderr_tail", r.stderr_tail},
          {"metrics", numbers(r.metrics)},
          {"metric_uncertainties", numbers(r.metric_uncertainties)},
          {"phases", phases},
          {"why_unrecorded", r.why_unrecorded}};
}

}  // namespace

void append_unrecorded(const std::string& path, const std::vector<UnrecordedResult>& results) {
  const std::filesystem::path file(path);
  std::error_code ignored;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ignored);
  std::string text;
  for (const UnrecordedResult& r : results) text += to_json(r).dump() + "\n";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw std::runtime_error("cannot write unrecorded results to " + path + ": " +
                             std::strerror(errno));
  }
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = errno;
      ::close(fd);
      throw std::runtime_error("cannot write unrecorded results to " + path + ": " +
                               std::strerror(error));
    }
    written += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
}

}  // namespace ecopt::runner
