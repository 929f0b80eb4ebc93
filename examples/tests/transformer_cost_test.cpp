#include <gtest/gtest.h>

#include "transformer_cost.hpp"

namespace tg = ecopt_examples::textgen;

TEST(TransformerCost, MatchesHandCountAndTorch) {
  // 1 layer, d = 8, 2 heads, context 4, 256 bytes:
  //   embeddings 256*8 + 4*8 = 2,080; block 12*64 + 13*8 = 872; final norm 16 -> 2,968
  //   FLOPs: 24*64 + 4*4*8 = 1,664 for the layer, 2*8*256 = 4,096 for the output layer.
  const tg::TransformerConfig config{.layers = 1, .d_model = 8, .heads = 2, .context_length = 4};
  const auto cost = tg::transformer_cost(config);
  EXPECT_EQ(cost.params, 2968);
  EXPECT_DOUBLE_EQ(cost.flops_per_token, 1664.0 + 4096.0);

  tg::DecoderLm model(config);
  std::int64_t count = 0;
  for (const auto& p : model->parameters()) count += p.numel();
  EXPECT_EQ(count, 2968);

  const tg::TransformerConfig bigger{.layers = 3, .d_model = 64, .heads = 4, .context_length = 32};
  tg::DecoderLm bigger_model(bigger);
  count = 0;
  for (const auto& p : bigger_model->parameters()) count += p.numel();
  EXPECT_EQ(count, tg::transformer_cost(bigger).params);
}

TEST(TransformerCost, HeadsMustDivideWidth) {
  EXPECT_THROW(tg::validate({.d_model = 30, .heads = 4}), std::invalid_argument);
  EXPECT_THROW(tg::DecoderLm(tg::TransformerConfig{.layers = 0}), std::invalid_argument);
}
