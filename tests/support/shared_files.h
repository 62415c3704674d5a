// Third-party models live in ../shared/third_party_models (never copied into
// the project). A test that needs one skips with a message when it is absent.
#pragma once

#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace tinysim::test {

inline std::filesystem::path shared_dir() { return TINYSIM_SHARED_DIR; }
inline std::filesystem::path third_party(const std::string& name) {
  return shared_dir() / "third_party_models" / name;
}
inline std::filesystem::path source_dir() { return TINYSIM_SOURCE_DIR; }

}  // namespace tinysim::test

// Use at the top of a test: binds `var` to the path or skips the test.
#define TINYSIM_REQUIRE_SHARED(var, name)                                              \
  const std::filesystem::path var = ::tinysim::test::third_party(name);                \
  if (!std::filesystem::exists(var))                                                   \
  GTEST_SKIP() << "needs " << var.string()                                             \
               << " (third-party model; put ../shared beside the checkout to run it)"
