#pragma once
// Mini-batch training with early stopping on the validation loss (Prechelt 1998, "Early
// Stopping - But When?"): training stops after `patience` epochs without improvement,
// and the weights of the best epoch are restored.

#include <torch/torch.h>

#include <cstdint>
#include <functional>

#include "image_dataset.hpp"
#include "network.hpp"

namespace ecopt_examples::cnn {

enum class OptimizerKind { sgd, adam };

struct TrainingSettings {
  double learning_rate = 1e-3;
  std::int64_t batch_size = 64;
  int max_epochs = 10;
  int patience = 3;  // epochs without a lower validation loss before stopping; 0: never
  OptimizerKind optimizer = OptimizerKind::adam;
  double sgd_momentum = 0.9;
  std::int64_t evaluation_batch_size = 512;  // validation only; not a searched parameter
  std::uint64_t seed = 0;                    // the order of the mini-batches
};

struct Evaluation {
  double mean_loss = 0;  // cross-entropy, nats per sample
  double accuracy = 0;
  std::int64_t samples = 0;
};

struct EpochLog {
  int epoch = 0;  // from 1
  double train_loss = 0;
  Evaluation validation;
};

struct TrainingResult {
  int epochs_run = 0;
  int best_epoch = 0;
  Evaluation best_validation;
  std::int64_t samples_processed = 0;  // training samples over all epochs
};

/// Trains `network` in place; calls `on_epoch` after each epoch's validation, and stops
/// after that epoch when it returns false (e.g. a pruner stopped the trial).
TrainingResult train(Network& network, const DatasetSplits& data, const TrainingSettings& settings,
                     const torch::Device& device,
                     const std::function<bool(const EpochLog&)>& on_epoch = {});

/// Loss and accuracy over the whole of `dataset`, in eval mode, without gradients.
Evaluation evaluate(Network& network, const ImageDataset& dataset, std::int64_t batch_size,
                    const torch::Device& device);

}  // namespace ecopt_examples::cnn
