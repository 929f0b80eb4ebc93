#include "ecopt/hardware/host_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace ecopt::hardware {

std::optional<HostLock> HostLock::try_acquire(const std::string& path, std::string& reason) {
  std::error_code error;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), error);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) {
    reason = "cannot open the hardware lock " + path + ": " + std::strerror(errno) +
             " (set ECOPT_HARDWARE_LOCK to a file you may write)";
    return std::nullopt;
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char holder[32] = {};
    const ssize_t n = ::pread(fd, holder, sizeof holder - 1, 0);
    std::string pid = n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : "?";
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    reason = "another ecopt (pid " + pid + ") is changing this host's hardware (it holds " + path +
             "); wait for it to finish, or run this study without `hardware:`";
    ::close(fd);
    return std::nullopt;
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, pid.data(), pid.size(), 0);
  return HostLock(fd);
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
