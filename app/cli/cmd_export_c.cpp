// `tinysim export-c MODEL.tflite -o model.h [--name NAME]`: the model as a C
// array for firmware (xxd -i layout, 16-byte aligned, const -> flash) with
// NAME_len and NAME_ARENA_SIZE.
#include <fmt/core.h>

#include <cctype>

#include "app/cli/command_registry.h"
#include "core/optimize/export_c.h"

namespace tinysim::cli {
namespace {

struct ExportCli {
  std::string model, out, name;
};

const RegisterCommand reg("export-c", [](CLI::App& app) {
  auto o = std::make_shared<ExportCli>();
  app.description("Write a .tflite model as a C/C++ header: `alignas(16) const unsigned char NAME[]`, "
                  "NAME_len and NAME_ARENA_SIZE (TinySim's planned tensor arena).");
  app.add_option("model", o->model, ".tflite model")->required()->check(CLI::ExistingFile);
  app.add_option("-o,--output", o->out, "header to write")->required();
  app.add_option("--name", o->name, "C identifier of the array (default: from the model's file name)");
  return [o] {
    const CHeaderInfo info = export_c_header(o->model, o->out, o->name).take();
    fmt::print("wrote {}: {}[] ({} bytes), {}_len, {}_ARENA_SIZE = {} bytes ({:.1f} KiB)\n", info.path, info.name,
               info.model_bytes, info.name, [&] { std::string u = info.name; for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c))); return u; }(),
               info.arena_bytes, info.arena_bytes / 1024.0);
    return 0;
  };
});

}  // namespace
}  // namespace tinysim::cli
