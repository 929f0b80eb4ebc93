#include "transformer.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace ecopt_examples::textgen {

void validate(const TransformerConfig& c) {
  auto check = [](bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument(what);
  };
  check(c.layers >= 1, "layers must be >= 1, got " + std::to_string(c.layers));
  check(c.d_model >= 1, "d_model must be >= 1, got " + std::to_string(c.d_model));
  check(c.heads >= 1 && c.d_model % c.heads == 0, "heads (" + std::to_string(c.heads) +
                                                      ") must divide d_model (" +
                                                      std::to_string(c.d_model) + ")");
  check(c.context_length >= 2,
        "context length must be >= 2, got " + std::to_string(c.context_length));
  check(c.vocabulary >= 2, "vocabulary must be >= 2");
}

CausalSelfAttentionImpl::CausalSelfAttentionImpl(std::int64_t d_model, std::int64_t heads)
    : heads_(heads),
      qkv_(register_module("qkv", torch::nn::Linear(d_model, 3 * d_model))),
      projection_(register_module("projection", torch::nn::Linear(d_model, d_model))) {}

torch::Tensor CausalSelfAttentionImpl::forward(const torch::Tensor& x, LayerCache* cache) {
  const std::int64_t batch = x.size(0), new_tokens = x.size(1), d_model = x.size(2);
  const std::int64_t head_dim = d_model / heads_;
  auto split_heads = [&](const torch::Tensor& t) {
    return t.view({batch, new_tokens, heads_, head_dim}).transpose(1, 2);  // [B, H, T, hd]
  };
  const auto qkv = qkv_->forward(x).chunk(3, -1);
  const torch::Tensor q = split_heads(qkv[0]);
  torch::Tensor k = split_heads(qkv[1]);
  torch::Tensor v = split_heads(qkv[2]);
  if (cache != nullptr) {
    if (cache->keys.defined()) {
      k = torch::cat({cache->keys, k}, 2);
      v = torch::cat({cache->values, v}, 2);
    }
    cache->keys = k;
    cache->values = v;
  }
  // Scaled dot-product attention (Vaswani et al. 2017, eq. 1). New token i sits at
  // position past + i and may attend to every key up to and including its own position.
  const std::int64_t keys = k.size(2), past = keys - new_tokens;
  torch::Tensor scores = q.matmul(k.transpose(-2, -1)) / std::sqrt(static_cast<double>(head_dim));
  if (new_tokens > 1) {
    const auto allowed =
        torch::ones({new_tokens, keys}, x.options().dtype(torch::kBool)).tril(past);
    scores = scores.masked_fill(allowed.logical_not(), -std::numeric_limits<float>::infinity());
  }
  const torch::Tensor attended = torch::softmax(scores, -1).matmul(v);  // [B, H, T, hd]
  return projection_->forward(attended.transpose(1, 2).reshape({batch, new_tokens, d_model}));
}

DecoderBlockImpl::DecoderBlockImpl(std::int64_t d_model, std::int64_t heads)
    : norm1_(
          register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d_model})))),
      norm2_(
          register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d_model})))),
      attention_(register_module("attention", CausalSelfAttention(d_model, heads))),
      expand_(register_module("expand", torch::nn::Linear(d_model, 4 * d_model))),
      contract_(register_module("contract", torch::nn::Linear(4 * d_model, d_model))) {}

torch::Tensor DecoderBlockImpl::forward(torch::Tensor x, LayerCache* cache) {
  x = x + attention_->forward(norm1_->forward(x), cache);
  return x + contract_->forward(torch::gelu(expand_->forward(norm2_->forward(x))));
}

DecoderLmImpl::DecoderLmImpl(const TransformerConfig& config) : config_(config) {
  validate(config);
  token_embedding_ =
      register_module("token_embedding", torch::nn::Embedding(config.vocabulary, config.d_model));
  position_embedding_ = register_module(
      "position_embedding", torch::nn::Embedding(config.context_length, config.d_model));
  for (std::int64_t i = 0; i < config.layers; ++i)
    blocks_.push_back(
        register_module("block" + std::to_string(i), DecoderBlock(config.d_model, config.heads)));
  final_norm_ = register_module(
      "final_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.d_model})));

  // GPT-2's initialisation: N(0, 0.02) weights, zero biases. With tied output weights,
  // the default N(0, 1) embedding would start with very confident, wrong predictions.
  torch::NoGradGuard no_grad;
  for (auto& p : named_parameters()) {
    if (p.key().find("bias") != std::string::npos) {
      p.value().zero_();
    } else if (p.value().dim() == 2) {
      torch::nn::init::normal_(p.value(), 0.0, 0.02);
    }
  }
}

torch::Tensor DecoderLmImpl::forward(const torch::Tensor& tokens) {
  return run(tokens, 0, nullptr);
}

torch::Tensor DecoderLmImpl::forward(const torch::Tensor& tokens, KvCache& cache) {
  if (cache.layers.empty()) cache.layers.resize(static_cast<std::size_t>(config_.layers));
  return run(tokens, cache.length(), &cache);
}

torch::Tensor DecoderLmImpl::run(const torch::Tensor& tokens, std::int64_t first_position,
                                 KvCache* cache) {
  const std::int64_t length = tokens.size(1);
  if (first_position + length > config_.context_length) {
    throw std::invalid_argument("positions up to " + std::to_string(first_position + length) +
                                " exceed the context length " +
                                std::to_string(config_.context_length));
  }
  const auto positions =
      torch::arange(first_position, first_position + length, tokens.options().dtype(torch::kLong));
  torch::Tensor x = token_embedding_->forward(tokens) + position_embedding_->forward(positions);
  for (std::size_t i = 0; i < blocks_.size(); ++i)
    x = blocks_[i]->forward(x, cache != nullptr ? &cache->layers[i] : nullptr);
  // Tied output layer: logits are similarities to the token embeddings.
  return final_norm_->forward(x).matmul(token_embedding_->weight.t());
}

}  // namespace ecopt_examples::textgen
