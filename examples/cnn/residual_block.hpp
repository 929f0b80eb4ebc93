#pragma once
// The basic residual block of He et al. 2016 ("Deep Residual Learning for Image
// Recognition", CVPR, Fig. 2): two 3x3 convolutions with batch normalisation, added to
// the input. When the block changes the shape, the shortcut is a strided 1x1 convolution
// with batch normalisation (the paper's option B).

#include <torch/torch.h>

#include "network_cost.hpp"

namespace ecopt_examples::cnn {

class ResidualBlockImpl : public torch::nn::Module {
 public:
  ResidualBlockImpl(std::int64_t in_channels, std::int64_t out_channels, std::int64_t stride);
  torch::Tensor forward(torch::Tensor x);

  /// The block's analytic cost for an input of shape `input`.
  static LayerCost cost(const FeatureShape& input, std::int64_t out_channels, std::int64_t stride);

 private:
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, shortcut_conv_{nullptr};
  torch::nn::BatchNorm2d bn1_{nullptr}, bn2_{nullptr}, shortcut_bn_{nullptr};
};
TORCH_MODULE(ResidualBlock);

}  // namespace ecopt_examples::cnn
