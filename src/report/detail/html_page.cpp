#include "report/detail/html_page.hpp"

#include "ecopt/report/svg.hpp"

namespace ecopt::report::detail {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
  margin:0 auto;max-width:1120px;padding:20px 28px;color:#222;line-height:1.45;background:#fff}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:2em}
h3{margin-bottom:.3em}
nav a{margin-right:1em}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.knee td{background:#e6f4ee;font-weight:600}
svg{max-width:100%;height:auto;display:block;margin:.4em 0}
.plots{display:flex;flex-wrap:wrap;gap:6px 14px}
.note{color:#555;font-size:.92em}
.method{background:#f7f7f7;border-left:3px solid #bbb;padding:6px 12px;font-size:.9em;color:#333}
.sentences li{margin:.2em 0}
#tip{position:absolute;display:none;background:#fff;border:1px solid #888;padding:6px 8px;
  font:12px/1.35 ui-monospace,"DejaVu Sans Mono",monospace;white-space:pre;pointer-events:none;
  box-shadow:0 2px 6px rgba(0,0,0,.2);z-index:10;max-width:520px;overflow:hidden}
.pt{cursor:pointer}.pt:hover,.pt:focus{stroke:#000;stroke-width:1.5;outline:none}
)";

// Before anything else runs: record script errors where a test (or a reader of the DOM)
// can see them.
constexpr const char* kErrorHook =
    "window.addEventListener('error',function(e){document.documentElement.setAttribute("
    "'data-ecopt-errors',String(e.message||e));});";

constexpr const char* kScript = R"(
(function () {
  var tip = document.getElementById('tip');
  var marks = document.querySelectorAll('[data-tip]');
  function place(x, y) {
    var width = tip.offsetWidth, room = window.scrollX + document.documentElement.clientWidth;
    tip.style.left = Math.max(0, Math.min(x + 14, room - width - 8)) + 'px';
    tip.style.top = (y + 14) + 'px';
  }
  function show(el) { tip.textContent = el.getAttribute('data-tip'); tip.style.display = 'block'; }
  function hide() { tip.style.display = 'none'; }
  function wire(root) {
    var found = root.querySelectorAll('[data-tip]');
    for (var i = 0; i < found.length; i++) {
      var el = found[i];
      // The custom tooltip replaces the native one; <title> stays for pages without scripts.
      var titles = el.getElementsByTagName('title');
      while (titles.length) titles[0].parentNode.removeChild(titles[0]);
      el.addEventListener('mouseenter', function (e) { show(this); place(e.pageX, e.pageY); });
      el.addEventListener('mousemove', function (e) { place(e.pageX, e.pageY); });
      el.addEventListener('mouseleave', hide);
      el.addEventListener('focus', function () {
        var r = this.getBoundingClientRect();
        show(this); place(r.right + window.scrollX, r.top + window.scrollY);
      });
      el.addEventListener('blur', hide);
    }
  }
  // Pages that replace part of themselves (the live dashboard) wire the new marks too.
  window.ecoptWireTips = wire;
  wire(document);
  // Hover once, programmatically: the tooltip must appear with the mark's text.
  var hovers = true;
  if (marks.length) {
    marks[0].dispatchEvent(new MouseEvent('mouseenter', {clientX: 10, clientY: 10}));
    hovers = tip.style.display === 'block' && tip.textContent === marks[0].getAttribute('data-tip');
    hide();
  }
  var body = document.body;
  var plots = document.querySelectorAll('svg').length;
  var expectedPlots = parseInt(body.getAttribute('data-ecopt-plots'), 10);
  var expectedMarks = parseInt(body.getAttribute('data-ecopt-marks'), 10);
  var ok = plots === expectedPlots && marks.length === expectedMarks && hovers;
  body.setAttribute('data-ecopt-selfcheck', ok ? 'ok' :
    'failed: ' + plots + ' of ' + expectedPlots + ' plots, ' + marks.length + ' of ' +
    expectedMarks + ' hover marks, tooltip ' + (hovers ? 'works' : 'broken'));
})();
)";

}  // namespace

std::string html(const std::string& text) {
  return svg::escape(text);
}

std::string html_table(const std::vector<std::string>& headers,
                       const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& numeric,
                       const std::vector<std::string>& row_classes) {
  std::string out = "<table><thead><tr>";
  for (const std::string& h : headers) out += "<th>" + h + "</th>";
  out += "</tr></thead><tbody>";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string cls = r < row_classes.size() && !row_classes[r].empty()
                                ? " class=\"" + row_classes[r] + "\""
                                : "";
    out += "<tr" + cls + ">";
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const bool num = c < numeric.size() && numeric[c];
      out += (num ? "<td class=\"num\">" : "<td>") + rows[r][c] + "</td>";
    }
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

std::string html_page(const std::string& title, const std::string& body) {
  const std::size_t plots = count(body, "<svg ");
  const std::size_t marks = count(body, " data-tip=\"");
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"ecopt\">\n<title>" +
         html(title) + "</title>\n<style>" + kStyle + "</style>\n<script>" + kErrorHook +
         "</script>\n</head>\n<body data-ecopt-plots=\"" + std::to_string(plots) +
         "\" data-ecopt-marks=\"" + std::to_string(marks) + "\">\n" + body +
         "\n<div id=\"tip\" role=\"tooltip\"></div>\n<script>" + kScript +
         "</script>\n</body>\n</html>\n";
}

}  // namespace ecopt::report::detail
