#include "ecopt/hardware/host_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace ecopt::hardware {

namespace {

struct OpenedLockFile {
  int fd = -1;
  bool writable = false;
  int error = 0;  ///< errno of the open that failed
};

/// Opens the lock file as it is found, and creates it only when it is missing. An existing
/// file is opened without O_CREAT, because in a sticky world-writable folder (/run/lock,
/// /tmp) fs.protected_regular refuses O_CREAT on another user's file even where its mode
/// allows the open. A file this user may not write is opened read-only: flock needs no
/// write access, only the holder's pid cannot be written then. A new file is made
/// world-writable, whatever the umask, so that every user's ecopt can lock it and say who
/// holds it.
OpenedLockFile open_lock_file(const std::string& path) {
  for (int attempt = 0; attempt < 2; ++attempt) {  // a second pass if another creates it
    int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd >= 0) return {fd, true, 0};
    if (errno == EACCES || errno == EPERM || errno == EROFS) {
      fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      return {fd, false, fd >= 0 ? 0 : errno};
    }
    if (errno != ENOENT) return {-1, false, errno};
    fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      (void)::fchmod(fd, 0666);  // the umask narrowed the mode open() was given
      return {fd, true, 0};
    }
    if (errno != EEXIST) return {-1, false, errno};
  }
  return {-1, false, EEXIST};
}

/// The holder's pid as written in the file: digits only, since any user may write it.
std::string holder_pid_in(int fd) {
  char text[32] = {};
  const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
  std::string pid;
  for (ssize_t i = 0; i < n && text[i] >= '0' && text[i] <= '9'; ++i) pid += text[i];
  return pid.empty() ? "?" : pid;
}

}  // namespace

LockAttempt HostLock::attempt(const std::string& path) {
  LockAttempt result;
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
  const OpenedLockFile file = open_lock_file(path);
  const int fd = file.fd;
  if (fd < 0) {
    result.refusal = LockRefusal::cannot_open;
    result.reason = "cannot open the hardware lock " + path + ": " + std::strerror(file.error) +
                    " (set ECOPT_HARDWARE_LOCK to a file every user of this host may read, "
                    "or run as a user who may read it)";
    return result;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const std::string pid = holder_pid_in(fd);
    result.refusal = LockRefusal::held;
    result.holder_pid = pid;
    result.reason =
        "another ecopt (pid " + pid + ") is changing this host's hardware (it holds " + path + ")";
    ::close(fd);
    return result;
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (file.writable && ::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, pid.data(), pid.size(), 0);
  result.lock = HostLock(fd);
  return result;
}

std::optional<HostLock> HostLock::try_acquire(const std::string& path, std::string& reason) {
  LockAttempt result = attempt(path);
  if (result.refusal == LockRefusal::held)
    reason = result.reason + "; wait for it to finish, or run this study without `hardware:`";
  else
    reason = result.reason;
  return std::move(result.lock);
}

HostLock::HostLock(HostLock&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

HostLock& HostLock::operator=(HostLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

HostLock::~HostLock() {
  if (fd_ >= 0) ::close(fd_);  // closing drops the flock
}

}  // namespace ecopt::hardware
