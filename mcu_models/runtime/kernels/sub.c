/* SUB float32, int8 and int16 with TFLite Micro's arithmetic: both inputs
 * rescaled (left_shift 20 for int8, 15 for int16) to twice the larger input
 * scale, subtracted, requantized to the output, clamped. */
#include "ts_broadcast.h"
#include "ts_fixed_point.h"
#include "ts_kernels.h"

static inline int32_t sub_one(const ts_op_binary* op, int32_t x1, int32_t x2) {
  const int32_t s1 = ts_multiply_by_quantized_multiplier_smaller_than_one_exp(
      ts_shl_wrap(x1 + op->input1_offset, op->left_shift), op->input1_multiplier, op->input1_shift);
  const int32_t s2 = ts_multiply_by_quantized_multiplier_smaller_than_one_exp(
      ts_shl_wrap(x2 + op->input2_offset, op->left_shift), op->input2_multiplier, op->input2_shift);
  const int32_t raw = ts_mbqm(ts_sub_wrap(s1, s2), op->output_multiplier, op->output_shift) + op->output_offset;
  return ts_clamp(raw, op->act_min, op->act_max);
}

#define TS_SUB_LOOP(T, EXPR)                                                              \
  const T* a = (const T*)ts_tensor_data(ctx, &op->in1);                                   \
  const T* b = (const T*)ts_tensor_data(ctx, &op->in2);                                   \
  T* out = (T*)ts_tensor_data(ctx, &op->output);                                          \
  if (!op->broadcast) {                                                                   \
    const int32_t n = ts_elements(&op->output);                                           \
    for (int32_t i1 = 0, i2 = 0, io = 0; io < n; ++i1, ++i2, ++io) out[io] = (T)(EXPR);    \
    return;                                                                               \
  }                                                                                       \
  TS_BROADCAST_4D(&op->in1, &op->in2, &op->output, out[io] = (T)(EXPR))

void ts_sub_s8(const ts_ctx* ctx, const ts_op_binary* op) { TS_SUB_LOOP(int8_t, sub_one(op, a[i1], b[i2])); }

void ts_sub_s16(const ts_ctx* ctx, const ts_op_binary* op) { TS_SUB_LOOP(int16_t, sub_one(op, a[i1], b[i2])); }

static inline float sub_f32(const ts_op_binary* op, float x1, float x2) {
  const float v = x1 - x2;
  return v < op->f_act_min ? op->f_act_min : (v > op->f_act_max ? op->f_act_max : v);
}

void ts_sub_f32(const ts_ctx* ctx, const ts_op_binary* op) { TS_SUB_LOOP(float, sub_f32(op, a[i1], b[i2])); }
