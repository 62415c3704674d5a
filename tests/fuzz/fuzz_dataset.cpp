// Data set files: dataset.json, the test split's x and y IDX files (input
// parts separated by fuzz_support.h's marker), read as `--data DIR` reads
// them; and the IDX parser on its own. The names in dataset.json are kept
// inside the scratch folder, so a fuzzed name cannot point at /dev/zero.
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "core/data/dataset.h"
#include "core/data/idx_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tinysim;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto parts = fuzz::split_parts(in, 3);
  const std::string_view json_text = parts[0];
  const std::string_view x = parts.size() > 1 ? parts[1] : std::string_view();
  const std::string_view y = parts.size() > 2 ? parts[2] : std::string_view();

  fuzz::check_result(capture([&] { return parse_idx(std::vector<uint8_t>(x.begin(), x.end()), "x.idx").count(); }));

  const auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (!j.is_discarded() && j.is_object() && j.contains("splits") && j["splits"].is_object())
    for (auto& [split, files] : j["splits"].items())
      if (files.is_object())
        for (const char* key : {"x", "y"})
          if (files.contains(key) && files[key].is_string()) {
            const std::string name = files[key].get<std::string>();
            if (name.find('/') != std::string::npos || name.find("..") != std::string::npos) return 0;
          }
  const std::filesystem::path dir = fuzz::scratch_dir() / "data";
  std::filesystem::create_directories(dir);
  fuzz::write_scratch("data/dataset.json", json_text);
  fuzz::write_scratch("data/test-x.idx", x);
  fuzz::write_scratch("data/test-y.idx", y);
  auto d = load_dataset(dir.string(), "test");
  fuzz::check_result(d);
  if (!d) return 0;
  // What loads is usable: one label per sample, finite values (issue 14).
  if (d->y.size() != d->size() || d->x.size() != d->size() * d->sample_elements()) std::abort();
  for (const float v : d->x)
    if (!std::isfinite(v)) std::abort();
  return 0;
}
