/* QUANTIZE (float -> int8 / int16, int -> int requantization) and
 * DEQUANTIZE (int8 / int16 -> float) with TFLite reference rounding. */
#include <math.h>

#include "ts_fixed_point.h"
#include "ts_kernels.h"

/* round(x / scale) + zp as the host: defined for inf/huge (clamped) and NaN (0) */
static inline int32_t quantize_one(float x, float scale, int32_t zero_point) {
  float r = roundf(x / scale);
  r = r < -1e9f ? -1e9f : (r > 1e9f ? 1e9f : r);
  if (r != r) r = 0.f;
  return (int32_t)r + zero_point;
}

void ts_quantize_f32_s8(const ts_ctx* ctx, const ts_op_quant* op) {
  const float* in = (const float*)ts_tensor_data(ctx, &op->input);
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  for (int32_t i = 0; i < op->count; ++i) out[i] = (int8_t)ts_clamp(quantize_one(in[i], op->scale, op->zero_point), -128, 127);
}

void ts_quantize_f32_s16(const ts_ctx* ctx, const ts_op_quant* op) {
  const float* in = (const float*)ts_tensor_data(ctx, &op->input);
  int16_t* out = (int16_t*)ts_tensor_data(ctx, &op->output);
  for (int32_t i = 0; i < op->count; ++i)
    out[i] = (int16_t)ts_clamp(quantize_one(in[i], op->scale, op->zero_point), -32768, 32767);
}

/* scale (24-bit mantissa) * (q - zp) (at most 17 bits) is exact in double,
 * so one float multiply rounds exactly like TFLite's double product cast to
 * float */
void ts_dequantize_s8_f32(const ts_ctx* ctx, const ts_op_quant* op) {
  const int8_t* in = (const int8_t*)ts_tensor_data(ctx, &op->input);
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  for (int32_t i = 0; i < op->count; ++i) out[i] = op->scale * (float)(in[i] - op->zero_point);
}

void ts_dequantize_s16_f32(const ts_ctx* ctx, const ts_op_quant* op) {
  const int16_t* in = (const int16_t*)ts_tensor_data(ctx, &op->input);
  float* out = (float*)ts_tensor_data(ctx, &op->output);
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

#include "ts_requant.h"

/* TFLite's Requantize<In, Out>: MultiplyByQuantizedMultiplier(in - in_zp) +
 * out_zp, clamped to the output type (int32: no clamp needed); ts_requant
 * is its bit-identical fast form. One loop per type pair (always inlined
 * with constant dtypes), so no per-element dispatch. */
static inline __attribute__((always_inline)) void requantize_loop(const ts_op_quant* op, const void* in, void* out,
                                                                  uint8_t it, uint8_t ot) {
  /* locals: the output stores could alias the record for the compiler */
  const int32_t n = op->count, in_offset = op->in_offset, out_offset = op->out_offset;
  const int32_t multiplier = op->multiplier, shift = op->shift;
  for (int32_t i = 0; i < n; ++i) {
    const int32_t x = it == TS_S8 ? ((const int8_t*)in)[i] : ((const int16_t*)in)[i];
    const int32_t v = ts_requant(x + in_offset, multiplier, shift) + out_offset;
    if (ot == TS_S8) ((int8_t*)out)[i] = (int8_t)ts_clamp(v, -128, 127);
    else if (ot == TS_S16) ((int16_t*)out)[i] = (int16_t)ts_clamp(v, -32768, 32767);
    else ((int32_t*)out)[i] = v;
  }
}

void ts_requantize(const ts_ctx* ctx, const ts_op_quant* op) {
  const void* in = ts_tensor_data(ctx, &op->input);
  void* out = ts_tensor_data(ctx, &op->output);
  const uint8_t ot = op->output.dtype;
  if (op->input.dtype == TS_S8) {
    if (ot == TS_S8) requantize_loop(op, in, out, TS_S8, TS_S8);
    else if (ot == TS_S16) requantize_loop(op, in, out, TS_S8, TS_S16);
    else requantize_loop(op, in, out, TS_S8, TS_S32);
  } else {
    if (ot == TS_S8) requantize_loop(op, in, out, TS_S16, TS_S8);
    else if (ot == TS_S16) requantize_loop(op, in, out, TS_S16, TS_S16);
    else requantize_loop(op, in, out, TS_S16, TS_S32);
  }
}
