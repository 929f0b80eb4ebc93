// Analytic parameter and FLOP counts against hand counts and against LibTorch's own
// parameter count (network_cost.hpp: 2 FLOPs per multiply-accumulate of convolutions and
// fully connected layers, nothing else counted).
#include <gtest/gtest.h>

#include "baselines.hpp"
#include "searched_cnn.hpp"

namespace cnn = ecopt_examples::cnn;

namespace {

const cnn::FeatureShape kFashion{1, 28, 28};

std::int64_t torch_params(const cnn::Network& network) {
  std::int64_t count = 0;
  for (const auto& p : network.layers->parameters()) count += p.numel();
  return count;
}

void expect_forward_shape(cnn::Network& network, const cnn::FeatureShape& input) {
  torch::NoGradGuard no_grad;
  network.layers->eval();
  const auto out =
      network.layers->forward(torch::zeros({2, input.channels, input.height, input.width}));
  EXPECT_EQ(out.sizes(), (std::vector<std::int64_t>{2, 10}));
}

}  // namespace

TEST(NetworkCost, SearchedCnnMatchesHandCount) {
  // width 4, depth 2, 3x3, pooled, on 1x28x28:
  //   conv1 4 x (1*9) + 4 = 40 params; 2 * 9 * 4 * 28 * 28 = 56,448 FLOPs; pool to 14x14
  //   conv2 4 x (4*9) + 4 = 148;       2 * 36 * 4 * 14 * 14 = 56,448;      pool to 7x7
  //   dense 4*7*7 = 196 -> 10: 1,970;  2 * 196 * 10 = 3,920
  auto network = cnn::build_searched_cnn(
      {.width = 4, .depth = 2, .kernel_size = 3, .max_pool = true}, kFashion, 10);
  EXPECT_EQ(network.cost.params, 40 + 148 + 1970);
  EXPECT_DOUBLE_EQ(network.cost.flops_per_sample, 56448.0 + 56448.0 + 3920.0);
  EXPECT_EQ(torch_params(network), network.cost.params);
  expect_forward_shape(network, kFashion);
}

TEST(NetworkCost, UnpooledOneByOneConvolution) {
  // conv 2 x (1*1) + 2 = 4 params, 2 * 1 * 2 * 784 = 3,136 FLOPs; dense 1568 -> 10:
  // 15,690 params, 31,360 FLOPs.
  auto network = cnn::build_searched_cnn(
      {.width = 2, .depth = 1, .kernel_size = 1, .max_pool = false}, kFashion, 10);
  EXPECT_EQ(network.cost.params, 4 + 15690);
  EXPECT_DOUBLE_EQ(network.cost.flops_per_sample, 3136.0 + 31360.0);
  EXPECT_EQ(torch_params(network), network.cost.params);
}

TEST(NetworkCost, DeepPooledNetworkStopsHalvingAtOnePixel) {
  // 28 -> 14 -> 7 -> 3 -> 1, then no more pooling: the dense layer sees width x 1 x 1.
  auto network = cnn::build_searched_cnn(
      {.width = 8, .depth = 6, .kernel_size = 9, .max_pool = true}, kFashion, 10);
  const auto& dense = network.layers->ptr(network.layers->size() - 1)->as<torch::nn::Linear>();
  ASSERT_NE(dense, nullptr);
  EXPECT_EQ(dense->options.in_features(), 8);
  EXPECT_EQ(torch_params(network), network.cost.params);
  expect_forward_shape(network, kFashion);
}

TEST(NetworkCost, RejectsPointsOutsideTheSearchSpace) {
  EXPECT_THROW(cnn::build_searched_cnn({.width = 0}, kFashion, 10), std::invalid_argument);
  EXPECT_THROW(cnn::build_searched_cnn({.width = 129}, kFashion, 10), std::invalid_argument);
  EXPECT_THROW(cnn::build_searched_cnn({.depth = 7}, kFashion, 10), std::invalid_argument);
  EXPECT_THROW(cnn::build_searched_cnn({.kernel_size = 4}, kFashion, 10), std::invalid_argument);
}

TEST(NetworkCost, Conv2BaselineIs113kParameters) {
  // The published Keras summary: 320 + 9,248 + 102,528 + 1,290 = 113,386.
  // FLOPs: 2*9*32*26*26 + 2*(32*9)*32*11*11 + 2*800*128 + 2*128*10.
  auto network = cnn::build_baseline("conv2", kFashion, 10);
  EXPECT_EQ(network.cost.params, 113386);
  EXPECT_DOUBLE_EQ(network.cost.flops_per_sample, 389376.0 + 2230272.0 + 204800.0 + 2560.0);
  EXPECT_EQ(torch_params(network), 113386);
  expect_forward_shape(network, kFashion);
}

TEST(NetworkCost, MlpBaseline) {
  // 784*256+256 + 256*128+128 + 128*100+100 + 100*10+10; FLOPs twice the weights.
  auto network = cnn::build_baseline("mlp", kFashion, 10);
  EXPECT_EQ(network.cost.params, 200960 + 32896 + 12900 + 1010);
  EXPECT_DOUBLE_EQ(network.cost.flops_per_sample, 2.0 * (200704 + 32768 + 12800 + 1000));
  EXPECT_EQ(torch_params(network), network.cost.params);
}

TEST(NetworkCost, ResNet18) {
  // The CIFAR variant (3x32x32) has the widely quoted 11,173,962 parameters; with one
  // input channel the stem loses 64 x 2 x 9 = 1,152 of them.
  auto cifar = cnn::build_baseline("resnet18", {3, 32, 32}, 10);
  EXPECT_EQ(cifar.cost.params, 11173962);
  EXPECT_EQ(torch_params(cifar), 11173962);
  auto fashion = cnn::build_baseline("resnet18", kFashion, 10);
  EXPECT_EQ(fashion.cost.params, 11173962 - 1152);
  EXPECT_EQ(torch_params(fashion), fashion.cost.params);
  // The stem alone: 2 * 9 * 64 * 28 * 28 FLOPs; the whole network is about 0.43 GMAC.
  EXPECT_GT(fashion.cost.flops_per_sample, 2.0 * 9 * 64 * 28 * 28);
  EXPECT_NEAR(fashion.cost.flops_per_sample / 2, 0.43e9, 0.05e9);
  expect_forward_shape(fashion, kFashion);
}

TEST(NetworkCost, UnknownBaselineListsTheKnownOnes) {
  try {
    cnn::build_baseline("vgg", kFashion, 10);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("mlp, conv2, resnet18"), std::string::npos) << e.what();
  }
}
