#pragma once
// One ecopt at a time changes this host's hardware: an exclusive flock on a lock file,
// held while a study with hardware knobs runs (and by `ecopt hardware restore`). The
// kernel drops it when the process dies, however it dies, so a killed ecopt never leaves
// the host locked. The holder writes its pid into the file, for the message.

#include <optional>
#include <string>

namespace ecopt::hardware {

class HostLock {
 public:
  /// The lock, or nullopt with `reason` saying who holds it (or why the file cannot be
  /// opened). Never waits.
  static std::optional<HostLock> try_acquire(const std::string& path, std::string& reason);
  HostLock(HostLock&& other) noexcept;
  HostLock& operator=(HostLock&& other) noexcept;
  HostLock(const HostLock&) = delete;
  ~HostLock();

 private:
  explicit HostLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace ecopt::hardware
