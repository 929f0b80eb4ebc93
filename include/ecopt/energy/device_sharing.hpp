#pragma once
// Which of the trials running at once are on which device, so that a GPU shared by
// several trials (`ecopt tune --jobs 2` on one GPU) is split between them instead of
// charged whole to each. Each trial's sampler is a member; at every sample it says which
// devices its trial is on and learns how many members are on each.

#include <cstddef>
#include <map>
#include <mutex>
#include <vector>

namespace ecopt::energy {

class DeviceSharing {
 public:
  /// A new member, on no device yet.
  [[nodiscard]] std::size_t join();
  void leave(std::size_t member);
  /// Records whether `member` is on `device` (a meter domain index) and returns how many
  /// members are on it now, itself included.
  std::size_t update(std::size_t member, std::size_t device, bool on_device);

 private:
  std::mutex mutex_;
  std::map<std::size_t, std::vector<bool>> on_device_;  ///< member -> per device
  std::size_t next_member_ = 0;
};

}  // namespace ecopt::energy
