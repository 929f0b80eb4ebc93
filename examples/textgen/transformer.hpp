#pragma once
// A small decoder-only Transformer language model (Vaswani et al. 2017, "Attention Is All
// You Need", with the pre-layer-norm blocks of GPT-2, Radford et al. 2019): learned token
// and position embeddings, `layers` blocks of causal multi-head self-attention and a
// 4x-wide GELU MLP, each wrapped in a residual connection, and an output layer that
// shares the token embedding's weights (Press and Wolf 2017).
//
// forward(tokens, cache) is incremental decoding with a key/value cache: each layer keeps
// the keys and values of the tokens seen so far, so a new token costs one row of work per
// layer instead of re-running the whole window.

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace ecopt_examples::textgen {

struct TransformerConfig {
  std::int64_t layers = 2;
  std::int64_t d_model = 64;
  std::int64_t heads = 4;  // must divide d_model
  std::int64_t context_length = 64;
  std::int64_t vocabulary = 256;  // bytes
};

/// Throws std::invalid_argument naming the offending field.
void validate(const TransformerConfig& config);

/// One layer's cached keys and values, [batch, heads, cached tokens, d_model / heads];
/// undefined tensors while empty.
struct LayerCache {
  torch::Tensor keys;
  torch::Tensor values;
};

struct KvCache {
  std::vector<LayerCache> layers;
  /// Tokens cached so far (the position the next token gets).
  std::int64_t length() const {
    return layers.empty() || !layers.front().keys.defined() ? 0 : layers.front().keys.size(2);
  }
  void clear() { layers.clear(); }
};

class CausalSelfAttentionImpl : public torch::nn::Module {
 public:
  CausalSelfAttentionImpl(std::int64_t d_model, std::int64_t heads);
  /// x: [batch, new tokens, d_model]. With a cache, attends over the cached tokens and the
  /// new ones, and appends the new keys and values.
  torch::Tensor forward(const torch::Tensor& x, LayerCache* cache);

 private:
  std::int64_t heads_;
  torch::nn::Linear qkv_{nullptr}, projection_{nullptr};
};
TORCH_MODULE(CausalSelfAttention);

class DecoderBlockImpl : public torch::nn::Module {
 public:
  DecoderBlockImpl(std::int64_t d_model, std::int64_t heads);
  torch::Tensor forward(torch::Tensor x, LayerCache* cache);

 private:
  torch::nn::LayerNorm norm1_{nullptr}, norm2_{nullptr};
  CausalSelfAttention attention_{nullptr};
  torch::nn::Linear expand_{nullptr}, contract_{nullptr};
};
TORCH_MODULE(DecoderBlock);

class DecoderLmImpl : public torch::nn::Module {
 public:
  explicit DecoderLmImpl(const TransformerConfig& config);
  /// tokens: [batch, T] with T <= context_length; returns logits [batch, T, vocabulary].
  torch::Tensor forward(const torch::Tensor& tokens);
  /// The same for tokens that follow the `cache.length()` cached ones (positions continue
  /// from there); fills the cache. cache.length() + T must not exceed context_length.
  torch::Tensor forward(const torch::Tensor& tokens, KvCache& cache);
  const TransformerConfig& config() const { return config_; }

 private:
  torch::Tensor run(const torch::Tensor& tokens, std::int64_t first_position, KvCache* cache);
  TransformerConfig config_;
  torch::nn::Embedding token_embedding_{nullptr}, position_embedding_{nullptr};
  std::vector<DecoderBlock> blocks_;
  torch::nn::LayerNorm final_norm_{nullptr};
};
TORCH_MODULE(DecoderLm);

}  // namespace ecopt_examples::textgen
