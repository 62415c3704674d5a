// Cycle counts of the assembly micro-programs (tests/emu/asm/*.S) against
// the Cortex-M4 TRM table (mcu_models/timing/cortex_m4.json). Each expected
// value is derived by hand in the .S file next to the code it measures:
// results[k] = 3 (timer read + nop) + cycles of the code under test.
#include <gtest/gtest.h>

#include "tests/emu/emu_test_support.h"

using tinysim::test::run_firmware;
using tinysim::test::test_profile;

namespace {

std::vector<uint32_t> measure(const std::string& program, size_t n, const std::string& profile = "nrf52840") {
  auto run = run_firmware(program, profile, n);
  EXPECT_TRUE(run.result.ok()) << (run.result.ok() ? "" : run.result.error().what());
  if (run.result.ok()) EXPECT_EQ(run.result->exit_code, 0);
  return run.results;
}

}  // namespace

TEST(EmuTiming, AluChain) {
  EXPECT_EQ(measure("alu", 3), (std::vector<uint32_t>{3, 11, 7}));
}

TEST(EmuTiming, LoadsAndStores) {
  // independent x4, dependent pair, 3 STR, ALU->address, LDR->STR, MOV, post-indexed x3
  EXPECT_EQ(measure("loads", 7), (std::vector<uint32_t>{8, 8, 6, 7, 6, 4, 7}));
}

TEST(EmuTiming, MultipleTransfersAndCalls) {
  // LDM4, PUSH4+POP4, LDRD+STRD, BL+PUSH+POP{pc}, BL+BX LR
  EXPECT_EQ(measure("multiple", 5), (std::vector<uint32_t>{8, 13, 9, 15, 9}));
}

TEST(EmuTiming, Branches) {
  // not taken, taken, 10-iteration loop, CBZ taken, CBZ not taken, B, IT folded
  EXPECT_EQ(measure("branches", 7), (std::vector<uint32_t>{5, 7, 42, 7, 5, 6, 5}));
}

TEST(EmuTiming, SmladLoopAndDsp) {
  EXPECT_EQ(measure("dsp", 2), (std::vector<uint32_t>{34, 9}));
}

TEST(EmuTiming, FloatingPoint) {
  // VADD/VMUL/VSUB, dependent VMUL, VMLA chain, independent VMLA, VDIV+VSQRT, VLDR/VSTR/VPUSH/VPOP, VMOV
  EXPECT_EQ(measure("fp", 7), (std::vector<uint32_t>{6, 6, 18, 12, 31, 17, 7}));
}

TEST(EmuTiming, DivideDependsOnOperands) {
  EXPECT_EQ(measure("divide", 4), (std::vector<uint32_t>{7, 13, 5, 8}));
}

TEST(EmuTiming, FlashZeroWaitStates) {
  EXPECT_EQ(measure("flash", 3, "nrf52840"), (std::vector<uint32_t>{67, 197, 7}));
}

TEST(EmuTiming, FlashFiveWaitStatesNoAccelerator) {
  EXPECT_EQ(measure("flash", 3, test_profile("ws5_off")), (std::vector<uint32_t>{107, 347, 22}));
}

TEST(EmuTiming, FlashFiveWaitStatesICacheOnly) {
  EXPECT_EQ(measure("flash", 3, test_profile("ws5_icache")), (std::vector<uint32_t>{107, 212, 22}));
}

TEST(EmuTiming, FlashFiveWaitStatesPrefetchOnly) {
  EXPECT_EQ(measure("flash", 3, test_profile("ws5_prefetch")), (std::vector<uint32_t>{67, 242, 22}));
}

TEST(EmuTiming, FlashStm32f407Art) {
  EXPECT_EQ(measure("flash", 3, "stm32f407"), (std::vector<uint32_t>{67, 197, 17}));
}

TEST(EmuTiming, CycleModelOffCountsInstructions) {
  tinysim::emu::EmuOptions opt;
  opt.cycle_model = false;
  auto run = run_firmware("alu", "nrf52840", 3, opt);
  ASSERT_TRUE(run.result.ok()) << run.result.error().what();
  // 1 per instruction: window = ldr + nop (+ 8 / 4 instructions)
  EXPECT_EQ(run.results, (std::vector<uint32_t>{2, 10, 6}));
  EXPECT_EQ(run.result->cycles, run.result->instructions);
}

TEST(EmuTiming, LayerMarkersAndItmConsole) {
  auto run = run_firmware("markers", "nrf52840");
  ASSERT_TRUE(run.result.ok()) << run.result.error().what();
  const auto& r = *run.result;
  EXPECT_EQ(r.console, "hi");
  ASSERT_EQ(r.layers.size(), 2u);
  EXPECT_EQ(r.layers[0].layer, 0);
  EXPECT_EQ(r.layers[0].cycles, 12u);
  EXPECT_EQ(r.layers[0].instructions, 12u);
  EXPECT_EQ(r.layers[1].layer, 1);
  EXPECT_EQ(r.layers[1].cycles, 22u);
  EXPECT_EQ(r.layers[1].instructions, 22u);
  EXPECT_TRUE(r.inference_ended);
  EXPECT_EQ(r.inference_cycles, 34u);
  EXPECT_EQ(r.inference_instructions, 34u);
  EXPECT_GT(r.cycles, r.inference_cycles);
}

TEST(EmuTiming, DivideInRamCodeIsHookedAfterFirstRun) {
  EXPECT_EQ(measure("divide_ram", 2), (std::vector<uint32_t>{11, 13}));
}

TEST(EmuMemory, StackHighWaterMark) {
  auto run = run_firmware("stack", "nrf52840");
  ASSERT_TRUE(run.result.ok()) << run.result.error().what();
  EXPECT_EQ(run.result->stack_high_water_bytes, 112u);
}

TEST(EmuCounting, BlockLevelCountMatchesPerInstructionHook) {
  // The cycle model counts instructions per block from Capstone's decode; a
  // per-instruction Unicorn hook counts what executed, except instructions
  // whose IT condition failed (they issue on the core; the hook skips them).
  auto count = [](const char* fw) {
    tinysim::emu::EmuOptions opt;
    opt.per_instruction_hook = true;
    auto run = run_firmware(fw, "stm32f407", 0, opt);
    EXPECT_TRUE(run.result.ok()) << fw << ": " << (run.result.ok() ? "" : run.result.error().what());
    return run.result.ok() ? std::pair{run.result->instructions, run.result->hooked_instructions} : std::pair{0ul, 1ul};
  };
  for (const char* fw : {"branches", "fp", "loads", "multiple", "dsp", "flash"}) {
    auto [blocks, hooked] = count(fw);
    EXPECT_EQ(blocks, hooked) << fw;
  }
  auto [it_blocks, it_hooked] = count("it_skip");
  EXPECT_EQ(it_blocks, it_hooked + 2);
  for (const char* fw : {"workload", "hello"}) {  // newlib code has failing IT instructions
    auto [blocks, hooked] = count(fw);
    EXPECT_GE(blocks, hooked) << fw;
    EXPECT_LT(blocks - hooked, blocks / 200) << fw;
  }
}

TEST(EmuCounting, MmioAccessesPinnedToTheirInstruction) {
  // With the per-instruction hook the exact pc of every access is known:
  // the register-based attribution used for markers and DWT_CYCCNT must agree.
  for (const char* fw : {"markers", "alu", "loads", "flash", "divide", "hello", "workload"}) {
    tinysim::emu::EmuOptions opt;
    opt.per_instruction_hook = true;
    auto run = run_firmware(fw, "stm32l4r5", 0, opt);
    ASSERT_TRUE(run.result.ok()) << fw << ": " << run.result.error().what();
    EXPECT_EQ(run.result->mmio_attribution_mismatches, 0u) << fw;
  }
}
