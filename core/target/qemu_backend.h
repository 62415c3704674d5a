// The second, independent check: the same runtime image and plan on QEMU's
// mps2-an386 (Cortex-M4). QEMU has no memory-write API, so the plan and the
// inputs are loaded with `-device loader` at the addresses the Unicorn
// backend writes them to, and the firmware prints the outputs as hex lines
// ("TSOUT <i> <hex>") through semihosting, which are parsed back here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/error.h"

namespace tinysim::target {

struct QemuBlob {
  uint32_t addr = 0;
  std::vector<uint8_t> bytes;
};

struct QemuJob {
  std::string elf;
  uint32_t plan_addr = 0;
  std::vector<uint8_t> plan;       // built with TS_FLAG_PRINT_OUTPUTS | TS_FLAG_SEMIHOSTING
  std::vector<QemuBlob> ram_blobs; // inputs in the arena
  std::vector<uint32_t> output_bytes;
  uint32_t state_bytes = 0;        // the plan's state area ("TSSTATE <hex>"), 0 without one
  double timeout_s = 120;
};

struct QemuResult {
  std::vector<std::vector<uint8_t>> outputs;
  std::vector<uint8_t> state;  // the state area after the run (state_bytes of them)
  std::string console;
  int exit_code = 0;
};

// "" when qemu-system-arm is on PATH, else why not.
std::string qemu_unavailable_reason();
Result<QemuResult> run_qemu(const QemuJob& job);

}  // namespace tinysim::target
