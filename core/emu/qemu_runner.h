// Second, independent check of firmware behaviour: runs an ELF on QEMU's
// MPS2 AN386 board (Cortex-M4, code memory at 0x00000000, RAM at
// 0x20000000: the same layout TinySim's firmware is linked for) with
// semihosting routed to the host, and captures its console and exit code.
// QEMU has no cycle model; use it to compare outputs, not timing.
#pragma once

#include <string>

#include "core/common/error.h"

namespace tinysim::emu {

struct QemuOptions {
  std::string binary = "qemu-system-arm";
  std::string machine = "mps2-an386";
  double timeout_s = 60;
};

struct QemuRunResult {
  int exit_code = 0;
  std::string console;  // QEMU's stdout (semihosting output)
  std::string errors;   // QEMU's stderr
  double seconds = 0;
};

// "" when the QEMU binary can be run, else why not (so tests can skip).
std::string qemu_missing_reason(const QemuOptions& options = {});
// Error on timeout, a missing binary or a QEMU start-up failure.
Result<QemuRunResult> run_on_qemu(const std::string& elf_path, const QemuOptions& options = {});

}  // namespace tinysim::emu
