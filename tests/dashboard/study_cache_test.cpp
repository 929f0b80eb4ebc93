// The dashboard's reads of a storage: its report sections are `ecopt report`'s, it keeps
// serving through an outage and says so, and it follows workers writing while it reads,
// on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "dashboard/study_cache.hpp"
#include "dashboard/study_page.hpp"
#include "ecopt/report/html_writer.hpp"
#include "ecopt/study/study.hpp"
#include "ecopt/study/study_file.hpp"
#include "report/study_fixture.hpp"
#include "storage/storage_backends.hpp"

namespace ecopt::dashboard {
namespace {

using ecopt::testing::BackendStore;
using ecopt::testing::OnEveryStorage;

/// A storage that fails on demand, as a database that went away: every read throws while
/// `down` is set, and so does opening it again.
struct Outage {
  std::atomic<bool> down{false};

  class Flaky : public storage::Storage {
   public:
    Flaky(std::unique_ptr<storage::Storage> inner, const std::atomic<bool>& down)
        : inner_(std::move(inner)), down_(down) {}
    std::string url() const override { return inner_->url(); }
    storage::StudyRecord create_study(const study::StudyConfig& c) override {
      return inner_->create_study(c);
    }
    std::optional<storage::StudyRecord> find_study(const std::string& name) override {
      check();
      return inner_->find_study(name);
    }
    std::vector<storage::StudyRecord> list_studies() override {
      check();
      return inner_->list_studies();
    }
    bool delete_study(const std::string& name) override { return inner_->delete_study(name); }
    void set_study_user_attr(std::int64_t id, const std::string& k, const std::string& v) override {
      inner_->set_study_user_attr(id, k, v);
    }
    study::Trial start_trial(std::int64_t id, const storage::WorkerInfo& w,
                             const std::function<space::Params(std::int64_t)>& f) override {
      return inner_->start_trial(id, w, f);
    }
    std::optional<study::Trial> start_trial_within_budget(
        std::int64_t id, std::int64_t max, const storage::WorkerInfo& w,
        const std::function<space::Params(std::int64_t)>& f) override {
      return inner_->start_trial_within_budget(id, max, w, f);
    }
    study::Trial enqueue_trial(std::int64_t id, const space::Params& p) override {
      return inner_->enqueue_trial(id, p);
    }
    bool finish_trial(std::int64_t id, const storage::TrialResult& r) override {
      return inner_->finish_trial(id, r);
    }
    void record_metrics(std::int64_t id, const std::map<std::string, double>& m,
                        const std::map<std::string, double>& u) override {
      inner_->record_metrics(id, m, u);
    }
    void record_intermediate(std::int64_t id, std::int64_t step,
                             const std::map<std::string, double>& v) override {
      inner_->record_intermediate(id, step, v);
    }
    void record_intermediate_steps(
        std::int64_t id, const std::map<std::int64_t, std::map<std::string, double>>& s) override {
      inner_->record_intermediate_steps(id, s);
    }
    void record_phase(std::int64_t id, const study::PhaseMeasurement& p) override {
      inner_->record_phase(id, p);
    }
    void set_trial_user_attr(std::int64_t id, const std::string& k, const std::string& v) override {
      inner_->set_trial_user_attr(id, k, v);
    }
    void heartbeat(std::int64_t id, const storage::TrialProgress& p) override {
      inner_->heartbeat(id, p);
    }
    std::vector<study::Trial> trials(std::int64_t id,
                                     std::optional<study::TrialState> state) override {
      check();
      return inner_->trials(id, state);
    }
    std::optional<study::Trial> trial(std::int64_t id, std::int64_t number) override {
      return inner_->trial(id, number);
    }
    std::vector<study::Trial> recover_stale_trials(std::int64_t id, double age,
                                                   storage::StaleAction a) override {
      return inner_->recover_stale_trials(id, age, a);
    }
    storage::StudyRecord import_study(const storage::StudyRecord& s,
                                      const std::vector<study::Trial>& t) override {
      return inner_->import_study(s, t);
    }

   private:
    void check() const {
      if (down_) throw storage::StorageError("server closed the connection (a test outage)");
    }
    std::unique_ptr<storage::Storage> inner_;
    const std::atomic<bool>& down_;
  };

  std::function<std::unique_ptr<storage::Storage>(const std::string&)> opener() {
    return [this](const std::string& url) -> std::unique_ptr<storage::Storage> {
      if (down) throw storage::StorageError("connection refused (a test outage)");
      return std::make_unique<Flaky>(storage::open_storage(url), down);
    };
  }
};

/// The study's page once its report is built from `trials` finished trials (120 s at most: a loaded
/// or sanitized build is slow).
std::shared_ptr<const StudyPage> wait_for_report(StudyCache& cache, const std::string& name,
                                                 std::int64_t trials) {
  for (int i = 0; i < 4800; ++i) {
    auto page = cache.page(name, 0.0);
    if (page && page->report && page->report_trials >= trials) return page;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return nullptr;
}

CacheSettings settings_for(const std::string& url) {
  CacheSettings s;
  s.url = url;
  s.interval_s = 0.05;
  return s;
}

TEST_P(OnEveryStorage, TheReportSectionsAreTheReportsOwn) {
  {
    auto storage = store().open();
    report::testing::make_fixture_study(*storage);
  }
  StudyCache cache(settings_for(store().url()));
  cache.start();
  ASSERT_NE(cache.page("fashion-cnn", 30.0), nullptr);
  const auto page = wait_for_report(cache, "fashion-cnn", 25);
  ASSERT_NE(page, nullptr);
  auto storage = store().open();
  const study::Study study = study::Study::open(*storage, "fashion-cnn");
  const report::StudyReport r = report::build_study_report(study.record(), study.trials(),
                                                           storage::redact_url(store().url()));
  const std::string& html = page->report->html;
  EXPECT_NE(html.find(report_part(r)), std::string::npos);
  EXPECT_NE(html.find(report::report_sections_html(r)), std::string::npos);
  EXPECT_EQ(page->report_trials, 25);
  EXPECT_EQ(cache.page("no-such-study", 5.0), nullptr);
}

TEST_P(OnEveryStorage, WorkersWritingWhileTheDashboardReadsAreAllSeen) {
  const std::string yaml = R"(name: live
parameters:
  x: {type: float, low: 0, high: 1}
objectives:
  - {name: loss, goal: minimize}
sampler: {name: random, seed: 1}
)";
  {
    auto storage = store().open();
    (void)study::Study::create(*storage, study::parse_study_config(yaml, "live.yaml"));
  }
  StudyCache cache(settings_for(store().url()));
  cache.start();
  ASSERT_NE(cache.page("live", 30.0), nullptr);
  std::vector<std::thread> workers;
  for (int w = 0; w < 2; ++w) {
    workers.emplace_back([&] {
      auto storage = store().open();
      study::Study study = study::Study::open(*storage, "live");
      for (int i = 0; i < 10; ++i) {
        const study::Trial t = study.ask();
        (void)study.tell(t, {static_cast<double>(i)}, {});
      }
    });
  }
  for (std::thread& t : workers) t.join();
  const auto page = wait_for_report(cache, "live", 20);
  ASSERT_NE(page, nullptr);
  EXPECT_EQ(page->report_trials, 20);
  EXPECT_NE(page->live->html.find("20 COMPLETE"), std::string::npos) << page->live->html;
}

INSTANTIATE_TEST_SUITE_P(Backends, OnEveryStorage, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& p) { return p.param; });

TEST(StudyCache, KeepsItsPagesThroughAStorageOutageAndSaysWhy) {
  BackendStore store("sqlite");
  {
    auto storage = store.open();
    report::testing::make_fixture_study(*storage);
  }
  Outage outage;
  CacheSettings s = settings_for(store.url());
  s.open = outage.opener();
  StudyCache cache(s);
  (void)cache.page("fashion-cnn", 0.0);  // ask for it, then read by hand
  cache.refresh();
  const auto before = cache.page("fashion-cnn", 0.0);
  ASSERT_NE(before, nullptr);
  EXPECT_TRUE(cache.snapshot()->storage.error.empty());
  const double last_read_unix_s = *cache.snapshot()->storage.last_read_unix_s;

  outage.down = true;
  cache.refresh();  // the open connection fails
  cache.refresh();  // and so does opening it again
  const StorageStatus down = cache.snapshot()->storage;
  EXPECT_NE(down.error.find("a test outage"), std::string::npos) << down.error;
  ASSERT_TRUE(down.failing_since_unix_s.has_value());
  EXPECT_DOUBLE_EQ(*down.last_read_unix_s, last_read_unix_s);
  EXPECT_EQ(cache.page("fashion-cnn", 0.0), before) << "the last page is still served";

  outage.down = false;
  cache.refresh();
  EXPECT_TRUE(cache.snapshot()->storage.error.empty());
  EXPECT_FALSE(cache.snapshot()->storage.failing_since_unix_s.has_value());
  EXPECT_NE(cache.page("fashion-cnn", 0.0), nullptr);
  EXPECT_NE(cache.page("fashion-cnn", 0.0)->report, nullptr) << "built by refresh() itself";
}

/// A started cache over the fixture study that has read the storage once and, with an
/// hour between reads, reads it again only when asked to.
class CacheReadOnce : public ::testing::Test {
 protected:
  void SetUp() override {
    {
      auto storage = store_.open();
      report::testing::make_fixture_study(*storage);
    }
    CacheSettings s = settings_for(store_.url());
    s.interval_s = 3600.0;
    cache_ = std::make_unique<StudyCache>(s);
    cache_->start();
    for (int i = 0; i < 1200 && !cache_->snapshot()->listed; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE(cache_->snapshot()->listed) << "the first read, 120 s at most";
    start_ = std::chrono::steady_clock::now();
  }
  double seconds_since_setup() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

  BackendStore store_{"sqlite"};
  std::unique_ptr<StudyCache> cache_;
  std::chrono::steady_clock::time_point start_;
};

// The first request for a study wakes the reader: it need not wait for the next read,
// an hour away here. (The bound is generous; the point is the answer comes at all.)
TEST_F(CacheReadOnce, AFirstRequestForAStudyIsReadAtOnceNotAtTheNextInterval) {
  EXPECT_NE(cache_->page("fashion-cnn", 120.0), nullptr);
  EXPECT_LT(seconds_since_setup(), 60.0);
}

// A name the storage's list lacks is answered at once: made-up names must not hold the
// server's threads waiting for reads.
TEST_F(CacheReadOnce, AnUnknownStudyIsAnsweredAtOnceOnceTheListIsKnown) {
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(cache_->page("no-such-study-" + std::to_string(i), 120.0), nullptr);
  EXPECT_LT(seconds_since_setup(), 60.0);
}

}  // namespace
}  // namespace ecopt::dashboard
