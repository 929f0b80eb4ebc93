#include "dashboard/pages.hpp"

#include <nlohmann/json.hpp>

#include "dashboard/live_html.hpp"
#include "ecopt/report/format.hpp"
#include "ecopt/report/html_writer.hpp"

namespace ecopt::dashboard {
namespace {

using report::html_escape;

/// Data older than this many read intervals is called stale on the page.
constexpr double kStaleAfterS = 5.0;

constexpr const char* kStyle =
    "<style>.status{padding:6px 12px;border-radius:4px;background:#eef6ee;font-size:.92em}"
    ".status.warn{background:#fff1d6;border:1px solid #e0a400}"
    "pre.stderr{background:#f7f7f7;padding:6px 10px;max-height:16em;overflow:auto;"
    "white-space:pre-wrap}</style>";

// Polls the update endpoint once a second (a new trial shows within a poll and a read of
// the storage) and swaps in the parts whose version changed; hover marks in new HTML are
// wired by the report's ecoptWireTips. Only this server is asked: nothing external. The
// tab's title carries the number of finished trials, so a glance at the tab (and the
// browser test, through the DevTools target list) sees the study move.
constexpr const char* kLiveScript = R"(<script>
(function () {
  var root = document.getElementById('dashboard');
  var parts = {live: 'live', curves: 'learning', report: 'report'};  // part: its element
  var status = document.getElementById('status');
  var url = root.getAttribute('data-update');
  var title = document.title;
  function note() {
    var counts = document.getElementById('counts');
    if (counts) document.title = title + ' (' + counts.getAttribute('data-finished') + ' finished)';
  }
  function poll() {
    var q = '?' + Object.keys(parts).map(function (p) {
      return p + '=' + root.getAttribute('data-' + p);
    }).join('&');
    fetch(url + q, {cache: 'no-store'}).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    }).then(function (u) {
      status.className = '';
      status.innerHTML = u.status;
      Object.keys(parts).forEach(function (p) {
        if (u[p] === undefined) return;
        var element = document.getElementById(parts[p]);
        element.innerHTML = u[p]; root.setAttribute('data-' + p, u[p + '_version']);
        window.ecoptWireTips(element);
      });
      note();
    }).catch(function (e) {
      status.className = 'status warn';
      status.textContent = 'The dashboard server is not answering (' + e.message + '); retrying.';
    }).then(function () { setTimeout(poll, 1000); });
  }
  note();
  setTimeout(poll, 1000);
})();
</script>)";

const PagePart& part_or_empty(const std::shared_ptr<const PagePart>& part) {
  static const PagePart empty;
  return part ? *part : empty;
}

std::string since(double then_unix_s, double now_unix_s) {
  return report::format_utc(then_unix_s) + ", " + format_duration(now_unix_s - then_unix_s) +
         " ago";
}

}  // namespace

std::string status_html(const StorageStatus& s, double now_unix_s) {
  const std::string data =
      s.last_read_unix_s ? " Showing data read " + since(*s.last_read_unix_s, now_unix_s) + "."
                         : " Nothing could be read yet.";
  if (!s.error.empty()) {
    return "<div class=\"status warn\" id=\"storage-status\" data-storage=\"unreachable\">"
           "Storage " +
           html_escape(s.url) + " unreachable since " +
           html_escape(since(s.failing_since_unix_s.value_or(now_unix_s), now_unix_s)) + ": " +
           html_escape(s.error) + ". Still trying." + html_escape(data) + "</div>";
  }
  if (!s.last_read_unix_s || now_unix_s - *s.last_read_unix_s > kStaleAfterS) {
    return "<div class=\"status warn\" id=\"storage-status\" data-storage=\"slow\">Storage " +
           html_escape(s.url) + " has not answered yet; still trying." + html_escape(data) +
           "</div>";
  }
  return "<div class=\"status\" id=\"storage-status\" data-storage=\"ok\">Live from " +
         html_escape(s.url) + html_escape(", read " + since(*s.last_read_unix_s, now_unix_s)) +
         ".</div>";
}

std::string study_list_page(const Snapshot& snapshot, double now_unix_s) {
  std::vector<std::vector<std::string>> rows;
  for (const StudySummary& s : snapshot.studies) {
    std::string objectives;
    for (const std::string& o : s.objectives) objectives += (objectives.empty() ? "" : ", ") + o;
    rows.push_back(
        {"<a href=\"/study/" + html_escape(s.name) + "\">" + html_escape(s.name) + "</a>",
         html_escape(s.description), html_escape(objectives),
         html_escape(report::format_utc(s.created_unix_s))});
  }
  const std::string table =
      rows.empty() ? "<p class=\"note\">" +
                         std::string(snapshot.listed ? "The storage holds no study yet."
                                                     : "The storage has not been read yet.") +
                         "</p>"
                   : report::html_table({"study", "description", "objectives", "created"}, rows);
  return report::html_document("ecopt dashboard", std::string(kStyle) +
                                                      "<header><h1>ecopt dashboard</h1></header>" +
                                                      status_html(snapshot.storage, now_unix_s) +
                                                      "<h2>Studies</h2>" + table);
}

PageFrame frame_study_page(const StudyPage& page) {
  const std::string name = html_escape(page.name);
  const PagePart& live = part_or_empty(page.live);
  const PagePart& curves = part_or_empty(page.curves);
  const PagePart& report = part_or_empty(page.report);
  const std::string report_html =
      page.report ? report.html
                  : "<p class=\"note\" id=\"report-basis\">The report's sections are being "
                    "computed; they appear here when ready.</p>";
  // The status line is the only part that changes with the time of the request: the
  // rest is made once per version of the parts, and each request joins the three.
  const std::string marker = "\x01status\x01";  // before any study data in the page
  const std::string body =
      std::string(kStyle) + "<header><h1>ecopt dashboard: " + name +
      "</h1><nav><a href=\"/\">All studies</a><a href=\"#running\">Running</a>"
      "<a href=\"#budget\">Budget</a><a href=\"#failed\">Failed</a>"
      "<a href=\"#frontier\">Frontier</a><a href=\"#cost\">Tuning cost</a></nav></header>"
      "<div id=\"status\">" +
      marker + "</div><main id=\"dashboard\" data-update=\"/study/" + name +
      "/update\" data-live=\"" + std::to_string(live.version) + "\" data-curves=\"" +
      std::to_string(curves.version) + "\" data-report=\"" + std::to_string(report.version) +
      "\"><div id=\"live\">" + live.html + "</div><div id=\"learning\">" + curves.html +
      "</div><div id=\"report\">" + report_html + "</div></main>" + kLiveScript;
  const std::string html = report::html_document("ecopt dashboard: " + page.name, body);
  const std::size_t at = html.find(marker);
  return {std::make_shared<const std::string>(html.substr(0, at)),
          std::make_shared<const std::string>(html.substr(at + marker.size()))};
}

std::string study_page(const StudyPage& page, const StorageStatus& status, double now_unix_s) {
  const PageFrame frame = page.frame.head ? page.frame : frame_study_page(page);
  return *frame.head + status_html(status, now_unix_s) + *frame.tail;
}

std::string update_json(const StudyPage& page, const StorageStatus& status, double now_unix_s,
                        const PartVersions& known) {
  const PagePart& live = part_or_empty(page.live);
  const PagePart& curves = part_or_empty(page.curves);
  const PagePart& report = part_or_empty(page.report);
  nlohmann::json out = {{"live_version", live.version},
                        {"curves_version", curves.version},
                        {"report_version", report.version},
                        {"status", status_html(status, now_unix_s)}};
  if (known.live != live.version) out["live"] = live.html;
  if (known.curves != curves.version) out["curves"] = curves.html;
  if (known.report != report.version) out["report"] = report.html;
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string message_page(const std::string& title, const std::string& message) {
  return report::html_document("ecopt dashboard: " + title,
                               "<header><h1>" + html_escape(title) + "</h1></header><p>" +
                                   html_escape(message) +
                                   "</p><p><a href=\"/\">All studies</a></p>");
}

}  // namespace ecopt::dashboard
