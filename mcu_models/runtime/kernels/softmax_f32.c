/* SOFTMAX float32 (max-subtracted, expf from newlib). */
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
