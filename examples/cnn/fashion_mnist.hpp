#pragma once
// Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 60,000 training and 10,000 test images,
// 28x28 grayscale, 10 classes, in MNIST's IDX format, gzip-compressed. Debian's
// dataset-fashion-mnist package installs it in kFashionMnistDebianDir.

#include <filesystem>

#include "image_dataset.hpp"

namespace ecopt_examples::cnn {

inline constexpr const char* kFashionMnistDebianDir = "/usr/share/datasets/fashion-mnist";

/// Reads {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz from `directory` with zlib.
/// Throws std::runtime_error naming the missing file and the package to install, or the
/// file and offset of a malformed one.
PublishedDataset load_fashion_mnist(const std::filesystem::path& directory);

}  // namespace ecopt_examples::cnn
