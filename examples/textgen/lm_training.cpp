#include "lm_training.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "byte_corpus.hpp"

namespace ecopt_examples::textgen {

namespace {

double scheduled_rate(const LmTrainingSettings& s, std::int64_t step) {
  const auto warmup = std::max<std::int64_t>(1, s.steps / 10);
  if (step < warmup)
    return s.learning_rate * static_cast<double>(step + 1) / static_cast<double>(warmup);
  const double progress = static_cast<double>(step - warmup) /
                          static_cast<double>(std::max<std::int64_t>(1, s.steps - warmup));
  return s.learning_rate * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
}

torch::Tensor next_byte_loss(DecoderLm& model, const torch::Tensor& windows) {
  const auto inputs = windows.slice(1, 0, windows.size(1) - 1);
  const auto targets = windows.slice(1, 1);
  const auto logits = model->forward(inputs);
  return torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}),
                                              targets.reshape({-1}));
}

}  // namespace

LmTrainingResult train_lm(DecoderLm& model, const torch::Tensor& train_bytes,
                          const LmTrainingSettings& s, const torch::Device& device,
                          const std::function<void(std::int64_t, double)>& on_step) {
  if (s.steps < 1 || s.batch_size < 1)
    throw std::invalid_argument("steps and batch size must be >= 1");
  const std::int64_t window = model->config().context_length + 1;
  if (train_bytes.size(0) < window)
    throw std::invalid_argument("training text shorter than one window");
  model->to(device);
  model->train();
  torch::optim::AdamW optimizer(
      model->parameters(),
      torch::optim::AdamWOptions(s.learning_rate).weight_decay(s.weight_decay));
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(s.seed);
  const std::int64_t tail_start = s.steps - std::max<std::int64_t>(1, s.steps / 10);
  double tail_loss = 0;
  LmTrainingResult result;
  for (std::int64_t step = 0; step < s.steps; ++step) {
    for (auto& group : optimizer.param_groups())
      static_cast<torch::optim::AdamWOptions&>(group.options()).lr(scheduled_rate(s, step));
    const auto windows = random_windows(train_bytes, s.batch_size, window, generator).to(device);
    optimizer.zero_grad();
    const auto loss = next_byte_loss(model, windows);
    loss.backward();
    torch::nn::utils::clip_grad_norm_(model->parameters(), s.gradient_clip);
    optimizer.step();
    const double value = loss.item<double>();
    if (step >= tail_start) tail_loss += value;
    result.tokens_processed += s.batch_size * (window - 1);
    if (on_step) on_step(step + 1, value);
  }
  result.final_loss = tail_loss / static_cast<double>(s.steps - tail_start);
  return result;
}

double validation_loss(DecoderLm& model, const torch::Tensor& bytes, std::int64_t max_windows,
                       const torch::Device& device) {
  const std::int64_t window = model->config().context_length + 1;
  const std::int64_t windows = std::min(max_windows, bytes.size(0) / window);
  if (windows < 1) throw std::invalid_argument("validation text shorter than one window");
  torch::NoGradGuard no_grad;
  model->eval();
  const auto batch = bytes.slice(0, 0, windows * window).view({windows, window}).to(device);
  return next_byte_loss(model, batch).item<double>();
}

}  // namespace ecopt_examples::textgen
