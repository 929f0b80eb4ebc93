#include "network_cost.hpp"

#include <stdexcept>
#include <string>

namespace ecopt_examples::cnn {

namespace {

std::int64_t conv_output_size(std::int64_t size, const ConvGeometry& conv) {
  const std::int64_t out = (size + 2 * conv.padding - conv.kernel_size) / conv.stride + 1;
  if (out < 1)
    throw std::invalid_argument("a " + std::to_string(conv.kernel_size) +
                                "-wide convolution does not fit a feature map of size " +
                                std::to_string(size));
  return out;
}

}  // namespace

LayerCost conv2d_cost(const FeatureShape& input, const ConvGeometry& conv) {
  const FeatureShape output{conv.out_channels, conv_output_size(input.height, conv),
                            conv_output_size(input.width, conv)};
  const std::int64_t weights_per_output = input.channels * conv.kernel_size * conv.kernel_size;
  LayerCost cost;
  cost.output = output;
  cost.flops_per_sample =
      2.0 * static_cast<double>(weights_per_output) * static_cast<double>(output.elements());
  cost.params = weights_per_output * conv.out_channels + (conv.bias ? conv.out_channels : 0);
  return cost;
}

LayerCost linear_cost(const FeatureShape& input, std::int64_t out_features, bool bias) {
  LayerCost cost;
  cost.output = {out_features, 1, 1};
  cost.flops_per_sample =
      2.0 * static_cast<double>(input.elements()) * static_cast<double>(out_features);
  cost.params = input.elements() * out_features + (bias ? out_features : 0);
  return cost;
}

LayerCost max_pool_cost(const FeatureShape& input, std::int64_t window) {
  return {{input.channels, input.height / window, input.width / window}, 0, 0};
}

LayerCost batch_norm_cost(const FeatureShape& input) {
  return {input, 0, 2 * input.channels};  // a scale and a shift per channel
}

LayerCost global_average_pool_cost(const FeatureShape& input) {
  return {{input.channels, 1, 1}, 0, 0};
}

}  // namespace ecopt_examples::cnn
