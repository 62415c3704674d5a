/* L2_NORMALIZATION over the last dimension, float32 and int8, TFLite
 * Micro's arithmetic (core/ops/l2_norm.cpp; the int8 inverse square root is
 * core/common/inv_sqrt.h, shared with the host). count = depth. */
#include <math.h>

#include "core/common/inv_sqrt.h"
#include "ts_fixed_point.h"
#include "ts_kernels.h"

void ts_l2_norm_s8(const ts_ctx* ctx, const ts_op_mean* op) {
  const int8_t* in = (const int8_t*)ts_tensor_data(ctx, &op->input);
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  const int32_t depth = op->count, zp = -op->input_offset;
  const int32_t rows = ts_elements(&op->input) / depth;
  for (int32_t r = 0; r < rows; ++r) {
    const int8_t* x = in + (size_t)r * depth;
    int8_t* o = out + (size_t)r * depth;
    int32_t acc = 0;
    for (int32_t c = 0; c < depth; ++c) {
      const int32_t v = x[c] - zp;
      acc = ts_add_wrap(acc, v * v);
    }
    int32_t mult;
    int shift;
    ts_get_inv_sqrt_quantized_multiplier_exp(acc, -1, &mult, &shift);
    for (int32_t c = 0; c < depth; ++c)
      o[c] = (int8_t)ts_clamp(ts_multiply_by_quantized_multiplier(x[c] - zp, mult, shift + 7), -128, 127);
  }
}

void ts_l2_norm_f32(const ts_ctx* ctx, const ts_op_mean* op) {
  const float* in = (const float*)ts_tensor_data(ctx, &op->input);
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  const int32_t depth = op->count;
  const int32_t rows = ts_elements(&op->input) / depth;
  for (int32_t r = 0; r < rows; ++r) {
    const float* x = in + (size_t)r * depth;
    float squared = 0.f;
    for (int32_t c = 0; c < depth; ++c) squared += x[c] * x[c];
    float norm = sqrtf(squared);
    norm = norm < 1e-6f ? 1e-6f : norm; /* std::max(norm, 1e-6f), as the host */
    for (int32_t c = 0; c < depth; ++c) out[(size_t)r * depth + c] = x[c] / norm;
  }
}
