// Which instruction of the current block made a memory access Unicorn
// reports without a pc (MMIO markers and DWT reads, faulting accesses):
// Unicorn does not sync the PC inside a block, but the registers are synced
// at memory accesses, so each candidate load/store's address is recomputed
// from them; candidates are taken in program order from the last attributed
// access. Exact when the address is a constant loaded inside the block.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/emu/block_table.h"
#include "core/emu/unicorn_core.h"

namespace tinysim::emu {

class AccessLocator {
 public:
  explicit AccessLocator(const UnicornCore& core) : core_(core) {}
  // A new block starts: attribution restarts at its first instruction.
  void enter(const CachedBlock* b) {
    cur_ = b;
    cursor_ = 0;
  }
  // Index in the current block of the instruction that accessed `address`,
  // -1 if none matches.
  int resolve(uint32_t address, bool write);
  // per_instruction_hook cross-check: attributions that differ from the
  // hooked pc (or find nothing) are counted.
  void check_against(bool on, uint32_t hooked_pc) {
    checking_ = on;
    hooked_pc_ = hooked_pc;
  }
  uint64_t mismatches() const { return mismatches_; }
  void reset() {
    cur_ = nullptr;
    cursor_ = 0;
    mismatches_ = 0;
  }

 private:
  int match_from(size_t from, uint32_t address, bool write) const;

  const UnicornCore& core_;
  const CachedBlock* cur_ = nullptr;
  size_t cursor_ = 0;
  bool checking_ = false;
  uint32_t hooked_pc_ = 0;
  uint64_t mismatches_ = 0;
};

}  // namespace tinysim::emu
