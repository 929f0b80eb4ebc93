#include "fashion_mnist.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>
#include <string>

namespace ecopt_examples::cnn {

namespace {

struct GzCloser {
  void operator()(gzFile file) const { gzclose(file); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

class GzReader {
 public:
  explicit GzReader(const std::filesystem::path& path) : path_(path) {
    file_.reset(gzopen(path.c_str(), "rb"));
    if (!file_) throw std::runtime_error(path_.string() + ": cannot open");
  }
  void read(void* into, std::size_t bytes) {
    auto* out = static_cast<char*>(into);
    while (bytes > 0) {  // gzread takes an unsigned count: read in chunks below 2^30
      const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(bytes, 1u << 30));
      const int n = gzread(file_.get(), out, chunk);
      if (n <= 0) {
        throw std::runtime_error(path_.string() + ": truncated or corrupt at byte " +
                                 std::to_string(offset_) + " (" + error() + ")");
      }
      out += n;
      bytes -= static_cast<std::size_t>(n);
      offset_ += static_cast<std::size_t>(n);
    }
  }
  // IDX stores integers big-endian.
  std::uint32_t read_u32() {
    std::array<unsigned char, 4> b{};
    read(b.data(), b.size());
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
           std::uint32_t{b[3]};
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::string error() {
    int code = 0;
    const char* message = gzerror(file_.get(), &code);
    return code == Z_OK ? "unexpected end of file" : message;
  }
  std::filesystem::path path_;
  GzFile file_;
  std::size_t offset_ = 0;
};

constexpr std::uint32_t kImagesMagic = 0x00000803;  // unsigned byte, 3 dimensions
constexpr std::uint32_t kLabelsMagic = 0x00000801;  // unsigned byte, 1 dimension

std::filesystem::path existing(const std::filesystem::path& directory, const std::string& file) {
  const auto path = directory / file;
  if (!std::filesystem::exists(path)) {
    throw std::runtime_error(
        "Fashion-MNIST not found: " + path.string() +
        " does not exist. Install Debian's dataset-fashion-mnist package (apt-get install "
        "dataset-fashion-mnist, or scripts/setup), which puts the data in " +
        kFashionMnistDebianDir +
        ", or pass --data-dir with a directory holding the four "
        "*-ubyte.gz files");
  }
  return path;
}

ImageDataset read_split(const std::filesystem::path& directory, const std::string& prefix) {
  GzReader images(existing(directory, prefix + "-images-idx3-ubyte.gz"));
  GzReader labels(existing(directory, prefix + "-labels-idx1-ubyte.gz"));
  if (images.read_u32() != kImagesMagic)
    throw std::runtime_error(images.path().string() + ": not an IDX image file (bad magic number)");
  if (labels.read_u32() != kLabelsMagic)
    throw std::runtime_error(labels.path().string() + ": not an IDX label file (bad magic number)");
  const std::int64_t count = images.read_u32();
  const std::int64_t rows = images.read_u32();
  const std::int64_t columns = images.read_u32();
  if (labels.read_u32() != count)
    throw std::runtime_error(labels.path().string() + ": label count differs from " +
                             images.path().filename().string());

  torch::Tensor pixels = torch::empty({count, 1, rows, columns}, torch::kUInt8);
  images.read(pixels.data_ptr(), static_cast<std::size_t>(pixels.numel()));
  torch::Tensor classes = torch::empty({count}, torch::kUInt8);
  labels.read(classes.data_ptr(), static_cast<std::size_t>(count));
  if (count > 0 && classes.max().item<int>() > 9)
    throw std::runtime_error(labels.path().string() + ": label outside 0-9");
  return {pixels, classes.to(torch::kInt64)};
}

}  // namespace

PublishedDataset load_fashion_mnist(const std::filesystem::path& directory) {
  return {"fashion-mnist", read_split(directory, "train"), read_split(directory, "t10k"), 10};
}

}  // namespace ecopt_examples::cnn
