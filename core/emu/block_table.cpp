#include "core/emu/block_table.h"

#include <cstdlib>
#include <new>

namespace tinysim::emu {

BlockTable::BlockTable(const McuProfile& profile) {
  regions_.push_back({profile.flash.base, profile.flash.size});
  regions_.push_back({profile.ram.base, profile.ram.size});
  for (uint32_t a : profile.flash.aliases) regions_.push_back({a, profile.flash.size});
}

BlockTable::~BlockTable() {
  for (Region& r : regions_) {
    if (!r.slots) continue;
    for (uint64_t i = 0; i < (uint64_t(r.size) + 1) / 2; ++i) delete r.slots[i];
    std::free(r.slots);
  }
  for (auto& [addr, b] : elsewhere_) delete b;
}

CachedBlock*& BlockTable::slot(uint32_t addr) {
  for (Region& r : regions_) {
    uint32_t off = addr - r.base;
    if (off >= r.size) continue;
    if (!r.slots) {
      r.slots = static_cast<CachedBlock**>(std::calloc((size_t(r.size) + 1) / 2, sizeof(CachedBlock*)));
      if (!r.slots) throw std::bad_alloc();
    }
    return r.slots[off >> 1];
  }
  return elsewhere_[addr];
}

CachedBlock* BlockTable::put(std::unique_ptr<CachedBlock> b) {
  CachedBlock*& s = slot(b->d.addr);
  delete s;
  s = b.release();
  if (s->d.size > max_block_bytes_) max_block_bytes_ = s->d.size;
  return s;
}

}  // namespace tinysim::emu
