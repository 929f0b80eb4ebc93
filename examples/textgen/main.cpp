// ecopt-textgen: trains a small byte-level Transformer language model and measures text
// generation, reporting to ecopt through the trial protocol (include/ecopt/client.hpp):
// validation perplexity, parameter and FLOP counts, and the `train` and `generate`
// phases; `generate` counts generated tokens as samples, so ecopt's
// energy.generate.per_sample is the energy per token. See docs/examples.md.
#include <ecopt/client.hpp>

#include <cmath>
#include <cstdio>
#include <string>

#include "byte_corpus.hpp"
#include "common/options.hpp"
#include "common/torch_runtime.hpp"
#include "common/trial_main.hpp"
#include "generation.hpp"
#include "lm_training.hpp"
#include "transformer_cost.hpp"

namespace ex = ecopt_examples;
namespace tg = ecopt_examples::textgen;

namespace {

ex::Options make_options() {
  return ex::Options(
      "ecopt-textgen",
      "Trains a byte-level decoder-only Transformer on text, reports its validation\n"
      "perplexity, then times greedy generation; reports to ecopt when run by `ecopt tune`.",
      {
          {"text", tg::kDefaultCorpus, "a text file, or a directory of them (not recursive)"},
          {"layers", "2", "Transformer blocks"},
          {"d-model", "64", "embedding width"},
          {"heads", "4", "attention heads; must divide --d-model"},
          {"context-length", "64", "tokens (bytes) the model attends over"},
          {"steps", "300", "training steps"},
          {"batch-size", "32", "training windows per step"},
          {"lr", "0.003", "peak learning rate (AdamW, warm-up then cosine decay)"},
          {"val-fraction", "0.1", "the end of the text held out for validation"},
          {"val-windows", "64", "at most this many context windows of validation text"},
          {"gen-batch-size", "8", "sequences generated in parallel"},
          {"gen-tokens", "128", "new tokens per sequence"},
          {"prompt-length", "16",
           "prompt bytes per sequence, from the validation text (at most the context length)"},
          {"kv-cache", "true", "cache keys and values during generation"},
          {"threads", "1", "intra-op threads (torch::set_num_threads)"},
          {"seed", "0", "seed of the weights and the training windows"},
          {"device", "auto", "auto (CUDA when available), cpu or cuda"},
      });
}

std::string printable(const torch::Tensor& bytes) {
  std::string text;
  const auto cpu = bytes.to(torch::kCPU);
  for (std::int64_t i = 0; i < cpu.size(0); ++i) {
    const auto c = static_cast<unsigned char>(cpu[i].item<std::int64_t>());
    text += (c == '\n' || (c >= 0x20 && c < 0x7f)) ? static_cast<char>(c) : '?';
  }
  return text;
}

int run(const ex::Options& options) {
  tg::TransformerConfig config;
  config.layers = options.integer_in("layers", 1, 256);
  config.d_model = options.integer_in("d-model", 1, 1 << 16);
  config.heads = options.integer_in("heads", 1, 1 << 10);
  config.context_length = options.integer_in("context-length", 2, 1 << 16);
  tg::validate(config);
  tg::LmTrainingSettings training;
  training.steps = options.integer_in("steps", 1, 1LL << 40);
  training.batch_size = options.integer_in("batch-size", 1, 1 << 20);
  training.learning_rate = options.real("lr");
  training.seed = static_cast<std::uint64_t>(options.integer_in("seed", 0, 1LL << 62));
  tg::GenerationSettings generation;
  generation.new_tokens = options.integer_in("gen-tokens", 1, 1LL << 30);
  generation.kv_cache = options.flag("kv-cache");
  const std::int64_t gen_batch = options.integer_in("gen-batch-size", 1, 1 << 20);
  const std::int64_t prompt_length =
      std::min(options.integer_in("prompt-length", 1, 1 << 20), config.context_length);

  ex::configure_threads(static_cast<int>(options.integer_in("threads", 1, 1024)));
  ex::seed_everything(training.seed);
  const torch::Device device = ex::select_device(options.text("device"));

  const tg::ByteCorpus corpus = tg::load_byte_corpus(
      options.text("text"), options.real("val-fraction"), config.context_length + 1);
  tg::DecoderLm model(config);
  const tg::TransformerCost cost = tg::transformer_cost(config);
  std::printf(
      "decoder %lld layers, d_model %lld, %lld heads, context %lld (%s): %lld parameters, "
      "%.4g FLOPs per token; %lld training and %lld validation bytes from %lld files\n",
      static_cast<long long>(config.layers), static_cast<long long>(config.d_model),
      static_cast<long long>(config.heads), static_cast<long long>(config.context_length),
      device.str().c_str(), static_cast<long long>(cost.params), cost.flops_per_token,
      static_cast<long long>(corpus.train.size(0)),
      static_cast<long long>(corpus.validation.size(0)), static_cast<long long>(corpus.files));
  ecopt::client::attrs(
      {{"params", static_cast<double>(cost.params)}, {"flops", cost.flops_per_token}});

  tg::LmTrainingResult trained;
  {
    ecopt::client::Phase phase("train");
    const std::int64_t every = std::max<std::int64_t>(1, training.steps / 10);
    trained =
        tg::train_lm(model, corpus.train, training, device, [&](std::int64_t step, double loss) {
          if (step % every != 0) return;
          std::printf("step %lld: loss %.4f\n", static_cast<long long>(step), loss);
          std::fflush(stdout);
          ecopt::client::report(step, {{"train_loss", loss}});
        });
    ex::synchronize(device);
    phase.set_samples(trained.tokens_processed);
  }
  const double val_loss = tg::validation_loss(
      model, corpus.validation, options.integer_in("val-windows", 1, 1 << 20), device);

  // Prompts from evenly spaced places in the validation text.
  const std::int64_t spacing = (corpus.validation.size(0) - prompt_length) / gen_batch;
  const torch::Tensor offsets = torch::arange(gen_batch, torch::kLong) * spacing;
  const torch::Tensor prompts =
      corpus.validation.index({offsets.unsqueeze(1) + torch::arange(prompt_length, torch::kLong)})
          .to(device);
  torch::Tensor generated;
  {
    ecopt::client::Phase phase("generate", gen_batch * generation.new_tokens);
    generated = tg::generate_greedy(model, prompts, generation);
    ex::synchronize(device);
  }

  const double perplexity = std::exp(val_loss);
  ecopt::client::metrics({{"perplexity", perplexity},
                          {"val_loss", val_loss},
                          {"bits_per_byte", val_loss / std::log(2.0)},
                          {"train_loss", trained.final_loss}});
  std::printf("validation perplexity %.4f (%.4f bits per byte); generated %lld tokens%s\n",
              perplexity, val_loss / std::log(2.0), static_cast<long long>(generated.numel()),
              generation.kv_cache ? " with the KV cache" : " without a KV cache");
  std::printf("sample: \"%s\" -> \"%s\"\n", printable(prompts[0]).c_str(),
              printable(generated[0]).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return ex::trial_main("ecopt-textgen", make_options(), argc, argv, run);
}
