/* QUANTIZE (float->int8, int8->int8) and DEQUANTIZE (int8->float) with
 * TFLite reference rounding. */
#include <math.h>

#include "ts_fixed_point.h"
#include "ts_kernels.h"

void ts_quantize_f32_s8(const ts_ctx* ctx, const ts_op_quant* op) {
  const float* in = (const float*)ts_tensor_data(ctx, &op->input);
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  for (int32_t i = 0; i < op->count; ++i) {
    float r = roundf(in[i] / op->scale);
    r = r < -1e9f ? -1e9f : (r > 1e9f ? 1e9f : r); /* as the host: defined for inf/huge */
    if (r != r) r = 0.f;                            /* NaN */
    const int32_t q = (int32_t)r + op->zero_point;
    out[i] = (int8_t)ts_clamp(q, -128, 127);
  }
}

void ts_dequantize_s8_f32(const ts_ctx* ctx, const ts_op_quant* op) {
  const int8_t* in = (const int8_t*)ts_tensor_data(ctx, &op->input);
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  /* scale (24-bit mantissa) * (q - zp) (9 bits) is exact in double, so one
   * float multiply rounds exactly like TFLite's double product cast to float */
  for (int32_t i = 0; i < op->count; ++i) out[i] = op->scale * (float)(in[i] - op->zero_point);
}

void ts_requantize_s8(const ts_ctx* ctx, const ts_op_quant* op) {
  const int8_t* in = (const int8_t*)ts_tensor_data(ctx, &op->input);
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  for (int32_t i = 0; i < op->count; ++i) {
    const int32_t v = ts_mbqm(in[i] + op->in_offset, op->multiplier, op->shift) + op->out_offset;
    out[i] = (int8_t)ts_clamp(v, -128, 127);
  }
}
