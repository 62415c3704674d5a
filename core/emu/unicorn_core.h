// The Unicorn 2 engine TinySim drives: a Cortex-M4 with flash (and its
// aliases) and RAM mapped onto the MemoryMap's buffers, the system region
// 0xE0000000 as MMIO, the hooks, register access and the wording of faults.
// It knows nothing about cycles: every hook is forwarded to a CoreHandler.
#pragma once

#include <cstdint>
#include <string>

#include "core/emu/mcu_profile.h"
#include "core/emu/memory_map.h"

struct uc_struct;

namespace tinysim::emu {

constexpr uint32_t kSysBase = 0xE0000000, kSysSize = 0x100000;

// An access Unicorn could not complete (unmapped, protected).
struct InvalidAccess {
  uint32_t address = 0;
  bool fetch = false, write = false;
  std::string what;  // "read of 4 bytes from unmapped address"
  std::string fix;
};

class CoreHandler {
 public:
  virtual ~CoreHandler() = default;
  virtual void on_block(uint32_t addr, uint32_t size) = 0;
  virtual void on_divide(uint32_t addr) = 0;          // before an SDIV/UDIV hooked with hook_divide()
  virtual void on_flash_read(uint32_t addr) = 0;      // data read from flash (profiles with wait states)
  virtual void on_instruction(uint32_t addr) = 0;     // per-instruction hook (benchmark knob)
  virtual void on_interrupt(uint32_t intno) = 0;      // BKPT (7) and processor exceptions
  virtual void on_invalid(const InvalidAccess& access) = 0;
  virtual uint64_t on_sys_read(uint32_t addr) = 0;    // system region, absolute address
  virtual void on_sys_write(uint32_t addr, unsigned size, uint32_t value) = 0;
};

struct CoreOptions {
  bool block_hook = true;        // false: raw Unicorn (bench_emulator's baseline)
  bool flash_read_hook = false;  // UC_HOOK_MEM_READ over flash (every load leaves Unicorn's fast path)
  bool per_instruction_hook = false;
};

class UnicornCore {
 public:
  UnicornCore(const McuProfile& profile, const MemoryMap& memory, CoreHandler& handler, const CoreOptions& options);
  ~UnicornCore();
  UnicornCore(const UnicornCore&) = delete;
  UnicornCore& operator=(const UnicornCore&) = delete;

  // r0..r15 by Arm number.
  uint32_t reg(int n) const;
  void set_reg(int n, uint32_t v);
  void reset_core(uint32_t sp);  // r0-r12 = 0, SP, LR = 0xFFFFFFFF, CONTROL = FPSCR = 0
  bool read(uint32_t addr, void* out, size_t n) const;
  void hook_divide(uint32_t addr);
  // Drops Unicorn's translations of [addr, end) so they are translated again.
  void drop_translations(uint32_t addr, uint64_t end);
  // Runs from pc until stop(); Unicorn's error (UC_ERR_OK = stopped).
  int start(uint32_t pc);
  void stop();
  static const char* error_text(int err);
  // The run stopped on an undefined instruction or an unhandled exception.
  static bool undefined_instruction(int err);

 private:
  CoreHandler& handler_;
  uc_struct* uc_ = nullptr;
};

// Text for a processor exception number Unicorn reports (UC_HOOK_INTR).
const char* exception_name(uint32_t intno);

}  // namespace tinysim::emu
