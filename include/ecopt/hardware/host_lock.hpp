#pragma once
// One ecopt at a time changes this host's hardware: an exclusive flock on a lock file,
// held while a study with hardware knobs runs (and by `ecopt hardware restore`, and by
// `ecopt hardware` while it probes a permission by writing). The kernel drops it when the
// process dies, however it dies, so a killed ecopt never leaves the host locked. The
// holder writes its pid into the file, for the message. All users share the file: it is
// created mode 0666, and one this user may not write is locked read-only (docs/hardware.md).

#include <optional>
#include <string>

namespace ecopt::hardware {

struct LockAttempt;

class HostLock {
 public:
  /// Tries once, never waits.
  static LockAttempt attempt(const std::string& path);
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

/// Why a lock attempt got no lock: another process holds it, or the file cannot be opened
/// (a missing folder, a path through a file, a file this user may not even read).
enum class LockRefusal { none, held, cannot_open };

/// The outcome of one non-blocking attempt: the lock, or the refusal and its reason.
struct LockAttempt {
  std::optional<HostLock> lock;
  LockRefusal refusal = LockRefusal::none;
  std::string holder_pid;  ///< when held: the pid the holder wrote ("?" if unreadable)
  std::string reason;      ///< for people: who holds it or why the file cannot be opened
};

}  // namespace ecopt::hardware
