// A trial's stderr tail as ecopt keeps it: untrusted bytes become bounded, valid UTF-8.
#include "ecopt/study/stderr_tail.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ecopt::study {
namespace {

const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD

TEST(StderrTail, ValidTextIsKeptAsItIs) {
  const std::string text =
      "Traceback (most recent call last):\n  \xC3\xA9t\xC3\xA9 \xF0\x9F\x94\xA5\n";
  EXPECT_EQ(bounded_stderr_tail(text), text);
  EXPECT_EQ(bounded_stderr_tail(""), "");
}

TEST(StderrTail, MalformedUtf8AndNulBecomeReplacementCharacters) {
  // A stray Latin-1 byte, a lone continuation byte, a truncated sequence, an overlong form,
  // a surrogate and a NUL.
  const std::string text = std::string("caf\xE9|\x80|\xE2\x82|\xC0\xAF|\xED\xA0\x80|") + '\0' + "|";
  const std::string kept = bounded_stderr_tail(text);
  EXPECT_EQ(kept.find('\0'), std::string::npos);
  EXPECT_EQ(kept.substr(0, 3 + kReplacement.size() + 1), "caf" + kReplacement + "|");
  EXPECT_EQ(bounded_stderr_tail(kept), kept) << "the result is valid UTF-8";
  EXPECT_EQ(kept.back(), '|');
}

TEST(StderrTail, KeepsOnlyTheLastBytesFromACharacterBoundary) {
  // 3000 two-byte characters, then the line that matters: the cut falls inside a character.
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "\xC3\xA9";
  text += "\nRuntimeError: CUDA out of memory\n";
  const std::string kept = bounded_stderr_tail(text);
  EXPECT_LE(kept.size(), kMaxStderrTailBytes);
  EXPECT_GE(kept.size(), kMaxStderrTailBytes - 1);
  EXPECT_EQ(kept.substr(0, 2), "\xC3\xA9") << "starts at a whole character";
  EXPECT_EQ(kept.substr(kept.size() - 34), "\nRuntimeError: CUDA out of memory\n");
}

TEST(StderrTail, BoundsTheTextAfterReplacement) {
  // Each bad byte grows to three: the bound applies to what is kept.
  const std::string kept = bounded_stderr_tail(std::string(3000, '\xFF'));
  EXPECT_LE(kept.size(), kMaxStderrTailBytes);
  EXPECT_EQ(kept.size() % kReplacement.size(), 0u);
  EXPECT_EQ(kept.substr(0, 3), kReplacement);
}

}  // namespace
}  // namespace ecopt::study
