// RELU, RELU6, LOGISTIC, TANH. int8 follows TFLite Micro's reference kernels:
// RELU requantizes then clamps, RELU6 clamps in input units, LOGISTIC/TANH
// scale the input to Q4.27 and use gemmlowp's fixed-point logistic/tanh.
#include <algorithm>
#include <cmath>

#include "core/common/fixed_point.h"
#include "core/host/kernels.h"

namespace tinysim::kernels {

void relu_float(const ActivationData& p, const float* input, float* output) {
  for (int64_t i = 0; i < p.flat_size; ++i) output[i] = std::min(std::max(input[i], p.act_min_f), p.act_max_f);
}

void relu_int8(const ActivationData& p, const int8_t* input, int8_t* output) {
  for (int64_t i = 0; i < p.flat_size; ++i) {
    const int32_t v = p.output_offset + ts_multiply_by_quantized_multiplier(int32_t{input[i]} + p.input_offset,
                                                                            p.output_multiplier[0],
                                                                            p.output_shift[0]);
    output[i] = static_cast<int8_t>(ts_clamp_i32(v, p.act_min, p.act_max));
  }
}

void relu6_int8(const ActivationData& p, const int8_t* input, int8_t* output) {
  for (int64_t i = 0; i < p.flat_size; ++i)
    output[i] = static_cast<int8_t>(ts_clamp_i32(input[i], p.act_min, p.act_max));
}

void logistic_float(const ActivationData& p, const float* input, float* output) {
  for (int64_t i = 0; i < p.flat_size; ++i) output[i] = 1.f / (1.f + std::exp(-input[i]));
}

namespace {

// TFLite Micro's int8 logistic and tanh: inputs beyond the range radius
// saturate; the rest go through the Q4 fixed-point function and are scaled
// down to the int8 output (offset -128 for logistic's [0, 1) range).
template <class Fn>
void saturating_fixed_point_int8(const ActivationData& p, const int8_t* input, int8_t* output, Fn fn,
                                 int output_shift, int32_t output_offset) {
  constexpr int kInputIntegerBits = 4;
  for (int64_t i = 0; i < p.flat_size; ++i) {
    const int32_t x = int32_t{input[i]} - p.input_zero_point;
    if (x <= -p.input_range_radius) {
      output[i] = -128;
    } else if (x >= p.input_range_radius) {
      output[i] = 127;
    } else {
      const int32_t x_q4 = ts_multiply_by_quantized_multiplier(x, p.input_multiplier, p.input_left_shift);
      const int32_t y_q0 = fn(x_q4, kInputIntegerBits);
      const int32_t y = ts_rounding_divide_by_pot(y_q0, output_shift) + output_offset;
      output[i] = static_cast<int8_t>(ts_clamp_i32(y, -128, 127));
    }
  }
}

}  // namespace

void logistic_int8(const ActivationData& p, const int8_t* input, int8_t* output) {
  constexpr int kOutputIntegerBits = 8;
  saturating_fixed_point_int8(p, input, output, ts_logistic, 31 - kOutputIntegerBits, -128);
}

void tanh_float(const ActivationData& p, const float* input, float* output) {
  for (int64_t i = 0; i < p.flat_size; ++i) output[i] = std::tanh(input[i]);
}

void tanh_int8(const ActivationData& p, const int8_t* input, int8_t* output) {
  constexpr int kOutputScale = 7;
  saturating_fixed_point_int8(p, input, output, ts_tanh, 31 - kOutputScale, 0);
}

}  // namespace tinysim::kernels
