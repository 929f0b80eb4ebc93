#include "dashboard/live_html.hpp"

#include <cmath>
#include <cstdio>

#include "ecopt/report/format.hpp"
#include "ecopt/report/html_writer.hpp"

namespace ecopt::dashboard {
namespace {

using report::html_escape;

std::string or_unknown(const std::optional<double>& value, std::string (*format)(double)) {
  return value ? html_escape(format(*value)) : "unknown";
}

std::string watts(double w) {
  return report::format_number(w, 3) + " W";
}

std::string running_section(const LiveView& view) {
  std::string out = "<section id=\"running\"><h2>Running trials</h2>";
  if (view.running.empty()) return out + "<p class=\"note\">No trial is running.</p></section>";
  std::vector<std::vector<std::string>> rows;
  for (const RunningTrial& r : view.running) {
    rows.push_back({std::to_string(r.number), html_escape(r.host), html_escape(r.worker_id),
                    or_unknown(r.elapsed_s, format_duration),
                    or_unknown(r.energy_j, report::format_energy), or_unknown(r.power_w, watts),
                    or_unknown(r.heartbeat_age_s, format_duration)});
  }
  out += report::html_table(
      {"trial", "host", "worker", "elapsed", "energy so far", "power now", "last heartbeat"}, rows,
      {true, false, false, true, true, true, true});
  return out +
         "<p class=\"note\">Energy and power come from each trial's last heartbeat "
         "(every few seconds): unknown until the first one.</p></section>";
}

std::string budget_value(const std::string& quantity, double value) {
  if (quantity == "energy") return report::format_energy(value);
  if (quantity == "time") return format_duration(value);
  return report::format_count(value);
}

std::string budget_section(const LiveView& view) {
  std::vector<std::vector<std::string>> rows;
  for (const BudgetLine& b : view.budget) {
    rows.push_back({html_escape(b.quantity), html_escape(budget_value(b.quantity, b.used)),
                    b.limit ? html_escape(budget_value(b.quantity, *b.limit)) : "no limit",
                    b.left ? html_escape(budget_value(b.quantity, *b.left)) : "-"});
  }
  return "<section id=\"budget\"><h2>Budget</h2>" +
         report::html_table({"budget", "used", "limit", "left"}, rows, {false, true, true, true}) +
         "<p class=\"note\">As workers sharing the study count it: trials that count plus "
         "running ones; measured energy plus running trials' energy so far; time since the "
         "study's first trial started.</p></section>";
}

std::string failed_section(const LiveView& view) {
  std::string out = "<section id=\"failed\"><h2>Failed trials</h2>";
  if (view.failed.empty()) return out + "<p class=\"note\">No trial failed.</p></section>";
  for (const FailedTrial& f : view.failed) {
    out += "<details class=\"failed\"><summary>Trial " + std::to_string(f.number) + " (" +
           html_escape(f.kind) + "): " + html_escape(f.reason) + "</summary>";
    out += f.stderr_tail.empty() ? "<p class=\"note\">No stderr kept.</p>"
                                 : "<pre class=\"stderr\">" + html_escape(f.stderr_tail) + "</pre>";
    out += "</details>";
  }
  return out + "</section>";
}

}  // namespace

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "unknown";
  const long s = std::lround(seconds);
  char buffer[64];
  if (s < 60) {
    std::snprintf(buffer, sizeof buffer, "%ld s", s);
  } else if (s < 3600) {
    std::snprintf(buffer, sizeof buffer, "%ld min %02ld s", s / 60, s % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%ld h %02ld min", s / 3600, (s % 3600) / 60);
  }
  return buffer;
}

std::string live_html(const LiveView& view) {
  return running_section(view) + budget_section(view) + failed_section(view);
}

}  // namespace ecopt::dashboard
