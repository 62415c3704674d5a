// Finds the cross-compiled Cortex-M4 runtime images (built by
// mcu_models/runtime/CMakeLists.txt into <build>/bin/firmware/) at run time,
// without any install step.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/emu/mcu_profile.h"

namespace tinysim::target {

enum class FirmwareVariant {
  HardFloat,  // FPv4-SP hard float, DSP (SMLAD) kernels: the default for a Cortex-M4F
  SoftFloat,  // soft float, DSP kernels: Cortex-M4 parts without FPU
  Portable,   // hard float, plain C kernels: the no-DSP comparison point
};

const char* variant_name(FirmwareVariant v);  // "hard", "soft", "portable"
// Throws tinysim::Error for an unknown name.
FirmwareVariant parse_variant(const std::string& name);
// HardFloat if the profile has an FPU, SoftFloat otherwise.
FirmwareVariant default_variant(const emu::McuProfile& profile);
// The requested variant, or the default one; throws tinysim::Error naming the
// profile when a hard-float variant is asked of a profile without FPU.
FirmwareVariant pick_variant(const emu::McuProfile& profile, std::optional<FirmwareVariant> requested);

struct Firmware {
  FirmwareVariant variant = FirmwareVariant::HardFloat;
  std::string path;
  std::string flags;  // the arm-none-eabi-gcc flags it was built with
};

// Searched in order: $TINYSIM_FIRMWARE_DIR, <dir of the running executable>/firmware,
// the build tree's bin/firmware (compiled in).
std::vector<std::string> firmware_search_dirs();
Result<Firmware> locate_firmware(FirmwareVariant variant);

}  // namespace tinysim::target
