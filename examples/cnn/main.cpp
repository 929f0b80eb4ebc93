// ecopt-cnn: trains and tests one image classifier, reporting to ecopt through the trial
// protocol (include/ecopt/client.hpp): accuracy, parameter and FLOP counts, and the
// `train` and `inference` phases whose energy ecopt measures. See docs/examples.md.
#include <ecopt/client.hpp>

#include <cstdio>

#include "baselines.hpp"
#include "cifar10.hpp"
#include "common/options.hpp"
#include "common/torch_runtime.hpp"
#include "common/trial_main.hpp"
#include "fashion_mnist.hpp"
#include "searched_cnn.hpp"
#include "training.hpp"

namespace ex = ecopt_examples;
namespace cnn = ecopt_examples::cnn;

namespace {

ex::Options make_options() {
  std::string baseline_help = "a published reference network instead of the searched one:";
  for (const auto& b : cnn::baselines())
    baseline_help += " " + b.name + " (" + b.description + ");";
  return ex::Options(
      "ecopt-cnn",
      "Trains an image classifier on a training split, stops early on a validation split,\n"
      "and measures accuracy on the test split; reports to ecopt when run by `ecopt tune`.",
      {
          {"dataset", "fashion-mnist", "fashion-mnist or cifar10"},
          {"data-dir", "",
           std::string("dataset directory (default for fashion-mnist: ") +
               cnn::kFashionMnistDebianDir + "; required for cifar10)"},
          {"baseline", "none", baseline_help + " none: the searched network"},
          {"width", "32", "filters per convolution, 1-128"},
          {"depth", "2", "convolution blocks, 1-6"},
          {"kernel-size", "3", "convolution kernel size: 1, 3, 5, 7 or 9"},
          {"max-pool", "true", "2x2 max pooling after each block"},
          {"optimizer", "adam", "adam or sgd (momentum 0.9)"},
          {"lr", "0.001", "learning rate"},
          {"batch-size", "64", "training mini-batch size"},
          {"epochs", "10", "maximum training epochs"},
          {"patience", "3",
           "stop after this many epochs without a lower validation loss; 0: never"},
          {"inference-batch-size", "256", "batch size of the timed inference over the test split"},
          {"threads", "1", "intra-op threads (torch::set_num_threads)"},
          {"train-samples", "0",
           "training samples, for quick studies; 0: all left after validation"},
          {"val-samples", "5000", "validation samples, taken from the published training set"},
          {"test-samples", "0", "test samples, the first N of the test set; 0: all"},
          {"seed", "0", "seed of the weights, the splits and the batch order"},
          {"device", "auto", "auto (CUDA when available), cpu or cuda"},
      });
}

cnn::PublishedDataset load(const ex::Options& options) {
  const std::string& dataset = options.choice("dataset", {"fashion-mnist", "cifar10"});
  const std::string& dir = options.text("data-dir");
  if (dataset == "cifar10") {
    if (dir.empty())
      throw ex::UsageError(
          "--dataset cifar10 needs --data-dir (the cifar-10-batches-bin directory)");
    return cnn::load_cifar10(dir);
  }
  return cnn::load_fashion_mnist(dir.empty() ? cnn::kFashionMnistDebianDir : dir);
}

cnn::Network build(const ex::Options& options, const cnn::FeatureShape& input,
                   std::int64_t classes) {
  if (options.text("baseline") != "none")
    return cnn::build_baseline(options.text("baseline"), input, classes);
  cnn::CnnArchitecture architecture;
  architecture.width = options.integer("width");
  architecture.depth = options.integer("depth");
  architecture.kernel_size = options.integer("kernel-size");
  architecture.max_pool = options.flag("max-pool");
  return cnn::build_searched_cnn(architecture, input, classes);
}

int run(const ex::Options& options) {
  cnn::TrainingSettings training;
  training.learning_rate = options.real("lr");
  training.batch_size = options.integer_in("batch-size", 1, 1 << 20);
  training.max_epochs = static_cast<int>(options.integer_in("epochs", 1, 10000));
  training.patience = static_cast<int>(options.integer_in("patience", 0, 10000));
  training.optimizer = options.choice("optimizer", {"adam", "sgd"}) == "adam"
                           ? cnn::OptimizerKind::adam
                           : cnn::OptimizerKind::sgd;
  training.seed = static_cast<std::uint64_t>(options.integer_in("seed", 0, 1LL << 62));
  const std::int64_t inference_batch = options.integer_in("inference-batch-size", 1, 1 << 20);
  const cnn::SplitSizes sizes{options.integer_in("train-samples", 0, 1LL << 40),
                              options.integer_in("val-samples", 1, 1LL << 40),
                              options.integer_in("test-samples", 0, 1LL << 40)};

  ex::configure_threads(static_cast<int>(options.integer_in("threads", 1, 1024)));
  ex::seed_everything(training.seed);
  const torch::Device device = ex::select_device(options.text("device"));

  const cnn::PublishedDataset dataset = load(options);
  const cnn::DatasetSplits data = cnn::make_splits(dataset, sizes, training.seed);
  cnn::Network network = build(options, data.train.sample_shape(), data.classes);
  std::printf(
      "%s on %s (%s): %lld parameters, %.4g FLOPs per sample; %lld train, %lld validation, "
      "%lld test samples\n",
      network.name.c_str(), dataset.name.c_str(), device.str().c_str(),
      static_cast<long long>(network.cost.params), network.cost.flops_per_sample,
      static_cast<long long>(data.train.size()), static_cast<long long>(data.validation.size()),
      static_cast<long long>(data.test.size()));
  ecopt::client::attrs({{"params", static_cast<double>(network.cost.params)},
                        {"flops", network.cost.flops_per_sample}});

  cnn::TrainingResult trained;
  {
    ecopt::client::Phase phase("train");
    trained = cnn::train(network, data, training, device, [](const cnn::EpochLog& log) {
      std::printf("epoch %d: train loss %.4f, validation loss %.4f, validation accuracy %.4f\n",
                  log.epoch, log.train_loss, log.validation.mean_loss, log.validation.accuracy);
      std::fflush(stdout);
      // `accuracy` so far is the validation accuracy: named like the objective, so a
      // pruner compares it (docs/pruning.md); ecopt adds the energy so far to each step.
      // report() waits for this epoch's verdict, so should_prune() answers for this epoch
      // and a pruned trial trains no epoch past the one it was judged at.
      ecopt::client::report(log.epoch, {{"val_loss", log.validation.mean_loss},
                                        {"val_accuracy", log.validation.accuracy},
                                        {"accuracy", log.validation.accuracy}});
      if (!ecopt::client::should_prune()) return true;
      std::printf("pruned by ecopt after epoch %d\n", log.epoch);
      return false;
    });
    ex::synchronize(device);
    phase.set_samples(trained.samples_processed);
  }
  if (ecopt::client::should_prune()) return 0;  // recorded as PRUNED: no test to pay for

  cnn::Evaluation test;
  {
    // The whole (possibly subsampled) test split, so energy per sample is per image.
    ecopt::client::Phase phase("inference", data.test.size());
    test = cnn::evaluate(network, data.test, inference_batch, device);
    ex::synchronize(device);
  }

  ecopt::client::metrics({{"accuracy", test.accuracy},
                          {"test_loss", test.mean_loss},
                          {"val_loss", trained.best_validation.mean_loss},
                          {"epochs", static_cast<double>(trained.epochs_run)}});
  std::printf("accuracy %.4f on %lld test samples (best epoch %d of %d)\n", test.accuracy,
              static_cast<long long>(test.samples), trained.best_epoch, trained.epochs_run);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return ex::trial_main("ecopt-cnn", make_options(), argc, argv, run);
}
