#pragma once
// The error a study file or a stored study config that cannot be used raises.

#include <stdexcept>

namespace ecopt::study {

/// A study file that cannot be used. The message names the file, the line, the key and
/// what to do, e.g. "cnn.yaml:7: parameters.width.low: expected a number, got 'abc'".
class StudyFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace ecopt::study
