#include "ecopt/energy/device_sharing.hpp"

namespace ecopt::energy {

std::size_t DeviceSharing::join() {
  std::lock_guard lock(mutex_);
  on_device_[next_member_];
  return next_member_++;
}

void DeviceSharing::leave(std::size_t member) {
  std::lock_guard lock(mutex_);
  on_device_.erase(member);
}

std::size_t DeviceSharing::update(std::size_t member, std::size_t device, bool on_device) {
  std::lock_guard lock(mutex_);
  std::vector<bool>& mine = on_device_[member];
  if (mine.size() <= device) mine.resize(device + 1, false);
  mine[device] = on_device;
  std::size_t count = 0;
  for (const auto& [id, devices] : on_device_) {
    if (device < devices.size() && devices[device]) ++count;
  }
  return count;
}

}  // namespace ecopt::energy
