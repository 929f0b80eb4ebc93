// ecopt.report: the same report as `ecopt report` (HTML, Markdown, JSON from one
// computation, docs/report.md).
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "ecopt/report/study_report.hpp"

namespace ecopt::python {
namespace {

std::vector<std::string> write_report(const PyStudy& s, const std::string& out_dir) {
  py::gil_scoped_release release;  // the importance analysis fits GPs
  const std::string name = s.study->config().name;
  const auto record = s.storage->find_study(name);
  if (!record)
    throw storage::StorageError("study '" + name + "' is no longer in " +
                                storage::redact_url(s.storage->url()));
  const report::StudyReport r = report::build_study_report(*record, s.storage->trials(record->id),
                                                           storage::redact_url(s.storage->url()));
  return report::write_report_files(r, out_dir);
}

}  // namespace

void bind_report(py::module_& m) {
  m.def("report", &write_report, py::arg("study"), py::arg("out_dir"), R"doc(
Writes the study's report into out_dir (created): report.html, report.md, report.json,
as `ecopt report` does. Returns their paths.

>>> ecopt.report(study, "reports/zdt1")
['reports/zdt1/report.html', 'reports/zdt1/report.md', 'reports/zdt1/report.json']
)doc");
}

}  // namespace ecopt::python
