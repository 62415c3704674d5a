/* RELU, RELU6, LOGISTIC, TANH float32. */
#include <math.h>

#include "ts_kernels.h"

void ts_unary_f32(const ts_ctx* ctx, const ts_op_unary* op) {
  const float* in = (const float*)ts_tensor_data(ctx, &op->input);
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  for (int32_t i = 0; i < op->count; ++i) {
    const float x = in[i];
    float y;
    switch (op->c.variant) {
      case TS_UNARY_RELU: y = x > 0.f ? x : 0.f; break;
      case TS_UNARY_RELU6: y = x < 0.f ? 0.f : (x > 6.f ? 6.f : x); break;
      case TS_UNARY_RELU_N1_1: y = x < -1.f ? -1.f : (x > 1.f ? 1.f : x); break;
      case TS_UNARY_LOGISTIC: y = 1.f / (1.f + expf(-x)); break;
      case TS_UNARY_TANH: y = tanhf(x); break;
      default: y = x;
    }
    out[i] = y;
  }
}
