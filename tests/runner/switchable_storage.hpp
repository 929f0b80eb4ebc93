#pragma once
// A storage for runner tests: a real SQLite file underneath, and a switch that makes
// every write fail as a read-only database file does, while reads go on working.

#include <atomic>
#include <memory>

#include "ecopt/storage/sqlite_storage.hpp"

namespace ecopt::testing {

class SwitchableStorage final : public storage::Storage {
 public:
  explicit SwitchableStorage(const std::string& path)
      : inner_(storage::open_sqlite_storage(path)) {}

  std::atomic<bool> read_only{false};
  std::atomic<int> failed_writes{0};

  /// Runs a write, or fails it as SQLite does on a read-only file.
  template <typename F>
  auto write(F&& f) {
    if (read_only) {
      ++failed_writes;
      throw storage::StorageError("attempt to write a readonly database");
    }
    return f();
  }

  std::string url() const override { return inner_->url(); }
  storage::StudyRecord create_study(const study::StudyConfig& config) override {
    return write([&] { return inner_->create_study(config); });
  }
  std::optional<storage::StudyRecord> find_study(const std::string& name) override {
    return inner_->find_study(name);
  }
  std::vector<storage::StudyRecord> list_studies() override { return inner_->list_studies(); }
  bool delete_study(const std::string& name) override {
    return write([&] { return inner_->delete_study(name); });
  }
  void set_study_user_attr(std::int64_t id, const std::string& key,
                           const std::string& json) override {
    write([&] { inner_->set_study_user_attr(id, key, json); });
  }
  study::Trial start_trial(std::int64_t id, const storage::WorkerInfo& worker,
                           const std::function<space::Params(std::int64_t)>& sample) override {
    return write([&] { return inner_->start_trial(id, worker, sample); });
  }
  std::optional<study::Trial> start_trial_within_budget(
      std::int64_t id, std::int64_t max_trials, const storage::WorkerInfo& worker,
      const std::function<space::Params(std::int64_t)>& sample) override {
    return write([&] { return inner_->start_trial_within_budget(id, max_trials, worker, sample); });
  }
  study::Trial enqueue_trial(std::int64_t id, const space::Params& params) override {
    return write([&] { return inner_->enqueue_trial(id, params); });
  }
  bool finish_trial(std::int64_t id, const storage::TrialResult& result) override {
    return write([&] { return inner_->finish_trial(id, result); });
  }
  void record_metrics(std::int64_t id, const std::map<std::string, double>& metrics,
                      const std::map<std::string, double>& uncertainties) override {
    write([&] { inner_->record_metrics(id, metrics, uncertainties); });
  }
  void record_intermediate(std::int64_t id, std::int64_t step,
                           const std::map<std::string, double>& values) override {
    write([&] { inner_->record_intermediate(id, step, values); });
  }
  void record_intermediate_steps(
      std::int64_t id,
      const std::map<std::int64_t, std::map<std::string, double>>& steps) override {
    write([&] { inner_->record_intermediate_steps(id, steps); });
  }
  void record_phase(std::int64_t id, const study::PhaseMeasurement& phase) override {
    write([&] { inner_->record_phase(id, phase); });
  }
  void set_trial_user_attr(std::int64_t id, const std::string& key,
                           const std::string& json) override {
    write([&] { inner_->set_trial_user_attr(id, key, json); });
  }
  void heartbeat(std::int64_t id, const storage::TrialProgress& progress) override {
    write([&] { inner_->heartbeat(id, progress); });
  }
  std::vector<study::Trial> trials(std::int64_t id,
                                   std::optional<study::TrialState> state = {}) override {
    return inner_->trials(id, state);
  }
  std::optional<study::Trial> trial(std::int64_t id, std::int64_t number) override {
    return inner_->trial(id, number);
  }
  std::vector<study::Trial> recover_stale_trials(std::int64_t id, double max_age_s,
                                                 storage::StaleAction action) override {
    return write([&] { return inner_->recover_stale_trials(id, max_age_s, action); });
  }
  storage::StudyRecord import_study(const storage::StudyRecord& study,
                                    const std::vector<study::Trial>& trials) override {
    return write([&] { return inner_->import_study(study, trials); });
  }

 private:
  std::unique_ptr<storage::Storage> inner_;
};

}  // namespace ecopt::testing
