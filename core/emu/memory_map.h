// The emulated flash (and the addresses it is aliased at) and RAM as host
// buffers, and the bounds checks every guest pointer the emulator follows
// goes through (loader, semihosting, block decoding). The buffers are what
// Unicorn maps (uc_mem_map_ptr), so host and guest see the same bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/emu/mcu_profile.h"

namespace tinysim::emu {

class MemoryMap {
 public:
  explicit MemoryMap(const McuProfile& profile);  // erased flash (0xFF), zeroed RAM
  ~MemoryMap();
  MemoryMap(const MemoryMap&) = delete;
  MemoryMap& operator=(const MemoryMap&) = delete;

  // Host pointer for [addr, addr+n) when it lies inside flash (any alias)
  // or RAM, else nullptr.
  uint8_t* host(uint32_t addr, size_t n) const;
  // Same, only inside RAM (guest-writable memory).
  uint8_t* ram_host(uint32_t addr, size_t n) const;
  // Offset into flash if addr is flash (any alias), else -1.
  int64_t flash_offset(uint32_t addr) const {
    if (addr - flash_.base < flash_.size) return addr - flash_.base;
    for (uint32_t a : flash_.aliases)
      if (addr - a < flash_.size) return addr - a;
    return -1;
  }
  // Bytes from addr to the end of the flash/RAM region holding it (0 if unmapped).
  size_t bytes_to_region_end(uint32_t addr) const;
  // "flash 0x00000000-0x000fffff, RAM 0x20000000-0x2003ffff" for messages.
  std::string describe() const;

  uint8_t* flash() const { return flash_bytes_; }
  uint8_t* ram() const { return ram_bytes_; }
  const FlashSpec& flash_spec() const { return flash_; }
  const RamSpec& ram_spec() const { return ram_; }

 private:
  FlashSpec flash_;
  RamSpec ram_;
  uint8_t* flash_bytes_ = nullptr;
  uint8_t* ram_bytes_ = nullptr;
};

}  // namespace tinysim::emu
