#include "image_dataset.hpp"

#include <stdexcept>

namespace ecopt_examples::cnn {

namespace {

ImageDataset take(const ImageDataset& from, const torch::Tensor& indices) {
  return {from.images.index_select(0, indices), from.labels.index_select(0, indices)};
}

std::string count_error(const std::string& what, std::int64_t asked, std::int64_t available) {
  return what + ": asked for " + std::to_string(asked) + " samples, only " +
         std::to_string(available) + " are available";
}

}  // namespace

DatasetSplits make_splits(const PublishedDataset& dataset, const SplitSizes& sizes,
                          std::uint64_t seed) {
  const std::int64_t available = dataset.train.size();
  if (sizes.validation < 1 || sizes.validation >= available)
    throw std::invalid_argument(count_error("validation split", sizes.validation, available - 1));
  const std::int64_t train_size = sizes.train > 0 ? sizes.train : available - sizes.validation;
  if (sizes.validation + train_size > available)
    throw std::invalid_argument(
        count_error("training split", train_size, available - sizes.validation));
  const std::int64_t test_size = sizes.test > 0 ? sizes.test : dataset.test.size();
  if (test_size > dataset.test.size())
    throw std::invalid_argument(count_error("test split", test_size, dataset.test.size()));

  // A private generator: the split depends on the seed only, not on what ran before.
  auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  const torch::Tensor order = torch::randperm(available, generator, torch::kLong);
  DatasetSplits splits;
  splits.validation = take(dataset.train, order.slice(0, 0, sizes.validation));
  splits.train =
      take(dataset.train, order.slice(0, sizes.validation, sizes.validation + train_size));
  splits.test = take(dataset.test, torch::arange(test_size, torch::kLong));
  splits.classes = dataset.classes;

  const torch::Tensor train_scaled = splits.train.images.to(torch::kFloat32) / 255.0;
  const torch::Tensor mean = train_scaled.mean({0, 2, 3}, /*keepdim=*/true);
  const torch::Tensor deviation = train_scaled.std({0, 2, 3}, /*unbiased=*/false, /*keepdim=*/true)
                                      .clamp_min(1e-6);  // a constant channel stays finite
  for (ImageDataset* split : {&splits.train, &splits.validation, &splits.test})
    split->images = (split->images.to(torch::kFloat32) / 255.0 - mean) / deviation;
  return splits;
}

}  // namespace ecopt_examples::cnn
