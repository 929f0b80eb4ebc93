#include "ecopt/runner/terminal_text.hpp"

#include <gtest/gtest.h>

namespace ecopt::runner {
namespace {

TEST(TerminalText, EscapeSequencesLoseTheirControlCharacters) {
  EXPECT_EQ(terminal_safe("\x1b]0;owned\x07 ok \x1b[2J"), "?]0;owned? ok ?[2J");
  EXPECT_EQ(terminal_safe(std::string("a\0b\r\x7f", 5)), "a?b??");
  EXPECT_EQ(terminal_safe("two\nlines\tand UTF-8 \xc3\xa9"), "two\nlines\tand UTF-8 \xc3\xa9");
}

}  // namespace
}  // namespace ecopt::runner
