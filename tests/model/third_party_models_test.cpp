#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <unistd.h>

#include "core/model/model_stats.h"
#include "core/model/op_schema.h"
#include "core/model/tflite_reader.h"
#include "core/model/tflite_writer.h"
#include "core/plan/memory_plan.h"
#include "tests/support/shared_files.h"

using namespace tinysim;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> third_party_models() {
  std::vector<fs::path> out;
  const auto dir = test::shared_dir() / "third_party_models";
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".tflite") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<uint8_t> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST(ThirdPartyModels, AllLoadAndInspectThroughTheCli) {
  const auto models = third_party_models();
  if (models.empty()) GTEST_SKIP() << "needs ../shared/third_party_models";
  EXPECT_GE(models.size(), 21u);
  const fs::path out = fs::temp_directory_path() / ("tinysim_inspect_" + std::to_string(::getpid()) + ".json");
  for (const auto& path : models) {
    SCOPED_TRACE(path.filename().string());
    auto m = load_tflite(path.string());
    ASSERT_TRUE(m.ok()) << m.error().what();
    EXPECT_FALSE(m->ops.empty());
    EXPECT_FALSE(m->inputs.empty());
    EXPECT_FALSE(m->outputs.empty());
    const ModelStats s = model_stats(*m);
    const MemoryPlan p = plan_memory(*m);
    EXPECT_GT(p.arena_bytes, 0);

    const std::string cmd = std::string("'") + TINYSIM_CLI + "' inspect --json '" + path.string() + "' >'" +
                            out.string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    std::ifstream in(out);
    const nlohmann::json j = nlohmann::json::parse(in);
    EXPECT_EQ(j.at("total_macs").get<int64_t>(), s.total_macs);
    EXPECT_EQ(j.at("total_params").get<int64_t>(), s.total_params);
    EXPECT_EQ(j.at("weight_bytes").get<int64_t>(), s.weight_bytes);
    EXPECT_EQ(j.at("arena_bytes").get<int64_t>(), p.arena_bytes);
    ASSERT_EQ(j.at("ops").size(), m->ops.size());
    for (size_t i = 0; i < m->ops.size(); ++i) {
      const auto& o = j["ops"][i];
      EXPECT_EQ(o.at("index").get<size_t>(), i);
      EXPECT_EQ(o.at("version").get<int>(), m->ops[i].version);
      EXPECT_EQ(o.at("live_bytes").get<int64_t>(), p.live_bytes[i]);
      // unknown ops are never marked as running (support_check_test checks the rest)
      if (!find_op_schema(m->ops[i])) EXPECT_FALSE(o.at("host").get<bool>());
    }
    EXPECT_EQ(j.at("inputs").size(), m->inputs.size());
    EXPECT_EQ(j.at("outputs").size(), m->outputs.size());
  }
  fs::remove(out);
}

// Corrupted copies of real models either load (and then are safe to plan,
// count and write) or are rejected with a message; nothing crashes. Under
// the sanitizer preset this also checks that no byte is read out of bounds.
TEST(ThirdPartyModels, CorruptedBytesNeverCrash) {
  int loaded = 0, rejected = 0;
  for (const char* name : {"tflm_hello_world_int8.tflite", "mlperf_tiny_kws_ref_int8.tflite"}) {
    const fs::path path = test::third_party(name);
    if (!fs::exists(path)) GTEST_SKIP() << "needs " << path;
    const std::vector<uint8_t> original = read_bytes(path);
    std::mt19937 rng(42);
    for (int trial = 0; trial < 300; ++trial) {
      std::vector<uint8_t> bytes = original;
      const int flips = 1 + static_cast<int>(rng() % 8);
      for (int f = 0; f < flips; ++f) {
        // Bias toward the header and tables (the first few KiB), where a
        // flipped byte changes structure rather than weight values.
        const size_t span = std::min<size_t>(bytes.size(), trial % 2 ? 2048 : bytes.size());
        bytes[rng() % span] = static_cast<uint8_t>(rng());
      }
      auto m = parse_tflite(bytes.data(), bytes.size(), "mutated.tflite");
      if (!m.ok()) {
        ++rejected;
        EXPECT_EQ(std::string(m.error().what()).rfind("mutated.tflite: ", 0), 0u) << m.error().what();
        continue;
      }
      ++loaded;
      const MemoryPlan p = plan_memory(*m);
      const ModelStats s = model_stats(*m);
      EXPECT_GE(p.arena_bytes, 0);
      EXPECT_GE(s.total_macs, 0);
      auto written = serialize_tflite(*m);
      (void)written;
    }
  }
  EXPECT_GT(loaded + rejected, 0);
  RecordProperty("loaded", loaded);
  RecordProperty("rejected", rejected);
}
