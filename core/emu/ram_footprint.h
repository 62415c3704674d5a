// RAM the run changed: bytes that differ from a snapshot taken at the start
// (heap and stack use, on top of .data/.bss the ELF declares).
#pragma once

#include <cstdint>
#include <vector>

#include "core/emu/emu_events.h"
#include "core/emu/emulator.h"

namespace tinysim::emu {

class RamFootprint : public RunListener {
 public:
  RamFootprint(const uint8_t* ram, uint32_t size) : ram_(ram), size_(size) {}
  unsigned events() const override { return 0; }
  void run_started(const RunStart&) override { before_.assign(ram_, ram_ + size_); }
  void run_finished(const Stamp&, RunResult& r) override {
    uint32_t changed = 0;
    for (uint32_t i = 0; i < size_; ++i) changed += ram_[i] != before_[i];
    r.ram_touched_bytes = changed;
  }

 private:
  const uint8_t* ram_;
  uint32_t size_;
  std::vector<uint8_t> before_;
};

}  // namespace tinysim::emu
