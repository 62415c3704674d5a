/* FULLY_CONNECTED int16x8 (int16 activations, int8 weights, int64 bias):
 * TFLite reference_integer_ops::FullyConnected<int64_t>, an int64
 * accumulator per output and the 64-bit MultiplyByQuantizedMultiplier
 * (reduced 16-bit multiplier), per-tensor or per-channel.
 *
 * DSP path (weights without zero point): four MACs per step, SMLALD on
 * SXTB16-widened weight pairs (0,2) and (1,3) against the matching input
 * halfword pairs; SMLALD accumulates in 64 bits, so the sum is TFLite's
 * exactly, whatever the depth. */
#include "ts_dsp.h"
#include "ts_fixed_point.h"
#include "ts_kernels.h"

static int64_t dot_portable(const int16_t* x, const int8_t* w, int n, int32_t filter_offset, int64_t acc) {
  for (int d = 0; d < n; ++d) acc += (int64_t)(((int32_t)w[d] + filter_offset) * (int32_t)x[d]);
  return acc;
}

#if TS_USE_DSP
static int64_t dot_dsp(const int16_t* x, const int8_t* w, int n) {
  int64_t acc = 0;
  int d = 0;
  for (; d + 4 <= n; d += 4) {
    const uint32_t wv = ts_read_u32(w + d);
    const uint32_t x01 = ts_read_u32(x + d), x23 = ts_read_u32(x + d + 2);
    const uint32_t x02 = (x01 & 0xFFFFu) | (x23 << 16);         /* PKHBT */
    const uint32_t x13 = (x01 >> 16) | (x23 & 0xFFFF0000u);     /* PKHTB */
    acc = __smlald(ts_sxtb16(wv), (int32_t)x02, acc);
    acc = __smlald(ts_sxtb16_ror8(wv), (int32_t)x13, acc);
  }
  return dot_portable(x + d, w + d, n - d, 0, acc);
}
#endif

void ts_fully_connected_s16(const ts_ctx* ctx, const ts_op_fc* op) {
  const int16_t* in = (const int16_t*)ts_tensor_data(ctx, &op->input);
  const int8_t* w = (const int8_t*)ts_tensor_data(ctx, &op->filter);
  int16_t* out = (int16_t*)ts_tensor_data(ctx, &op->output);
  const int64_t* bias = (const int64_t*)ts_plan_data(ctx, op->bias_offset);
  const int32_t* mult = (const int32_t*)ts_plan_data(ctx, op->q.multiplier_offset);
  const int32_t* shift = (const int32_t*)ts_plan_data(ctx, op->q.shift_offset);
  const int D = op->depth, U = op->units, ms = op->q.per_channel ? 1 : 0;
  for (int b = 0; b < op->batches; ++b) {
    const int16_t* x = in + (size_t)b * D;
    int16_t* o = out + (size_t)b * U;
    for (int u = 0; u < U; ++u) {
      const int8_t* wr = w + (size_t)u * D;
#if TS_USE_DSP
      int64_t acc = op->filter_offset == 0 ? dot_dsp(x, wr, D) : dot_portable(x, wr, D, op->filter_offset, 0);
#else
      int64_t acc = dot_portable(x, wr, D, op->filter_offset, 0);
#endif
      if (bias) acc += bias[u];
      const int32_t scaled = ts_multiply_by_quantized_multiplier_64(acc, mult[u * ms], shift[u * ms]);
      o[u] = (int16_t)ts_clamp(scaled, op->q.act_min, op->q.act_max);
    }
  }
}
