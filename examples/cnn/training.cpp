#include "training.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

namespace ecopt_examples::cnn {

namespace {

std::unique_ptr<torch::optim::Optimizer> make_optimizer(Network& network,
                                                        const TrainingSettings& s) {
  if (s.optimizer == OptimizerKind::adam) {
    return std::make_unique<torch::optim::Adam>(network.layers->parameters(),
                                                torch::optim::AdamOptions(s.learning_rate));
  }
  return std::make_unique<torch::optim::SGD>(
      network.layers->parameters(),
      torch::optim::SGDOptions(s.learning_rate).momentum(s.sgd_momentum));
}

// Parameters and buffers (batch-norm statistics), so a restored network is the best one.
std::vector<torch::Tensor> state_of(Network& network) {
  std::vector<torch::Tensor> state;
  for (const auto& p : network.layers->parameters()) state.push_back(p);
  for (const auto& b : network.layers->buffers()) state.push_back(b);
  return state;
}

std::vector<torch::Tensor> snapshot(Network& network) {
  std::vector<torch::Tensor> copy;
  for (const auto& t : state_of(network)) copy.push_back(t.detach().clone());
  return copy;
}

void restore(Network& network, const std::vector<torch::Tensor>& saved) {
  torch::NoGradGuard no_grad;
  const auto current = state_of(network);
  for (std::size_t i = 0; i < current.size(); ++i) current[i].copy_(saved[i]);
}

}  // namespace

Evaluation evaluate(Network& network, const ImageDataset& dataset, std::int64_t batch_size,
                    const torch::Device& device) {
  if (batch_size < 1) throw std::invalid_argument("evaluation batch size must be >= 1");
  torch::NoGradGuard no_grad;
  network.layers->eval();
  double loss_sum = 0;
  std::int64_t correct = 0;
  const std::int64_t n = dataset.size();
  for (std::int64_t start = 0; start < n; start += batch_size) {
    const std::int64_t end = std::min(n, start + batch_size);
    const auto images = dataset.images.slice(0, start, end).to(device);
    const auto labels = dataset.labels.slice(0, start, end).to(device);
    const auto logits = network.layers->forward(images);
    loss_sum +=
        torch::nn::functional::cross_entropy(
            logits, labels, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
            .item<double>();
    correct += logits.argmax(1).eq(labels).sum().item<std::int64_t>();
  }
  return {n > 0 ? loss_sum / static_cast<double>(n) : 0.0,
          n > 0 ? static_cast<double>(correct) / static_cast<double>(n) : 0.0, n};
}

TrainingResult train(Network& network, const DatasetSplits& data, const TrainingSettings& s,
                     const torch::Device& device,
                     const std::function<bool(const EpochLog&)>& on_epoch) {
  if (s.batch_size < 1) throw std::invalid_argument("batch size must be >= 1");
  if (s.max_epochs < 1) throw std::invalid_argument("epochs must be >= 1");
  network.layers->to(device);
  auto optimizer = make_optimizer(network, s);
  auto generator = at::make_generator<at::CPUGeneratorImpl>(s.seed);
  const std::int64_t n = data.train.size();

  TrainingResult result;
  result.best_validation.mean_loss = std::numeric_limits<double>::infinity();
  std::vector<torch::Tensor> best_state = snapshot(network);
  int epochs_without_improvement = 0;
  for (int epoch = 1; epoch <= s.max_epochs; ++epoch) {
    network.layers->train();
    const torch::Tensor order = torch::randperm(n, generator, torch::kLong);
    double loss_sum = 0;
    for (std::int64_t start = 0; start < n; start += s.batch_size) {
      const auto batch = order.slice(0, start, std::min(n, start + s.batch_size));
      const auto images = data.train.images.index_select(0, batch).to(device);
      const auto labels = data.train.labels.index_select(0, batch).to(device);
      optimizer->zero_grad();
      const auto loss =
          torch::nn::functional::cross_entropy(network.layers->forward(images), labels);
      loss.backward();
      optimizer->step();
      loss_sum += loss.item<double>() * static_cast<double>(batch.size(0));
    }
    result.samples_processed += n;
    result.epochs_run = epoch;

    EpochLog log{epoch, loss_sum / static_cast<double>(n),
                 evaluate(network, data.validation, s.evaluation_batch_size, device)};
    const bool go_on = !on_epoch || on_epoch(log);
    if (log.validation.mean_loss < result.best_validation.mean_loss) {
      result.best_validation = log.validation;
      result.best_epoch = epoch;
      best_state = snapshot(network);
      epochs_without_improvement = 0;
    } else if (s.patience > 0 && ++epochs_without_improvement >= s.patience) {
      break;
    }
    if (!go_on) break;
  }
  restore(network, best_state);
  return result;
}

}  // namespace ecopt_examples::cnn
