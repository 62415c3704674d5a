// Host-side (prepare-time) quantization helpers: the double-precision steps
// of TFLite's quantization_util.cc and kernel_util.cc that turn float scales
// into the integers the kernels use. Never needed at eval time.
#pragma once

#include <cstdint>

#include "core/model/ir.h"

namespace tinysim {

// TFLite QuantizeMultiplier: real = multiplier * 2^(shift - 31) with the
// multiplier in [2^30, 2^31) (0 for real == 0). Multipliers below 2^-31 flush
// to zero, as TFLite does.
void quantize_multiplier(double real, int32_t* multiplier, int* shift);

// How a TFLite/TFLM prepare function forms the real multiplier a * b / c from
// float scales. They are not uniform, and a float step rounds to 24 bits
// before QuantizeMultiplier keeps 31, so the form decides the multiplier's
// low bits (and can flip an output's rounding). Each op names the form its
// TFLite source uses:
//   Double        double(a) * double(b) / double(c)
//                 (PopulateConvolutionQuantizationParams, per-channel FC, MUL, ADD, MEAN, QUANTIZE, TFLM RELU, ABS)
//   FloatProduct  double(a * b) / double(c)
//                 (GetQuantizedConvolutionMultipler: per-tensor FULLY_CONNECTED, LSTM gate FCs)
//   Float         double(a * b / c)
//                 (PrepareSvdf, CalculateOpDataLeakyRelu, CalculateOpDataSub, TFLite ReluPrepare, HardSwishPrepare)
// For a ratio a / c pass b = 1 (exact in every form).
enum class ScaleArithmetic { Double, FloatProduct, Float };
double real_multiplier(float a, float b, float c, ScaleArithmetic form);

// TFLite's float activation range for a fused activation.
void activation_range_float(Activation act, float* lo, float* hi);

// TFLite CalculateActivationRangeQuantized: the fused activation's bounds in
// output units, clamped to [qmin, qmax] of the output type.
void activation_range_quantized(Activation act, float output_scale, int32_t output_zero_point,
                                int32_t qmin, int32_t qmax, int32_t* lo, int32_t* hi);

// TFLite ComputeOutSize / ComputePadding (padding_values = top/left offset).
int compute_out_size(Padding padding, int image_size, int filter_size, int stride, int dilation);
int compute_padding(int stride, int dilation, int in_size, int filter_size, int out_size);

// TFLite CalculateInputRadius.
int32_t calculate_input_radius(int input_integer_bits, int input_left_shift,
                               int total_signed_bits = 31);

}  // namespace tinysim
