/* MUL int8, TFLite reference arithmetic. */
#include "ts_broadcast.h"
#include "ts_fixed_point.h"
#include "ts_kernels.h"

static inline int8_t mul_one(const ts_op_binary* op, int32_t x1, int32_t x2) {
  const int32_t raw = ts_mbqm((x1 + op->input1_offset) * (x2 + op->input2_offset), op->output_multiplier,
                              op->output_shift) +
                      op->output_offset;
  return (int8_t)ts_clamp(raw, op->act_min, op->act_max);
}

void ts_mul_s8(const ts_ctx* ctx, const ts_op_binary* op) {
  const int8_t* a = (const int8_t*)ts_tensor_data(ctx, &op->in1);
  const int8_t* b = (const int8_t*)ts_tensor_data(ctx, &op->in2);
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  if (!op->broadcast) {
    const int32_t n = ts_elements(&op->output);
    for (int32_t i = 0; i < n; ++i) out[i] = mul_one(op, a[i], b[i]);
    return;
  }
  TS_BROADCAST_4D(&op->in1, &op->in2, &op->output, out[io] = mul_one(op, a[i1], b[i2]));
}
