#include "residual_block.hpp"

namespace ecopt_examples::cnn {

namespace {

bool needs_projection(std::int64_t in_channels, std::int64_t out_channels, std::int64_t stride) {
  return stride != 1 || in_channels != out_channels;
}

// Convolutions followed by batch norm carry no bias: the norm's shift replaces it.
torch::nn::Conv2dOptions conv_options(std::int64_t in, std::int64_t out, std::int64_t kernel,
                                      std::int64_t stride) {
  return torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false);
}

}  // namespace

ResidualBlockImpl::ResidualBlockImpl(std::int64_t in_channels, std::int64_t out_channels,
                                     std::int64_t stride) {
  conv1_ = register_module("conv1",
                           torch::nn::Conv2d(conv_options(in_channels, out_channels, 3, stride)));
  bn1_ = register_module("bn1", torch::nn::BatchNorm2d(out_channels));
  conv2_ =
      register_module("conv2", torch::nn::Conv2d(conv_options(out_channels, out_channels, 3, 1)));
  bn2_ = register_module("bn2", torch::nn::BatchNorm2d(out_channels));
  if (needs_projection(in_channels, out_channels, stride)) {
    shortcut_conv_ = register_module(
        "shortcut_conv", torch::nn::Conv2d(conv_options(in_channels, out_channels, 1, stride)));
    shortcut_bn_ = register_module("shortcut_bn", torch::nn::BatchNorm2d(out_channels));
  }
}

torch::Tensor ResidualBlockImpl::forward(torch::Tensor x) {
  torch::Tensor out = torch::relu(bn1_->forward(conv1_->forward(x)));
  out = bn2_->forward(conv2_->forward(out));
  const torch::Tensor shortcut =
      shortcut_conv_ ? shortcut_bn_->forward(shortcut_conv_->forward(x)) : x;
  return torch::relu(out + shortcut);
}

LayerCost ResidualBlockImpl::cost(const FeatureShape& input, std::int64_t out_channels,
                                  std::int64_t stride) {
  CostTracker main_path(input);
  main_path.add(conv2d_cost(input, {out_channels, 3, stride, 1, false}));
  main_path.add(batch_norm_cost(main_path.shape()));
  main_path.add(conv2d_cost(main_path.shape(), {out_channels, 3, 1, 1, false}));
  main_path.add(batch_norm_cost(main_path.shape()));
  LayerCost total{main_path.shape(), main_path.cost().flops_per_sample, main_path.cost().params};
  if (needs_projection(input.channels, out_channels, stride)) {
    CostTracker shortcut(input);
    shortcut.add(conv2d_cost(input, {out_channels, 1, stride, 0, false}));
    shortcut.add(batch_norm_cost(shortcut.shape()));
    total.flops_per_sample += shortcut.cost().flops_per_sample;
    total.params += shortcut.cost().params;
  }
  return total;
}

}  // namespace ecopt_examples::cnn
