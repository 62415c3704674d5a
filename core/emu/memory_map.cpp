#include "core/emu/memory_map.h"

#include <fmt/core.h>

#include <cstdlib>
#include <cstring>

namespace tinysim::emu {

namespace {
// aligned_alloc wants a size that is a multiple of the alignment.
uint8_t* alloc_pages(uint32_t size) {
  size_t rounded = (size_t(size) + 4095) / 4096 * 4096;
  return static_cast<uint8_t*>(std::aligned_alloc(4096, rounded ? rounded : 4096));
}
bool inside(uint32_t base, uint32_t size, uint32_t addr, size_t n) { return addr >= base && uint64_t(addr) - base + n <= size; }
}  // namespace

MemoryMap::MemoryMap(const McuProfile& profile) : flash_(profile.flash), ram_(profile.ram) {
  flash_bytes_ = alloc_pages(flash_.size);
  ram_bytes_ = alloc_pages(ram_.size);
  if (!flash_bytes_ || !ram_bytes_) {
    std::free(flash_bytes_);
    std::free(ram_bytes_);
    throw Error("out of memory allocating the emulated flash/RAM");
  }
  std::memset(flash_bytes_, 0xFF, flash_.size);  // erased flash
  std::memset(ram_bytes_, 0, ram_.size);
}

MemoryMap::~MemoryMap() {
  std::free(flash_bytes_);
  std::free(ram_bytes_);
}

uint8_t* MemoryMap::host(uint32_t addr, size_t n) const {
  if (inside(flash_.base, flash_.size, addr, n)) return flash_bytes_ + (addr - flash_.base);
  for (uint32_t a : flash_.aliases)
    if (inside(a, flash_.size, addr, n)) return flash_bytes_ + (addr - a);
  return ram_host(addr, n);
}

uint8_t* MemoryMap::ram_host(uint32_t addr, size_t n) const {
  return inside(ram_.base, ram_.size, addr, n) ? ram_bytes_ + (addr - ram_.base) : nullptr;
}

size_t MemoryMap::bytes_to_region_end(uint32_t addr) const {
  if (inside(ram_.base, ram_.size, addr, 1)) return size_t(ram_.base) + ram_.size - addr;
  int64_t off = flash_offset(addr);
  return off < 0 ? 0 : size_t(flash_.size - uint64_t(off));
}

std::string MemoryMap::describe() const {
  return fmt::format("flash 0x{:08x}-0x{:08x}, RAM 0x{:08x}-0x{:08x}", flash_.base, uint64_t(flash_.base) + flash_.size - 1,
                     ram_.base, uint64_t(ram_.base) + ram_.size - 1);
}

}  // namespace tinysim::emu
