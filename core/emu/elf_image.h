// A bare-metal ARM ELF32 executable as the emulator needs it: the loadable
// segments, the entry point, section sizes for flash/RAM accounting and the
// symbol table (the target runtime is found through symbols such as
// `tinysim_plan_addr`). Parsed by hand: ELF32 little-endian headers are small.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tinysim::emu {

struct ElfSegment {
  uint32_t paddr = 0;   // load address (LMA): where the bytes go at reset
  uint32_t vaddr = 0;
  uint32_t memsz = 0;
  bool executable = false;
  std::vector<uint8_t> bytes;  // filesz bytes; memsz - filesz zeros follow
};

struct ElfSymbol {
  std::string name;
  uint32_t addr = 0;   // Thumb functions keep bit 0 set as in the file
  uint32_t size = 0;
  bool is_function = false;
};

struct ElfInfo {
  std::string path;
  uint32_t entry = 0;
  // Section sizes by kind (allocated sections only): text = executable,
  // rodata = read-only data, data = initialised writable, bss = NOBITS writable.
  uint64_t text_bytes = 0, rodata_bytes = 0, data_bytes = 0, bss_bytes = 0;
  std::vector<ElfSegment> segments;
  std::vector<ElfSymbol> symbols;

  uint64_t flash_bytes() const { return text_bytes + rodata_bytes + data_bytes; }  // .data's init image lives in flash
  uint64_t static_ram_bytes() const { return data_bytes + bss_bytes; }
  const ElfSymbol* find_symbol(const std::string& name) const;
  std::optional<uint32_t> symbol_address(const std::string& name) const;  // bit 0 cleared
};

// Throws tinysim::Error naming the file and what is wrong.
ElfInfo read_elf(const std::string& path);

}  // namespace tinysim::emu
