#pragma once
// A classifier as the examples use it: a torch::nn::Sequential together with its analytic
// cost. NetworkBuilder appends a layer and its cost in one call, so the two cannot drift.

#include <torch/torch.h>

#include <string>

#include "network_cost.hpp"

namespace ecopt_examples::cnn {

struct Network {
  std::string name;
  torch::nn::Sequential layers;
  FeatureShape input;
  NetworkCost cost;
};

class NetworkBuilder {
 public:
  explicit NetworkBuilder(FeatureShape input) : input_(input), tracker_(input) {}

  NetworkBuilder& conv(const ConvGeometry& geometry);
  NetworkBuilder& batch_norm();
  NetworkBuilder& relu();
  NetworkBuilder& max_pool(std::int64_t window);
  NetworkBuilder& dropout(double probability);
  NetworkBuilder& global_average_pool();
  NetworkBuilder& flatten();
  /// Flattens first if needed.
  NetworkBuilder& linear(std::int64_t out_features, bool bias = true);
  /// A composite module (e.g. a residual block) whose cost its author computed.
  template <typename ModuleHolder>
  NetworkBuilder& block(ModuleHolder module, const LayerCost& cost) {
    layers_->push_back(std::move(module));
    tracker_.add(cost);
    return *this;
  }

  const FeatureShape& shape() const { return tracker_.shape(); }
  Network build(std::string name) const {
    return {std::move(name), layers_, input_, tracker_.cost()};
  }

 private:
  FeatureShape input_;
  CostTracker tracker_;
  torch::nn::Sequential layers_;
  bool flat_ = false;
};

}  // namespace ecopt_examples::cnn
