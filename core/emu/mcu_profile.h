// A microcontroller described as data (mcu_models/profiles/<name>.json): the
// clock, memories, flash wait states and accelerator, and the supply current
// the emulator and reports need. Users add a board by writing a JSON file; no
// recompiling. Every figure in a built-in profile cites its datasheet in
// "sources".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/error.h"

namespace tinysim::emu {

// Flash read accelerator (ST's ART, Nordic's instruction cache). Lines are
// line_bytes wide; icache_lines / dcache_lines = 0 means no such cache (the
// flash interface still keeps the line it read last).
struct FlashAccelerator {
  bool prefetch = false;
  uint32_t line_bytes = 16;
  uint32_t icache_lines = 0;
  uint32_t dcache_lines = 0;
  // Cycles every data read of flash adds, D-cache hit or miss (the data bus
  // has priority over instruction fetch at the accelerator, so the fetch
  // waits); the profile says how the value was obtained.
  uint32_t data_read_contention = 0;
};

struct FlashSpec {
  uint32_t base = 0x00000000;   // where firmware is linked and the vector table sits
  uint32_t size = 0;
  uint32_t wait_states = 0;     // at clock_hz
  FlashAccelerator accelerator;
  std::vector<uint32_t> aliases;  // other addresses the same flash appears at (STM32: 0x08000000)
};

struct RamSpec {
  uint32_t base = 0x20000000;
  uint32_t size = 0;
};

struct PowerSpec {
  double voltage_v = 0;
  double run_current_ma = 0;  // at clock_hz, code in flash, caches on
};

struct McuProfile {
  std::string name;    // "stm32l4r5"
  std::string board;   // "NUCLEO-L4R5ZI"
  std::string core;    // "cortex-m4"
  bool fpu = true;
  uint64_t clock_hz = 0;
  FlashSpec flash;
  RamSpec ram;
  PowerSpec power;
  std::vector<std::string> sources;
  std::string path;    // the JSON file it came from

  double cycles_to_ms(uint64_t cycles) const { return clock_hz ? 1e3 * double(cycles) / double(clock_hz) : 0; }
  // Energy = V * I * t; microjoules for `cycles` at clock_hz.
  double energy_uj(uint64_t cycles) const {
    return power.voltage_v * power.run_current_ma * 1e-3 * (clock_hz ? double(cycles) / double(clock_hz) : 0) * 1e6;
  }
};

// name_or_path: a built-in profile name ("nrf52840") or a path to a JSON file.
// Built-ins are searched in $TINYSIM_PROFILE_DIR, <exe>/../share/tinysim/profiles
// and <source>/mcu_models/profiles.
Result<McuProfile> load_profile(const std::string& name_or_path);
// Parses one profile file; throws tinysim::Error naming the file and field.
McuProfile parse_profile_file(const std::string& path);
// The same on JSON text already read (path names it in messages).
McuProfile parse_profile_text(const std::string& text, const std::string& path);
// The profile as JSON text in the layout parse_profile_file reads (addresses
// as "0x..." strings), so an edited profile (the GUI's what-if boards) is
// saved as a file any TinySim command accepts. `path` is not written.
std::string profile_json_text(const McuProfile& profile);
// Names of the built-in profiles found, sorted.
std::vector<std::string> list_profiles();
// Directories searched for built-in profiles, first match wins.
std::vector<std::string> profile_search_dirs();

}  // namespace tinysim::emu
