#include "dashboard/study_cache.hpp"

#include <algorithm>
#include <chrono>

#include "dashboard/pages.hpp"
#include "dashboard/study_page.hpp"
#include "ecopt/storage/open_mode.hpp"

namespace ecopt::dashboard {
namespace {

double now_unix_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

StudySummary summary(const storage::StudyRecord& record) {
  StudySummary s{record.config.name,
                 record.config.description,
                 {},
                 record.created_unix_s,
                 record.updated_unix_s};
  for (const study::Objective& o : record.config.objectives)
    s.objectives.push_back(o.name + " (" +
                           (o.goal == study::Goal::maximize ? "maximize" : "minimize") + ")");
  return s;
}

/// What the report's sections are built from: every finished trial's outcome and record,
/// and the study's attributes. Running trials change it only when they finish.
std::string report_key(const storage::StudyRecord& record,
                       const std::vector<study::Trial>& trials) {
  std::string key = std::to_string(record.user_attrs.size()) + ";";
  for (const auto& [k, v] : record.user_attrs) key += k + "=" + v + ";";
  for (const study::Trial& t : trials) {
    if (!study::is_finished(t.state)) continue;
    key += std::to_string(t.number) + ":" + std::string(study::to_string(t.state)) + ":" +
           std::to_string(t.finished_unix_s.value_or(0.0)) + ":" + std::to_string(t.phases.size()) +
           ":" + std::to_string(t.metrics.size()) + ":" + std::to_string(t.intermediate.size()) +
           ":" + std::to_string(t.user_attrs.size()) + ";";
  }
  return key;
}

/// Replaces `part` with `html` under the next version, unless it holds that already.
bool renew(std::shared_ptr<const PagePart>& part, const std::string& html) {
  if (part && part->html == html) return false;
  const std::uint64_t version = part ? part->version + 1 : 1;
  part = std::make_shared<const PagePart>(PagePart{version, html});
  return true;
}

bool lists(const Snapshot& snapshot, const std::string& name) {
  return std::any_of(snapshot.studies.begin(), snapshot.studies.end(),
                     [&](const StudySummary& s) { return s.name == name; });
}

std::int64_t finished_count(const std::vector<study::Trial>& trials) {
  std::int64_t n = 0;
  for (const study::Trial& t : trials) n += study::is_finished(t.state) ? 1 : 0;
  return n;
}

}  // namespace

StudyCache::StudyCache(CacheSettings settings) : settings_(std::move(settings)) {
  if (!settings_.open) {
    settings_.open = [](const std::string& url) {
      return storage::open_storage(url, storage::OpenMode::existing);
    };
  }
  auto first = std::make_shared<Snapshot>();
  first->storage.url = storage::redact_url(settings_.url);
  snapshot_ = std::move(first);
}

StudyCache::~StudyCache() {
  stop();
}

void StudyCache::start() {
  {
    std::lock_guard lock(mutex_);
    analysing_ = true;
  }
  analyst_ = std::thread([this] { analyse(); });
  thread_ = std::thread([this] { run(); });
}

void StudyCache::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (analyst_.joinable()) analyst_.join();
}

std::shared_ptr<const Snapshot> StudyCache::snapshot() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

bool StudyCache::allowed(const std::string& name) const {
  return !settings_.only_study || *settings_.only_study == name;
}

std::shared_ptr<const StudyPage> StudyCache::page(const std::string& name, double wait_s) {
  std::unique_lock lock(mutex_);
  // A name the last list of studies lacks is answered at once: waiting for a read would
  // let requests for made-up names hold every server thread (and fill asked_unix_s_).
  // A study created since shows at the next read, within an interval.
  if (snapshot_->listed && !lists(*snapshot_, name)) return nullptr;
  const bool first_ask = !asked_unix_s_.contains(name);
  asked_unix_s_[name] = now_unix_s();
  if (first_ask) {  // read it now, not at the next interval
    read_requested_ = true;
    changed_.notify_all();
  }
  // A read in flight may have started before the ask: wait for the one after it.
  const std::uint64_t after = generation_ + 2;
  changed_.wait_for(lock, std::chrono::duration<double>(first_ask ? wait_s : 0.0), [&] {
    return stopping_ || snapshot_->pages.contains(name) || generation_ >= after;
  });
  const auto it = snapshot_->pages.find(name);
  return it == snapshot_->pages.end() ? nullptr : it->second;
}

void StudyCache::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    read_requested_ = false;  // this read serves every ask made before it starts
    lock.unlock();
    refresh();
    lock.lock();
    changed_.wait_for(lock, std::chrono::duration<double>(settings_.interval_s),
                      [this] { return stopping_ || read_requested_; });
  }
}

void StudyCache::analyse() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return stopping_ || !report_jobs_.empty(); });
    if (stopping_) return;
    auto job = report_jobs_.begin();
    const std::string name = job->first;
    const ReportJob taken = std::move(job->second);
    report_jobs_.erase(job);
    lock.unlock();
    build_report(name, taken);
    lock.lock();
  }
}

std::vector<std::string> StudyCache::wanted_studies(double now) {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  if (settings_.only_study) names.push_back(*settings_.only_study);
  for (auto it = asked_unix_s_.begin(); it != asked_unix_s_.end();) {
    if (now - it->second > settings_.keep_s) {
      it = asked_unix_s_.erase(it);
      continue;
    }
    if (!settings_.only_study) names.push_back(it->first);
    ++it;
  }
  return names;
}

void StudyCache::refresh() {
  const double now = now_unix_s();
  try {
    if (!storage_) storage_ = settings_.open(settings_.url);
    std::vector<storage::StudyRecord> records;
    const std::vector<StudyRead> reads = read(*storage_, records);
    publish_read(records, reads, now);  // first: a page has its live part before its report
    queue_reports(reads);
  } catch (const std::exception& e) {
    // Keep serving the last pages; the page shows the reason and their age. A storage
    // that failed is opened again at the next read (a new connection, a new file handle).
    storage_.reset();
    publish_failure(storage::redact_secrets(e.what(), settings_.url), now);
  }
}

std::vector<StudyCache::StudyRead> StudyCache::read(storage::Storage& storage,
                                                    std::vector<storage::StudyRecord>& records) {
  records = storage.list_studies();
  std::vector<StudyRead> reads;
  for (const std::string& name : wanted_studies(now_unix_s())) {
    for (const storage::StudyRecord& r : records) {
      if (r.config.name != name) continue;
      StudyRead read{r, storage.trials(r.id), {}, {}};
      read.live_html = live_part(read.record, read.trials, now_unix_s());
      read.curves_html = curves_part(read.record, read.trials);
      reads.push_back(std::move(read));
    }
  }
  return reads;
}

void StudyCache::queue_reports(const std::vector<StudyRead>& reads) {
  bool analysing;
  std::vector<std::string> queued;
  {
    std::lock_guard lock(mutex_);
    for (const StudyRead& r : reads) {
      std::string key = report_key(r.record, r.trials);
      std::string& last = report_keys_[r.record.config.name];
      if (key == last) continue;
      last = std::move(key);
      report_jobs_[r.record.config.name] = ReportJob{r.record, r.trials};
      queued.push_back(r.record.config.name);
    }
    analysing = analysing_;
  }
  if (analysing) {
    changed_.notify_all();
    return;
  }
  // No analysis thread (a test calling refresh() by hand): build them now.
  for (const std::string& name : queued) {
    ReportJob job;
    {
      std::lock_guard lock(mutex_);
      job = std::move(report_jobs_[name]);
      report_jobs_.erase(name);
    }
    build_report(name, job);
  }
}

void StudyCache::build_report(const std::string& name, const ReportJob& job) {
  const report::StudyReport r = report::build_study_report(
      job.record, job.trials, storage::redact_url(settings_.url), settings_.report);
  const std::int64_t finished = finished_count(job.trials);
  std::string html = "<p class=\"note\" id=\"report-basis\">The report's sections, from " +
                     std::to_string(finished) + " finished trials.</p>" + report_part(r);
  std::lock_guard lock(mutex_);
  auto next = std::make_shared<Snapshot>(*snapshot_);
  const auto found = next->pages.find(name);
  auto page = found == next->pages.end() ? std::make_shared<StudyPage>()
                                         : std::make_shared<StudyPage>(*found->second);
  page->name = name;
  const std::uint64_t version = page->report ? page->report->version + 1 : 1;
  page->report = std::make_shared<const PagePart>(PagePart{version, std::move(html)});
  page->report_trials = finished;
  page->frame = frame_study_page(*page);
  next->pages[name] = std::move(page);
  publish(std::move(next));
}

void StudyCache::publish_read(const std::vector<storage::StudyRecord>& records,
                              const std::vector<StudyRead>& reads, double read_unix_s) {
  std::lock_guard lock(mutex_);
  auto next = std::make_shared<Snapshot>(*snapshot_);
  next->studies.clear();
  for (const storage::StudyRecord& r : records)
    if (allowed(r.config.name)) next->studies.push_back(summary(r));
  std::map<std::string, std::shared_ptr<const StudyPage>> pages;
  for (const StudyRead& r : reads) {
    const std::string& name = r.record.config.name;
    const auto found = next->pages.find(name);
    auto page = found == next->pages.end() ? std::make_shared<StudyPage>()
                                           : std::make_shared<StudyPage>(*found->second);
    page->name = name;
    page->read_unix_s = read_unix_s;
    const bool live_changed = renew(page->live, r.live_html);
    if (renew(page->curves, r.curves_html) || live_changed) page->frame = frame_study_page(*page);
    pages[name] = std::move(page);
  }
  next->pages = std::move(pages);
  // A study no longer asked for is dropped; asked again, its report is built again.
  std::erase_if(report_keys_, [&](const auto& k) { return !next->pages.contains(k.first); });
  next->listed = true;
  next->storage.last_read_unix_s = read_unix_s;
  next->storage.error.clear();
  next->storage.failing_since_unix_s.reset();
  publish(std::move(next));
}

void StudyCache::publish_failure(const std::string& error, double now) {
  std::lock_guard lock(mutex_);
  auto next = std::make_shared<Snapshot>(*snapshot_);
  next->storage.error = error;
  if (!next->storage.failing_since_unix_s) next->storage.failing_since_unix_s = now;
  publish(std::move(next));
}

void StudyCache::publish(std::shared_ptr<const Snapshot> next) {
  snapshot_ = std::move(next);
  ++generation_;
  changed_.notify_all();
}

}  // namespace ecopt::dashboard
