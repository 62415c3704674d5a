// Post-training int8 quantization of a float IR model, following TFLite's
// int8 scheme (the one TFLite Micro and CMSIS-NN run):
//   * weights: symmetric int8 (zero point 0, range [-127, 127]); per output
//     channel for CONV_2D (dim 0) and DEPTHWISE_CONV_2D (dim 3); FULLY_CONNECTED
//     per tensor by default (what TFLite's converter long emitted and every
//     TFLM/CMSIS-NN build supports), per output row if per_channel_fc is set;
//   * biases: int32, scale = input_scale * weight_scale[c], zero point 0;
//   * activations: per-tensor asymmetric int8 from calibrated [min, max]
//     (the range is widened to include 0 so 0.0 is exactly representable);
//   * the model's input and output tensors become int8 themselves (like
//     TFLite's inference_input_type / inference_output_type = int8);
//   * fixed output params: SOFTMAX and LOGISTIC 1/256, zp -128; TANH 1/128, zp 0;
//     pooling, RESHAPE and RELU-like ops share their input's params; a fused
//     activation clamps the output range (ReLU -> [0, max], ReLU6 -> [0, 6]);
//     CONCATENATION gives all inputs the output's params (TFLite's converter
//     requires this as well); ADD and MUL rescale each input freely;
//   * op versions as TFLite sets them for int8 kernels.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <utility>

#include "core/common/error.h"
#include "core/model/ir.h"
#include "core/data/dataset.h"

namespace tinysim {

enum class CalibrationMethod {
  MinMax,      // the smallest and largest value seen
  Percentile,  // clip each tensor's range to a percentile of |values| spread
};

struct QuantizeOptions {
  CalibrationMethod method = CalibrationMethod::MinMax;
  double percentile = 99.99;   // for Percentile: keep [100-p, p] of the values
  size_t num_samples = 200;    // calibration samples used (0 = the whole set)
  bool per_channel_fc = false; // see above
  // Called after each calibration sample: (done, total). May be empty.
  std::function<void(size_t, size_t)> progress;
};

// Real-valued [min, max] of each float activation tensor, by tensor index.
using TensorRanges = std::map<int, std::pair<float, float>>;

// Runs the float model on calibration samples and records the range of every
// float activation tensor (model inputs and every op output).
Result<TensorRanges> calibrate_ranges(const Model& float_model, const Dataset& calib,
                                      const QuantizeOptions& options);

// The whole PTQ: calibrate_ranges then quantize_with_ranges.
Result<Model> quantize_model(const Model& float_model, const Dataset& calib,
                             const QuantizeOptions& options);

// Quantizes with ranges the caller already has (e.g. from quantization-aware
// training). Every float activation tensor whose range the rules above do not
// fix must be in `ranges`; a missing one is an error naming the tensor.
Result<Model> quantize_with_ranges(const Model& float_model, const TensorRanges& ranges,
                                   const QuantizeOptions& options);

// The (scale, zero_point) TinySim gives an activation with real range
// [min, max] (widened to include 0): int8, qmin -128, qmax 127, nudged so
// that 0.0 maps to an integer exactly, as TFLite's converter does.
std::pair<float, int> choose_activation_params(float min, float max);

}  // namespace tinysim
