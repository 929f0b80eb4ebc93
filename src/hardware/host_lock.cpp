#include "ecopt/hardware/host_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace ecopt::hardware {

LockAttempt HostLock::attempt(const std::string& path) {
  LockAttempt result;
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) {
    result.refusal = LockRefusal::cannot_open;
    result.reason = "cannot open the hardware lock " + path + ": " + std::strerror(errno) +
                    " (another user's lock file? set ECOPT_HARDWARE_LOCK to a file you may "
                    "write, or run as the user who owns it)";
    return result;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char holder[32] = {};
    const ssize_t n = ::pread(fd, holder, sizeof holder - 1, 0);
    std::string pid = n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : "?";
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    result.refusal = LockRefusal::held;
    result.holder_pid = pid;
    result.reason =
        "another ecopt (pid " + pid + ") is changing this host's hardware (it holds " + path + ")";
    ::close(fd);
    return result;
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, pid.data(), pid.size(), 0);
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
