// Activation statistics for int8 calibration: runs the float model on the
// host reference kernels and records every float activation tensor's range,
// either min/max or a percentile of the values seen (histogram-based).
#pragma once

#include "core/optimize/quantize.h"

namespace tinysim {

// The float activation tensors of a model: graph inputs and op outputs of
// type float32 (not constants).
std::vector<int> float_activation_tensors(const Model& model);

// Throws tinysim::Error; see calibrate_ranges() in quantize.h.
TensorRanges calibrate(const Model& float_model, const Dataset& calib, const QuantizeOptions& options);

}  // namespace tinysim
