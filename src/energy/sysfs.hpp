#pragma once
// Small helpers for reading sysfs/procfs files (internal).

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ecopt::energy::detail {

/// The file's contents without the trailing newline, or nullopt (errno set) if it cannot
/// be read.
std::optional<std::string> read_text(const std::string& path);
std::optional<unsigned long long> read_u64(const std::string& path);

/// The file's first `buffer.size() - 1` bytes at most, NUL-terminated in `buffer` (so
/// strtoull and strtod can parse it), or nullopt (errno set) if it cannot be read. One
/// open, read and close, no allocation: the sampler reads procfs at every window edge,
/// where an ifstream's locale and parsing cost more than the kernel's read
/// (docs/benchmarks.md).
std::optional<std::string_view> read_head(const std::string& path, std::span<char> buffer);

/// A procfs file kept open and read again from its start each time (pread at offset 0,
/// for which procfs makes the text anew). It saves the path lookup, open and close of
/// each read, about a third of what reading /proc/stat or /proc/meminfo costs, and the
/// estimator reads both at every window edge (docs/benchmarks.md). A failed read reopens
/// the file once.
class ProcFile {
 public:
  explicit ProcFile(std::string path);
  ~ProcFile();
  ProcFile(const ProcFile&) = delete;
  ProcFile& operator=(const ProcFile&) = delete;

  /// As detail::read_head, from the kept descriptor.
  std::optional<std::string_view> read_head(std::span<char> buffer);

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace ecopt::energy::detail
