#include "ecopt/hardware/restore_journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace ecopt::hardware {

namespace fs = std::filesystem;

std::optional<std::vector<DeviceSetting>> read_journal(const std::string& path) {
  std::error_code error;
  if (!fs::exists(path, error)) return std::nullopt;
  std::ifstream in(path);
  const std::string fix =
      "; check it, restore the settings it lists by hand, then remove it (docs/hardware.md)";
  if (!in) throw std::runtime_error(path + ": cannot read the hardware restore journal" + fix);
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    std::vector<DeviceSetting> settings;
    for (const nlohmann::json& item : j.at("originals")) {
      const auto knob = study::parse_enum<HardwareKnob>(item.at("knob").get<std::string>());
      if (!knob) throw std::runtime_error("unknown knob " + item.at("knob").dump());
      settings.push_back({*knob, item.at("device").get<int>(), item.at("value").get<double>()});
    }
    return settings;
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": the hardware restore journal is damaged (" + e.what() + ")" +
                             fix);
  }
}

void write_journal(const std::string& path, const std::vector<DeviceSetting>& originals) {
  nlohmann::json j = {{"pid", ::getpid()}, {"originals", nlohmann::json::array()}};
  for (const DeviceSetting& s : originals) {
    j["originals"].push_back(
        {{"knob", study::to_string(s.knob)}, {"device", s.device}, {"value", s.value}});
  }
  const std::string text = j.dump(2) + "\n";
  std::error_code error;
  fs::create_directories(fs::path(path).parent_path(), error);
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  // The journal must be on disk before the setting changes: a SIGKILL or power cut right
  // after the change still finds it.
  const bool written = fd >= 0 &&
                       ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  const int saved_errno = errno;
  if (fd >= 0) ::close(fd);
  if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
    throw std::runtime_error(
        path + ": cannot write the hardware restore journal (" +
        std::strerror(written ? errno : saved_errno) +
        "); the setting was not changed; make the folder writable (the journal "
        "lives beside the hardware lock, ECOPT_HARDWARE_LOCK)");
  }
}

std::string remove_journal(const std::string& path) {
  std::error_code error;
  if (fs::remove(path, error) || !error) return "";
  // Left in place it would be restored again at the next start, over newer settings.
  return "cannot remove the hardware restore journal " + path + " (" + error.message() +
         "); remove it by hand: every setting it lists is back";
}

}  // namespace ecopt::hardware
