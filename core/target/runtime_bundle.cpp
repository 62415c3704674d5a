#include "core/target/runtime_bundle.h"

#include <filesystem>
#include <fstream>

namespace tinysim::target {
namespace fs = std::filesystem;

RuntimeBundle read_runtime_bundle(const std::string& dir) {
  const std::string manifest = (fs::path(dir) / "MANIFEST").string();
  std::ifstream in(manifest);
  if (!in) throw Error(manifest, "cannot open", "rebuild the tinysim_firmware target");
  RuntimeBundle b;
  b.dir = dir;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.find(' ');
    const std::string kind = line.substr(0, space), rest = space == std::string::npos ? "" : line.substr(space + 1);
    if (kind == "source" || kind == "header") {
      // Paths stay inside the bundle: a MANIFEST cannot make the exporter copy other files.
      if (rest.empty() || fs::path(rest).is_absolute() || rest.find("..") != std::string::npos)
        throw Error(manifest, "line " + std::to_string(n) + ": bad path '" + rest + "'", "rebuild the tinysim_firmware target");
      (kind == "source" ? b.sources : b.headers).push_back(rest);
    } else if (kind == "flags") {
      const size_t sp = rest.find(' ');
      if (sp == std::string::npos)
        throw Error(manifest, "line " + std::to_string(n) + ": flags without a variant", "rebuild the tinysim_firmware target");
      b.flags[rest.substr(0, sp)] = rest.substr(sp + 1);
    } else {
      throw Error(manifest, "line " + std::to_string(n) + ": unknown entry '" + kind + "'", "rebuild the tinysim_firmware target");
    }
  }
  if (b.sources.empty() || b.flags.empty())
    throw Error(manifest, "lists no sources or no flags", "rebuild the tinysim_firmware target");
  return b;
}

Result<RuntimeBundle> locate_runtime_bundle() {
  std::string tried;
  for (const std::string& dir : firmware_search_dirs()) {
    const fs::path p = fs::path(dir) / "runtime_src";
    std::error_code ec;
    if (fs::is_regular_file(p / "MANIFEST", ec)) return capture([&] { return read_runtime_bundle(p.string()); });
    tried += (tried.empty() ? "" : ", ") + dir;
  }
  return Error("runtime_src/MANIFEST", "the runtime library sources are not next to the firmware (looked in " + tried + ")",
               "build them: cmake --build <build dir> --target tinysim_firmware, or set TINYSIM_FIRMWARE_DIR");
}

}  // namespace tinysim::target
