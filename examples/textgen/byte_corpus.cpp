#include "byte_corpus.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <vector>

namespace ecopt_examples::textgen {

namespace {

std::vector<std::filesystem::path> corpus_files(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) {
    throw std::runtime_error("text corpus not found: " + path.string() +
                             " does not exist; pass --text with a file or a directory of text "
                             "files");
  }
  if (!std::filesystem::is_directory(path)) return {path};
  std::vector<std::filesystem::path> entries;
  for (const auto& entry : std::filesystem::directory_iterator(path))
    if (entry.is_regular_file()) entries.push_back(entry.path());  // follows symlinks
  std::sort(entries.begin(), entries.end());
  // The first name of a file wins, so the corpus does not depend on directory order.
  std::vector<std::filesystem::path> files;
  std::set<std::filesystem::path> seen;
  for (const auto& entry : entries)
    if (seen.insert(std::filesystem::canonical(entry)).second) files.push_back(entry);
  return files;
}

}  // namespace

ByteCorpus load_byte_corpus(const std::filesystem::path& path, double validation_fraction,
                            std::int64_t min_split_bytes) {
  if (!(validation_fraction > 0 && validation_fraction < 1))
    throw std::invalid_argument("validation fraction must be in (0, 1)");
  std::vector<unsigned char> text;
  const auto files = corpus_files(path);
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(file.string() + ": cannot read");
    text.insert(text.end(), std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const auto total = static_cast<std::int64_t>(text.size());
  const auto validation_bytes =
      static_cast<std::int64_t>(static_cast<double>(total) * validation_fraction);
  if (validation_bytes < min_split_bytes || total - validation_bytes < min_split_bytes) {
    throw std::runtime_error(path.string() + ": " + std::to_string(total) +
                             " bytes of text are too few; each split needs at least " +
                             std::to_string(min_split_bytes) + " (one context window plus one)");
  }
  const torch::Tensor all =
      torch::from_blob(text.data(), {total}, torch::kUInt8).to(torch::kInt64);  // copies
  return {all.slice(0, 0, total - validation_bytes).clone(),
          all.slice(0, total - validation_bytes).clone(), static_cast<std::int64_t>(files.size())};
}

torch::Tensor random_windows(const torch::Tensor& bytes, std::int64_t batch, std::int64_t length,
                             at::Generator& generator) {
  const std::int64_t starts = bytes.size(0) - length + 1;
  const torch::Tensor offsets = torch::randint(starts, {batch, 1}, generator, torch::kLong);
  return bytes.index({offsets + torch::arange(length, torch::kLong)});
}

}  // namespace ecopt_examples::textgen
