// Quantization-aware training: the forward pass sees int8 weights
// (per-channel symmetric for convolutions, like the PTQ path) and int8
// activations (per-tensor asymmetric, ranges tracked by an exponential moving
// average); gradients pass straight through (zero outside an activation's
// range). The trained float model plus the tracked ranges go through the same
// int8 conversion as PTQ (quantize_with_ranges), so QAT and PTQ models differ
// only in their weights and ranges.
#pragma once

#include <vector>

#include "core/data/dataset.h"
#include "core/optimize/quantize.h"
#include "core/train/trainer.h"

namespace tinysim::train {

// Ranges start from the float model's min/max over `samples` calibration
// samples. Tensors whose int8 params the converter copies from their input
// (pools, RESHAPE, RELU/RELU6) reuse that input's range.
QatState init_qat(const TrainNet& net, const Dataset& calib, size_t samples, bool per_channel_fc);

// Fake-quantized copies of every weight tensor (biases stay float: int32
// biases are far finer than the activations they add to).
ParamValues fake_quant_weights(const TrainNet& net, std::vector<std::vector<float>>& storage,
                               bool per_channel_fc);

// Folds the batch's observed min/max (all shards) into the moving averages.
void update_qat_ranges(const TrainNet& net, QatState& qat, const std::vector<Workspace>& shards,
                       bool first);

// The tracked ranges, in the form quantize_with_ranges takes.
TensorRanges qat_ranges(const TrainNet& net, const QatState& qat);

// Symmetric int8 fake quantization of a weight tensor; channel_of(i) gives
// element i's channel (0 for per-tensor).
void fake_quant_symmetric(const float* w, float* out, int64_t n, int channels,
                          int (*channel_of)(int64_t i, const std::vector<int>& shape),
                          const std::vector<int>& shape);

}  // namespace tinysim::train
