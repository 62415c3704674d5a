/* PRELU float32 and int8 with TFLite Micro's arithmetic (core/ops/prelu.cpp):
 * x >= 0 requantized by input1_multiplier, otherwise (x - zp) * (alpha - zp)
 * by input2_multiplier; alpha broadcast against the input. */
#include "ts_broadcast.h"
#include "ts_fixed_point.h"
#include "ts_kernels.h"

static inline int8_t prelu_one(const ts_op_binary* op, int32_t x, int32_t alpha) {
  const int32_t v = op->input1_offset + x;
  const int32_t r = v >= 0 ? ts_mbqm(v, op->input1_multiplier, op->input1_shift)
                           : ts_mbqm(v * (op->input2_offset + alpha), op->input2_multiplier, op->input2_shift);
  return (int8_t)ts_clamp(r + op->output_offset, op->act_min, op->act_max);
}

#define TS_PRELU_LOOP(T, EXPR)                                                            \
  const T* a = (const T*)ts_tensor_data(ctx, &op->in1);                                   \
  const T* b = (const T*)ts_tensor_data(ctx, &op->in2);                                   \
  T* out = (T*)ts_tensor_data(ctx, &op->output);                                          \
  TS_BROADCAST_4D(&op->in1, &op->in2, &op->output, out[io] = (EXPR))

void ts_prelu_s8(const ts_ctx* ctx, const ts_op_binary* op) { TS_PRELU_LOOP(int8_t, prelu_one(op, a[i1], b[i2])); }

void ts_prelu_f32(const ts_ctx* ctx, const ts_op_binary* op) {
  TS_PRELU_LOOP(float, a[i1] >= 0.f ? a[i1] : a[i1] * b[i2]);
}
