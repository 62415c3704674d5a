/* SVDF, TFLite Micro reference arithmetic (EvalFloatSvdfReference,
 * EvalIntegerSvdfReference<int16_t / int8_t>; see core/ops/svdf.cpp):
 * shift the state left by one, feature matmul into each filter's last
 * memory slot (requantized to the state, plus its zero point, clamped), time
 * matmul per filter, rank filters summed per unit, requantized to int8.
 *
 * The zero points come folded into the plan's per-row constants, so the
 * integer dot products multiply raw values: int32 sums wrap the same in any
 * order, the result is the reference's. DSP path: SMLAD on packed pairs
 * (SXTB16 for int8 weights and values; int16 state and time weights are
 * already pairs), two feature rows per input word. */
#include <string.h>

#include "ts_dsp.h"
#include "ts_fixed_point.h"
#include "ts_kernels.h"
#include "ts_requant.h"

/* The state moves left by one element (memmove(state, state + e, ...)),
 * a word at a time: newlib-nano's memmove copies bytes. The reads run ahead
 * of the writes, so the forward copy is safe; the state is word aligned
 * (arena tensors are 16-byte aligned), its source words are not, which the
 * M4's LDR allows. */
static void shift_state(uint8_t* state, int32_t elements, uint32_t elem_bytes) {
  if (elements <= 1) return;
  const uint32_t bytes = (uint32_t)(elements - 1) * elem_bytes;
  uint32_t k = 0;
  for (; k + 4 <= bytes; k += 4) {
    const uint32_t v = ts_read_u32(state + k + elem_bytes);
    memcpy(state + k, &v, 4);
  }
  for (; k < bytes; ++k) state[k] = state[k + elem_bytes];
}

/* sum over n of w[k] * x[k], int8 x int8 */
static inline int32_t dot_s8(const int8_t* w, const int8_t* x, int32_t n, int32_t acc) {
  int32_t k = 0;
#if TS_USE_DSP
  for (; k + 4 <= n; k += 4) {
    const uint32_t wv = ts_read_u32(w + k), xv = ts_read_u32(x + k);
    acc = ts_smlad(ts_sxtb16(wv), ts_sxtb16(xv), acc);
    acc = ts_smlad(ts_sxtb16_ror8(wv), ts_sxtb16_ror8(xv), acc);
  }
#endif
  for (; k < n; ++k) acc += (int32_t)w[k] * x[k];
  return acc;
}

/* two rows w0, w1 against one x: the input words are split once */
static inline void dot2_s8(const int8_t* w0, const int8_t* w1, const int8_t* x, int32_t n, int32_t* a0, int32_t* a1) {
  int32_t k = 0, s0 = *a0, s1 = *a1;
#if TS_USE_DSP
  for (; k + 4 <= n; k += 4) {
    const uint32_t xv = ts_read_u32(x + k);
    const int32_t xe = ts_sxtb16(xv), xo = ts_sxtb16_ror8(xv);
    const uint32_t u0 = ts_read_u32(w0 + k), u1 = ts_read_u32(w1 + k);
    s0 = ts_smlad(ts_sxtb16(u0), xe, s0);
    s0 = ts_smlad(ts_sxtb16_ror8(u0), xo, s0);
    s1 = ts_smlad(ts_sxtb16(u1), xe, s1);
    s1 = ts_smlad(ts_sxtb16_ror8(u1), xo, s1);
  }
#endif
  for (; k < n; ++k) {
    s0 += (int32_t)w0[k] * x[k];
    s1 += (int32_t)w1[k] * x[k];
  }
  *a0 = s0;
  *a1 = s1;
}

/* sum over n of w[k] * x[k], int16 x int16 */
static inline int32_t dot_s16(const int16_t* w, const int16_t* x, int32_t n, int32_t acc) {
  int32_t k = 0;
#if TS_USE_DSP
  for (; k + 2 <= n; k += 2) acc = ts_smlad((int32_t)ts_read_u32(w + k), (int32_t)ts_read_u32(x + k), acc);
#endif
  for (; k < n; ++k) acc += (int32_t)w[k] * x[k];
  return acc;
}

/* The integer SVDF for one state element size eb (1 or 2; constant at each
 * call site, so the element accesses compile without branches). The record's
 * fields are read into locals once: the state and output stores could alias
 * it for the compiler. */
static inline __attribute__((always_inline)) void svdf_integer(const ts_ctx* ctx, const ts_op_svdf* op,
                                                               const uint32_t eb) {
  uint8_t* state = (uint8_t*)ts_tensor_data(ctx, &op->state);
  const int8_t* in = (const int8_t*)ts_tensor_data(ctx, &op->input);
  const int8_t* wf = (const int8_t*)ts_tensor_data(ctx, &op->weights_feature);
  const uint8_t* wt = (const uint8_t*)ts_tensor_data(ctx, &op->weights_time);
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  const int32_t* feature_bias = (const int32_t*)ts_plan_data(ctx, op->feature_bias_offset);
  const int32_t* unit_bias = (const int32_t*)ts_plan_data(ctx, op->bias_offset);
  const int32_t B = op->batches, I = op->input_size, F = op->filters, M = op->memory, U = op->units, R = op->rank;
  const int32_t m1 = op->scale1_multiplier, s1 = op->scale1_shift, m2 = op->scale2_multiplier, s2 = op->scale2_shift;
  const int32_t state_zp = op->state_zero_point, out_zp = op->output_zero_point;
  const int32_t lo = eb == 2 ? -32768 : -128, hi = eb == 2 ? 32767 : 127;
  const size_t row_bytes = (size_t)M * eb;
  shift_state(state, B * F * M, eb);
  for (int32_t b = 0; b < B; ++b) {
    const int8_t* x = in + (size_t)b * I;
    uint8_t* s = state + (size_t)b * F * row_bytes;
    uint8_t* last = s + (size_t)(M - 1) * eb;
    /* feature matmul: each filter's newest value, two filters per input word */
    int32_t f = 0;
    for (; f + 1 < F; f += 2) {
      int32_t a0 = feature_bias[f], a1 = feature_bias[f + 1];
      dot2_s8(wf + (size_t)f * I, wf + (size_t)(f + 1) * I, x, I, &a0, &a1);
      a0 = ts_clamp(ts_requant(a0, m1, s1) + state_zp, lo, hi);
      a1 = ts_clamp(ts_requant(a1, m1, s1) + state_zp, lo, hi);
      if (eb == 2) {
        *(int16_t*)(last + (size_t)f * row_bytes) = (int16_t)a0;
        *(int16_t*)(last + (size_t)(f + 1) * row_bytes) = (int16_t)a1;
      } else {
        *(int8_t*)(last + (size_t)f * row_bytes) = (int8_t)a0;
        *(int8_t*)(last + (size_t)(f + 1) * row_bytes) = (int8_t)a1;
      }
    }
    for (; f < F; ++f) {
      const int32_t v = ts_clamp(ts_requant(dot_s8(wf + (size_t)f * I, x, I, feature_bias[f]), m1, s1) + state_zp, lo, hi);
      if (eb == 2) *(int16_t*)(last + (size_t)f * row_bytes) = (int16_t)v;
      else *(int8_t*)(last + (size_t)f * row_bytes) = (int8_t)v;
    }
    /* time matmul, rank filters per unit (their rows are consecutive) */
    const uint8_t* w_row = wt;
    const uint8_t* s_row = s;
    for (int32_t u = 0; u < U; ++u) {
      int32_t acc = unit_bias[u];
      for (int32_t r = 0; r < R; ++r, w_row += row_bytes, s_row += row_bytes)
        acc = eb == 2 ? dot_s16((const int16_t*)w_row, (const int16_t*)s_row, M, acc)
                      : dot_s8((const int8_t*)w_row, (const int8_t*)s_row, M, acc);
      out[(size_t)b * U + u] = (int8_t)ts_clamp(ts_requant(acc, m2, s2) + out_zp, -128, 127);
    }
  }
}

static float dot_f32(const float* w, const float* x, int32_t n) {
  float acc = 0.f;
  for (int32_t k = 0; k < n; ++k) acc += w[k] * x[k];
  return acc;
}

static void svdf_f32(const ts_ctx* ctx, const ts_op_svdf* op) {
  float* state = (float*)ts_tensor_data(ctx, &op->state);
  const float* wf = (const float*)ts_tensor_data(ctx, &op->weights_feature);
  const float* wt = (const float*)ts_tensor_data(ctx, &op->weights_time);
  const float* bias = (const float*)ts_plan_data(ctx, op->bias_offset);
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  const int32_t I = op->input_size, F = op->filters, M = op->memory, U = op->units, R = op->rank;
  shift_state((uint8_t*)state, op->batches * F * M, 4u);
  for (int32_t b = 0; b < op->batches; ++b) {
    const float* x = (const float*)ts_tensor_data(ctx, &op->input) + (size_t)b * I;
    float* s = state + (size_t)b * F * M;
    for (int32_t f = 0; f < F; ++f) s[(size_t)f * M + (size_t)(M - 1)] = dot_f32(wf + (size_t)f * I, x, I);
    for (int32_t u = 0; u < U; ++u) {
      float acc = bias ? bias[u] : 0.f;
      for (int32_t r = 0; r < R; ++r) acc += dot_f32(wt + (size_t)(u * R + r) * M, s + (size_t)(u * R + r) * M, M);
      acc = acc < op->f_act_min ? op->f_act_min : acc;
      out[(size_t)b * U + u] = acc > op->f_act_max ? op->f_act_max : acc;
    }
  }
}

void ts_svdf(const ts_ctx* ctx, const ts_op_svdf* op) {
  if (op->state.dtype == TS_F32) svdf_f32(ctx, op);
  else if (op->state.dtype == TS_S16) svdf_integer(ctx, op, 2);
  else svdf_integer(ctx, op, 1);
}
