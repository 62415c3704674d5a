// SOFTMAX over the last dimension. int8 follows TFLite (Micro)'s reference
// Softmax<int8_t, int8_t> (and <int8_t, int16_t>): differences to the row maximum are scaled to Q5.26,
// exponentiated in gemmlowp fixed point, summed in Q12.19 and normalised with
// a fixed-point reciprocal.
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/fixed_point.h"
#include "core/host/kernels.h"

namespace tinysim::kernels {

void softmax_float(const SoftmaxData& p, const float* input, float* output) {
  const int64_t depth = p.input_shape.c;
  const int64_t rows = depth ? p.flat_size / depth : 0;
  for (int64_t r = 0; r < rows; ++r) {
    const float* x = input + r * depth;
    float* y = output + r * depth;
    float max = x[0];
    for (int64_t c = 1; c < depth; ++c) max = std::max(max, x[c]);
    float sum = 0.f;
    for (int64_t c = 0; c < depth; ++c) {
      y[c] = std::exp((x[c] - max) * p.beta);
      sum += y[c];
    }
    for (int64_t c = 0; c < depth; ++c) y[c] /= sum;
  }
}

namespace {

// TFLite's Softmax<int8_t, OutputT>: the output has the full OutputT range
// (int8: scale 1/256, zero point -128; int16: 1/65536, -32768).
template <class OutputT>
void softmax_int8_to(const SoftmaxData& p, const int8_t* input, OutputT* output) {
  constexpr int kOutputBits = 8 * static_cast<int>(sizeof(OutputT));
  constexpr int32_t kMin = std::numeric_limits<OutputT>::min(), kMax = std::numeric_limits<OutputT>::max();
  constexpr int kScaledDiffIntegerBits = 5;
  constexpr int kAccumulationIntegerBits = 12;
  const int64_t depth = p.input_shape.c;
  const int64_t rows = depth ? p.flat_size / depth : 0;
  for (int64_t r = 0; r < rows; ++r) {
    const int8_t* x = input + r * depth;
    OutputT* y = output + r * depth;
    int32_t max_in_row = -128;
    for (int64_t c = 0; c < depth; ++c) max_in_row = std::max(max_in_row, int32_t{x[c]});
    int32_t sum_of_exps = 0;  // Q12.19
    for (int64_t c = 0; c < depth; ++c) {
      const int32_t diff = int32_t{x[c]} - max_in_row;
      if (diff >= p.diff_min) {
        const int32_t scaled = ts_multiply_by_quantized_multiplier_greater_than_one(diff, p.input_multiplier,
                                                                                    p.input_left_shift);
        const int32_t e = ts_exp_on_negative_values(scaled, kScaledDiffIntegerBits);
        sum_of_exps = ts_add_wrap(sum_of_exps, ts_sat_rounding_multiply_by_pot(e, -kAccumulationIntegerBits));
      }
    }
    int num_bits_over_unit = 0;
    const int32_t shifted_scale = ts_get_reciprocal(sum_of_exps, kAccumulationIntegerBits, &num_bits_over_unit);
    for (int64_t c = 0; c < depth; ++c) {
      const int32_t diff = int32_t{x[c]} - max_in_row;
      if (diff >= p.diff_min) {
        const int32_t scaled = ts_multiply_by_quantized_multiplier_greater_than_one(diff, p.input_multiplier,
                                                                                    p.input_left_shift);
        const int32_t e = ts_exp_on_negative_values(scaled, kScaledDiffIntegerBits);
        const int32_t unsat = ts_rounding_divide_by_pot(ts_sat_rounding_doubling_high_mul(shifted_scale, e),
                                                        num_bits_over_unit + 31 - kOutputBits);
        y[c] = static_cast<OutputT>(ts_clamp_i32(unsat + kMin, kMin, kMax));
      } else {
        y[c] = static_cast<OutputT>(kMin);
      }
    }
  }
}

}  // namespace

void softmax_int8(const SoftmaxData& p, const int8_t* input, int8_t* output) { softmax_int8_to(p, input, output); }

void softmax_int8_int16(const SoftmaxData& p, const int8_t* input, int16_t* output) {
  softmax_int8_to(p, input, output);
}

}  // namespace tinysim::kernels
