#pragma once
// Analytic cost of a feed-forward image classifier, computed from its architecture alone
// (no forward pass), so the FLOPs a trial reports do not depend on the machine.
//
// Convention: one multiply-accumulate of a convolution or a fully connected layer counts
// as 2 FLOPs (a multiply and an add); biases, activations, pooling, normalisation and
// residual additions are not counted (they are well under 1 % of the total for the
// networks here). Parameters are the trainable ones (batch-norm running statistics are
// buffers, not parameters), matching `torch::nn::Module::parameters()`.

#include <cstdint>

namespace ecopt_examples::cnn {

/// The shape of one sample's feature map, channels x height x width.
struct FeatureShape {
  std::int64_t channels = 0;
  std::int64_t height = 0;
  std::int64_t width = 0;
  std::int64_t elements() const { return channels * height * width; }
  bool operator==(const FeatureShape&) const = default;
};

struct NetworkCost {
  double flops_per_sample = 0;  // forward pass, one sample
  std::int64_t params = 0;
};

/// One layer's output shape and cost.
struct LayerCost {
  FeatureShape output;
  double flops_per_sample = 0;
  std::int64_t params = 0;
};

struct ConvGeometry {
  std::int64_t out_channels = 0;
  std::int64_t kernel_size = 1;
  std::int64_t stride = 1;
  std::int64_t padding = 0;
  bool bias = true;
};

LayerCost conv2d_cost(const FeatureShape& input, const ConvGeometry& conv);
/// Fully connected on the flattened input.
LayerCost linear_cost(const FeatureShape& input, std::int64_t out_features, bool bias);
/// Max pooling with kernel = stride = `window`, floor mode (as torch and Keras do).
LayerCost max_pool_cost(const FeatureShape& input, std::int64_t window);
LayerCost batch_norm_cost(const FeatureShape& input);
LayerCost global_average_pool_cost(const FeatureShape& input);

/// Accumulates the cost of layers applied one after the other.
class CostTracker {
 public:
  explicit CostTracker(FeatureShape input) : shape_(input) {}
  const LayerCost& add(const LayerCost& layer) {
    shape_ = layer.output;
    cost_.flops_per_sample += layer.flops_per_sample;
    cost_.params += layer.params;
    last_ = layer;
    return last_;
  }
  const FeatureShape& shape() const { return shape_; }
  const NetworkCost& cost() const { return cost_; }

 private:
  FeatureShape shape_;
  NetworkCost cost_;
  LayerCost last_;
};

}  // namespace ecopt_examples::cnn
