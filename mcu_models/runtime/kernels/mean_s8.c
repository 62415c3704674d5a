/* MEAN over H and W int8 (global average pooling), TFLite reference: sum of
 * (x - input zero point), requantized by the scale ratio, divided by H*W
 * rounding half away from zero, + output zero point. */
#include "ts_fixed_point.h"
#include "ts_kernels.h"

void ts_mean_s8(const ts_ctx* ctx, const ts_op_mean* op) {
  const int8_t* in = (const int8_t*)ts_tensor_data(ctx, &op->input);
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  const int N = op->input.dims[0], HW = op->input.dims[1] * op->input.dims[2], C = op->input.dims[3];
  for (int b = 0; b < N; ++b)
    for (int c = 0; c < C; ++c) {
      int32_t acc = 0;
      const int8_t* p = in + (size_t)b * HW * C + c;
      for (int i = 0; i < HW; ++i) acc += p[(size_t)i * C] + op->input_offset;
      acc = ts_mbqm(acc, op->multiplier, op->shift);
      acc = acc > 0 ? (acc + op->count / 2) / op->count : (acc - op->count / 2) / op->count;
      acc += op->output_offset;
      out[(size_t)b * C + c] = (int8_t)ts_clamp(acc, op->act_min, op->act_max);
    }
}
