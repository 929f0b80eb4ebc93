#include "network.hpp"

#include <cassert>

namespace ecopt_examples::cnn {

NetworkBuilder& NetworkBuilder::conv(const ConvGeometry& g) {
  assert(!flat_ && "a convolution after a flatten");
  const std::int64_t in_channels = shape().channels;
  layers_->push_back(
      torch::nn::Conv2d(torch::nn::Conv2dOptions(in_channels, g.out_channels, g.kernel_size)
                            .stride(g.stride)
                            .padding(g.padding)
                            .bias(g.bias)));
  tracker_.add(conv2d_cost(shape(), g));
  return *this;
}

NetworkBuilder& NetworkBuilder::batch_norm() {
  layers_->push_back(torch::nn::BatchNorm2d(shape().channels));
  tracker_.add(batch_norm_cost(shape()));
  return *this;
}

NetworkBuilder& NetworkBuilder::relu() {
  layers_->push_back(torch::nn::ReLU(torch::nn::ReLUOptions().inplace(true)));
  return *this;
}

NetworkBuilder& NetworkBuilder::max_pool(std::int64_t window) {
  layers_->push_back(torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(window)));
  tracker_.add(max_pool_cost(shape(), window));
  return *this;
}

NetworkBuilder& NetworkBuilder::dropout(double probability) {
  layers_->push_back(torch::nn::Dropout(probability));
  return *this;
}

NetworkBuilder& NetworkBuilder::global_average_pool() {
  layers_->push_back(torch::nn::AdaptiveAvgPool2d(torch::nn::AdaptiveAvgPool2dOptions(1)));
  tracker_.add(global_average_pool_cost(shape()));
  return *this;
}

NetworkBuilder& NetworkBuilder::flatten() {
  layers_->push_back(torch::nn::Flatten());
  flat_ = true;
  return *this;  // costs need no change: linear_cost reads the per-sample element count
}

NetworkBuilder& NetworkBuilder::linear(std::int64_t out_features, bool bias) {
  if (!flat_) flatten();
  layers_->push_back(
      torch::nn::Linear(torch::nn::LinearOptions(shape().elements(), out_features).bias(bias)));
  tracker_.add(linear_cost(shape(), out_features, bias));
  return *this;
}

}  // namespace ecopt_examples::cnn
