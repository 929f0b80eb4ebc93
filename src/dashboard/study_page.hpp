#pragma once
// The HTML of a study's dashboard page, in the three parts that StudyPage versions apart.

#include <string>
#include <vector>

#include "ecopt/report/study_report.hpp"
#include "ecopt/storage/storage.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::dashboard {

/// The trial counts, the latest finished trials, then live_html's sections.
[[nodiscard]] std::string live_part(const storage::StudyRecord& record,
                                    const std::vector<study::Trial>& trials, double now_unix_s);

/// The learning curves of the completed, pruned and running trials (the report's plot,
/// running trials' curves added as the runner stores their reports); empty without any.
[[nodiscard]] std::string curves_part(const storage::StudyRecord& record,
                                      const std::vector<study::Trial>& trials);

/// The report's sections as `ecopt report` writes them.
[[nodiscard]] std::string report_part(const report::StudyReport& report);

}  // namespace ecopt::dashboard
