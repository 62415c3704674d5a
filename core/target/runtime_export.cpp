#include "core/target/runtime_export.h"

#include <filesystem>
#include <utility>

#include "core/common/atomic_file.h"
#include "core/common/c_array.h"
#include "core/target/runtime_bundle.h"
#include "core/target/runtime_export_text.h"

namespace tinysim::target {

Result<RuntimeExport> export_runtime(const Model& model, const emu::McuProfile& profile,
                                     const RuntimeExportOptions& options) {
  return capture([&]() -> RuntimeExport {
    if (!is_c_identifier(options.name))
      throw Error(options.name, "is not a C identifier",
                  "use --name with letters, digits and '_' (not starting with a digit)");
    // Everything that can fail on the input comes before the output directory
    // is touched.
    const FirmwareVariant variant = pick_variant(profile, options.target.firmware);
    const RuntimeBundle bundle = locate_runtime_bundle().take();
    const auto flags = bundle.flags.find(variant_name(variant));
    if (flags == bundle.flags.end())
      throw Error(bundle.dir + "/MANIFEST", std::string("has no flags for the '") + variant_name(variant) + "' image",
                  "rebuild the tinysim_firmware target");
    TargetPlan plan = target_plan(model, profile, options.target, 0);
    if (options.target.require_fit) {
      const std::string problem = fit_problem(plan.layout);
      if (!problem.empty())
        throw Error(model.source, problem + " on " + profile.name,
                    "pick an MCU with more memory, shrink the model, or pass --allow-overflow");
    }
    ExportText text;
    text.model = &model;
    text.profile = profile.name;
    text.name = options.name;
    text.variant = variant_name(variant);
    text.flags = flags->second;
    text.sources = bundle.sources;
    text.plan = std::move(plan.blob);

    StagedDirectory out(options.out_dir);
    RuntimeExport r;
    auto add = [&](const std::string& rel, const std::string& bytes) {
      out.write(rel, bytes);
      r.files.push_back(rel);
    };
    for (const auto* list : {&bundle.sources, &bundle.headers})
      for (const std::string& rel : *list) {
        out.copy("runtime/" + rel, (std::filesystem::path(bundle.dir) / rel).string());
        r.files.push_back("runtime/" + rel);
      }
    add(options.name + "_plan.c", plan_source(text));
    add(options.name + ".h", model_header(text));
    add("tinysim_runtime.mk", makefile_fragment(text));
    add("README.md", export_readme(text));
    out.commit();

    r.dir = options.out_dir;
    r.name = options.name;
    r.flags = text.flags;
    r.variant = variant;
    r.plan_bytes = text.plan.bytes.size();
    r.arena_bytes = text.plan.arena_bytes;
    return r;
  });
}

}  // namespace tinysim::target
