#include "cifar10.hpp"

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ecopt_examples::cnn {

namespace {

ImageDataset read_batches(const std::filesystem::path& directory,
                          const std::vector<std::string>& files) {
  std::vector<char> bytes;
  for (const auto& file : files) {
    const auto path = directory / file;
    if (!std::filesystem::exists(path)) {
      throw std::runtime_error(
          "CIFAR-10 not found: " + path.string() +
          " does not exist. Download the binary version (cifar-10-binary.tar.gz) from "
          "https://www.cs.toronto.edu/~kriz/cifar.html, extract it, and pass --data-dir with "
          "the cifar-10-batches-bin directory");
    }
    const auto size = std::filesystem::file_size(path);
    if (size == 0 || size % kCifarRecordBytes != 0) {
      throw std::runtime_error(path.string() + ": " + std::to_string(size) +
                               " bytes is not a whole number of " +
                               std::to_string(kCifarRecordBytes) + "-byte CIFAR-10 records");
    }
    std::ifstream in(path, std::ios::binary);
    const std::size_t at = bytes.size();
    bytes.resize(at + size);
    if (!in.read(bytes.data() + at, static_cast<std::streamsize>(size)))
      throw std::runtime_error(path.string() + ": read failed");
  }
  const std::int64_t count = static_cast<std::int64_t>(bytes.size()) / kCifarRecordBytes;
  const torch::Tensor records =
      torch::from_blob(bytes.data(), {count, kCifarRecordBytes}, torch::kUInt8);
  ImageDataset dataset;
  // The planes are stored channel-major, exactly torch's [C, H, W] layout.
  dataset.images = records.slice(1, 1).reshape({count, 3, kCifarSide, kCifarSide}).clone();
  dataset.labels = records.select(1, 0).to(torch::kInt64);
  if (dataset.labels.max().item<std::int64_t>() > 9)
    throw std::runtime_error(directory.string() + ": a CIFAR-10 label is outside 0-9");
  return dataset;
}

}  // namespace

PublishedDataset load_cifar10(const std::filesystem::path& directory) {
  return {"cifar10",
          read_batches(directory, {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                                   "data_batch_4.bin", "data_batch_5.bin"}),
          read_batches(directory, {"test_batch.bin"}), 10};
}

}  // namespace ecopt_examples::cnn
