// Decoded blocks by start address, looked up once per executed block. One
// flat slot per halfword of each code region (flash, each flash alias, RAM):
// a subtraction, a compare and a load, no hashing. The slot arrays are
// calloc'ed on first use, so untouched parts cost no physical memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/emu/block_decoder.h"
#include "core/emu/mcu_profile.h"

namespace tinysim::emu {

// A decoded block plus what the emulator derives from it once.
struct CachedBlock {
  DecodedBlock d;
  uint32_t n_insns = 0;
  // The block can lower SP (push, sub sp, SP set from a register): the stack
  // watermark must see SP at its entry and at the entry of the block after it.
  bool touches_sp = false;
  bool fails_without_fpu = false;
};

class BlockTable {
 public:
  explicit BlockTable(const McuProfile& profile);
  ~BlockTable();
  BlockTable(const BlockTable&) = delete;
  BlockTable& operator=(const BlockTable&) = delete;

  CachedBlock* find(uint32_t addr) const {
    for (const Region& r : regions_) {
      uint32_t off = addr - r.base;
      if (off < r.size) return r.slots ? r.slots[off >> 1] : nullptr;
    }
    auto it = elsewhere_.find(addr);
    return it == elsewhere_.end() ? nullptr : it->second;
  }
  // Stores b at its address, deleting the block it replaces.
  CachedBlock* put(std::unique_ptr<CachedBlock> b);
  // Deletes every block overlapping [addr, addr+size); calls on_erased(block)
  // first for each.
  template <class F>
  void erase_overlapping(uint32_t addr, size_t size, F on_erased) {
    uint64_t lo = addr >= max_block_bytes_ ? addr - max_block_bytes_ : 0, hi = uint64_t(addr) + size;
    for (Region& r : regions_) {
      if (!r.slots) continue;
      uint64_t from = lo > r.base ? lo - r.base : 0, to = hi > r.base ? hi - r.base : 0;
      to = to < r.size ? to : r.size;
      for (uint64_t off = from & ~uint64_t(1); off < to; off += 2) erase_if_overlapping(r.slots[off >> 1], addr, size, on_erased);
    }
    for (auto it = elsewhere_.begin(); it != elsewhere_.end();) {
      CachedBlock*& b = it->second;
      erase_if_overlapping(b, addr, size, on_erased);
      it = b ? std::next(it) : elsewhere_.erase(it);
    }
  }

 private:
  struct Region {
    uint32_t base = 0, size = 0;
    CachedBlock** slots = nullptr;
  };
  template <class F>
  static void erase_if_overlapping(CachedBlock*& b, uint32_t addr, size_t size, F& on_erased) {
    if (b && b->d.addr < addr + size && addr < uint64_t(b->d.addr) + b->d.size) {
      on_erased(*b);
      delete b;
      b = nullptr;
    }
  }
  CachedBlock*& slot(uint32_t addr);

  std::vector<Region> regions_;
  std::unordered_map<uint32_t, CachedBlock*> elsewhere_;  // code outside flash/RAM (not expected)
  uint32_t max_block_bytes_ = 0;
};

}  // namespace tinysim::emu
