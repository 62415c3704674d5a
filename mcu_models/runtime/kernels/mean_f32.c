/* MEAN over H and W float32 (global average pooling). */
#include "ts_kernels.h"

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
