#pragma once
// The convolutional network whose architecture the study searches: `depth` blocks of
// convolution (`width` filters of `kernel_size` x `kernel_size`, "same" padding) and ReLU,
// each optionally followed by 2x2 max pooling, then one fully connected layer to the
// classes. The ranges (width 1-128, depth 1-6, kernel size 1-9 and odd, pooling on or off)
// are the study's search space (examples/fashion-cnn.yaml); every point in it is valid.

#include <cstdint>

#include "network.hpp"

namespace ecopt_examples::cnn {

struct CnnArchitecture {
  std::int64_t width = 32;       // filters per convolution, 1-128
  std::int64_t depth = 2;        // convolution blocks, 1-6
  std::int64_t kernel_size = 3;  // odd, 1-9
  bool max_pool = true;          // 2x2 max pooling after each block (while the map is >= 2x2)
};

/// Throws std::invalid_argument naming the offending field.
void validate(const CnnArchitecture& architecture);

Network build_searched_cnn(const CnnArchitecture& architecture, const FeatureShape& input,
                           std::int64_t classes);

}  // namespace ecopt_examples::cnn
