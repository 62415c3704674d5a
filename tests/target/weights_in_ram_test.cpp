// Weight placement (TargetOptions::weights): the kernels read the constants
// from a RAM copy ts_init makes in the arena's tail. Outputs are those of the
// flash placement bit for bit; on a profile with flash wait states the
// inference needs fewer cycles (no weight-load stalls); `auto` takes RAM only
// when the arena leaves room, so it never changes whether a model fits.
#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include <gtest/gtest.h>

#include <filesystem>

#include "core/emu/mcu_profile.h"
#include "core/model/tflite_reader.h"
#include "core/target/model_inputs.h"
#include "core/target/target_run.h"

namespace tinysim::target {
namespace {

Model sample(const std::string& rel) {
  return load_tflite((std::filesystem::path(TINYSIM_SAMPLE_DIR) / rel).string()).take();
}

TargetRun run(const Model& m, const emu::McuProfile& p, WeightPlacement w) {
  TargetOptions o;
  o.weights = w;
  auto r = run_on_target(m, p, model_inputs(m, {}, 4), o);
  EXPECT_TRUE(r.ok()) << r.error().what();
  return r.take();
}

TEST(WeightsInRam, SameOutputsFewerStallsMoreArena) {
  const emu::McuProfile stm = emu::load_profile("stm32l4r5").take();
  for (const char* rel : {"kws/kws_int8.tflite", "fashion_mnist/fashion_mnist_int8.tflite", "har/har_float.tflite"}) {
    const Model m = sample(rel);
    const TargetRun flash = run(m, stm, WeightPlacement::Flash);
    const TargetRun ram = run(m, stm, WeightPlacement::Ram);
    EXPECT_EQ(ram.outputs, flash.outputs) << rel;
    EXPECT_FALSE(flash.layout.weights_in_ram);
    EXPECT_TRUE(ram.layout.weights_in_ram);
    EXPECT_EQ(ram.layout.ram_weights_bytes, (flash.layout.weights_bytes + 15) / 16 * 16) << rel;
    EXPECT_EQ(ram.layout.arena_bytes, (flash.layout.arena_bytes + 15) / 16 * 16 + ram.layout.ram_weights_bytes);
    EXPECT_EQ(ram.layout.flash_bytes, flash.layout.flash_bytes) << "the plan stays in flash";
    EXPECT_LT(ram.flash_stall_cycles, flash.flash_stall_cycles) << rel;
    EXPECT_LT(ram.cycles, flash.cycles) << rel;
    std::printf("%s on stm32l4r5: weights in flash %llu cycles (%llu stall), in RAM %llu (%llu stall), %.2f %% fewer; "
                "arena %llu -> %llu B\n",
                rel, (unsigned long long)flash.cycles, (unsigned long long)flash.flash_stall_cycles,
                (unsigned long long)ram.cycles, (unsigned long long)ram.flash_stall_cycles,
                100.0 * (1.0 - double(ram.cycles) / double(flash.cycles)), (unsigned long long)flash.layout.arena_bytes,
                (unsigned long long)ram.layout.arena_bytes);
  }
}

TEST(WeightsInRam, AutoOnlyIntoRoomTheArenaLeaves) {
  const Model m = sample("kws/kws_int8.tflite");
  emu::McuProfile p = emu::load_profile("stm32l4r5").take();
  EXPECT_TRUE(plan_layout(m, p, [] { TargetOptions o; o.weights = WeightPlacement::Auto; return o; }()).take().weights_in_ram);

  // A RAM just large enough for the flash placement: auto keeps the weights
  // in flash and the model still fits; ram placement would not fit.
  const TargetLayout flash = plan_layout(m, p).take();
  p.ram.size = flash.ram_layout_bytes;
  TargetOptions o;
  o.weights = WeightPlacement::Auto;
  const TargetLayout autop = plan_layout(m, p, o).take();
  EXPECT_FALSE(autop.weights_in_ram);
  EXPECT_EQ(autop.arena_bytes, flash.arena_bytes);
  EXPECT_EQ(fit_problem(autop), "");
  o.weights = WeightPlacement::Ram;
  EXPECT_NE(fit_problem(plan_layout(m, p, o).take()), "");
}

TEST(WeightsInRam, ParsesPlacementNames) {
  EXPECT_EQ(parse_placement("auto"), WeightPlacement::Auto);
  EXPECT_STREQ(placement_name(WeightPlacement::Ram), "ram");
  EXPECT_THROW(parse_placement("sram"), Error);
}

}  // namespace
}  // namespace tinysim::target
