#include "build_paths.h"  // TINYSIM_*_DIR and tool paths of this build
#include "core/target/firmware.h"

#include <cstdlib>
#include <filesystem>

namespace tinysim::target {
namespace fs = std::filesystem;

const char* variant_name(FirmwareVariant v) {
  switch (v) {
    case FirmwareVariant::HardFloat: return "hard";
    case FirmwareVariant::SoftFloat: return "soft";
    case FirmwareVariant::Portable: return "portable";
  }
  return "hard";
}

FirmwareVariant parse_variant(const std::string& name) {
  if (name == "hard") return FirmwareVariant::HardFloat;
  if (name == "soft") return FirmwareVariant::SoftFloat;
  if (name == "portable") return FirmwareVariant::Portable;
  throw Error("unknown firmware variant '" + name + "'", "use hard, soft or portable");
}

FirmwareVariant default_variant(const emu::McuProfile& profile) {
  return profile.fpu ? FirmwareVariant::HardFloat : FirmwareVariant::SoftFloat;
}

FirmwareVariant pick_variant(const emu::McuProfile& profile, std::optional<FirmwareVariant> requested) {
  const FirmwareVariant v = requested.value_or(default_variant(profile));
  if (!profile.fpu && v != FirmwareVariant::SoftFloat)
    throw Error(profile.path, std::string("the '") + variant_name(v) + "' firmware needs an FPU and " + profile.name +
                                  " has none",
                "use the soft-float firmware (the default for this profile)");
  return v;
}

static std::string flags_of(FirmwareVariant v) {
  switch (v) {
#ifdef TINYSIM_FIRMWARE_FLAGS_HARD
    case FirmwareVariant::HardFloat: return TINYSIM_FIRMWARE_FLAGS_HARD;
    case FirmwareVariant::SoftFloat: return TINYSIM_FIRMWARE_FLAGS_SOFT;
    case FirmwareVariant::Portable: return TINYSIM_FIRMWARE_FLAGS_PORTABLE;
#endif
    default: return "(unknown: firmware not built by this build)";
  }
}

std::vector<std::string> firmware_search_dirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("TINYSIM_FIRMWARE_DIR"); env && *env) dirs.emplace_back(env);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back((exe.parent_path() / "firmware").string());
#ifdef TINYSIM_FIRMWARE_DIR
  dirs.emplace_back(TINYSIM_FIRMWARE_DIR);
#endif
  return dirs;
}

Result<Firmware> locate_firmware(FirmwareVariant variant) {
  const std::string file = std::string("tinysim_m4_") + variant_name(variant) + ".elf";
  std::string tried;
  for (const std::string& dir : firmware_search_dirs()) {
    const fs::path p = fs::path(dir) / file;
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) return Firmware{variant, p.string(), flags_of(variant)};
    tried += (tried.empty() ? "" : ", ") + dir;
  }
  return Error(file, "Cortex-M4 runtime image not found (looked in " + tried + ")",
               "build it: cmake --build <build dir> --target tinysim_firmware (needs gcc-arm-none-eabi and "
               "libnewlib-arm-none-eabi), or set TINYSIM_FIRMWARE_DIR");
}

}  // namespace tinysim::target
