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
