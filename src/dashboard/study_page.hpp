#pragma once
// The HTML of a study's dashboard page, in the two parts that StudyPage versions apart.

#include <string>
#include <vector>

#include "ecopt/report/study_report.hpp"
#include "ecopt/storage/storage.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::dashboard {

/// The trial counts, the latest finished trials, then live_html's sections.
[[nodiscard]] std::string live_part(const storage::StudyRecord& record,
                                    const std::vector<study::Trial>& trials, double now_unix_s);

/// The report's sections as `ecopt report` writes them, with the learning curves first
/// when the report itself shows none (no trial was pruned).
[[nodiscard]] std::string report_part(const report::StudyReport& report);

}  // namespace ecopt::dashboard
