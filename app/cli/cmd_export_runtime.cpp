// `tinysim export-runtime MODEL.tflite --mcu PROFILE -o DIR [--name NAME]
//  [--firmware hard|soft|portable] [--sparse-threshold auto|smallest|X] [--weights flash|ram|auto] [--allow-overflow]`:
// writes what a user links into their own firmware to run the model with the
// code TinySim emulated (core/target/runtime_export.h). DIR must not exist or
// be empty; it appears complete or not at all.
#include <fmt/core.h>

#include "app/cli/command_registry.h"
#include "core/emu/mcu_profile.h"
#include "core/model/tflite_reader.h"
#include "core/target/runtime_export.h"

namespace tinysim::cli {
namespace {

struct ExportRuntimeCli {
  std::string model, mcu, firmware, weights = "flash", sparse = "auto";
  target::RuntimeExportOptions o;
  bool allow_overflow = false;
};

const RegisterCommand reg("export-runtime", [](CLI::App& app) -> std::function<int()> {
  auto c = std::make_shared<ExportRuntimeCli>();
  app.description("Write the runtime C sources, the model's plan as a C array, a header (ts_init / ts_invoke / "
                  "inputs / outputs / arena size) and a README: the code TinySim emulates on PROFILE, for your firmware.");
  app.add_option("model", c->model, ".tflite model")->required();
  app.add_option("--mcu", c->mcu, "MCU profile name or JSON file")->required();
  app.add_option("-o,--output", c->o.out_dir, "directory to create (must not exist, or be empty)")->required();
  app.add_option("--name", c->o.name, "C identifier of the model: NAME.h, NAME_plan[] (default model)");
  app.add_option("--firmware", c->firmware, "runtime build: hard, soft or portable (default: by the MCU's FPU)")
      ->check(CLI::IsMember({"hard", "soft", "portable"}));
  app.add_option("--sparse-threshold", c->sparse, "int8 conv/FC weights stored sparsely: auto (default: per layer where the sparse kernel is faster), smallest (wherever it saves bytes), or a fraction of zeros from which on (0 = always dense), as in run");
  app.add_option("--weights", c->weights, "where the kernels read the weights: flash (default), ram, or auto "
                                          "(RAM when the arena leaves room), as in run")
      ->check(CLI::IsMember({"flash", "ram", "auto"}));
  app.add_flag("--allow-overflow", c->allow_overflow, "export even if the model does not fit the MCU");
  return [c] {
    const Model model = load_tflite(c->model).take();
    const emu::McuProfile profile = emu::load_profile(c->mcu).take();
    if (!c->firmware.empty()) c->o.target.firmware = target::parse_variant(c->firmware);
    c->o.target.require_fit = !c->allow_overflow;
    c->o.target.weights = target::parse_placement(c->weights);
    c->o.target.sparse_threshold = target::parse_sparse_threshold(c->sparse);
    const target::RuntimeExport r = target::export_runtime(model, profile, c->o).take();
    fmt::print("wrote {}: {} files; runtime '{}' [{}]; plan {} bytes; arena {} bytes\n", r.dir, r.files.size(),
               target::variant_name(r.variant), r.flags, r.plan_bytes, r.arena_bytes);
    fmt::print("build it as {}/README.md says; `tinysim run {} --mcu {}` predicts its ts_invoke() cycles\n", r.dir,
               c->model, profile.name);
    return 0;
  };
});

}  // namespace
}  // namespace tinysim::cli
