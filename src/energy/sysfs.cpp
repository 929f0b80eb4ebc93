#include "sysfs.hpp"

#include <cerrno>
#include <fstream>
#include <sstream>

namespace ecopt::energy::detail {

std::optional<std::string> read_text(const std::string& path) {
  errno = 0;
  std::ifstream in(path);
  if (!in) {
    if (errno == 0) errno = ENOENT;
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return std::nullopt;
  std::string text = buffer.str();
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

}  // namespace ecopt::energy::detail
