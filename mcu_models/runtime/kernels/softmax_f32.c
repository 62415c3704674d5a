/* SOFTMAX, MEAN and elementwise activations, float32. */
#include <math.h>

#include "ts_kernels.h"

void ts_softmax_f32(const ts_ctx* ctx, const ts_op_softmax* op) {
  const float* in = (const float*)ts_tensor_data(ctx, &op->input);
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  const int depth = op->input.dims[3];
  const int rows = ts_elements(&op->input) / depth;
  for (int r = 0; r < rows; ++r) {
    const float* x = in + (size_t)r * depth;
    float* o = out + (size_t)r * depth;
    float m = x[0];
    for (int c = 1; c < depth; ++c)
      if (x[c] > m) m = x[c];
    float sum = 0.f;
    for (int c = 0; c < depth; ++c) {
      o[c] = expf((x[c] - m) * op->beta);
      sum += o[c];
    }
    for (int c = 0; c < depth; ++c) o[c] = o[c] / sum;
  }
}

void ts_mean_f32(const ts_ctx* ctx, const ts_op_mean* op) {
  const float* in = (const float*)ts_tensor_data(ctx, &op->input);
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  const int N = op->input.dims[0], HW = op->input.dims[1] * op->input.dims[2], C = op->input.dims[3];
  for (int b = 0; b < N; ++b)
    for (int c = 0; c < C; ++c) {
      float acc = 0.f;
      const float* p = in + (size_t)b * HW * C + c;
      for (int i = 0; i < HW; ++i) acc += p[(size_t)i * C];
      out[(size_t)b * C + c] = acc / (float)HW;
    }
}

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
