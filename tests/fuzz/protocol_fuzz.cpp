// Fuzzes the trial protocol (untrusted bytes a trial writes): the line splitter, the
// "ecopt: " stdout prefix and the JSON message parser.
// Properties: parse_message never throws and returns exactly one of a message or an
// error; accepted messages hold only finite numbers, valid names and non-negative times
// and counts; the splitter's lines rebuild the input unless a line was too long, and no
// line it hands on exceeds kMaxMessageBytes.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ecopt/runner/protocol.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace ecopt;

bool valid_name(const std::string& name) {
  return !name.empty() && name.size() <= 200;
}

void check_values(const std::map<std::string, double>& values) {
  fuzz::check(values.size() <= runner::kMaxEntriesPerMessage, "at most kMaxEntriesPerMessage");
  for (const auto& [name, value] : values) {
    fuzz::check(valid_name(name), "value names are valid", name);
    fuzz::check(std::isfinite(value), "values are finite", name);
  }
}

void check_message(const runner::Message& message) {
  if (const auto* metric = std::get_if<runner::MetricMessage>(&message)) {
    check_values(metric->values);
  } else if (const auto* phase = std::get_if<runner::PhaseMessage>(&message)) {
    fuzz::check(valid_name(phase->phase), "phase names are valid", phase->phase);
    if (phase->time_s)
      fuzz::check(std::isfinite(*phase->time_s) && *phase->time_s >= 0, "phase times are >= 0");
    if (phase->samples) fuzz::check(*phase->samples >= 0, "phase sample counts are >= 0");
  } else if (const auto* report = std::get_if<runner::ReportMessage>(&message)) {
    check_values(report->values);
  } else {
    for (const auto& [name, json] : std::get<runner::AttrsMessage>(message).attrs) {
      fuzz::check(valid_name(name), "attribute names are valid", name);
      fuzz::check(!json.empty(), "attribute values are JSON text", name);
    }
  }
}

void check_parse(std::string_view json) {
  const runner::ParsedLine parsed = runner::parse_message(json);  // must not throw
  fuzz::check(parsed.message.has_value() == parsed.error.empty(),
              "a line is either a message or an error", parsed.error);
  if (parsed.message) check_message(*parsed.message);
}

void check_line(std::string_view line) {
  fuzz::check(line.size() <= runner::kMaxMessageBytes, "lines are bounded");
  fuzz::check(line.find('\n') == std::string_view::npos, "lines hold no newline");
  std::string_view json = line;
  if (const auto payload = runner::stdout_payload(line)) {
    fuzz::check(payload->starts_with('{') && line.ends_with(*payload),
                "the stdout payload is the JSON object after the prefix");
    json = *payload;
  }
  check_parse(json);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines;
  bool dropped = false;
  runner::LineSplitter splitter([&](std::string_view line) { lines.emplace_back(line); },
                                [&](const std::string&) { dropped = true; });
  // Feed in chunks of varying size, as reads from a pipe arrive.
  const std::size_t chunk = size == 0 ? 1 : 1 + data[0] % 64;
  for (std::size_t at = 0; at < size; at += chunk) splitter.feed(bytes.substr(at, chunk));
  splitter.finish();

  std::string rebuilt;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    check_line(lines[i]);
    rebuilt += (i > 0 ? "\n" : "") + lines[i];
  }
  if (!bytes.empty() && bytes.back() == '\n') rebuilt += '\n';
  if (!dropped) fuzz::check(rebuilt == bytes, "the splitter's lines rebuild the input");
  check_parse(bytes);  // the whole input as one message, too (newlines and all)
  return 0;
}
