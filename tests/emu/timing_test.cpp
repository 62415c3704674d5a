// Cycle counts of the assembly micro-programs (tests/emu/asm/*.S) against
// the Cortex-M4 TRM table (mcu_models/timing/cortex_m4.json). Each expected
// value is derived by hand in the .S file next to the code it measures:
// results[k] = 3 (timer read + nop) + cycles of the code under test.
#include <gtest/gtest.h>

#include <string>

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

// The program's symbols split_<first>..split_<last> each label a 4 KiB page
// boundary (where Unicorn ends a block without a branch).
void expect_splits_on_page_boundaries(const tinysim::test::EmuRun& run, int first, int last) {
  for (int k = first; k <= last; ++k) {
    auto at = run.elf.symbol_address("split_" + std::to_string(k));
    ASSERT_TRUE(at.has_value()) << "split_" << k;
    EXPECT_EQ(*at % 4096, 0u) << "split_" << k << " is not on a page boundary";
  }
}

}  // namespace

TEST(EmuTiming, AluChain) {
  EXPECT_EQ(measure("alu", 3), (std::vector<uint32_t>{3, 11, 7}));
}

TEST(EmuTiming, LoadsAndStores) {
  // independent x4, dependent pair, 3 STR, ALU->address, LDR->STR, MOV, post-indexed x3
  EXPECT_EQ(measure("loads", 7), (std::vector<uint32_t>{8, 8, 8, 7, 6, 4, 7}));
}

TEST(EmuTiming, MultipleTransfersAndCalls) {
  // LDM4, PUSH4+POP4, LDRD+STRD, BL+PUSH+POP{pc}, BL+BX LR
  EXPECT_EQ(measure("multiple", 5), (std::vector<uint32_t>{8, 13, 9, 15, 10}));
}

TEST(EmuTiming, Branches) {
  // not taken, taken, 10-iteration loop, CBZ taken, CBZ not taken, B, IT folded
  EXPECT_EQ(measure("branches", 7), (std::vector<uint32_t>{5, 7, 33, 7, 5, 7, 5}));
}

TEST(EmuTiming, BranchTargetAlignmentAndWidth) {
  // B to 16-bit (+ NOP), to word-aligned 32-bit, to halfword-aligned 32-bit;
  // BEQ to halfword-aligned 32-bit; BX to halfword-aligned and word-aligned 32-bit
  EXPECT_EQ(measure("branch_target", 6), (std::vector<uint32_t>{7, 6, 7, 7, 7, 7}));
}

TEST(EmuTiming, AddressDependency) {
  // MUL -> store base, ALU -> stored value, ALU -> index, ALU two back, load -> base
  EXPECT_EQ(measure("dependency", 5), (std::vector<uint32_t>{6, 5, 7, 7, 8}));
}

TEST(EmuTiming, PageBoundaryInsideALoopCostsNothing) {
  // The same loop inside one page and split by a 4 KiB boundary (where
  // Unicorn ends a block without a branch) between: two pipelined loads, an
  // ALU result and the load using it as base, two stores, CMP and a folded IT.
  // page_split.S derives 153 for each.
  auto run = tinysim::test::run_firmware("page_split", "nrf52840", 5);
  ASSERT_TRUE(run.result.ok()) << run.result.error().what();
  expect_splits_on_page_boundaries(run, 1, 4);
  EXPECT_EQ(run.results, (std::vector<uint32_t>{153, 153, 153, 153, 153}));
}

TEST(EmuTiming, LiteralLoads) {
  EXPECT_EQ(measure("literal", 2), (std::vector<uint32_t>{5, 6}));
}

TEST(EmuTiming, SmladLoopAndDsp) {
  EXPECT_EQ(measure("dsp", 2), (std::vector<uint32_t>{31, 9}));
}

TEST(EmuTiming, FloatingPoint) {
  // VADD/VMUL/VSUB, dependent VMUL, VMLA chain, independent VMLA, VDIV+VSQRT, VLDR/VSTR/VPUSH/VPOP, VMOV,
  // 3 VLDR pipelined, LDR/VLDR/LDR pipelined, VLDM then VLDR, LDR -> VLDR base
  EXPECT_EQ(measure("fp", 11), (std::vector<uint32_t>{6, 6, 18, 12, 31, 17, 7, 7, 7, 8, 8}));
}

TEST(EmuTiming, StoreWithRegisterOffset) {
  // STR imm then ALU, STR reg then ALU, STRB reg then LDR, STR reg then STR, STRH reg LSL then ALU
  EXPECT_EQ(measure("store_offset", 5), (std::vector<uint32_t>{5, 6, 8, 7, 6}));
}

TEST(EmuTiming, RunsOfWideInstructionsAtHalfwordAddresses) {
  // rules.unaligned_wide_run: runs of 2, 3, 5, two of 3, 3 word-aligned, then
  // a run of 4 and one of 6 with a 4 KiB page boundary inside (wide_run.S).
  auto run = tinysim::test::run_firmware("wide_run", "nrf52840", 7);
  ASSERT_TRUE(run.result.ok()) << run.result.error().what();
  expect_splits_on_page_boundaries(run, 5, 6);
  EXPECT_EQ(run.results, (std::vector<uint32_t>{7, 9, 11, 15, 7, 9, 11}));
  // 6 in the windows, 1 in TIMER_STOP 4 (LDR.W, SUBS.W, STR.W at halfword addresses, after the read)
  EXPECT_EQ(run.result->counters.fetch_alignment_cycles, 7u);
}

TEST(EmuTiming, DivideDependsOnOperands) {
  EXPECT_EQ(measure("divide", 4), (std::vector<uint32_t>{7, 13, 5, 8}));
}

TEST(EmuTiming, FlashZeroWaitStates) {
  EXPECT_EQ(measure("flash", 3, "nrf52840"), (std::vector<uint32_t>{67, 188, 7}));
}

TEST(EmuTiming, FlashFiveWaitStatesNoAccelerator) {
  EXPECT_EQ(measure("flash", 3, test_profile("ws5_off")), (std::vector<uint32_t>{107, 338, 22}));
}

TEST(EmuTiming, FlashFiveWaitStatesICacheOnly) {
  EXPECT_EQ(measure("flash", 3, test_profile("ws5_icache")), (std::vector<uint32_t>{107, 203, 22}));
}

TEST(EmuTiming, FlashFiveWaitStatesPrefetchOnly) {
  EXPECT_EQ(measure("flash", 3, test_profile("ws5_prefetch")), (std::vector<uint32_t>{67, 233, 22}));
}

TEST(EmuTiming, FlashDataReadsContendWithFetch) {
  // ws5_icache plus an 8-line D-cache and data_read_contention 1: window 2's
  // 3 table reads miss twice (2 x 5) and each pays 1: 7 + 10 + 3 = 20; the
  // fetch windows have no data reads and stay as ws5_icache.
  EXPECT_EQ(measure("flash", 3, test_profile("ws5_dcache_contention")), (std::vector<uint32_t>{107, 203, 20}));
}

TEST(EmuTiming, FlashStm32f407Art) {
  EXPECT_EQ(measure("flash", 3, "stm32f407"), (std::vector<uint32_t>{67, 188, 17}));
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
  EXPECT_EQ(measure("divide_ram", 2), (std::vector<uint32_t>{13, 15}));
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

TEST(EmuCounting, CountersSayWhereCyclesGo) {
  // branch_target.S: 6 taken branches (B x3, BEQ, BX x2), 1 conditional, 3
  // landing on a halfword-aligned 32-bit instruction; refills 2+2+2+1+3+3
  // (direct 2, conditional 1, indirect 3) plus 2 of the 3 alignment cycles
  // (the BX one is capped: P <= pipeline_refill.max 3).
  auto run = run_firmware("branch_target", "nrf52840");
  ASSERT_TRUE(run.result.ok()) << run.result.error().what();
  const auto& c = run.result->counters;
  EXPECT_EQ(c.taken_branches, 6u);
  EXPECT_EQ(c.taken_conditional, 1u);
  EXPECT_EQ(c.misaligned_targets, 3u);
  EXPECT_EQ(c.refill_cycles, 15u);
  EXPECT_EQ(c.fetch_stall_cycles + c.data_stall_cycles, 0u);
  // divide.S: 4 + 10 + 2 + 5 divide cycles (rules.divide).
  auto div = run_firmware("divide", "nrf52840");
  ASSERT_TRUE(div.result.ok()) << div.result.error().what();
  EXPECT_EQ(div.result->counters.divide_cycles, 21u);
  // dependency.S: MUL->base, ALU->index, load->base in the windows, and the
  // set-up's ldr r5,=scratch; str r5,[r5]: 4 stalls.
  auto dep = run_firmware("dependency", "nrf52840");
  ASSERT_TRUE(dep.result.ok()) << dep.result.error().what();
  EXPECT_EQ(dep.result->counters.dependency_stall_cycles, 4u);
  // flash.S on 5 wait states without an accelerator: fetch and data stalls apart.
  auto fl = run_firmware("flash", test_profile("ws5_off"));
  ASSERT_TRUE(fl.result.ok()) << fl.result.error().what();
  EXPECT_GT(fl.result->counters.fetch_stall_cycles, 0u);
  EXPECT_GE(fl.result->counters.data_stall_cycles, 15u);  // 3 table reads x 5, plus literal pools
  EXPECT_EQ(fl.result->counters.fetch_stall_cycles + fl.result->counters.data_stall_cycles, fl.result->flash_stall_cycles);
}
