/* ADD / MUL float32 with fused activation clamp (one file: same broadcast loop). */
#include "ts_broadcast.h"
#include "ts_kernels.h"

static inline float clampf(float v, const ts_op_binary* op) {
  return v < op->f_act_min ? op->f_act_min : (v > op->f_act_max ? op->f_act_max : v);
}

void ts_add_f32(const ts_ctx* ctx, const ts_op_binary* op) {
  const float* a = (const float*)ts_tensor_data(ctx, &op->in1);
  const float* b = (const float*)ts_tensor_data(ctx, &op->in2);
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  if (!op->broadcast) {
    const int32_t n = ts_elements(&op->output);
    for (int32_t i = 0; i < n; ++i) out[i] = clampf(a[i] + b[i], op);
    return;
  }
  TS_BROADCAST_4D(&op->in1, &op->in2, &op->output, out[io] = clampf(a[i1] + b[i2], op));
}

void ts_mul_f32(const ts_ctx* ctx, const ts_op_binary* op) {
  const float* a = (const float*)ts_tensor_data(ctx, &op->in1);
  const float* b = (const float*)ts_tensor_data(ctx, &op->in2);
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  if (!op->broadcast) {
    const int32_t n = ts_elements(&op->output);
    for (int32_t i = 0; i < n; ++i) out[i] = clampf(a[i] * b[i], op);
    return;
  }
  TS_BROADCAST_4D(&op->in1, &op->in2, &op->output, out[io] = clampf(a[i1] * b[i2], op));
}
