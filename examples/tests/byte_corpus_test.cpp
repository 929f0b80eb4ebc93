#include <gtest/gtest.h>

#include <fstream>

#include "byte_corpus.hpp"
#include "temp_dir.hpp"

namespace tg = ecopt_examples::textgen;
using ecopt_examples::testing::TempDir;

TEST(ByteCorpus, DirectoryInNameOrderWithValidationAtTheEnd) {
  TempDir dir;
  std::ofstream(dir.path() / "b.txt") << "0123456789";
  std::ofstream(dir.path() / "a.txt") << "abcdefghij";
  std::filesystem::create_symlink(dir.path() / "a.txt", dir.path() / "c-link.txt");  // counted once
  const auto corpus = tg::load_byte_corpus(dir.path(), 0.25, 2);
  EXPECT_EQ(corpus.files, 2);
  ASSERT_EQ(corpus.train.size(0), 15);
  ASSERT_EQ(corpus.validation.size(0), 5);
  EXPECT_EQ(corpus.train[0].item<std::int64_t>(), 'a');
  EXPECT_EQ(corpus.validation[0].item<std::int64_t>(), '5');
}

TEST(ByteCorpus, MissingOrTooShortTextIsNamed) {
  TempDir dir;
  try {
    tg::load_byte_corpus(dir.path() / "none", 0.1, 2);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find((dir.path() / "none").string()), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("--text"), std::string::npos);
  }
  std::ofstream(dir.path() / "short.txt") << "tiny";
  EXPECT_THROW(tg::load_byte_corpus(dir.path() / "short.txt", 0.5, 65), std::runtime_error);
}

TEST(ByteCorpus, RandomWindowsAreConsecutiveBytes) {
  const auto bytes = torch::arange(100, torch::kLong);
  auto generator = at::make_generator<at::CPUGeneratorImpl>(5);
  const auto windows = tg::random_windows(bytes, 6, 9, generator);
  ASSERT_EQ(windows.sizes(), (std::vector<std::int64_t>{6, 9}));
  EXPECT_TRUE(torch::equal(windows.slice(1, 1) - windows.slice(1, 0, 8),
                           torch::ones({6, 8}, torch::kLong)));
  EXPECT_LE(windows.max().item<std::int64_t>(), 99);
}
