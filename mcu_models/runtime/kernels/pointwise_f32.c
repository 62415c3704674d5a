/* LEAKY_RELU, HARD_SWISH, RELU_N1_TO_1, RELU_0_TO_1, ABS, NEG, EXP, LOG,
 * SQRT, RSQRT and ELU in float32, the formulas of TFLite's reference kernels
 * (the record's variant picks one; core/ops/pointwise.cpp and math_unary.cpp
 * are the host side). One loop per formula, so the
 * switch is taken once per op, not once per element. */
#include <math.h>

#include "ts_kernels.h"

void ts_pointwise_f32(const ts_ctx* ctx, const ts_op_pointwise* op) {
  const float* in = (const float*)ts_tensor_data(ctx, &op->input);
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  const int32_t n = op->count;
  const float a = op->a, b = op->b;
  switch (op->c.variant) {
    case TS_POINTWISE_LEAKY_RELU:
      for (int32_t i = 0; i < n; ++i) out[i] = in[i] > 0.f ? in[i] : in[i] * a;
      break;
    case TS_POINTWISE_HARD_SWISH:
      for (int32_t i = 0; i < n; ++i) {
        const float x = in[i];
        const float r = x + 3.f;
        const float lo = 0.f < r ? r : 0.f; /* std::max / std::min order, as the host */
        out[i] = x * (lo < 6.f ? lo : 6.f) / 6.f;
      }
      break;
    case TS_POINTWISE_CLAMP:
      for (int32_t i = 0; i < n; ++i) out[i] = in[i] < a ? a : (in[i] > b ? b : in[i]);
      break;
    case TS_POINTWISE_ABS:
      for (int32_t i = 0; i < n; ++i) out[i] = fabsf(in[i]);
      break;
    case TS_POINTWISE_EXP:
      for (int32_t i = 0; i < n; ++i) out[i] = expf(in[i]);
      break;
    case TS_POINTWISE_LOG:
      for (int32_t i = 0; i < n; ++i) out[i] = logf(in[i]);
      break;
    case TS_POINTWISE_SQRT:
      for (int32_t i = 0; i < n; ++i) out[i] = sqrtf(in[i]);
      break;
    case TS_POINTWISE_RSQRT:
      for (int32_t i = 0; i < n; ++i) out[i] = 1.f / sqrtf(in[i]);
      break;
    case TS_POINTWISE_ELU:
      for (int32_t i = 0; i < n; ++i) out[i] = in[i] < 0.f ? expm1f(in[i]) : in[i];
      break;
    default: /* TS_POINTWISE_NEG */
      for (int32_t i = 0; i < n; ++i) out[i] = -in[i];
  }
}
