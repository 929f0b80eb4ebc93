#include "ecopt/runner/exec_limits.hpp"

#include <unistd.h>

namespace ecopt::runner {
namespace {

constexpr const char* kFix =
    "; pass large parameter sets through the file every trial gets (its path is in "
    "$ECOPT_PARAMS_FILE, the parameters as JSON) instead of on the command line "
    "(`pass_params: args`, `{name}` placeholders)";

std::string too_long(const std::string& what, std::size_t bytes) {
  return what + " is " + std::to_string(bytes) + " bytes, over the " +
         std::to_string(kMaxArgStringBytes) +
         " bytes Linux allows one argument or environment variable (MAX_ARG_STRLEN), so the "
         "trial cannot start" +
         kFix;
}

}  // namespace

std::size_t arg_max_bytes() {
  const long bytes = sysconf(_SC_ARG_MAX);
  return bytes > 0 ? static_cast<std::size_t>(bytes) : std::size_t{131072};
}

std::string exec_size_problem(const std::vector<std::string>& argv,
                              const std::vector<std::string>& env, std::size_t arg_max) {
  // The kernel counts each string with its NUL, and a pointer to each plus the two
  // terminating null pointers.
  std::size_t total = (argv.size() + env.size() + 2) * sizeof(char*);
  for (std::size_t i = 0; i < argv.size(); ++i) {
    if (argv[i].size() + 1 > kMaxArgStringBytes)
      return too_long("argument " + std::to_string(i) + " of the command", argv[i].size() + 1);
    total += argv[i].size() + 1;
  }
  for (const std::string& entry : env) {
    if (entry.size() + 1 > kMaxArgStringBytes)
      return too_long("environment variable " + entry.substr(0, entry.find('=')), entry.size() + 1);
    total += entry.size() + 1;
  }
  if (total <= arg_max) return {};
  return "the command (" + std::to_string(argv.size()) + " arguments) and its environment take " +
         std::to_string(total) + " bytes, over this system's limit of " + std::to_string(arg_max) +
         " bytes (ARG_MAX, a quarter of the stack limit `ulimit -s`), so the trial cannot start" +
         kFix;
}

}  // namespace ecopt::runner
