#include "sysfs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace ecopt::energy::detail {
namespace {

/// Reads from `fd` into [data, data + size) until full or at the end; -1 on an error.
ssize_t read_fully(int fd, char* data, std::size_t size) {
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd, data + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  return static_cast<ssize_t>(got);
}

}  // namespace

std::optional<std::string> read_text(const std::string& path) {
  errno = 0;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string text;
  char chunk[4096];
  ssize_t got = 0;
  while ((got = read_fully(fd, chunk, sizeof chunk)) > 0) {
    text.append(chunk, static_cast<std::size_t>(got));
    if (static_cast<std::size_t>(got) < sizeof chunk) break;
  }
  const int read_errno = errno;
  ::close(fd);
  if (got < 0) {
    errno = read_errno;
    return std::nullopt;
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

std::optional<unsigned long long> read_u64(const std::string& path) {
  const auto text = read_text(path);
  if (!text || text->empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    const unsigned long long value = std::stoull(*text, &used);
    if (used != text->size()) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::string_view> read_head(const std::string& path, std::span<char> buffer) {
  if (buffer.empty()) return std::nullopt;
  errno = 0;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  const ssize_t got = read_fully(fd, buffer.data(), buffer.size() - 1);
  const int read_errno = errno;
  ::close(fd);
  if (got < 0) {
    errno = read_errno;
    return std::nullopt;
  }
  buffer[static_cast<std::size_t>(got)] = '\0';
  return std::string_view(buffer.data(), static_cast<std::size_t>(got));
}

ProcFile::ProcFile(std::string path)
    : path_(std::move(path)), fd_(::open(path_.c_str(), O_RDONLY | O_CLOEXEC)) {}

ProcFile::~ProcFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<std::string_view> ProcFile::read_head(std::span<char> buffer) {
  if (buffer.empty()) return std::nullopt;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (fd_ < 0) fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return std::nullopt;
    ssize_t got = -1;
    do {
      got = ::pread(fd_, buffer.data(), buffer.size() - 1, 0);
    } while (got < 0 && errno == EINTR);
    if (got >= 0) {
      buffer[static_cast<std::size_t>(got)] = '\0';
      return std::string_view(buffer.data(), static_cast<std::size_t>(got));
    }
    ::close(fd_);  // e.g. the file went away and came back: open it again once
    fd_ = -1;
  }
  return std::nullopt;
}

}  // namespace ecopt::energy::detail
