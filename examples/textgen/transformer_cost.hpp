#pragma once
// Analytic size and cost of the decoder (transformer.hpp), from its configuration alone.
//
// FLOPs per token are for one forward pass at the full context, counting a
// multiply-accumulate as 2 FLOPs, as in Kaplan et al. 2020 ("Scaling Laws for Neural
// Language Models", Table 1): per layer, 2 x 3 d^2 for the query/key/value projections,
// 2 d^2 for the output projection, 2 x 8 d^2 for the MLP, and 4 n_ctx d for the
// attention scores and the weighted sum of values (Kaplan et al. count only the scores);
// plus 2 d V for the output layer. Layer norms, softmax, biases and embedding lookups are
// not counted.

#include <cstdint>

#include "transformer.hpp"

namespace ecopt_examples::textgen {

struct TransformerCost {
  std::int64_t params = 0;  // trainable parameters; the tied output layer adds none
  double flops_per_token = 0;
};

TransformerCost transformer_cost(const TransformerConfig& config);

}  // namespace ecopt_examples::textgen
