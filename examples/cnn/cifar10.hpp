#pragma once
// CIFAR-10 (Krizhevsky 2009) in its binary version: data_batch_1.bin ... data_batch_5.bin
// and test_batch.bin, each a sequence of 3,073-byte records (one label byte, then the
// 32x32 red, green and blue planes, row-major). It cannot be downloaded here; point
// --data-dir at the extracted cifar-10-batches-bin directory.

#include <filesystem>

#include "image_dataset.hpp"

namespace ecopt_examples::cnn {

inline constexpr std::int64_t kCifarSide = 32;
inline constexpr std::int64_t kCifarRecordBytes = 1 + 3 * kCifarSide * kCifarSide;

/// Reads the six batch files, whatever their record count (tests write small ones).
/// Throws std::runtime_error naming a missing file (and where to get the data), a file
/// whose size is not a whole number of records, or a label outside 0-9.
PublishedDataset load_cifar10(const std::filesystem::path& directory);

}  // namespace ecopt_examples::cnn
