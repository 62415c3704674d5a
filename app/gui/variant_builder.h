// Makes the variant files a VariantRequest asks for from a float model, with
// the core's variant maker (core/train/variants.h: int8 PTQ, pruned_int8,
// qat_int8), the one the CLI and the training pipeline use. Files are written as
// <dir>/<model>_<variant>.tflite so the bench groups them with their float
// parent. Stops at the next safe point when `cancel` becomes true.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "app/gui/variant_request.h"
#include "core/common/error.h"

namespace tinysim::gui {

struct BuiltVariants {
  std::vector<std::string> files;  // in bench order: as loaded first, then made variants
  bool cancelled = false;
};

// (what, fraction of this step 0..1)
using BuildProgress = std::function<void(const std::string&, double)>;

// Errors: a quantized model asked to be quantized again, a data set that does
// not match the model's input, a missing data set for pruning/QAT.
Result<BuiltVariants> buildVariants(const VariantRequest& request, const std::string& outDir,
                                    const BuildProgress& progress, const std::atomic<bool>& cancel);

// The model name the bench will group the loaded file under
// (report::split_model_variant of its stem).
std::string benchModelName(const std::string& path);

}  // namespace tinysim::gui
