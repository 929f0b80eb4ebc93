#pragma once
// Labelled images in memory, and the train/validation/test splits a trial works on.

#include <torch/torch.h>

#include <cstdint>
#include <string>

#include "network_cost.hpp"

namespace ecopt_examples::cnn {

struct ImageDataset {
  torch::Tensor images;  // [N, C, H, W]: uint8 as loaded, float32 once normalised
  torch::Tensor labels;  // [N], int64 class indices
  std::int64_t size() const { return labels.size(0); }
  FeatureShape sample_shape() const { return {images.size(1), images.size(2), images.size(3)}; }
};

/// A dataset as published: its own training and test sets.
struct PublishedDataset {
  std::string name;
  ImageDataset train;
  ImageDataset test;
  std::int64_t classes = 10;
};

/// How many samples each split gets; 0 means "all that are left" (train) or "all" (test).
struct SplitSizes {
  std::int64_t train = 0;
  std::int64_t validation = 5000;
  std::int64_t test = 0;
};

struct DatasetSplits {
  ImageDataset train;       // for gradient steps
  ImageDataset validation;  // for early stopping; carved from the published training set
  ImageDataset test;        // for the reported accuracy; never seen in training
  std::int64_t classes = 10;
};

/// Shuffles the published training set with `seed`, takes the validation split first and
/// the training split from the rest; the test split is the first `sizes.test` test
/// samples, so every trial of a study is scored on the same images. Images are scaled to
/// [0, 1] and standardised per channel with the training split's mean and deviation.
/// Throws std::invalid_argument when the sizes ask for more samples than exist.
DatasetSplits make_splits(const PublishedDataset& dataset, const SplitSizes& sizes,
                          std::uint64_t seed);

}  // namespace ecopt_examples::cnn
