// Load what TFLite Micro loads: a shared int8 model patched so that every
// 1-D bias tensor carries quantized_dimension = 3 (as TFLM's own
// person-detection model does; TFLM never reads a bias's quantization) must
// load, with a warning, and give exactly the outputs of the unpatched file
// on the host and on the emulated Cortex-M4. The patch goes through flatc:
// binary -> JSON (our schema subset) -> edit -> binary, and the unpatched
// reference takes the same round trip.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/emu/mcu_profile.h"
#include "core/model/tflite_reader.h"
#include "core/ops/interpreter.h"
#include "core/target/model_inputs.h"
#include "core/target/target_run.h"
#include "tests/support/shared_files.h"

namespace fs = std::filesystem;

namespace tinysim {
namespace {

// flatc round trip of `src` into `dir`, applying `edit` to the JSON.
fs::path through_flatc(const fs::path& src, const fs::path& dir, const std::string& name,
                       const std::function<int(nlohmann::json&)>& edit, int* edited) {
  const std::string schema = std::string(TINYSIM_SOURCE_DIR) + "/core/model/tflite_subset.fbs";
  const std::string to_json = std::string("'") + TINYSIM_FLATC + "' --json --strict-json --raw-binary -o '" +
                              dir.string() + "' '" + schema + "' -- '" + src.string() + "'";
  EXPECT_EQ(std::system(to_json.c_str()), 0) << to_json;
  const fs::path json_path = dir / (src.stem().string() + ".json");
  nlohmann::json j;
  {
    std::ifstream in(json_path);
    j = nlohmann::json::parse(in);
  }
  *edited = edit(j);
  const fs::path edited_json = dir / (name + ".json");
  {
    std::ofstream out(edited_json);
    out << j.dump();
  }
  const std::string to_bin = std::string("'") + TINYSIM_FLATC + "' -b -o '" + dir.string() + "' '" + schema +
                             "' '" + edited_json.string() + "'";
  EXPECT_EQ(std::system(to_bin.c_str()), 0) << to_bin;
  // flatc names the output by the schema's file_extension ("tflite")
  fs::path bin = dir / (name + ".tflite");
  if (!fs::exists(bin) && fs::exists(dir / (name + ".bin"))) fs::rename(dir / (name + ".bin"), bin);
  EXPECT_TRUE(fs::exists(bin)) << bin;
  return bin;
}

int patch_biases(nlohmann::json& j) {
  int n = 0;
  for (auto& sg : j.at("subgraphs"))
    for (auto& t : sg.at("tensors"))
      if (t.contains("shape") && t["shape"].size() == 1 && t.contains("quantization") &&
          t["quantization"].contains("scale") && t.value("type", "") == "INT32") {
        t["quantization"]["quantized_dimension"] = 3;
        ++n;
      }
  return n;
}

TEST(QuantizedDimension, BiasWithDimension3LoadsAndRunsLikeTheOriginal) {
  TINYSIM_REQUIRE_SHARED(src, "mlperf_tiny_kws_ref_int8.tflite");
  const fs::path dir = fs::temp_directory_path() / ("tinysim_qdim_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  int untouched = 0, patched = 0;
  const fs::path ref = through_flatc(src, dir, "reference", [](nlohmann::json&) { return 0; }, &untouched);
  const fs::path bad = through_flatc(src, dir, "patched", patch_biases, &patched);
  ASSERT_GT(patched, 3) << "the model should have several int32 biases";

  const Model a = load_tflite(ref.string()).take();
  auto b = load_tflite(bad.string());
  ASSERT_TRUE(b.ok()) << b.error().what();
  EXPECT_TRUE(a.warnings.empty());
  EXPECT_EQ(b->warnings.size(), static_cast<size_t>(patched));
  EXPECT_NE(b->warnings.at(0).find("quantized_dimension 3"), std::string::npos) << b->warnings[0];

  const emu::McuProfile prof = emu::load_profile("stm32l4r5").take();
  for (int seed = 1; seed <= 2; ++seed) {
    const auto inputs = target::model_inputs(a, {}, seed);
    EXPECT_EQ(run_host(*b, inputs).take(), run_host(a, inputs).take()) << "seed " << seed;
    auto ra = target::run_on_target(a, prof, inputs, {});
    auto rb = target::run_on_target(*b, prof, inputs, {});
    ASSERT_TRUE(ra.ok() && rb.ok());
    EXPECT_EQ(rb->outputs, ra->outputs);
    EXPECT_EQ(rb->cycles, ra->cycles);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tinysim
