#include "transformer_cost.hpp"

namespace ecopt_examples::textgen {

TransformerCost transformer_cost(const TransformerConfig& c) {
  const std::int64_t d = c.d_model;
  // Per block: two layer norms (2d each), qkv (3d^2 + 3d), projection (d^2 + d),
  // expand (4d^2 + 4d), contract (4d^2 + d).
  const std::int64_t per_block = 12 * d * d + 13 * d;
  TransformerCost cost;
  cost.params = c.vocabulary * d + c.context_length * d + c.layers * per_block + 2 * d;
  const double dd = static_cast<double>(d);
  cost.flops_per_token = static_cast<double>(c.layers) *
                             (24.0 * dd * dd + 4.0 * static_cast<double>(c.context_length) * dd) +
                         2.0 * dd * static_cast<double>(c.vocabulary);
  return cost;
}

}  // namespace ecopt_examples::textgen
