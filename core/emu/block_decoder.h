// Decodes one Unicorn translation block with Capstone, once, into what the
// cycle model needs at run time: each instruction's static cost (base cycles
// from the timing table plus the neighbour rules that are known without
// executing: load pipelining, address and FP-result dependencies, IT folding,
// register counts of LDM/STM, pipeline refills of unconditional branches),
// how a conditional branch at the block end is charged when taken, which
// instructions need a run-time hook (divides), the deepest SP change inside
// the block, and enough about each memory access to tell which instruction
// touched an MMIO register.
#pragma once

#include <capstone/capstone.h>

#include <cstdint>
#include <vector>

#include "core/emu/timing_table.h"

namespace tinysim::emu {

struct DecodedInsn {
  uint32_t addr = 0;
  uint8_t size = 2;
  InsnClass cls = InsnClass::Alu;
  uint16_t cost = 1;  // static cycles at zero wait states
  // Memory operand (for attributing MMIO/faulting accesses to an instruction).
  enum class Mem : uint8_t { None, Load, Store, Multiple } mem = Mem::None;
  uint8_t base = 0xFF, index = 0xFF;  // Unicorn register ids' Arm numbers r0..r15, 0xFF = none
  uint8_t shift = 0;
  bool subtracted = false, post_index = false;
  int32_t disp = 0;
  uint8_t nregs = 0;  // LDM/STM register count
  // Address known from constants loaded inside the block (literal pool,
  // MOVW/MOVT, MOV/ADD immediate): exact, no register read needed.
  bool static_ea_known = false;
  uint32_t static_ea = 0;
  // SDIV/UDIV operands (Arm register numbers).
  bool is_div = false, div_signed = false;
  uint8_t rn = 0, rm = 0;
};

// Where a block's static cycles go beyond the base cost, for the run's counters.
struct BlockCounts {
  uint32_t refill = 0;        // pipeline refills of unconditional PC writes
  uint32_t dependency = 0;    // address and FP-result dependency stalls
  uint32_t store_buffer = 0;  // store after store
  uint32_t literal = 0;       // literal loads contending with fetch
  uint32_t fetch_alignment = 0;  // runs of 32-bit instructions at halfword addresses (rules.unaligned_wide_run)
  uint32_t divide = 0;        // base cycles of SDIV/UDIV (the run-time extra is counted apart)
};

// The neighbour rules (load pipelining, address and FP-result dependency,
// store after store, IT folding) look at one instruction and the one just
// before it. NeighbourIn is what they need of the instruction being costed,
// NeighbourOut what the one before leaves behind.
struct NeighbourIn {
  InsnClass cls = InsnClass::Nop;
  uint16_t base = 0;       // cycles before the neighbour rules (table, register count)
  uint16_t pipelined = 0;  // the class's pipelined cost (0 = never pipelined)
  uint32_t addr_regs = 0;  // core registers forming the address (bit n = rn)
  uint64_t fp_read = 0;    // single-precision registers read
  bool valid = false;      // false: not decoded (no rule applies)
};
struct NeighbourOut {
  InsnClass cls = InsnClass::Nop;
  uint8_t size = 4;
  bool writes_pc = false;
  bool store_register_offset = false;  // STR/STRB/STRH [Rn, Rm]: nothing is pipelined after it
  uint32_t written_for_addr = 0;  // core registers written, a base write-back excepted
  uint64_t fp_written = 0;
};
// Cycles of `cur` after `prev` (nullptr: the first instruction of a run of
// code, nothing before it); adds the stalls it charges to *counts.
uint32_t neighbour_cycles(const TimingTable& t, const NeighbourIn& cur, const NeighbourOut* prev, BlockCounts* counts);

struct DecodedBlock {
  uint32_t addr = 0, size = 0;
  std::vector<DecodedInsn> insns;
  std::vector<uint32_t> writes;  // core registers each instruction writes (bit n = rn)
  std::vector<uint32_t> prefix;  // prefix[i] = static cycles of insns [0, i); prefix[n] = static_cycles
  uint64_t static_cycles = 0;
  // A conditional branch (or conditional PC write) ends the block: when the
  // next block does not start at `fallthrough`, it was taken: + taken_penalty.
  bool conditional_end = false;
  uint32_t fallthrough = 0, taken_penalty = 0;
  // P of the PC write that ends the block (conditional or not), before the
  // target's alignment extra; the clock caps P + extra at pipeline_refill.max.
  uint32_t end_refill = 0;
  // The block ends with an unconditional PC write (its refill is in
  // static_cycles): the next block is always entered by a branch.
  bool ends_with_jump = false;
  // Extra refill when this block is the target of a taken branch: its first
  // instruction is 32-bit at a halfword-aligned address (rules.branch_target_alignment).
  uint8_t target_penalty = 0;
  // Consecutive 32-bit instructions at halfword addresses at the block's
  // start and end (rules.unaligned_wide_run): a run continuing across a
  // fall-through join is charged by the clock as one run.
  uint32_t lead_run = 0, trail_run = 0;
  BlockCounts counts;  // where the static cycles go (per execution of the block)
  // A block that runs straight on into the next one (no PC write between,
  // e.g. Unicorn ended this one at a page boundary) would have cost, with
  // both in one block, what neighbour_cycles(next.first, &last) adds to
  // next's first instruction: the clock charges that at the join.
  NeighbourIn first;   // the first instruction
  NeighbourOut last;   // what the last instruction leaves
  // Address where such a continuation starts; 1 (never a block address)
  // when the last instruction writes the PC or could not be decoded.
  uint32_t open_end = 1;
  int32_t sp_min_delta = 0;  // most negative SP change seen inside the block (push, sub sp)
  bool uses_fp = false;
  bool ends_with_bkpt = false;
  uint8_t bkpt_imm = 0;
  bool has_div = false;
  // Flash lines the block's bytes span: (line number, index of the first
  // instruction that needs it). Filled by the emulator, which knows the profile.
  std::vector<std::pair<uint32_t, uint32_t>> lines;
  bool in_flash = false;
  // Code outside flash can be rewritten by the firmware: keep the bytes the
  // block was decoded from and decode again when they change.
  std::vector<uint8_t> code;
};

class BlockDecoder {
 public:
  explicit BlockDecoder(const TimingTable& table);
  ~BlockDecoder();
  BlockDecoder(const BlockDecoder&) = delete;
  BlockDecoder& operator=(const BlockDecoder&) = delete;
  // code = the block's bytes, addr = where they sit.
  // read32 fetches literal-pool words (returns false if unreadable).
  using Read32 = bool (*)(void* ctx, uint32_t addr, uint32_t* value);
  DecodedBlock decode(uint32_t addr, const uint8_t* code, size_t size, Read32 read32 = nullptr, void* ctx = nullptr) const;
  // Addresses of SDIV/UDIV found by a linear sweep (used to hook divides
  // before their block is first translated).
  std::vector<uint32_t> find_divides(uint32_t addr, const uint8_t* code, size_t size) const;

 private:
  const TimingTable& table_;
  csh cs_ = 0;
};

}  // namespace tinysim::emu
