#pragma once
// The dashboard's pages: the study list, a study's live page, and the answers to bad
// requests. Self-contained like the report (inline style and script, nothing loaded from
// elsewhere), every stored name and message escaped.

#include <string>

#include "dashboard/study_cache.hpp"

namespace ecopt::dashboard {

/// A line on the storage: live, or unreachable since when and why, or not answering for
/// how long; with the age of the data shown. HTML.
[[nodiscard]] std::string status_html(const StorageStatus& status, double now_unix_s);

[[nodiscard]] std::string study_list_page(const Snapshot& snapshot, double now_unix_s);

/// The study's page without its status line, made once per version of its parts.
[[nodiscard]] PageFrame frame_study_page(const StudyPage& page);

/// The study's page (its frame, made now if the page has none); its script asks /study/NAME/update
/// every second and replaces the parts whose version changed.
[[nodiscard]] std::string study_page(const StudyPage& page, const StorageStatus& status,
                                     double now_unix_s);

/// The versions of a page's parts a client has (0: none).
struct PartVersions {
  std::uint64_t live = 0;
  std::uint64_t curves = 0;
  std::uint64_t report = 0;
};

/// The JSON /study/NAME/update answers: the parts' versions, the status line, and the
/// HTML of the parts newer than the client's.
[[nodiscard]] std::string update_json(const StudyPage& page, const StorageStatus& status,
                                      double now_unix_s, const PartVersions& known);

/// A page for an error status: the title and a sentence (text, escaped here).
[[nodiscard]] std::string message_page(const std::string& title, const std::string& message);

}  // namespace ecopt::dashboard
