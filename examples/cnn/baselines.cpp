#include "baselines.hpp"

#include <stdexcept>

#include "residual_block.hpp"

namespace ecopt_examples::cnn {

const std::vector<Baseline>& baselines() {
  static const std::vector<Baseline> table = {
      {"mlp", "MLP 256-128-100 (ReLU)", 0.8833, "none (submitted by @heitorrapela)"},
      {"conv2", "2 Conv ~113K parameters: 2 x (32 3x3 conv, 2x2 max pool, dropout), dense 128",
       0.922, "normalisation (submitted by Abel G.)"},
      {"resnet18", "ResNet-18 (He et al. 2016), 3x3 stem without max pool for small images", 0.949,
       "normalisation, flips, translation, rotation (submitted by Kyriakos Efthymiadis)"},
  };
  return table;
}

namespace {

// MLP 256-128-100: three hidden ReLU layers on the flattened image.
Network mlp(const FeatureShape& input, std::int64_t classes) {
  NetworkBuilder b(input);
  b.linear(256).relu().linear(128).relu().linear(100).relu().linear(classes);
  return b.build("mlp");
}

// The Keras network of the "2 Conv ~113K parameters" entry (abelusha/MNIST-Fashion-CNN):
// valid 3x3 convolutions, dropout 0.25 after each pooling and 0.5 before the classifier.
// On 28x28x1 inputs: 320 + 9,248 + 102,528 + 1,290 = 113,386 parameters.
Network conv2(const FeatureShape& input, std::int64_t classes) {
  NetworkBuilder b(input);
  b.conv({.out_channels = 32, .kernel_size = 3}).relu().max_pool(2).dropout(0.25);
  b.conv({.out_channels = 32, .kernel_size = 3}).relu().max_pool(2).dropout(0.25);
  b.linear(128).relu().dropout(0.5).linear(classes);
  return b.build("conv2");
}

// ResNet-18 (He et al. 2016, Table 1: four stages of two basic blocks, 64-512 filters).
// For 28x28 and 32x32 inputs the 7x7 stride-2 stem and its max pool are replaced by one
// 3x3 stride-1 convolution, as CIFAR implementations do; otherwise the map would shrink
// to 1x1 before the last stage.
Network resnet18(const FeatureShape& input, std::int64_t classes) {
  NetworkBuilder b(input);
  b.conv({.out_channels = 64, .kernel_size = 3, .padding = 1, .bias = false}).batch_norm().relu();
  std::int64_t channels = 64;
  for (const std::int64_t stage_channels : {64, 128, 256, 512}) {
    for (int block = 0; block < 2; ++block) {
      const std::int64_t stride = (block == 0 && stage_channels != 64) ? 2 : 1;
      b.block(ResidualBlock(channels, stage_channels, stride),
              ResidualBlockImpl::cost(b.shape(), stage_channels, stride));
      channels = stage_channels;
    }
  }
  b.global_average_pool().linear(classes);
  return b.build("resnet18");
}

}  // namespace

Network build_baseline(const std::string& name, const FeatureShape& input, std::int64_t classes) {
  if (name == "mlp") return mlp(input, classes);
  if (name == "conv2") return conv2(input, classes);
  if (name == "resnet18") return resnet18(input, classes);
  std::string known;
  for (const auto& baseline : baselines()) known += (known.empty() ? "" : ", ") + baseline.name;
  throw std::invalid_argument("unknown baseline '" + name + "'; known: " + known);
}

}  // namespace ecopt_examples::cnn
