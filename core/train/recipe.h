// A training recipe: one JSON file that says which model to build (or which
// .tflite to start from), on which data set, how to train it and which
// variants to produce. Unknown keys are errors, so a typo never silently
// falls back to a default. Paths inside are relative to the recipe's folder.
//
// {
//   "use_case": "fashion_mnist",          // output files: <use_case>_<variant>.tflite
//   "dataset": "fashion-mnist",            // load_dataset spec (train/test/calib splits)
//   "train_samples": 0, "test_samples": 0, // 0 = the whole split
//   "input_shape": [28, 28, 1],            // optional, default: the data set's sample shape
//   "layers": [ {"type": "conv2d", "filters": 8, "kernel": 3, "stride": 1,
//                "padding": "same", "activation": "relu"},
//               {"type": "maxpool", "pool": 2},
//               {"type": "dense", "units": 10} ],
//   "base": {"model": "base.tflite", "cut_at": "5", "unfreeze_top": 1,
//            "unfreeze_epochs": 1, "unfreeze_lr": 1e-4},  // transfer learning: "layers" = new head
//   "train": {"epochs": 3, "batch_size": 32, "optimizer": "adam", "lr": 1e-3,
//             "lr_decay": 1.0, "momentum": 0.9, "weight_decay": 0, "seed": 1},
//   "variants": ["float", "int8", "qat_int8", "pruned_int8", "distilled_int8"],
//   "quantize": {"calib_samples": 200, "calibration": "minmax", "percentile": 99.99,
//                "per_channel_fc": false},
//   "qat": {"epochs": 1, "lr": 2e-4},
//   "prune": {"sparsity": 0.75, "start_step": 0, "end_step": -1, "frequency": 20,
//             "epochs": 2, "lr": 5e-4, "prune_depthwise": false},
//   "distill": {"teacher": "float", "layers": [...], "temperature": 4, "alpha": 0.7,
//               "epochs": 3, "lr": 1e-3}
// }
//
// Layer types: conv2d, conv1d (kernel k -> 1xk on [1, W, C] data), depthwise,
// dense (alias units/filters), maxpool, avgpool (pool, stride = pool by
// default), global_avgpool, flatten, relu, relu6, add_skip (from: layer index),
// batchnorm (right after a conv/depthwise/dense layer: normalises its output
// before its activation while training; folded into its weights and bias in
// every exported model).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/train/model_builder.h"
#include "core/train/prune.h"
#include "core/optimize/quantize.h"
#include "core/train/trainer.h"
#include "core/train/variants.h"

namespace tinysim::train {

struct BaseSpec {
  std::string model;  // absolute path after loading
  std::string cut_at;
  int unfreeze_top = 0;
  int unfreeze_epochs = 1;
  float unfreeze_lr = 1e-4f;
};

struct QatSpec {  // defaults: default_qat_fit()
  int epochs = default_qat_fit().epochs;
  float lr = default_qat_fit().lr;
};

struct DistillSpec {
  std::string teacher = "float";  // "float" (this recipe's float model) or a .tflite path
  std::vector<LayerSpec> layers;  // the student
  float temperature = 4.0f;
  float alpha = 0.7f;
  int epochs = -1;                // -1: as "train"
  float lr = -1.0f;               // -1: as "train"
};

struct Recipe {
  std::string path, dir;
  std::string use_case;
  std::string dataset;
  size_t train_samples = 0, test_samples = 0;
  std::vector<int> input_shape;
  std::vector<LayerSpec> layers;
  std::optional<BaseSpec> base;
  FitOptions fit;
  std::vector<std::string> variants{"float", "int8"};
  QuantizeOptions quant;
  QatSpec qat;
  PruneOptions prune;  // prune.fit: epochs / lr of the fine-tuning
  DistillSpec distill;

  bool wants(const std::string& v) const;
};

// Throws tinysim::Error "RECIPE: problem (fix)" for a missing file, bad JSON
// or a bad field.
Recipe load_recipe(const std::string& path);
Recipe parse_recipe(const nlohmann::json& j, const std::string& path);

// One layer from its JSON object (throws naming `where`).
LayerSpec parse_layer(const nlohmann::json& j, const std::string& where, const std::string& file);

// Variants the pipeline knows.
const std::vector<std::string>& known_variants();

}  // namespace tinysim::train
