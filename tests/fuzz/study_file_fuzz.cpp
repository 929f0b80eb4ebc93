// Fuzzes the study-file parser (YAML from people) and the stored-config codec behind it.
// Properties: a study file either parses or raises StudyFileError naming the file (no
// other exception, no crash); a parsed config stored as JSON decodes again, and storing
// the decoded config writes the same text (what the storage keeps is what was parsed).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ecopt/study/config_codec.hpp"
#include "ecopt/study/study_file.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ecopt;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  study::StudyConfig config;
  try {
    config = study::parse_study_config(text, "fuzz.yaml");
  } catch (const study::StudyFileError& e) {
    fuzz::check(std::string_view(e.what()).starts_with("fuzz.yaml"),
                "a study-file error names the file", e.what());
    return 0;
  }
  const std::string stored = study::to_json_text(config);
  std::string restored;
  try {
    restored = study::to_json_text(study::from_json_text(stored, "stored"));
  } catch (const study::StudyFileError& e) {
    fuzz::property_failed("the stored form of a parsed study file decodes", e.what());
  }
  fuzz::check(restored == stored, "a stored config decodes to the same config",
              stored + "\n  became\n" + restored);
  return 0;
}
