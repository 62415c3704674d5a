/* RSQRT int16 (zero points 0): TFLM's RsqrtEvalQuantized<int16_t> per
 * element, core/common/inv_sqrt.h's ts_rsqrt_quantized, the host's own
 * arithmetic (core/ops/math_unary.cpp); multiplier / shift are the host's
 * QuantizeMultiplier of 1 / (sqrt(input scale) * output scale). */
#include "core/common/inv_sqrt.h"
#include "ts_kernels.h"

void ts_rsqrt_s16(const ts_ctx* ctx, const ts_op_quant* op) {
  const int16_t* in = (const int16_t*)ts_tensor_data(ctx, &op->input);
  int16_t* out = (int16_t*)ts_tensor_data(ctx, &op->output);
  for (int32_t k = 0; k < op->count; ++k)
    out[k] = (int16_t)ts_rsqrt_quantized(in[k], op->multiplier, op->shift, 0, -32768, 32767);
}
