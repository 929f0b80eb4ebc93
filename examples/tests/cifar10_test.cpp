// The CIFAR-10 binary format on small files the test writes: records of one label byte
// and 3 x 32 x 32 channel-major pixels.
#include <gtest/gtest.h>

#include <fstream>

#include "cifar10.hpp"
#include "temp_dir.hpp"

namespace cnn = ecopt_examples::cnn;
using ecopt_examples::testing::TempDir;

namespace {

// Record r of a file has label (first_label + r) % 10 and pixel (c, y, x) = (c*7 + y + x + r) %
// 256.
void write_batch(const std::filesystem::path& path, int records, int first_label) {
  std::ofstream out(path, std::ios::binary);
  for (int r = 0; r < records; ++r) {
    out.put(static_cast<char>((first_label + r) % 10));
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 32; ++x) out.put(static_cast<char>((c * 7 + y + x + r) % 256));
  }
}

void write_dataset(const std::filesystem::path& dir) {
  for (int i = 1; i <= 5; ++i)
    write_batch(dir / ("data_batch_" + std::to_string(i) + ".bin"), 2, i);
  write_batch(dir / "test_batch.bin", 3, 7);
}

std::string error_of(const std::filesystem::path& dir) {
  try {
    cnn::load_cifar10(dir);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(Cifar10, ReadsTheBinaryFormat) {
  TempDir dir;
  write_dataset(dir.path());
  const auto data = cnn::load_cifar10(dir.path());
  ASSERT_EQ(data.train.images.sizes(), (std::vector<std::int64_t>{10, 3, 32, 32}));
  ASSERT_EQ(data.test.images.sizes(), (std::vector<std::int64_t>{3, 3, 32, 32}));
  EXPECT_EQ(data.train.images.dtype(), torch::kUInt8);
  // Batch files in order: data_batch_2's records are samples 2 and 3.
  EXPECT_EQ(data.train.labels[2].item<std::int64_t>(), 2);
  EXPECT_EQ(data.train.labels[3].item<std::int64_t>(), 3);
  EXPECT_EQ(data.test.labels[2].item<std::int64_t>(), 9);
  // Sample 3 is record 1 of its file: pixel (channel 2, row 5, column 9) = 14 + 5 + 9 + 1.
  EXPECT_EQ(data.train.images[3][2][5][9].item<int>(), 29);
  EXPECT_EQ(data.test.images[1][1][31][0].item<int>(), 7 + 31 + 0 + 1);
  EXPECT_EQ(data.train.sample_shape(), (cnn::FeatureShape{3, 32, 32}));
}

TEST(Cifar10, MissingFileSaysWhereToGetTheData) {
  TempDir dir;
  write_dataset(dir.path());
  std::filesystem::remove(dir.path() / "test_batch.bin");
  const std::string message = error_of(dir.path());
  EXPECT_NE(message.find("CIFAR-10 not found"), std::string::npos) << message;
  EXPECT_NE(message.find((dir.path() / "test_batch.bin").string()), std::string::npos) << message;
  EXPECT_NE(message.find("cifar-10-binary"), std::string::npos) << message;
}

TEST(Cifar10, TruncatedFileIsNamed) {
  TempDir dir;
  write_dataset(dir.path());
  std::filesystem::resize_file(dir.path() / "data_batch_3.bin", 3073 + 100);
  const std::string message = error_of(dir.path());
  EXPECT_NE(message.find("data_batch_3.bin"), std::string::npos) << message;
  EXPECT_NE(message.find("whole number"), std::string::npos) << message;
}

TEST(Cifar10, LabelOutOfRange) {
  TempDir dir;
  write_dataset(dir.path());
  std::fstream f(dir.path() / "data_batch_1.bin", std::ios::in | std::ios::out | std::ios::binary);
  f.put(static_cast<char>(12));
  f.close();
  EXPECT_NE(error_of(dir.path()).find("outside 0-9"), std::string::npos);
}
