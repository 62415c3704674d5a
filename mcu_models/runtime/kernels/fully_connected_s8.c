/* FULLY_CONNECTED int8, TFLite reference arithmetic (weights symmetric,
 * per-tensor or per-channel requantization).
 *
 * DSP path: the input row is expanded once to int16 pairs (SXTB16 order),
 * then two output units at a time are accumulated with SMLAD over raw int8
 * weights; the input zero point goes through the folded bias. */
#include <string.h>

#include "ts_fixed_point.h"
#include "ts_requant.h"
#include "ts_kernels.h"

static inline int8_t requant(int32_t acc, int32_t mult, int32_t shift, const ts_quant* q) {
  acc = ts_requant(acc, mult, shift) + q->output_offset;
  return (int8_t)ts_clamp(acc, q->act_min, q->act_max);
}

#if TS_USE_DSP
__attribute__((section(".text.ts_hot_fc")))
static void dsp(const ts_ctx* ctx, const ts_op_fc* op) {
  const int8_t* in = (const int8_t*)ts_tensor_data(ctx, &op->input);
  const int8_t* w = (const int8_t*)ts_tensor_data(ctx, &op->filter);
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  const int32_t* bias = (const int32_t*)ts_plan_data(ctx, op->folded_bias_offset);
  const int32_t* mult = (const int32_t*)ts_plan_data(ctx, op->q.multiplier_offset);
  const int32_t* shift = (const int32_t*)ts_plan_data(ctx, op->q.shift_offset);
  const int D = op->depth, U = op->units;
  const int k4 = D >> 2;
  int32_t* col = (int32_t*)(ctx->arena + op->scratch_offset);
  const int pc = op->q.per_channel;
  for (int b = 0; b < op->batches; ++b) {
    const int8_t* x = in + (size_t)b * D;
    int8_t* o = out + (size_t)b * U;
    for (int i = 0; i < k4; ++i) {
      uint32_t v;
      memcpy(&v, x + 4 * i, 4);
      col[2 * i] = (int32_t)__sxtb16(v);
      col[2 * i + 1] = (int32_t)__sxtb16((v >> 8) | (v << 24));
    }
    int u = 0;
    const int32_t* end = col + 2 * k4;
    for (; u + 1 < U; u += 2) {
      const int8_t* w0 = w + (size_t)u * D;
      const int8_t* w1 = w0 + D;
      int32_t a0 = bias[u], a1 = bias[u + 1];
      if (k4 > 0 && (k4 & 1) == 0) {
        /* the same loop twice per iteration: the branch costs once per 16 MACs */
        const int32_t* p = col;
        int32_t x0, x1, t, we;
        __asm volatile(
            "1:\n\t"
            "ldrd %[x0], %[x1], [%[p]], #8\n\t"
            "ldr %[t], [%[w0]], #4\n\t"
            "sxtb16 %[we], %[t]\n\t"
            "sxtb16 %[t], %[t], ror #8\n\t"
            "smlad %[a0], %[we], %[x0], %[a0]\n\t"
            "smlad %[a0], %[t], %[x1], %[a0]\n\t"
            "ldr %[t], [%[w1]], #4\n\t"
            "sxtb16 %[we], %[t]\n\t"
            "sxtb16 %[t], %[t], ror #8\n\t"
            "smlad %[a1], %[we], %[x0], %[a1]\n\t"
            "smlad %[a1], %[t], %[x1], %[a1]\n\t"
            "ldrd %[x0], %[x1], [%[p]], #8\n\t"
            "ldr %[t], [%[w0]], #4\n\t"
            "sxtb16 %[we], %[t]\n\t"
            "sxtb16 %[t], %[t], ror #8\n\t"
            "smlad %[a0], %[we], %[x0], %[a0]\n\t"
            "smlad %[a0], %[t], %[x1], %[a0]\n\t"
            "ldr %[t], [%[w1]], #4\n\t"
            "sxtb16 %[we], %[t]\n\t"
            "sxtb16 %[t], %[t], ror #8\n\t"
            "smlad %[a1], %[we], %[x0], %[a1]\n\t"
            "smlad %[a1], %[t], %[x1], %[a1]\n\t"
            "cmp %[p], %[end]\n\t"
            "bne 1b\n\t"
            : [a0] "+r"(a0), [a1] "+r"(a1), [p] "+r"(p), [w0] "+r"(w0), [w1] "+r"(w1), [x0] "=&r"(x0),
              [x1] "=&r"(x1), [t] "=&r"(t), [we] "=&r"(we)
            : [end] "r"(end)
            : "cc", "memory");
      } else if (k4 > 0) {
        const int32_t* p = col;
        int32_t x0, x1, t, we;
        /* two units over k4 groups of 4: the input pair words once, each
         * weight word split by SXTB16 (assembly: GCC spills this loop) */
        __asm volatile(
            "1:\n\t"
            "ldrd %[x0], %[x1], [%[p]], #8\n\t"
            "ldr %[t], [%[w0]], #4\n\t"
            "sxtb16 %[we], %[t]\n\t"
            "sxtb16 %[t], %[t], ror #8\n\t"
            "smlad %[a0], %[we], %[x0], %[a0]\n\t"
            "smlad %[a0], %[t], %[x1], %[a0]\n\t"
            "ldr %[t], [%[w1]], #4\n\t"
            "sxtb16 %[we], %[t]\n\t"
            "sxtb16 %[t], %[t], ror #8\n\t"
            "smlad %[a1], %[we], %[x0], %[a1]\n\t"
            "smlad %[a1], %[t], %[x1], %[a1]\n\t"
            "cmp %[p], %[end]\n\t"
            "bne 1b\n\t"
            : [a0] "+r"(a0), [a1] "+r"(a1), [p] "+r"(p), [w0] "+r"(w0), [w1] "+r"(w1), [x0] "=&r"(x0),
              [x1] "=&r"(x1), [t] "=&r"(t), [we] "=&r"(we)
            : [end] "r"(end)
            : "cc", "memory");
      }
      for (int k = k4 * 4; k < D; ++k) {
        a0 += (int32_t)*w0++ * x[k];
        a1 += (int32_t)*w1++ * x[k];
      }
      o[u] = requant(a0, mult[pc ? u : 0], shift[pc ? u : 0], &op->q);
      o[u + 1] = requant(a1, mult[pc ? u + 1 : 0], shift[pc ? u + 1 : 0], &op->q);
    }
    for (; u < U; ++u) {
      const int8_t* w0 = w + (size_t)u * D;
      int32_t a0 = bias[u];
      for (int i = 0; i < k4; ++i) {
        uint32_t u0;
        memcpy(&u0, w0, 4);
        w0 += 4;
        a0 = __smlad((int32_t)__sxtb16(u0), col[2 * i], a0);
        a0 = __smlad((int32_t)__sxtb16((u0 >> 8) | (u0 << 24)), col[2 * i + 1], a0);
      }
      for (int k = k4 * 4; k < D; ++k) a0 += (int32_t)*w0++ * x[k];
      o[u] = requant(a0, mult[pc ? u : 0], shift[pc ? u : 0], &op->q);
    }
  }
}

#endif

static void reference(const ts_ctx* ctx, const ts_op_fc* op) {
  const int8_t* in = (const int8_t*)ts_tensor_data(ctx, &op->input);
  const int8_t* w = (const int8_t*)ts_tensor_data(ctx, &op->filter);
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  const int32_t* bias = (const int32_t*)ts_plan_data(ctx, op->bias_offset);
  const int32_t* mult = (const int32_t*)ts_plan_data(ctx, op->q.multiplier_offset);
  const int32_t* shift = (const int32_t*)ts_plan_data(ctx, op->q.shift_offset);
  const int D = op->depth, U = op->units;
  const int32_t in_off = op->q.input_offset;
  for (int b = 0; b < op->batches; ++b)
    for (int u = 0; u < U; ++u) {
      int32_t acc = 0;
      const int8_t* wr = w + (size_t)u * D;
      const int8_t* x = in + (size_t)b * D;
      for (int k = 0; k < D; ++k) acc += ((int32_t)wr[k] + op->filter_offset) * ((int32_t)x[k] + in_off);
      if (bias) acc += bias[u];
      const int ch = op->q.per_channel ? u : 0;
      out[(size_t)b * U + u] = requant(acc, mult[ch], shift[ch], &op->q);
    }
}

/* The DSP path needs the folded bias, which the host makes for symmetric
 * weights only. */
void ts_fully_connected_dense_s8(const ts_ctx* ctx, const ts_op_fc* op) {
#if TS_USE_DSP
  if (op->folded_bias_offset != TS_NO_DATA) {
    dsp(ctx, op);
    return;
  }
#endif
  reference(ctx, op);
}

/* Scratch of the DSP path, i.e. of dense symmetric weights (a filter zero
 * point or sparse weights use none; nor does the portable image): one input
 * row expanded to int16 pairs, depth/4 groups x 2 words (SXTB16 of bytes
 * 0,2 and 1,3); the depth % 4 tail is read from the int8 input. */
uint32_t ts_fully_connected_s8_get_buffer_size(int32_t depth) { return (uint32_t)(depth / 4) * 8u; }
