/* SQUARED_DIFFERENCE float32, int8, int16 with TFLite Micro's arithmetic:
 * inputs shifted left (7 for int8, 0 for int16), rescaled to twice the larger
 * input scale, subtracted, squared in int32, requantized, clamped. */
#include "ts_broadcast.h"
#include "ts_fixed_point.h"
#include "ts_kernels.h"

static inline int32_t sqdiff_one(const ts_op_binary* op, int32_t x1, int32_t x2) {
  const int32_t s1 = ts_multiply_by_quantized_multiplier_smaller_than_one_exp(
      (x1 + op->input1_offset) * (1 << op->left_shift), op->input1_multiplier, op->input1_shift);
  const int32_t s2 = ts_multiply_by_quantized_multiplier_smaller_than_one_exp(
      (x2 + op->input2_offset) * (1 << op->left_shift), op->input2_multiplier, op->input2_shift);
  const int32_t d = s1 - s2;
  const int32_t raw = ts_mbqm(d * d, op->output_multiplier, op->output_shift) + op->output_offset;
  return ts_clamp(raw, op->act_min, op->act_max);
}

static inline float sqdiff_f32(float x1, float x2) {
  const float d = x1 - x2;
  return d * d;
}

#define TS_SQDIFF_LOOP(T, EXPR)                                                           \
  const T* a = (const T*)ts_tensor_data(ctx, &op->in1);                                   \
  const T* b = (const T*)ts_tensor_data(ctx, &op->in2);                                   \
  T* out = (T*)ts_tensor_data(ctx, &op->output);                                          \
  if (!op->broadcast) {                                                                   \
    const int32_t n = ts_elements(&op->output);                                           \
    for (int32_t i1 = 0, i2 = 0, io = 0; io < n; ++i1, ++i2, ++io) out[io] = (T)(EXPR);    \
    return;                                                                               \
  }                                                                                       \
  TS_BROADCAST_4D(&op->in1, &op->in2, &op->output, out[io] = (T)(EXPR))

void ts_sqdiff_s8(const ts_ctx* ctx, const ts_op_binary* op) { TS_SQDIFF_LOOP(int8_t, sqdiff_one(op, a[i1], b[i2])); }

void ts_sqdiff_s16(const ts_ctx* ctx, const ts_op_binary* op) { TS_SQDIFF_LOOP(int16_t, sqdiff_one(op, a[i1], b[i2])); }

void ts_sqdiff_f32(const ts_ctx* ctx, const ts_op_binary* op) { TS_SQDIFF_LOOP(float, sqdiff_f32(a[i1], b[i2])); }
