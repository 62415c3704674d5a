// The runtime library as the firmware build copied it next to the images
// (<firmware dir>/runtime_src/, written by mcu_models/runtime/export_bundle.cmake):
// the library's C sources in link order, its headers and the compile flags of
// each image. `tinysim export-runtime` hands exactly these to the user.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/target/firmware.h"

namespace tinysim::target {

struct RuntimeBundle {
  std::string dir;                            // absolute path of runtime_src/
  std::vector<std::string> sources, headers;  // relative to dir
  std::map<std::string, std::string> flags;   // variant name -> arm-none-eabi-gcc flags
};

// Looks in firmware_search_dirs() for runtime_src/MANIFEST, like the images.
Result<RuntimeBundle> locate_runtime_bundle();
// Parses a MANIFEST; throws tinysim::Error naming it for a malformed one.
RuntimeBundle read_runtime_bundle(const std::string& dir);

}  // namespace tinysim::target
