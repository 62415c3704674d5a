// MEAN over height and width (global average pooling). int8 follows TFLite's
// reference_integer_ops::Mean: sum of (q - input_zero_point), requantized by
// input_scale/output_scale, then divided by H*W rounding half away from zero.
#include "core/common/fixed_point.h"
#include "core/host/kernels.h"

namespace tinysim::kernels {

void mean_float(const MeanData& p, const float* input, float* output) {
  const Dims4& in = p.input_shape;
  for (int32_t b = 0; b < in.n; ++b)
    for (int32_t c = 0; c < in.c; ++c) {
      float sum = 0.f;
      for (int32_t h = 0; h < in.h; ++h)
        for (int32_t w = 0; w < in.w; ++w) sum += input[((int64_t{b} * in.h + h) * in.w + w) * in.c + c];
      output[int64_t{b} * in.c + c] = sum / static_cast<float>(p.mean_count);
    }
}

void mean_int8(const MeanData& p, const int8_t* input, int8_t* output) {
  const Dims4& in = p.input_shape;
  const int32_t count = p.mean_count;
  for (int32_t b = 0; b < in.n; ++b)
    for (int32_t c = 0; c < in.c; ++c) {
      int32_t acc = 0;
      for (int32_t h = 0; h < in.h; ++h)
        for (int32_t w = 0; w < in.w; ++w)
          acc += int32_t{input[((int64_t{b} * in.h + h) * in.w + w) * in.c + c]} - p.input_zero_point;
      acc = ts_multiply_by_quantized_multiplier(acc, p.output_multiplier[0], p.output_shift[0]);
      acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
      acc += p.output_offset;
      output[int64_t{b} * in.c + c] = static_cast<int8_t>(ts_clamp_i32(acc, p.act_min, p.act_max));
    }
}

}  // namespace tinysim::kernels
