// A fresh, empty scratch directory for one test under the build tree
// (build/*/test_tmp/NAME): whatever an earlier run left there is removed.
#pragma once

#include <filesystem>
#include <string>

#include "build_paths.h"

namespace tinysim::test {

inline std::filesystem::path temp_dir(const std::string& name) {
  std::filesystem::path p = std::filesystem::path(TINYSIM_BINARY_DIR) / "test_tmp" / name;
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p;
}

}  // namespace tinysim::test
