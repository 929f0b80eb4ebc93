#pragma once
// How much argv and environment a new process may be given. Linux refuses execve with
// E2BIG past either of two limits: one argument or environment string may hold at most
// MAX_ARG_STRLEN bytes (32 pages), and all of them together, with their pointers, at most
// ARG_MAX (a quarter of the stack limit). A study with thousands of parameters crosses
// them; checking before the start turns a bare "Argument list too long" into the item,
// its size, the limit and the fix.

#include <cstddef>
#include <string>
#include <vector>

namespace ecopt::runner {

/// Linux's MAX_ARG_STRLEN: the most bytes one argv item or "NAME=value" may take, its NUL
/// included.
inline constexpr std::size_t kMaxArgStringBytes = 131072;

/// This system's ARG_MAX (sysconf), the room for argv and environment together.
[[nodiscard]] std::size_t arg_max_bytes();

/// Why execve would refuse `argv` with `env` ("NAME=value" strings): the first item over
/// kMaxArgStringBytes, or the total over `arg_max`, with sizes, the limit and how to pass
/// parameters instead (ECOPT_PARAMS_FILE); "" when they fit.
[[nodiscard]] std::string exec_size_problem(const std::vector<std::string>& argv,
                                            const std::vector<std::string>& env,
                                            std::size_t arg_max = arg_max_bytes());

}  // namespace ecopt::runner
