# Warnings every ecopt target builds with (DEVELOPERS.md: clean under -Wall -Wextra -Wpedantic).
add_library(ecopt_warnings INTERFACE)
target_compile_options(ecopt_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow
  # GCC 12 reports false -Wrestrict overlaps inside libstdc++'s std::string operator+
  # at -O2/-O3 (GCC bug 105329); the code is fine, the check is not.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
  $<$<BOOL:${ECOPT_WARNINGS_AS_ERRORS}>:-Werror>)
