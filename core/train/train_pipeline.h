// `tinysim train RECIPE.json -o DIR`: trains the recipe's float model and
// makes every variant it asks for, writing DIR/<use_case>_<variant>.tflite
// and DIR/<use_case>_report.json (test accuracy, sizes, times per variant).
// Accuracies are measured on the host reference kernels with the written
// models (the same IR the files hold).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/common/error.h"
#include "core/model/ir.h"
#include "core/train/recipe.h"

namespace tinysim::train {

struct VariantResult {
  std::string variant;
  std::string file;           // path written
  double accuracy = 0;        // test top-1 in [0, 1]
  uint64_t file_bytes = 0;
  int64_t params = 0;
  double weight_sparsity = 0; // zeros / weights of conv/depthwise/FC weights
  double seconds = 0;         // training + conversion time of this variant
};

struct TrainReport {
  std::string recipe, use_case, dataset;
  size_t train_samples = 0, test_samples = 0, calib_samples = 0;
  std::vector<VariantResult> variants;
  double total_seconds = 0;
  std::string report_path;
};

struct PipelineHooks {
  std::function<void(const Progress&)> progress;  // training progress (stderr bar)
  std::function<void(const std::string&)> log;    // one line per finished step
};

Result<TrainReport> run_recipe(const std::string& recipe_path, const std::string& out_dir,
                               const PipelineHooks& hooks = {});

// Copies a trained net's model out with a fresh description.
Model finished_model(const TrainNet& net, const std::string& description);

}  // namespace tinysim::train
