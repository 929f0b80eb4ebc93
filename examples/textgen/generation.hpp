#pragma once
// Greedy decoding, with or without the key/value cache. Both follow the same window
// policy, so they see exactly the same tokens at each step and, for greedy decoding,
// produce the same text: the cache changes the cost, not the result.
//
// Window policy: the model sees at most context_length tokens. When the sequence
// outgrows the window, the window restarts at the last context_length / 2 tokens (the
// cache is rebuilt from them in one pass), as learned absolute positions cannot slide.

#include <torch/torch.h>

#include <cstdint>

#include "transformer.hpp"

namespace ecopt_examples::textgen {

struct GenerationSettings {
  std::int64_t new_tokens = 64;
  bool kv_cache = true;
};

/// prompt: [batch, P] bytes, 1 <= P <= context_length. Returns the new tokens,
/// [batch, new_tokens]. Runs in eval mode without gradients.
torch::Tensor generate_greedy(DecoderLm& model, const torch::Tensor& prompt,
                              const GenerationSettings& settings);

}  // namespace ecopt_examples::textgen
