#include "searched_cnn.hpp"

#include <stdexcept>
#include <string>

namespace ecopt_examples::cnn {

void validate(const CnnArchitecture& a) {
  auto check = [](bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument(what);
  };
  check(a.width >= 1 && a.width <= 128,
        "width must be in [1, 128], got " + std::to_string(a.width));
  check(a.depth >= 1 && a.depth <= 6, "depth must be in [1, 6], got " + std::to_string(a.depth));
  check(a.kernel_size >= 1 && a.kernel_size <= 9 && a.kernel_size % 2 == 1,
        "kernel size must be one of 1, 3, 5, 7, 9, got " + std::to_string(a.kernel_size));
}

Network build_searched_cnn(const CnnArchitecture& a, const FeatureShape& input,
                           std::int64_t classes) {
  validate(a);
  NetworkBuilder builder(input);
  for (std::int64_t block = 0; block < a.depth; ++block) {
    // Odd kernels with padding k/2 keep the map size, so depth is limited only by pooling.
    builder
        .conv({.out_channels = a.width, .kernel_size = a.kernel_size, .padding = a.kernel_size / 2})
        .relu();
    // Pooling a 1-pixel map is impossible; deep pooled networks stop halving at 1x1.
    if (a.max_pool && builder.shape().height >= 2 && builder.shape().width >= 2)
      builder.max_pool(2);
  }
  builder.linear(classes);
  return builder.build("cnn-w" + std::to_string(a.width) + "-d" + std::to_string(a.depth) + "-k" +
                       std::to_string(a.kernel_size) + (a.max_pool ? "-pool" : ""));
}

}  // namespace ecopt_examples::cnn
