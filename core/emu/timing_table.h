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
  uint32_t refill_direct = 2, refill_indirect = 2, refill_load_pc = 3;
  bool load_pipelining = true;
  uint32_t address_dependency_penalty = 1;
  uint32_t fp_result_dependency_penalty = 1;
  bool it_folding = true;
  uint32_t div_min = 2, div_max = 12, div_bits_per_cycle = 4;
  std::unordered_map<std::string, InsnClass> by_name;

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
