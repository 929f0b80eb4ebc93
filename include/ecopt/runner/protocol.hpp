#pragma once
// The trial protocol: JSON lines a trial writes to the fd in $ECOPT_FD (or, for trials
// that cannot, to stdout behind "ecopt: "). One implementation, shared by `ecopt measure`
// and `ecopt tune`.
//
//   {"metric": {"accuracy": 0.91}}
//   {"phase": "inference", "event": "begin", "t_ns": <CLOCK_MONOTONIC ns>}
//   {"phase": "inference", "event": "end", "t_ns": ..., "samples": 10000}
//   {"report": {"step": 3, "values": {"accuracy": 0.85}}}
//   {"attrs": {"params": 113000, "flops": 2.1e7}}
//
// Trial output is untrusted: lines are bounded, anything malformed is reported as an
// error value (never thrown), and nothing in a message can crash the reader.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace ecopt::runner {

inline constexpr std::size_t kMaxMessageBytes = 64 * 1024;
inline constexpr std::size_t kMaxEntriesPerMessage = 1024;

struct MetricMessage {
  std::map<std::string, double> values;
};
struct PhaseMessage {
  std::string phase;
  bool begin = true;
  std::optional<double> time_s;  ///< CLOCK_MONOTONIC seconds from t_ns, if given
  std::optional<std::int64_t> samples;
};
struct ReportMessage {
  std::int64_t step = 0;
  std::map<std::string, double> values;
};
struct AttrsMessage {
  std::map<std::string, std::string> attrs;  ///< JSON text per key
};
using Message = std::variant<MetricMessage, PhaseMessage, ReportMessage, AttrsMessage>;

struct ParsedLine {
  std::optional<Message> message;
  std::string error;  ///< why the line was rejected, when `message` is empty
};

[[nodiscard]] ParsedLine parse_message(std::string_view line);

/// The JSON after "ecopt: " on a stdout line, if the line is a protocol message.
[[nodiscard]] std::optional<std::string_view> stdout_payload(std::string_view line);

/// Splits a byte stream into lines of at most kMaxMessageBytes; longer lines are dropped
/// and reported through `on_error`.
class LineSplitter {
 public:
  using LineHandler = std::function<void(std::string_view)>;
  using ErrorHandler = std::function<void(const std::string&)>;
  LineSplitter(LineHandler on_line, ErrorHandler on_error)
      : on_line_(std::move(on_line)), on_error_(std::move(on_error)) {}
  void feed(std::string_view bytes);
  void finish();  ///< flushes a last line without a newline

 private:
  LineHandler on_line_;
  ErrorHandler on_error_;
  std::string partial_;
  bool discarding_ = false;
};

}  // namespace ecopt::runner
