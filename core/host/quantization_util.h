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
