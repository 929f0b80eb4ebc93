# What every example needs: LibTorch, zlib, ecopt's header-only trial client, warnings.
# Included by examples/CMakeLists.txt and by each example directory when that is built on
# its own, so it must be safe to include more than once.
include_guard(GLOBAL)
include(GNUInstallDirs)

if(NOT CMAKE_CXX_STANDARD)
  set(CMAKE_CXX_STANDARD 20)
  set(CMAKE_CXX_STANDARD_REQUIRED ON)
  set(CMAKE_CXX_EXTENSIONS OFF)
endif()

# Debian's libtorch-dev, or any other LibTorch: -DTorch_DIR=... or -DCMAKE_PREFIX_PATH=...
# (PyTorch's bundled one: python3 -c 'import torch; print(torch.utils.cmake_prefix_path)').
if(NOT Torch_FOUND)  # found already when the top-level project adds examples/
  find_package(Torch REQUIRED)
endif()
find_package(ZLIB REQUIRED)

# The client is header-only: this repository's include/ or an installed ecopt's.
find_path(ECOPT_CLIENT_INCLUDE_DIR ecopt/client.hpp
  HINTS ${CMAKE_CURRENT_LIST_DIR}/../../include
  DOC "Directory holding ecopt/client.hpp")
if(NOT ECOPT_CLIENT_INCLUDE_DIR)
  message(FATAL_ERROR "ecopt/client.hpp not found: pass -DECOPT_CLIENT_INCLUDE_DIR=<ecopt>/include")
endif()

add_library(ecopt_example_base INTERFACE)
target_include_directories(ecopt_example_base INTERFACE
  ${CMAKE_CURRENT_LIST_DIR}/..          # common/options.hpp, common/torch_runtime.hpp
  ${ECOPT_CLIENT_INCLUDE_DIR})
# LibTorch's headers come from an imported target, so they are SYSTEM includes: their
# own warnings stay out of -Werror builds, while ours are checked in full.
target_link_libraries(ecopt_example_base INTERFACE ${TORCH_LIBRARIES})
if(TARGET ecopt_warnings)
  target_link_libraries(ecopt_example_base INTERFACE ecopt_warnings)
else()
  target_compile_options(ecopt_example_base INTERFACE -Wall -Wextra -Wpedantic -Wshadow)
endif()

# LibTorch's headers take most of each file's compile time (~20 s): <torch/torch.h> is
# precompiled once, in a target of its own, and every example target reuses it.
option(ECOPT_EXAMPLES_PCH "Precompile <torch/torch.h> for the examples" ON)
if(ECOPT_EXAMPLES_PCH)
  file(CONFIGURE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/ecopt_example_pch.cpp
    CONTENT "// Anchor of the examples' precompiled <torch/torch.h>.\n")
  add_library(ecopt_example_pch OBJECT ${CMAKE_CURRENT_BINARY_DIR}/ecopt_example_pch.cpp)
  target_link_libraries(ecopt_example_pch PRIVATE ecopt_example_base)
  target_precompile_headers(ecopt_example_pch PRIVATE <torch/torch.h>)
endif()
function(ecopt_example_pch target)
  if(ECOPT_EXAMPLES_PCH)
    target_precompile_headers(${target} REUSE_FROM ecopt_example_pch)
  endif()
endfunction()

# One example: a static library of its SOURCES (the tests link it too) and the trial
# program OUTPUT_NAME built from main.cpp. LIBS are the library's extra dependencies.
function(ecopt_example name)
  cmake_parse_arguments(EXAMPLE "" "OUTPUT_NAME" "SOURCES;LIBS" ${ARGN})
  add_library(${name}_lib STATIC ${EXAMPLE_SOURCES})
  target_include_directories(${name}_lib PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${name}_lib PUBLIC ecopt_example_base PRIVATE ${EXAMPLE_LIBS})
  ecopt_example_pch(${name}_lib)
  add_executable(${name} main.cpp)
  set_target_properties(${name} PROPERTIES OUTPUT_NAME ${EXAMPLE_OUTPUT_NAME})
  target_link_libraries(${name} PRIVATE ${name}_lib)
  ecopt_example_pch(${name})
  # Installed beside `ecopt`, so that an installed ecopt resolves the study files'
  # ${ECOPT_BIN_DIR}/ecopt-cnn without the variable being set (docs/study-file.md).
  install(TARGETS ${name} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()
