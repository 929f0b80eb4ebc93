#include "generation.hpp"

#include <stdexcept>
#include <string>

namespace ecopt_examples::textgen {

namespace {

// The first token of the window the next prediction sees, given the tokens so far.
std::int64_t window_start(std::int64_t start, std::int64_t length, std::int64_t context) {
  return length - start > context ? length - context / 2 : start;
}

torch::Tensor argmax_last(const torch::Tensor& logits) {
  return logits.select(1, logits.size(1) - 1).argmax(-1, /*keepdim=*/true);  // [batch, 1]
}

}  // namespace

torch::Tensor generate_greedy(DecoderLm& model, const torch::Tensor& prompt,
                              const GenerationSettings& settings) {
  const std::int64_t context = model->config().context_length;
  if (prompt.dim() != 2 || prompt.size(1) < 1 || prompt.size(1) > context) {
    throw std::invalid_argument("prompt must be [batch, P] with 1 <= P <= context length " +
                                std::to_string(context));
  }
  torch::NoGradGuard no_grad;
  model->eval();
  torch::Tensor tokens = prompt;
  std::int64_t start = 0;
  KvCache cache;
  torch::Tensor logits = settings.kv_cache ? model->forward(tokens, cache) : model->forward(tokens);
  for (std::int64_t step = 0; step < settings.new_tokens; ++step) {
    const torch::Tensor next = argmax_last(logits);
    tokens = torch::cat({tokens, next}, 1);
    if (step + 1 == settings.new_tokens) break;
    const std::int64_t length = tokens.size(1);
    const std::int64_t new_start = window_start(start, length, context);
    if (!settings.kv_cache) {
      start = new_start;
      logits = model->forward(tokens.slice(1, start, length));
    } else if (new_start != start) {  // the window restarts: rebuild the cache from it
      start = new_start;
      cache.clear();
      logits = model->forward(tokens.slice(1, start, length), cache);
    } else {
      logits = model->forward(next, cache);
    }
  }
  return tokens.slice(1, prompt.size(1));
}

}  // namespace ecopt_examples::textgen
