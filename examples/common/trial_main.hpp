#pragma once
// The main() of every example trial program: parse the options, run the trial, and turn
// an error into one line on stderr and the exit status a shell script expects (2 for bad
// usage, 1 for a failure), so `ecopt tune` records a clear reason.

#include <torch/torch.h>

#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>

#include "common/options.hpp"

namespace ecopt_examples {

inline int trial_main(const std::string& program, Options options, int argc, char** argv,
                      int (*run)(const Options&)) {
  try {
    if (!options.parse(argc, argv)) return 0;
    return run(options);
  } catch (const UsageError& e) {
    std::cerr << program << ": " << e.what() << " (see --help)\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << program << ": " << e.what() << "\n";
    return 2;
  } catch (const c10::Error& e) {  // LibTorch's what() carries a C++ backtrace
    std::cerr << program << ": error: " << e.what_without_backtrace() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << program << ": error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace ecopt_examples
