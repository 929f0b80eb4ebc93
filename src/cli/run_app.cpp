#include "run_app.hpp"

#include <cstdio>
#include <exception>

#include "output.hpp"

namespace ecopt::cli {

int run_app(CLI::App& app, Runner& run, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 prints the message (or the help) and has its own codes for each kind of
    // error (105, 106 ...); ecopt documents one status for every argument error.
    return app.exit(e) == 0 ? 0 : kExitUsage;
  }
  try {
    const int status = run ? run() : 0;
    std::fflush(stdout);
    return status;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "ecopt: error: %s\n", e.what());
    return kExitFailure;
  }
}

}  // namespace ecopt::cli
