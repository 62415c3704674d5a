// `tinysim export-runtime`: what a user links into their own firmware to run
// a model exactly as TinySim emulated it on a profile:
//   runtime/               the runtime library's sources and headers as the
//                          firmware build compiled them (runtime_bundle.h)
//   NAME_plan.c            the model's execution plan, the bytes run_on_target
//                          loads, as a 16-byte aligned const array (flash)
//   NAME.h                 arena size, input/output sizes and types, the plan;
//                          includes tinysim.h (ts_init, ts_invoke, ts_input, ts_output)
//   tinysim_runtime.mk     source list and the image's exact compile flags
//   README.md              how to build it, with an example main.c
// Written into a staging directory and renamed into place: all or nothing.
#pragma once

#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/emu/mcu_profile.h"
#include "core/model/ir.h"
#include "core/target/target_run.h"

namespace tinysim::target {

struct RuntimeExportOptions {
  std::string out_dir;
  std::string name = "model";  // C identifier of the plan: NAME_plan, NAME_ARENA_BYTES, NAME.h
  TargetOptions target;        // firmware variant, sparse threshold, require_fit
};

struct RuntimeExport {
  std::string dir, name, flags;
  FirmwareVariant variant = FirmwareVariant::HardFloat;
  uint64_t plan_bytes = 0, arena_bytes = 0;
  std::vector<std::string> files;  // relative to dir
};

Result<RuntimeExport> export_runtime(const Model& model, const emu::McuProfile& profile,
                                     const RuntimeExportOptions& options);

}  // namespace tinysim::target
