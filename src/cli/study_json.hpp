#pragma once
// The stable JSON forms of studies and trials printed by `--format json` (documented in
// docs/cli.md). Keys are only ever added, never renamed or removed.

#include <nlohmann/json.hpp>

#include "ecopt/storage/storage.hpp"

namespace ecopt::cli {

[[nodiscard]] nlohmann::ordered_json trial_json(const study::Trial& trial,
                                                const study::StudyConfig& config);
[[nodiscard]] nlohmann::ordered_json study_json(const storage::StudyRecord& record,
                                                const std::vector<study::Trial>& trials);

}  // namespace ecopt::cli
