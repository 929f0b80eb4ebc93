#include "ecopt/runner/warm_start.hpp"

#include <stdexcept>

#include "ecopt/storage/open_mode.hpp"

namespace ecopt::runner {
namespace {

[[noreturn]] void refuse(const std::string& message) {
  throw std::invalid_argument("sampler.warm_start: " + message);
}

/// The storage the earlier study lives in: `own`, or the one `url` names (kept in `opened`).
storage::Storage& warm_start_storage(const std::string& url, storage::Storage& own,
                                     std::unique_ptr<storage::Storage>& opened) {
  if (url.empty()) return own;
  // Stored configs keep `***` for a password (Study::create); a worker reading one back
  // cannot know it.
  if (url.find(":***@") != std::string::npos || url.find("password=***") != std::string::npos) {
    refuse("storage " + url +
           ": its password is not kept with the study; leave it out of the URL and give it "
           "through ~/.pgpass or PGPASSWORD (docs/cluster.md)");
  }
  try {
    opened = storage::open_storage(url, storage::OpenMode::existing);
  } catch (const storage::StorageError& e) {
    refuse("storage " + storage::redact_url(url) + " cannot be opened: " + e.what() +
           "; fix `sampler.warm_start.storage`, or leave it out for this study's storage");
  }
  return *opened;
}

}  // namespace

std::shared_ptr<const optim::WarmStart> read_warm_start(const study::StudyConfig& config,
                                                        storage::Storage& own) {
  const study::WarmStartConfig& given = config.sampler.warm_start;
  if (given.study.empty()) return nullptr;
  std::unique_ptr<storage::Storage> opened;
  storage::Storage& storage = warm_start_storage(given.storage, own, opened);
  const std::optional<storage::StudyRecord> record = storage.find_study(given.study);
  if (!record) {
    std::string known;
    for (const auto& s : storage.list_studies())
      known += (known.empty() ? "" : ", ") + s.config.name;
    refuse("no study named '" + given.study + "' in " + storage.url() +
           (known.empty() ? " (it has none)" : " (it has: " + known + ")") +
           "; fix `sampler.warm_start.study`, or `storage` when it lives elsewhere");
  }
  auto warm_start = std::make_shared<optim::WarmStart>();
  warm_start->study = given.study;
  warm_start->objectives = record->config.objectives;
  const std::vector<std::string> missing =
      optim::missing_objectives(*warm_start, config.objectives);
  if (!missing.empty()) {
    refuse("study '" + given.study + "' has no objective '" + missing.front() +
           "'; a warm start needs every objective of this study under the same name");
  }
  warm_start->trials = storage.trials(record->id, study::TrialState::complete);
  if (optim::warm_start_trials(*warm_start, config.space, config.objectives).empty()) {
    refuse("study '" + given.study + "' has no completed trial whose parameters fit this " +
           "study's and that has every objective's value; run it first, or remove the warm "
           "start");
  }
  return warm_start;
}

void load_warm_start(study::Study& study) {
  study.set_warm_start(read_warm_start(study.config(), study.storage()));
}

}  // namespace ecopt::runner
