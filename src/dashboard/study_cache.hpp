#pragma once
// What the dashboard serves, read from the storage by one background thread and kept as
// immutable snapshots, so that requests never touch the storage: a slow or unreachable
// database delays the next snapshot, never a page, and the page says how old its data
// is. Only the refresher thread uses the Storage (a connection is not shared).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ecopt/report/study_report.hpp"
#include "ecopt/storage/storage.hpp"

namespace ecopt::dashboard {

struct StudySummary {
  std::string name;
  std::string description;
  std::vector<std::string> objectives;  ///< "accuracy (maximize)" ...
  double created_unix_s = 0.0;
  double updated_unix_s = 0.0;
};

/// One part of a study's page: its HTML and a version that changes when the HTML does.
struct PagePart {
  std::uint64_t version = 0;
  std::string html;
};

/// A study's whole page as two pieces around its status line, the one part that changes
/// with the time of each request (pages.hpp, frame_study_page).
struct PageFrame {
  std::shared_ptr<const std::string> head;
  std::shared_ptr<const std::string> tail;
};

/// One study's page content in three parts: `live` (trial counts, latest trials, running
/// trials, budget, failures) and `curves` (learning curves, running trials' included) are
/// rebuilt at every read of the storage, apart so that a running trial's clock does not
/// send its curves again; `report` (the report's sections) is rebuilt by another thread
/// when a trial finishes, since its importance analysis takes seconds on a large study.
/// Live updates never wait for it.
struct StudyPage {
  std::string name;
  std::shared_ptr<const PagePart> live;
  std::shared_ptr<const PagePart> curves;
  std::shared_ptr<const PagePart> report;  ///< none until the first one is built
  std::int64_t report_trials = 0;          ///< finished trials the report was built from
  double read_unix_s = 0.0;                ///< when its trials were read
  PageFrame frame;                         ///< the page made from both parts
};

struct StorageStatus {
  std::string url;                         ///< redacted
  std::optional<double> last_read_unix_s;  ///< the last read that worked
  std::string error;                       ///< why the last read failed; empty when it worked
  std::optional<double> failing_since_unix_s;
};

struct Snapshot {
  bool listed = false;  ///< the study list was read at least once
  std::vector<StudySummary> studies;
  std::map<std::string, std::shared_ptr<const StudyPage>> pages;
  StorageStatus storage;
};

struct CacheSettings {
  std::string url;                        ///< the storage
  std::optional<std::string> only_study;  ///< --study: serve this one only
  double interval_s = 0.5;                ///< between reads of the storage
  double keep_s = 60.0;  ///< a study is read while a page asked for it this recently
  report::ReportOptions report;
  /// Opens the storage (tests pass one that fails on demand); default open_storage.
  std::function<std::unique_ptr<storage::Storage>(const std::string&)> open;
};

class StudyCache {
 public:
  explicit StudyCache(CacheSettings settings);
  ~StudyCache();
  StudyCache(const StudyCache&) = delete;
  StudyCache& operator=(const StudyCache&) = delete;

  void start();  ///< the refresher thread
  void stop();

  [[nodiscard]] std::shared_ptr<const Snapshot> snapshot() const;
  /// Whether `name` may be served (always, unless --study names another).
  [[nodiscard]] bool allowed(const std::string& name) const;
  /// Asks for `name` to be read, and waits up to `wait_s` for its page (none when the
  /// study does not exist or the storage did not answer in time). A name missing from
  /// the last list of studies read is answered at once, without waiting.
  [[nodiscard]] std::shared_ptr<const StudyPage> page(const std::string& name, double wait_s);

  /// One read of the storage; the refresher calls it every interval (tests, directly).
  void refresh();

 private:
  /// What the report part of a study is to be built from.
  struct ReportJob {
    storage::StudyRecord record;
    std::vector<study::Trial> trials;
  };
  /// One study as read: its record, trials, live and curves HTML.
  struct StudyRead {
    storage::StudyRecord record;
    std::vector<study::Trial> trials;
    std::string live_html;
    std::string curves_html;
  };

  void run();
  void analyse();
  void build_report(const std::string& name, const ReportJob& job);
  std::vector<StudyRead> read(storage::Storage& storage,
                              std::vector<storage::StudyRecord>& records);
  void queue_reports(const std::vector<StudyRead>& reads);
  void publish_read(const std::vector<storage::StudyRecord>& records,
                    const std::vector<StudyRead>& reads, double read_unix_s);
  void publish_failure(const std::string& error, double now_unix_s);
  [[nodiscard]] std::vector<std::string> wanted_studies(double now_unix_s);
  void publish(std::shared_ptr<const Snapshot> next);  ///< with mutex_ held

  CacheSettings settings_;
  std::unique_ptr<storage::Storage> storage_;       ///< the refresher's only
  std::map<std::string, std::string> report_keys_;  ///< per study: its last queued report

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::uint64_t generation_ = 0;                  ///< snapshots published
  std::map<std::string, double> asked_unix_s_;    ///< study -> when a page last asked for it
  std::map<std::string, ReportJob> report_jobs_;  ///< the newest job per study, not yet taken
  bool stopping_ = false;
  bool read_requested_ = false;  ///< a page asked for a study not read yet: read now
  bool analysing_ = false;       ///< the analysis thread runs; else refresh() builds reports
  std::thread thread_;
  std::thread analyst_;
};

}  // namespace ecopt::dashboard
