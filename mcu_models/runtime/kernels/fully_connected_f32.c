/* FULLY_CONNECTED float32. */
#include "ts_kernels.h"

void ts_fully_connected_f32(const ts_ctx* ctx, const ts_op_fc* op) {
  const float* in = (const float*)ts_tensor_data(ctx, &op->input);
  const float* w = (const float*)ts_tensor_data(ctx, &op->filter);
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  const float* bias = (const float*)ts_plan_data(ctx, op->bias_offset);
  const int D = op->depth, U = op->units;
  for (int b = 0; b < op->batches; ++b)
    for (int u = 0; u < U; ++u) {
      const float* x = in + (size_t)b * D;
      const float* wr = w + (size_t)u * D;
      float acc = 0.f;
      for (int k = 0; k < D; ++k) acc += x[k] * wr[k];
      if (bias) acc += bias[u];
      acc = acc < op->f_act_min ? op->f_act_min : (acc > op->f_act_max ? op->f_act_max : acc);
      out[(size_t)b * U + u] = acc;
    }
}
