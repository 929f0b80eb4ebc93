# Warnings every ecopt target builds with (DEVELOPERS.md: clean under -Wall -Wextra -Wpedantic).
add_library(ecopt_warnings INTERFACE)
target_compile_options(ecopt_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow
  $<$<BOOL:${ECOPT_WARNINGS_AS_ERRORS}>:-Werror>)
