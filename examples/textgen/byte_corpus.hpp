#pragma once
// Text as a byte sequence, the vocabulary of a byte-level language model (256 tokens, no
// tokenizer to build or ship). The default corpus is the licence texts every Debian
// system has in /usr/share/common-licenses (about 240 KB).

#include <torch/torch.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace ecopt_examples::textgen {

inline constexpr const char* kDefaultCorpus = "/usr/share/common-licenses";

struct ByteCorpus {
  torch::Tensor train;       // int64 byte values, [N]
  torch::Tensor validation;  // the last `validation_fraction` of the text, [M]
  std::int64_t files = 0;
};

/// A file, or every regular file of a directory (not recursive; symlinks to the same file
/// count once), in name order. The validation split is the end of the concatenation, so
/// it is text the model has not trained on. Throws std::runtime_error naming the path
/// when it is missing or holds too little text for `min_split_bytes` in each split.
ByteCorpus load_byte_corpus(const std::filesystem::path& path, double validation_fraction,
                            std::int64_t min_split_bytes);

/// `batch` windows of `length` consecutive bytes at random offsets: [batch, length].
torch::Tensor random_windows(const torch::Tensor& bytes, std::int64_t batch, std::int64_t length,
                             at::Generator& generator);

}  // namespace ecopt_examples::textgen
