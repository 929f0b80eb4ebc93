// The IDX reader on gzip files the test writes, and the missing-dataset message.
#include <gtest/gtest.h>
#include <zlib.h>

#include <vector>

#include "fashion_mnist.hpp"
#include "temp_dir.hpp"

namespace cnn = ecopt_examples::cnn;
using ecopt_examples::testing::TempDir;

namespace {

void put_u32(std::vector<unsigned char>& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<unsigned char>(v >> shift));
}

void write_gz(const std::filesystem::path& path, const std::vector<unsigned char>& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())),
            static_cast<int>(bytes.size()));
  gzclose(f);
}

// `count` 3x2 images whose pixel (y, x) of image i is 10*i + 3*y + x; label i % 10.
void write_split(const std::filesystem::path& dir, const std::string& prefix, std::uint32_t count) {
  std::vector<unsigned char> images, labels;
  put_u32(images, 0x803);
  put_u32(images, count);
  put_u32(images, 3);
  put_u32(images, 2);
  put_u32(labels, 0x801);
  put_u32(labels, count);
  for (std::uint32_t i = 0; i < count; ++i) {
    for (int y = 0; y < 3; ++y)
      for (int x = 0; x < 2; ++x) images.push_back(static_cast<unsigned char>(10 * i + 3 * y + x));
    labels.push_back(static_cast<unsigned char>(i % 10));
  }
  write_gz(dir / (prefix + "-images-idx3-ubyte.gz"), images);
  write_gz(dir / (prefix + "-labels-idx1-ubyte.gz"), labels);
}

std::string error_of(const std::filesystem::path& dir) {
  try {
    cnn::load_fashion_mnist(dir);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(FashionMnist, ReadsGzippedIdxFiles) {
  TempDir dir;
  write_split(dir.path(), "train", 12);
  write_split(dir.path(), "t10k", 4);
  const auto data = cnn::load_fashion_mnist(dir.path());
  ASSERT_EQ(data.train.images.sizes(), (std::vector<std::int64_t>{12, 1, 3, 2}));
  ASSERT_EQ(data.test.images.sizes(), (std::vector<std::int64_t>{4, 1, 3, 2}));
  EXPECT_EQ(data.train.images[11][0][2][1].item<int>(), 110 + 6 + 1);
  EXPECT_EQ(data.train.labels[11].item<std::int64_t>(), 1);
  EXPECT_EQ(data.test.labels.dtype(), torch::kInt64);
}

TEST(FashionMnist, MissingDatasetNamesThePackageAndThePath) {
  TempDir dir;
  const std::string message = error_of(dir.path() / "nowhere");
  EXPECT_NE(message.find("Fashion-MNIST not found"), std::string::npos) << message;
  EXPECT_NE(message.find("dataset-fashion-mnist"), std::string::npos) << message;
  EXPECT_NE(message.find((dir.path() / "nowhere" / "train-images-idx3-ubyte.gz").string()),
            std::string::npos)
      << message;
}

TEST(FashionMnist, TruncatedAndForeignFilesAreNamed) {
  TempDir dir;
  write_split(dir.path(), "train", 12);
  write_split(dir.path(), "t10k", 4);
  write_gz(dir.path() / "t10k-images-idx3-ubyte.gz",
           {0, 0, 8, 3, 0, 0, 0, 4, 0, 0, 0, 3, 0, 0, 0, 2, 1, 2});
  std::string message = error_of(dir.path());
  EXPECT_NE(message.find("t10k-images-idx3-ubyte.gz: truncated"), std::string::npos) << message;
  write_gz(dir.path() / "t10k-labels-idx1-ubyte.gz", {1, 2, 3, 4});
  write_split(dir.path(), "t10k", 4);
  write_gz(dir.path() / "train-labels-idx1-ubyte.gz", {0, 0, 8, 3});
  message = error_of(dir.path());
  EXPECT_NE(message.find("not an IDX label file"), std::string::npos) << message;
}
