// The trial protocol parser: every message kind, and untrusted input that must become an
// error value, never an exception or a crash.
#include "ecopt/runner/protocol.hpp"

#include <gtest/gtest.h>

#include <random>

namespace ecopt::runner {
namespace {

TEST(Protocol, ParsesEveryMessageKind) {
  auto metric = parse_message(R"({"metric": {"accuracy": 0.91, "loss": 0.2}})");
  ASSERT_TRUE(metric.message) << metric.error;
  EXPECT_EQ(std::get<MetricMessage>(*metric.message).values.at("accuracy"), 0.91);

  auto begin = parse_message(R"({"phase": "inference", "event": "begin", "t_ns": 1500000000})");
  ASSERT_TRUE(begin.message) << begin.error;
  const auto& b = std::get<PhaseMessage>(*begin.message);
  EXPECT_TRUE(b.begin);
  EXPECT_DOUBLE_EQ(*b.time_s, 1.5);

  auto end = parse_message(R"({"phase": "inference", "event": "end", "samples": 10000})");
  ASSERT_TRUE(end.message) << end.error;
  EXPECT_FALSE(std::get<PhaseMessage>(*end.message).time_s.has_value());
  EXPECT_EQ(*std::get<PhaseMessage>(*end.message).samples, 10000);

  auto report = parse_message(R"({"report": {"step": 3, "values": {"accuracy": 0.85}}})");
  ASSERT_TRUE(report.message) << report.error;
  EXPECT_EQ(std::get<ReportMessage>(*report.message).step, 3);

  auto attrs = parse_message(R"({"attrs": {"params": 113000, "flops": 2.1e7, "arch": "cnn"}})");
  ASSERT_TRUE(attrs.message) << attrs.error;
  EXPECT_EQ(std::get<AttrsMessage>(*attrs.message).attrs.at("arch"), "\"cnn\"");
}

TEST(Protocol, MalformedMessagesBecomeErrors) {
  const char* bad[] = {
      "not json at all",
      "[1, 2, 3]",
      R"({"metric": {"accuracy": "high"}})",
      R"({"metric": {"accuracy": 1e999}})",
      R"({"metric": 5})",
      R"({"phase": "train", "event": "middle"})",
      R"({"phase": 7, "event": "begin"})",
      R"({"phase": "train", "event": "end", "samples": -3})",
      R"({"phase": "train", "event": "end", "t_ns": "soon"})",
      R"({"report": {"values": {}}})",
      R"({"hello": "world"})",
      "",
  };
  for (const char* line : bad) {
    const ParsedLine parsed = parse_message(line);
    EXPECT_FALSE(parsed.message.has_value()) << line;
    EXPECT_FALSE(parsed.error.empty()) << line;
  }
  EXPECT_NE(
      parse_message(R"({"metric": {"accuracy": "high"}})").error.find("'accuracy' is not a number"),
      std::string::npos);
}

// Found by tests/fuzz/protocol_fuzz.cpp: nlohmann's value("event", string) threw
// type_error.302 out of parse_message when "event" was not a string.
TEST(Protocol, AnEventThatIsNotAStringIsAnError) {
  for (const char* line :
       {R"({"phase": "train", "event": 1})", R"({"phase": "train", "event": null})",
        R"({"phase": "train", "event": ["begin"]})"}) {
    ParsedLine parsed;
    EXPECT_NO_THROW(parsed = parse_message(line)) << line;
    EXPECT_FALSE(parsed.message.has_value()) << line;
    EXPECT_NE(parsed.error.find("event must be"), std::string::npos) << line;
  }
}

TEST(Protocol, RandomBytesNeverThrow) {
  std::mt19937 rng(1);
  for (int i = 0; i < 2000; ++i) {
    std::string line(static_cast<std::size_t>(rng() % 200), '\0');
    for (char& c : line) c = static_cast<char>(rng() % 256);
    if (i % 3 == 0) line = "{\"metric\": {\"" + line + "\": 1}}";
    EXPECT_NO_THROW((void)parse_message(line));
  }
}

TEST(Protocol, StdoutFallbackAndBoundedLines) {
  EXPECT_EQ(*stdout_payload(R"(ecopt: {"metric": {"a": 1}})"), R"({"metric": {"a": 1}})");
  EXPECT_FALSE(stdout_payload("epoch 3: loss 0.2").has_value());
  std::vector<std::string> lines, errors;
  LineSplitter splitter([&](std::string_view l) { lines.emplace_back(l); },
                        [&](const std::string& e) { errors.push_back(e); });
  splitter.feed("first\nsec");
  splitter.feed("ond\n");
  splitter.feed(std::string(kMaxMessageBytes + 10, 'x'));
  splitter.feed("still the long line\nafter\nunterminated");
  splitter.finish();
  EXPECT_EQ(lines, (std::vector<std::string>{"first", "second", "after", "unterminated"}));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("longer than"), std::string::npos);
}

}  // namespace
}  // namespace ecopt::runner
