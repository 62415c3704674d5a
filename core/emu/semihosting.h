// Arm semihosting (ARM IHI 0080, "Semihosting for AArch32 and AArch64"),
// the subset bare-metal firmware and newlib's rdimon use: console output,
// exit, clock, heap info, and the ":tt" / ":semihosting-features" pseudo-files
// newlib opens at start-up. Everything else answers -1 (not supported).
//
// Every pointer and length the firmware passes is checked against mapped
// memory (flash or RAM; RAM only where the host writes) before it is
// followed; a bad one ends the run with a fault naming the call, the pointer
// and the memory map, so a guest length can never size a host allocation.
#pragma once

#include <cstdint>
#include <string>

#include "core/emu/emu_events.h"
#include "core/emu/memory_map.h"

namespace tinysim::emu {

namespace semihosting {

enum Op : uint32_t {
  kOpen = 0x01, kClose = 0x02, kWriteC = 0x03, kWrite0 = 0x04, kWrite = 0x05, kRead = 0x06, kReadC = 0x07,
  kIsError = 0x08, kIsTty = 0x09, kSeek = 0x0A, kFlen = 0x0C, kRemove = 0x0E, kClock = 0x10, kTime = 0x11,
  kErrno = 0x13, kGetCmdline = 0x15, kHeapInfo = 0x16, kExit = 0x18, kExitExtended = 0x20, kElapsed = 0x30,
  kTickFreq = 0x31,
};
constexpr uint32_t kApplicationExit = 0x20026;  // ADP_Stopped_ApplicationExit
constexpr uint8_t kBkptImm = 0xAB;

// Handles the emulator hands out for the pseudo-files.
constexpr uint32_t kHandleStdin = 1, kHandleStdout = 2, kHandleStderr = 3, kHandleFeatures = 4;
// ":semihosting-features": magic + byte 0 (bit 0 SYS_EXIT_EXTENDED, bit 1 stdout/stderr via ":tt").
constexpr uint8_t kFeatures[5] = {'S', 'H', 'F', 'B', 0x03};

const char* op_name(uint32_t op);

}  // namespace semihosting

struct SemihostingOutcome {
  enum Kind { kReturn, kExit, kFault } kind = kReturn;
  uint32_t r0 = 0;      // kReturn: the call's result
  int exit_code = 0;    // kExit
  std::string fault;    // kFault: what was wrong, with the fix in parentheses
};

class Semihosting {
 public:
  Semihosting(const MemoryMap& memory, const RunEvents& events, uint64_t clock_hz)
      : mem_(memory), events_(events), clock_hz_(clock_hz) {}
  void reset() { errno_ = features_pos_ = 0; }
  // op = r0, arg = r1 at the BKPT 0xAB; clock_cycles = cycles at the BKPT
  // (SYS_CLOCK), now_cycles = cycles of the block so far (SYS_TIME, SYS_ELAPSED).
  SemihostingOutcome call(uint32_t op, uint32_t arg, uint64_t clock_cycles, uint64_t now_cycles);

 private:
  uint32_t word(uint32_t arg, uint32_t i) const;
  const uint8_t* readable(uint32_t addr, uint64_t n, const char* what) const;
  uint8_t* writable(uint32_t addr, uint64_t n, const char* what) const;
  std::string c_string(uint32_t addr) const;
  int64_t dispatch(uint32_t op, uint32_t arg, uint64_t clock_cycles, uint64_t now_cycles, SemihostingOutcome& out);

  const MemoryMap& mem_;
  const RunEvents& events_;
  uint64_t clock_hz_;
  uint32_t errno_ = 0, features_pos_ = 0;
};

}  // namespace tinysim::emu
