// Shared by the fuzz targets: a private scratch folder per process, files
// written into it, and splitting one fuzz input into several files.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/error.h"

namespace tinysim::fuzz {

inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("tinysim_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(scratch_dir(), ec);
    });
    return d;
  }();
  return dir;
}

inline std::string write_scratch(const std::string& name, std::string_view bytes) {
  const std::filesystem::path p = scratch_dir() / name;
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), std::streamsize(bytes.size()));
  return p.string();
}

// Parts separated by this marker (seed generators join files with it).
constexpr std::string_view kSeparator = "\n--tinysim-fuzz-part--\n";

inline std::vector<std::string_view> split_parts(std::string_view in, size_t max_parts) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < max_parts) {
    const size_t at = in.find(kSeparator);
    if (at == std::string_view::npos) break;
    parts.push_back(in.substr(0, at));
    in.remove_prefix(at + kSeparator.size());
  }
  parts.push_back(in);
  return parts;
}

// A user-facing error is one line: file, problem, fix, in TinySim's words.
// Anything else is a finding (abort, so libFuzzer keeps the input): an empty
// or multi-line message, or a library's internal text leaking through.
// `input`: the fuzzed bytes, when a message may quote them (a CSV value
// "std::x" is the user's text, not a library's).
inline void check_message(const std::string& what, std::string_view input = {}) {
  if (what.empty() || what.find('\n') != std::string::npos) std::abort();
  for (const char* internal : {"json.exception", "basic_filebuf", "basic_string", "vector::", "std::"})
    if (what.find(internal) != std::string::npos && input.find(internal) == std::string_view::npos) std::abort();
}

template <class T>
void check_result(const Result<T>& r, std::string_view input = {}) {
  if (!r.ok()) check_message(r.error().what(), input);
}

}  // namespace tinysim::fuzz
