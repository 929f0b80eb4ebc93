#include "ecopt/runner/recorder.hpp"

#include "unrecorded_results.hpp"

namespace ecopt::runner {
namespace {

/// One storage write of an outcome, in the order they are made.
enum class WriteKind { phase, total, intermediate, attrs, metrics, meter, tell, follow_up };
struct Write {
  WriteKind kind;
  std::size_t phase = 0;  ///< for WriteKind::phase
};

std::vector<Write> plan_writes(const TrialOutcome& o) {
  std::vector<Write> writes;
  if (const auto& run = o.finished.run) {
    for (std::size_t i = 0; i < run->phases.size(); ++i) writes.push_back({WriteKind::phase, i});
    for (WriteKind k :
         {WriteKind::total, WriteKind::intermediate, WriteKind::attrs, WriteKind::metrics}) {
      writes.push_back({k});
    }
  }
  for (WriteKind k : {WriteKind::meter, WriteKind::tell, WriteKind::follow_up})
    writes.push_back({k});
  return writes;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

struct Recorder::Waiting {
  TrialOutcome outcome;
  std::vector<Write> writes;
  std::size_t writes_done = 0;
  bool dropped = false;  ///< another process ended the trial first; see tell()
};

Recorder::Recorder(study::Study& study, RecorderSettings settings, RecorderEvents& events)
    : study_(study), settings_(std::move(settings)), events_(events) {}

Recorder::~Recorder() = default;

bool Recorder::attempt(Access access, const std::function<void()>& operation) {
  try {
    operation();
  } catch (const storage::StorageError& e) {
    outage_error_ = e.what();
    if (!failed_access_ || access == Access::write) failed_access_ = access;
    if (!outage_since_) {
      outage_since_ = std::chrono::steady_clock::now();
      events_.warning("cannot use the storage (" + outage_error_ +
                      "); no new trial starts, and results are kept and retried for " +
                      std::to_string(static_cast<long long>(settings_.give_up_after_s)) +
                      " s before they are written to " + settings_.unrecorded_file.string());
    }
    return false;
  }
  // A read that works says nothing about a write that failed (a read-only file): only an
  // operation of the failing kind ends the outage.
  if (outage_since_ && (access == Access::write || failed_access_ == Access::read)) {
    events_.warning("the storage works again; recording the kept results");
    outage_since_.reset();
    failed_access_.reset();
  }
  return true;
}

bool Recorder::outage_expired() const {
  return outage_since_ && seconds_since(*outage_since_) >= settings_.give_up_after_s;
}

void Recorder::record(TrialOutcome outcome) {
  auto w = std::make_unique<Waiting>();
  w->writes = plan_writes(outcome);
  w->outcome = std::move(outcome);
  waiting_.push_back(std::move(w));
  flush();
}

bool Recorder::flush() {
  while (!waiting_.empty() && record_writes(*waiting_.front())) waiting_.pop_front();
  return waiting_.empty();
}

bool Recorder::record_writes(Waiting& w) {
  while (w.writes_done < w.writes.size() && !w.dropped) {
    if (!attempt(Access::write, [&] { write(w, w.writes_done); })) return false;
    ++w.writes_done;
  }
  events_.recorded(w.outcome, w.dropped);
  return true;
}

void Recorder::write(Waiting& w, std::size_t index) {
  storage::Storage& storage = study_.storage();
  const TrialOutcome& o = w.outcome;
  const std::int64_t id = o.finished.trial.id;
  const Write& step = w.writes[index];
  switch (step.kind) {
    case WriteKind::phase:
      return storage.record_phase(id, o.finished.run->phases[step.phase]);
    case WriteKind::total:
      return storage.record_phase(id, o.finished.run->total);
    case WriteKind::intermediate:
      // One transaction for them all: a trial that reports thousands of steps would
      // otherwise cost one sync each and stall the loop.
      if (!o.finished.run->reports.empty())
        storage.record_intermediate_steps(id, o.finished.run->reports);
      return;
    case WriteKind::attrs:
      for (const auto& [k, v] : o.finished.run->attrs) storage.set_trial_user_attr(id, k, v);
      return;
    case WriteKind::metrics:
      return storage.record_metrics(id, o.metrics, o.uncertainties);
    case WriteKind::meter:
      return storage.set_trial_user_attr(id, "meter", settings_.meter_json);
    case WriteKind::tell:
      return tell(w);
    case WriteKind::follow_up:
      return follow_up(o);
  }
}

void Recorder::tell(Waiting& w) {
  const TrialOutcome& o = w.outcome;
  const study::TellResult told =
      o.complete() ? study_.tell(o.finished.trial, o.values)
                   : study_.tell(o.finished.trial, o.kind, o.reason, o.stderr_tail);
  if (told.recorded) return;
  // Another process failed the trial as stale while it ran (its heartbeats did not get
  // through) and re-queued its parameters. Recording it now would count it twice, so the
  // result goes to the file instead, and nothing is re-queued: the other did that.
  write_unrecorded({&o}, told.why_not);
  events_.trial_warning(o.finished.trial, told.why_not + "; its result was written to " +
                                              settings_.unrecorded_file.string());
  w.dropped = true;
}

void Recorder::follow_up(const TrialOutcome& o) {
  if (o.complete()) return;
  // An interrupted trial is re-queued whatever came before: no need to read the trials.
  const FollowUp next = settings_.retry.after_failure(
      o.finished.trial, o.kind, o.interrupted() ? std::vector<study::Trial>{} : study_.trials());
  if (next == FollowUp::none) return;
  const study::Trial again = study_.enqueue(o.finished.trial.params);
  if (next == FollowUp::retry) {
    study_.storage().set_trial_user_attr(again.id, "retry_of",
                                         std::to_string(o.finished.trial.number));
  }
}

void Recorder::write_unrecorded(const std::vector<const TrialOutcome*>& outcomes,
                                const std::string& why) {
  std::vector<UnrecordedResult> entries;
  for (const TrialOutcome* o : outcomes) {
    UnrecordedResult r;
    r.study = study_.config().name;
    r.storage_url = study_.storage().url();
    r.trial = o->finished.trial;
    r.state = o->complete() ? "COMPLETE" : "FAIL";
    r.failure_kind = o->kind;
    r.values = o->values;
    r.reason = o->reason;
    r.stderr_tail = o->stderr_tail;
    r.metrics = o->metrics;
    r.metric_uncertainties = o->uncertainties;
    if (o->finished.run) {
      r.phases = o->finished.run->phases;
      r.phases.push_back(o->finished.run->total);
    }
    r.why_unrecorded = why;
    entries.push_back(std::move(r));
  }
  if (!entries.empty()) append_unrecorded(settings_.unrecorded_file.string(), entries);
}

void Recorder::give_up(std::vector<TrialOutcome> more) {
  std::vector<const TrialOutcome*> outcomes;
  for (const auto& w : waiting_) outcomes.push_back(&w->outcome);
  for (const TrialOutcome& o : more) outcomes.push_back(&o);
  write_unrecorded(outcomes, "the storage was unreachable: " + outage_error_);
  const double away_s = outage_since_ ? seconds_since(*outage_since_) : 0.0;
  throw storage::StorageError(
      "gave up on the storage after " + std::to_string(static_cast<long long>(away_s)) +
      " s (last error: " + outage_error_ + "); " +
      (outcomes.empty()
           ? std::string("no result was pending")
           : "wrote " + std::to_string(outcomes.size()) + " unrecorded trial result(s) to " +
                 settings_.unrecorded_file.string() + " (one JSON object a line)") +
      ". Once the storage is back, run the command again: it resumes the study");
}

}  // namespace ecopt::runner
