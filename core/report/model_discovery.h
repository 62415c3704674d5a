// Which models a bench run covers and which data set each is scored on.
//
// A model file <name>_<variant>.tflite belongs to model (use case) <name>
// (see split_model_variant). Its data set is, in order: the --data override;
// the "dataset" of the training recipe whose "use_case" is <name>, found as
// <dir>/<name>/recipe.json, <dir>/recipe.json, <dir>/<name>.recipe.json or
// <dir>/recipes/<name>.json (dir = the model file's folder), its "use_case"
// and "dataset" read by the code the training pipeline's parser uses for them
// (core/data/recipe_dataset.h); none otherwise
// (accuracy columns stay empty, emulator columns are still measured).
#pragma once

#include <string>
#include <vector>

namespace tinysim::report {

struct BenchModel {
  std::string path;
  std::string model;    // use case
  std::string variant;  // suffix, empty if the file name has none
  std::string dataset;  // spec for load_dataset, empty if none
  std::string recipe;   // the recipe the data set came from, if any
};

// sample_models/ beside the sources: $TINYSIM_SAMPLE_MODELS, then upwards from
// the running executable, then the source tree the build came from. Throws
// tinysim::Error when none exists.
std::string find_sample_models_dir();

// Every .tflite under dir (recursively), grouped and sorted: by model name,
// then float variants first, then int8, qat_int8, pruned_int8, distilled_int8,
// then the rest by name.
std::vector<BenchModel> discover_models(const std::string& dir, const std::string& dataset_override);
// The given files (each must exist and end in .tflite), grouped the same way.
std::vector<BenchModel> describe_models(const std::vector<std::string>& paths, const std::string& dataset_override);

// Sorts in bench order (see discover_models).
void order_models(std::vector<BenchModel>& models);

// The "dataset" of the first recipe found for `model` in dir; empty if none.
// Throws tinysim::Error naming the recipe if it exists but is malformed.
std::string recipe_dataset(const std::string& dir, const std::string& model, std::string* recipe_path = nullptr);

}  // namespace tinysim::report
