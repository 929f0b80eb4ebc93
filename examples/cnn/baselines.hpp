#pragma once
// Published Fashion-MNIST reference architectures, so that a study can enqueue them as
// fixed trials and see where hand-designed networks sit on its accuracy/energy front.
// Their published accuracies are in the Fashion-MNIST README's benchmark table
// (/usr/share/doc/dataset-fashion-mnist/README.md.gz) and in docs/examples.md.

#include <string>
#include <vector>

#include "network.hpp"

namespace ecopt_examples::cnn {

struct Baseline {
  std::string name;  // the --baseline value
  std::string description;
  double published_accuracy = 0;  // on the Fashion-MNIST test set, as submitted
  std::string published_setup;    // the submitter's preprocessing, which ours does not copy
};

const std::vector<Baseline>& baselines();

/// Throws std::invalid_argument listing the known names when `name` is not one.
Network build_baseline(const std::string& name, const FeatureShape& input, std::int64_t classes);

}  // namespace ecopt_examples::cnn
