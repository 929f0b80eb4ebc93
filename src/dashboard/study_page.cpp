#include "dashboard/study_page.hpp"

#include <algorithm>
#include <map>

#include "dashboard/live_html.hpp"
#include "dashboard/live_view.hpp"
#include "ecopt/report/format.hpp"
#include "ecopt/report/html_writer.hpp"
#include "ecopt/report/learning_curves.hpp"

namespace ecopt::dashboard {
namespace {

using report::html_escape;

constexpr std::size_t kLatestTrials = 10;

std::string counts_sentence(const std::vector<study::Trial>& trials) {
  std::map<std::string, int> counts;
  for (const study::Trial& t : trials) ++counts[std::string(study::to_string(t.state))];
  std::string out;
  for (const auto& [state, n] : counts)
    out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + state;
  return out.empty() ? "no trials yet" : out;
}

std::string values_text(const storage::StudyRecord& record, const study::Trial& t) {
  std::string out;
  const auto& objectives = record.config.objectives;
  for (std::size_t i = 0; i < t.values.size() && i < objectives.size(); ++i)
    out +=
        (out.empty() ? "" : ", ") + objectives[i].name + " " + report::format_number(t.values[i]);
  return out;
}

std::string latest_trials(const storage::StudyRecord& record,
                          const std::vector<study::Trial>& trials) {
  std::vector<const study::Trial*> finished;
  for (const study::Trial& t : trials)
    if (study::is_finished(t.state)) finished.push_back(&t);
  std::stable_sort(finished.begin(), finished.end(), [](const auto* a, const auto* b) {
    return a->finished_unix_s.value_or(0.0) > b->finished_unix_s.value_or(0.0);
  });
  if (finished.size() > kLatestTrials) finished.resize(kLatestTrials);
  std::vector<std::vector<std::string>> rows;
  for (const study::Trial* t : finished) {
    const std::string outcome = t->state == study::TrialState::complete
                                    ? values_text(record, *t)
                                    : report::first_line(t->error);
    rows.push_back({"<span class=\"trial\" data-trial=\"" + std::to_string(t->number) + "\">" +
                        std::to_string(t->number) + "</span>",
                    html_escape(std::string(study::to_string(t->state))), html_escape(outcome),
                    html_escape(report::format_utc(t->finished_unix_s.value_or(0.0)))});
  }
  return "<section id=\"latest\"><h2>Latest finished trials</h2>" +
         (rows.empty() ? std::string("<p class=\"note\">None yet.</p>")
                       : report::html_table({"trial", "state", "values or reason", "finished"},
                                            rows, {true, false, false, false})) +
         "</section>";
}

}  // namespace

std::string live_part(const storage::StudyRecord& record, const std::vector<study::Trial>& trials,
                      double now_unix_s) {
  std::int64_t finished = 0;
  for (const study::Trial& t : trials) finished += study::is_finished(t.state) ? 1 : 0;
  std::string out = "<p class=\"note\" id=\"counts\" data-finished=\"" + std::to_string(finished) +
                    "\">Trials: " + html_escape(counts_sentence(trials)) + ".</p>";
  out += latest_trials(record, trials);
  return out + live_html(live_view(record, trials, now_unix_s));
}

std::string curves_part(const storage::StudyRecord& record,
                        const std::vector<study::Trial>& trials) {
  const report::LearningCurves curves =
      report::learning_curves(trials, record.config.objectives, /*with_running=*/true);
  if (curves.curves.empty()) return {};
  return "<section id=\"curves\"><h2>Learning curves</h2>" + report::learning_curves_svg(curves) +
         "<p class=\"note\">Each trial's reported " + html_escape(curves.metric) +
         " by step. A running trial's curve grows as it reports: the runner stores each report "
         "as it comes.</p></section>";
}

std::string report_part(const report::StudyReport& r) {
  return report::report_sections_html(r);
}

}  // namespace ecopt::dashboard
