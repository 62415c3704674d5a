/* ADD int8, TFLite reference arithmetic (inputs rescaled with left_shift 20,
 * summed, then requantized to the output). */
#include "ts_broadcast.h"
#include "ts_fixed_point.h"
#include "ts_kernels.h"

static inline int8_t add_one(const ts_op_binary* op, int32_t x1, int32_t x2) {
  const int32_t s1 = ts_multiply_by_quantized_multiplier_smaller_than_one_exp(
      ts_shl_wrap(x1 + op->input1_offset, op->left_shift), op->input1_multiplier, op->input1_shift);
  const int32_t s2 = ts_multiply_by_quantized_multiplier_smaller_than_one_exp(
      ts_shl_wrap(x2 + op->input2_offset, op->left_shift), op->input2_multiplier, op->input2_shift);
  const int32_t raw = ts_mbqm(ts_add_wrap(s1, s2), op->output_multiplier, op->output_shift) + op->output_offset;
  return (int8_t)ts_clamp(raw, op->act_min, op->act_max);
}

void ts_add_s8(const ts_ctx* ctx, const ts_op_binary* op) {
  const int8_t* a = (const int8_t*)ts_tensor_data(ctx, &op->in1);
  const int8_t* b = (const int8_t*)ts_tensor_data(ctx, &op->in2);
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  if (!op->broadcast) {
    const int32_t n = ts_elements(&op->output);
    for (int32_t i = 0; i < n; ++i) out[i] = add_one(op, a[i], b[i]);
    return;
  }
  TS_BROADCAST_4D(&op->in1, &op->in2, &op->output, out[io] = add_one(op, a[i1], b[i2]));
}
