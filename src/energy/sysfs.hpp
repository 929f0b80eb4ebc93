#pragma once
// Small helpers for reading sysfs/procfs files (internal).

#include <optional>
#include <string>

namespace ecopt::energy::detail {

/// The file's contents without the trailing newline, or nullopt (errno set) if it cannot
/// be read.
std::optional<std::string> read_text(const std::string& path);
std::optional<unsigned long long> read_u64(const std::string& path);

}  // namespace ecopt::energy::detail
