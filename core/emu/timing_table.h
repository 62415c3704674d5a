// The Cortex-M4 timing table (mcu_models/timing/cortex_m4.json) in memory:
// instruction name -> class -> base cycles, plus the few rules the cycle model
// applies between neighbouring instructions. Timing is data: the code knows
// the classes' behaviour (what a load or a branch does to the pipeline); the
// file says what each costs and which instruction belongs where.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace tinysim::emu {

enum class InsnClass : uint8_t {
  Alu, Mul, Dsp, Div, Load, LoadPair, Store, StorePair, LoadMultiple, StoreMultiple,
  Branch, BranchIndirect, TableBranch, It, Nop, Barrier,
  FpAlu, FpMac, FpDiv, FpLoad, FpStore, FpMultiple, FpMove, System, Exception,
  Count
};
const char* insn_class_name(InsnClass c);

struct ClassTiming {
  uint32_t cycles = 1;
  uint32_t per_register = 0;  // LDM/STM/PUSH/POP/VLDM...: cycles + per_register * N
  uint32_t pipelined = 0;     // load after an independent load (0 = no pipelining)
  uint32_t pair = 0;          // VMOV of a register pair
  enum class Refill : uint8_t { None, Direct, Indirect, LoadPc } refill = Refill::None;
};

struct TimingTable {
  std::string path;
  std::array<ClassTiming, size_t(InsnClass::Count)> classes{};
  uint32_t refill_direct = 1, refill_conditional = 1, refill_indirect = 2, refill_load_pc = 3;
  // pipeline_refill.max: P with the target's alignment extra never exceeds it.
  uint32_t refill_max = 3;
  // rules.branch_target_alignment: extra refill when the target is a 32-bit
  // instruction at a halfword (not word) aligned address (two fetches).
  uint32_t misaligned_target_penalty = 1;
  bool load_pipelining = true;
  // rules.address_dependency: +cycles when a load/store address register was
  // written by the instruction just before, if that instruction's class is
  // in the producer set (bit n = InsnClass n).
  uint32_t address_dependency_penalty = 1;
  uint32_t address_dependency_producers = 0;
  uint32_t fp_result_dependency_penalty = 1;
  // rules.store_buffer: a single store right after a single store waits for
  // the first one's data phase.
  uint32_t store_after_store_penalty = 1;
  // rules.store_register_offset: nothing overlaps a store with a register
  // offset, so the instruction after it waits.
  uint32_t store_register_offset_penalty = 1;
  // rules.unaligned_wide_run: the length-th consecutive 32-bit instruction
  // at halfword (not word) addresses waits for the fetch unit (once per run).
  uint32_t unaligned_wide_run_penalty = 0, unaligned_wide_run_length = 3;
  // rules.literal_load_contention: LDR Rx,[PC,#imm] competes with the fetch unit.
  uint32_t literal_load_penalty = 0;
  bool it_folding = true;
  uint32_t div_min = 2, div_max = 12, div_bits_per_cycle = 4;
  // Names of the constants fitted to calibration data (rule.fitted in the file).
  std::vector<std::string> fitted;
  std::unordered_map<std::string, InsnClass> by_name;

  bool produces_address(InsnClass c) const { return (address_dependency_producers >> unsigned(c)) & 1u; }

  const ClassTiming& of(InsnClass c) const { return classes[size_t(c)]; }
  // Capstone's instruction name ("ldr", "vmla") -> class; unknown names are ALU (1 cycle).
  InsnClass classify(const std::string& name) const;
  uint32_t refill(ClassTiming::Refill r) const;
  // SDIV/UDIV cycles from operand magnitudes (early termination).
  uint32_t divide_cycles(uint32_t dividend_magnitude, uint32_t divisor_magnitude) const;
};

std::string default_timing_table_path();
// Throws tinysim::Error naming the file and the bad entry.
TimingTable load_timing_table(const std::string& path);

}  // namespace tinysim::emu
