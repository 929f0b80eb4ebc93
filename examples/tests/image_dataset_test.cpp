#include <gtest/gtest.h>

#include "image_dataset.hpp"

namespace cnn = ecopt_examples::cnn;

namespace {

cnn::PublishedDataset synthetic(std::int64_t train, std::int64_t test) {
  cnn::PublishedDataset data;
  data.name = "synthetic";
  data.train = {torch::randint(256, {train, 2, 4, 4}, torch::kLong).to(torch::kUInt8),
                torch::arange(train, torch::kLong) % 10};
  data.test = {torch::randint(256, {test, 2, 4, 4}, torch::kLong).to(torch::kUInt8),
               torch::arange(test, torch::kLong) % 10};
  return data;
}

}  // namespace

TEST(ImageDataset, SplitSizesAndStandardisation) {
  const auto data = synthetic(100, 30);
  const auto splits = cnn::make_splits(data, {.train = 50, .validation = 20, .test = 10}, 3);
  EXPECT_EQ(splits.train.size(), 50);
  EXPECT_EQ(splits.validation.size(), 20);
  EXPECT_EQ(splits.test.size(), 10);
  EXPECT_EQ(splits.train.images.dtype(), torch::kFloat32);
  // Standardised per channel with the training split's statistics.
  const auto mean = splits.train.images.mean({0, 2, 3});
  const auto deviation = splits.train.images.std({0, 2, 3}, false);
  EXPECT_TRUE(torch::allclose(mean, torch::zeros({2}), 1e-4, 1e-4)) << mean;
  EXPECT_TRUE(torch::allclose(deviation, torch::ones({2}), 1e-4, 1e-4)) << deviation;
  // The test split is the first samples of the test set, in order.
  EXPECT_TRUE(torch::equal(splits.test.labels, torch::arange(10, torch::kLong)));
}

TEST(ImageDataset, SameSeedSameSplitAndNoOverlap) {
  const auto data = synthetic(100, 30);
  const auto a = cnn::make_splits(data, {.train = 0, .validation = 25, .test = 0}, 7);
  const auto b = cnn::make_splits(data, {.train = 0, .validation = 25, .test = 0}, 7);
  EXPECT_TRUE(torch::equal(a.train.images, b.train.images));
  EXPECT_EQ(a.train.size(), 75);
  EXPECT_EQ(a.test.size(), 30);
  const auto c = cnn::make_splits(data, {.train = 0, .validation = 25, .test = 0}, 8);
  EXPECT_FALSE(torch::equal(a.validation.images, c.validation.images));
}

TEST(ImageDataset, AskingForTooManySamplesIsAnError) {
  const auto data = synthetic(100, 30);
  EXPECT_THROW(cnn::make_splits(data, {.train = 90, .validation = 20}, 0), std::invalid_argument);
  EXPECT_THROW(cnn::make_splits(data, {.validation = 100}, 0), std::invalid_argument);
  EXPECT_THROW(cnn::make_splits(data, {.validation = 10, .test = 31}, 0), std::invalid_argument);
}
