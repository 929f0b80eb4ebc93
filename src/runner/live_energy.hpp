#pragma once
// A running trial's energy so far, read from its sampler while it runs (internal to
// tune): for the heartbeats that tell other workers, and for the energy budget, which
// counts running trials as well as finished ones.

#include <mutex>
#include <optional>

#include "ecopt/energy/window.hpp"
#include "ecopt/storage/storage.hpp"

namespace ecopt::runner {

class LiveEnergy {
 public:
  explicit LiveEnergy(energy::WindowSettings window) : window_(window) {}

  /// While an Attachment lives, the trial's sampler (running, started before the trial)
  /// can be read; it ends before the sampler is destroyed.
  class Attachment {
   public:
    Attachment(LiveEnergy& live, energy::EnergySampler& sampler);
    ~Attachment();
    Attachment(const Attachment&) = delete;
    Attachment& operator=(const Attachment&) = delete;

   private:
    LiveEnergy& live_;
  };

  /// The trial ended and its whole-run window says `energy_j`: from now on that is its
  /// energy, however late the loop asks.
  void finish(double energy_j);

  /// Energy since the trial started, attributed as its whole-run window will be (scope,
  /// GPU use), J; 0 before its sampler is attached. Takes a sample now.
  [[nodiscard]] double energy_j();

  /// What the next heartbeat carries: energy so far, and mean power since the previous
  /// heartbeat (since the start for the first).
  [[nodiscard]] storage::TrialProgress progress();

 private:
  double energy_locked_j();

  energy::WindowSettings window_;
  std::mutex mutex_;
  energy::EnergySampler* sampler_ = nullptr;  ///< guarded by mutex_
  double start_s_ = 0.0;                      ///< monotonic, when the sampler was attached
  double energy_j_ = 0.0;                     ///< the last value read
  double read_at_s_ = 0.0;                    ///< when it was read (monotonic)
  std::optional<double> final_energy_j_;
  double heartbeat_energy_j_ = 0.0;  ///< at the previous heartbeat
  std::optional<double> heartbeat_at_s_;
};

}  // namespace ecopt::runner
