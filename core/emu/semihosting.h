// Arm semihosting (ARM IHI 0080, "Semihosting for AArch32 and AArch64"),
// the subset bare-metal firmware and newlib's rdimon use: console output,
// exit, clock, heap info, and the ":tt" / ":semihosting-features" pseudo-files
// newlib opens at start-up. Everything else answers -1 (not supported).
#pragma once

#include <cstdint>

namespace tinysim::emu::semihosting {

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

}  // namespace tinysim::emu::semihosting
