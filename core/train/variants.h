// The optimised variants of a float model, made one way for every front-end:
// the training pipeline (`tinysim train`), `tinysim quantize`, `tinysim prune`
// and the GUI's Variants page.
//   int8         post-training quantization (calibrated on `calib`)
//   qat_int8     quantization-aware fine-tuning on `train`, converted with the
//                tracked ranges (the same int8 conversion as PTQ)
//   pruned       magnitude pruning while fine-tuning on `train` (float)
//   pruned_int8  pruned, then post-training quantization
// Callers choose seeds, epochs and progress hooks; the defaults below are the
// one definition of the fine-tuning settings when nobody says otherwise.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/data/dataset.h"
#include "core/model/ir.h"
#include "core/optimize/quantize.h"
#include "core/train/prune.h"
#include "core/train/trainer.h"

namespace tinysim::train {

// Every non-constant tensor is float32: what quantizing, pruning and QAT start
// from (a quantized model would be quantized twice).
bool is_float_model(const Model& model);

// Throws tinysim::Error "FILE: is not a float model: tensor 'x' is int8, not
// float32 (FIX)" unless is_float_model.
void require_float_model(const Model& model, const std::string& file, const std::string& fix);

// Fine-tuning defaults relative to the options of the training run (a
// recipe's "train"; FitOptions{} for a model trained elsewhere).
// QAT: 1 epoch at lr 2e-4.
FitOptions default_qat_fit(const FitOptions& train = {});
// Pruning: 2 epochs at half the training lr (5e-4 for the default 1e-3).
PruneOptions default_prune(const FitOptions& train = {});

struct VariantOptions {
  QuantizeOptions quant;  // every int8 conversion; num_samples also seeds QAT's ranges
  FitOptions qat = default_qat_fit();
  PruneOptions prune = default_prune();
  // Calibration progress of one variant: (variant, done, total). May be empty;
  // quant.progress is used when it is.
  std::function<void(const std::string&, size_t, size_t)> calibration_progress;
};

struct VariantData {
  const Dataset* calib = nullptr;  // int8, qat_int8 (initial ranges), pruned_int8
  const Dataset* train = nullptr;  // qat_int8, pruned, pruned_int8 (fine-tuning)
};

// "int8", "qat_int8", "pruned", "pruned_int8".
const std::vector<std::string>& variant_kinds();

// One variant of `float_model`. Throws tinysim::Error for a model that is not
// float, an unknown variant or a data set the variant needs but is not given.
Model make_variant(const std::string& variant, const Model& float_model, const VariantData& data,
                   const VariantOptions& options);

// Makes `variants` in the order given and hands each to `done` as soon as it
// is made (to save, time or report it); stops early when `done` returns false.
void make_variants(const Model& float_model, const std::vector<std::string>& variants, const VariantData& data,
                   const VariantOptions& options, const std::function<bool(const std::string&, Model)>& done);

}  // namespace tinysim::train
