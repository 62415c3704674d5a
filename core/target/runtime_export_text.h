// The generated files of `tinysim export-runtime` (runtime_export.h): the
// plan array, the model header, the makefile fragment and the README.
#pragma once

#include <string>
#include <vector>

#include "core/model/ir.h"
#include "core/target/plan_writer.h"

namespace tinysim::target {

struct ExportText {
  const Model* model = nullptr;
  std::string profile, name, variant, flags;
  std::vector<std::string> sources;  // the runtime library's, relative to runtime/, in link order
  PlanBlob plan;
};

std::string plan_source(const ExportText& t);        // NAME_plan.c
std::string model_header(const ExportText& t);       // NAME.h
std::string makefile_fragment(const ExportText& t);  // tinysim_runtime.mk
std::string export_readme(const ExportText& t);      // README.md

}  // namespace tinysim::target
