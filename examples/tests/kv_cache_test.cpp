// The key/value cache changes the cost of generation, not its result.
#include <gtest/gtest.h>

#include "generation.hpp"

namespace tg = ecopt_examples::textgen;

namespace {

tg::DecoderLm seeded_model(const tg::TransformerConfig& config, std::uint64_t seed) {
  torch::manual_seed(seed);
  tg::DecoderLm model(config);
  // Random weights larger than the N(0, 0.02) start, so predictions vary from token to
  // token instead of repeating one byte.
  torch::NoGradGuard no_grad;
  for (auto& p : model->parameters()) torch::nn::init::normal_(p, 0.0, 0.5);
  return model;
}

}  // namespace

TEST(KvCache, IncrementalLogitsEqualFullForward) {
  auto model = seeded_model({.layers = 2, .d_model = 16, .heads = 4, .context_length = 12}, 1);
  model->eval();
  torch::NoGradGuard no_grad;
  const auto tokens = torch::randint(256, {3, 10}, torch::kLong);
  const auto full = model->forward(tokens);
  tg::KvCache cache;
  auto prefix = model->forward(tokens.slice(1, 0, 4), cache);  // a prompt, then one at a time
  std::vector<torch::Tensor> pieces{prefix};
  for (std::int64_t i = 4; i < 10; ++i)
    pieces.push_back(model->forward(tokens.slice(1, i, i + 1), cache));
  EXPECT_EQ(cache.length(), 10);
  EXPECT_TRUE(torch::allclose(torch::cat(pieces, 1), full, 1e-5, 1e-5));
}

TEST(KvCache, GreedyGenerationIsTheSameWithAndWithoutCache) {
  for (const std::uint64_t seed : {1, 2, 3}) {
    // 40 new tokens with a context of 16: the window restarts several times.
    auto model = seeded_model({.layers = 2, .d_model = 16, .heads = 2, .context_length = 16}, seed);
    const auto prompt = torch::randint(256, {4, 5}, torch::kLong);
    const auto cached = tg::generate_greedy(model, prompt, {.new_tokens = 40, .kv_cache = true});
    const auto uncached = tg::generate_greedy(model, prompt, {.new_tokens = 40, .kv_cache = false});
    EXPECT_EQ(cached.sizes(), (std::vector<std::int64_t>{4, 40}));
    EXPECT_TRUE(torch::equal(cached, uncached)) << "seed " << seed;
    // Not a degenerate model that repeats one byte (greedy decoding of random weights
    // does fall into short loops, so a few distinct bytes is all one can ask).
    EXPECT_GE(std::get<0>(at::_unique(cached)).numel(), 2) << "seed " << seed;
  }
}

TEST(KvCache, PromptLongerThanTheContextIsRejected) {
  auto model = seeded_model({.layers = 1, .d_model = 8, .heads = 2, .context_length = 4}, 1);
  EXPECT_THROW(tg::generate_greedy(model, torch::zeros({1, 5}, torch::kLong), {}),
               std::invalid_argument);
  tg::KvCache cache;
  model->forward(torch::zeros({1, 4}, torch::kLong), cache);
  EXPECT_THROW(model->forward(torch::zeros({1, 1}, torch::kLong), cache), std::invalid_argument);
}
