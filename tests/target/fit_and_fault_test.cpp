// RAM/flash accounting, the does-not-fit verdict, and faults reported with
// the layer they happened in.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/emu/mcu_profile.h"
#include "core/model/tflite_reader.h"
#include "core/target/model_inputs.h"
#include "core/target/target_run.h"
#include "mcu_models/runtime/include/tinysim_plan.h"
#include "tests/support/shared_files.h"

namespace tinysim::target {
namespace {

// A profile like stm32l4r5 but with little RAM, written as a user would.
std::string tiny_profile(uint32_t ram_bytes) {
  const auto path = std::filesystem::temp_directory_path() / ("tinysim_tiny_" + std::to_string(ram_bytes) + ".json");
  std::ofstream(path) << R"({"name": "tiny", "board": "test", "core": "cortex-m4", "fpu": true,
    "clock_hz": 48000000,
    "flash": {"base": "0x00000000", "size": 1048576, "wait_states": 1,
              "accelerator": {"prefetch": true, "line_bytes": 8, "icache_lines": 16, "dcache_lines": 4}},
    "ram": {"base": "0x20000000", "size": )" << ram_bytes << R"(},
    "power": {"voltage_v": 3.0, "run_current_ma": 5.0}, "sources": ["test profile"]})";
  return path.string();
}

TEST(Fit, VwwDoesNotFitTinyRam) {
  TINYSIM_REQUIRE_SHARED(path, "mlperf_tiny_vww_96_int8.tflite");
  const Model m = load_tflite(path.string()).take();
  const emu::McuProfile prof = emu::load_profile(tiny_profile(32 * 1024)).take();
  const TargetLayout l = plan_layout(m, prof).take();
  EXPECT_GT(l.ram_layout_bytes, 32u * 1024);
  const std::string problem = fit_problem(l);
  EXPECT_NE(problem.find("arena needs"), std::string::npos) << problem;
  EXPECT_NE(problem.find("tiny has 32.0 KiB RAM"), std::string::npos) << problem;

  auto r = run_on_target(m, prof, model_inputs(m, {}, 1), {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(std::string(r.error().what()).find("arena needs"), std::string::npos);

  // measured anyway: same verdict, overflow = what the run needed beyond 32 KiB
  TargetOptions o;
  o.require_fit = false;
  auto r2 = run_on_target(m, prof, model_inputs(m, {}, 1), o);
  ASSERT_TRUE(r2.ok()) << r2.error().what();
  EXPECT_FALSE(r2->fits);
  EXPECT_EQ(r2->ram_peak_bytes, r2->layout.arena_bytes + r2->stack_bytes + r2->layout.static_ram_bytes);
  EXPECT_EQ(r2->overflow_bytes, int64_t(r2->ram_peak_bytes) - 32 * 1024);
  EXPECT_GT(r2->cycles, 0u);
}

TEST(Fit, AccountingOfKwsOnNrf52840) {
  TINYSIM_REQUIRE_SHARED(path, "mlperf_tiny_kws_ref_int8.tflite");
  const Model m = load_tflite(path.string()).take();
  const emu::McuProfile prof = emu::load_profile("nrf52840").take();
  auto r = run_on_target(m, prof, model_inputs(m, {}, 1), {});
  ASSERT_TRUE(r.ok()) << r.error().what();
  const TargetLayout& l = r->layout;
  EXPECT_TRUE(r->fits);
  EXPECT_EQ(r->overflow_bytes, 0);
  EXPECT_EQ(l.flash_bytes, l.plan_addr + l.plan_bytes);  // flash base is 0
  EXPECT_GE(l.plan_addr, l.code_bytes);
  EXPECT_LT(l.plan_addr, l.code_bytes + 16);
  EXPECT_GT(l.weights_bytes, 22000u);  // 22.6 k int8 params plus biases/multipliers
  EXPECT_LT(l.weights_bytes, l.plan_bytes);
  EXPECT_GE(l.arena_bytes, 2u * 25 * 5 * 64);  // two 25x5x64 int8 activations live at once
  EXPECT_NEAR(r->latency_ms, 1e3 * double(r->cycles) / 64e6, 1e-9);
  EXPECT_NEAR(r->energy_uj, prof.power.voltage_v * prof.power.run_current_ma * 1e-3 * r->latency_ms * 1e3, 1e-6);
  uint64_t layer_cycles = 0;
  for (const auto& t : r->layers) {
    layer_cycles += t.cycles;
    if (t.op_name == "CONV_2D" || t.op_name == "DEPTHWISE_CONV_2D") {
      EXPECT_GT(t.macs, 0);
      EXPECT_NEAR(t.cycles_per_mac, double(t.cycles) / double(t.macs), 1e-9);
    }
  }
  EXPECT_LE(layer_cycles, r->cycles);
  EXPECT_GT(layer_cycles, r->cycles * 99 / 100);
}

TEST(Fault, BadTensorOffsetIsReportedWithTheLayer) {
  TINYSIM_REQUIRE_SHARED(path, "mlperf_tiny_kws_ref_int8.tflite");
  const Model m = load_tflite(path.string()).take();
  const emu::McuProfile prof = emu::load_profile("stm32l4r5").take();
  TargetOptions o;
  // Point op 3's output (a DEPTHWISE_CONV_2D) far outside RAM.
  o.patch_plan = [](std::vector<uint8_t>& plan) {
    ts_plan_header h;
    std::memcpy(&h, plan.data(), sizeof h);
    uint32_t off;
    std::memcpy(&off, &plan[h.ops_offset + 4 * 3], 4);
    ts_op_conv conv;
    std::memcpy(&conv, &plan[off], sizeof conv);
    ASSERT_EQ(conv.c.kind, TS_OP_DWCONV_S8);
    conv.output.offset = 0x30000000u;
    std::memcpy(&plan[off], &conv, sizeof conv);
  };
  auto r = run_on_target(m, prof, model_inputs(m, {}, 1), o);
  ASSERT_FALSE(r.ok());
  const std::string msg = r.error().what();
  EXPECT_NE(msg.find("layer 3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("DEPTHWISE_CONV_2D"), std::string::npos) << msg;
}

TEST(Fault, RunawayIsStoppedByTheInstructionBudget) {
  TINYSIM_REQUIRE_SHARED(path, "mlperf_tiny_kws_ref_int8.tflite");
  const Model m = load_tflite(path.string()).take();
  const emu::McuProfile prof = emu::load_profile("stm32l4r5").take();
  TargetOptions o;
  o.max_instructions = 3'000'000;  // KWS needs ~12 M
  auto r = run_on_target(m, prof, model_inputs(m, {}, 1), o);
  ASSERT_FALSE(r.ok());
  const std::string msg = r.error().what();
  EXPECT_NE(msg.find("layer"), std::string::npos) << msg;
}

}  // namespace
}  // namespace tinysim::target
