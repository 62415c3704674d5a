/* CONV_2D int8 (per-channel weights), TFLite reference arithmetic.
 *
 * DSP path: im2col of two output pixels into int16 (SXTB16 order), then a
 * 2x2 (pixels x output channels) SMLAD micro-kernel over raw int8 weights.
 * The input zero point is handled exactly through the plan's folded bias
 * (bias + input_offset * sum(w)); padded taps are filled with the input zero
 * point so that they contribute zero, as in TFLite. */
#include <string.h>

#include "ts_fixed_point.h"
#include "ts_requant.h"
#include "ts_kernels.h"
#include "ts_requant_fused.h"

static inline int8_t requant(int32_t acc, int32_t mult, int32_t shift, const ts_quant* q) {
  acc = ts_requant(acc, mult, shift) + q->output_offset;
  return (int8_t)ts_clamp(acc, q->act_min, q->act_max);
}

#if TS_USE_DSP
#include "ts_dsp.h"

/* Gathers the K = fh*fw*cin input values of one output pixel (padding =
 * input zero point) into col8 (int8). */
static void gather(const int8_t* in, int in_h, int in_w, int cin, const ts_geometry* g, int oy, int ox,
                   int8_t pad_val, int8_t* col8) {
  const int iy0 = oy * g->stride_h - g->pad_h, ix0 = ox * g->stride_w - g->pad_w;
  const int row_bytes = g->filter_w * cin;
  const int x_inside = ix0 >= 0 && ix0 + (g->filter_w - 1) * g->dilation_w < in_w;
  for (int fy = 0; fy < g->filter_h; ++fy) {
    const int iy = iy0 + fy * g->dilation_h;
    if (iy < 0 || iy >= in_h) {
      for (int k = 0; k < row_bytes; ++k) col8[k] = pad_val;
      col8 += row_bytes;
      continue;
    }
    const int8_t* row = in + (size_t)iy * in_w * cin;
    if (x_inside && g->dilation_w == 1) { /* one contiguous run of fw * cin bytes */
      const int8_t* src = row + (size_t)ix0 * cin;
      for (int k = 0; k < row_bytes; ++k) col8[k] = src[k];
      col8 += row_bytes;
      continue;
    }
    for (int fx = 0; fx < g->filter_w; ++fx) {
      const int ix = ix0 + fx * g->dilation_w;
      if (ix < 0 || ix >= in_w)
        for (int k = 0; k < cin; ++k) col8[k] = pad_val;
      else
        for (int k = 0; k < cin; ++k) col8[k] = row[(size_t)ix * cin + k];
      col8 += cin;
    }
  }
}

/* Two int8 columns -> int16 pairs interleaved per group of 4 values:
 * [a(0,2) a(1,3) b(0,2) b(1,3)], so the micro-kernel reads one group of both
 * pixels with two LDRDs. The tail (K % 4) stays in the int8 columns. */
__attribute__((section(".text.ts_hot_conv_expand")))
static void expand_pair(const int8_t* a, const int8_t* b, int k4, int32_t* col) {
  for (int i = 0; i < k4; ++i) {
    const uint32_t va = ts_read_u32(a + 4 * i), vb = ts_read_u32(b + 4 * i);
    col[0] = ts_sxtb16(va);
    col[1] = ts_sxtb16_ror8(va);
    col[2] = ts_sxtb16(vb);
    col[3] = ts_sxtb16_ror8(vb);
    col += 4;
  }
}

/* 2 pixels x 2 output channels over k4 (>= 1) groups of 4 int8 weights:
 * per group two LDRDs of the interleaved int16 column pairs (not LDM: its
 * register list is loaded in register-number order, whatever GCC assigns), two weight words
 * split by SXTB16, eight SMLADs. Written in assembly because GCC spills an
 * accumulator or a pointer of this 14-register loop to the stack. */
__attribute__((always_inline))
static inline void kernel_2x2(const int8_t* w0, const int8_t* w1, const int32_t* col, int k4, int32_t* acc) {
  int32_t a0 = acc[0], a1 = acc[1], b0 = acc[2], b1 = acc[3];
  const int32_t* end = col + 4 * k4;
  int32_t xa0, xa1, xb0, xb1, u, we;
  if ((k4 & 1) == 0) { /* two groups per iteration: one branch per 32 MACs */
    __asm volatile(
        "1:\n\t"
        "ldrd %[xa0], %[xa1], [%[col]], #8\n\t"
        "ldrd %[xb0], %[xb1], [%[col]], #8\n\t"
        "ldr %[u], [%[w0]], #4\n\t"
        "sxtb16 %[we], %[u]\n\t"
        "sxtb16 %[u], %[u], ror #8\n\t"
        "smlad %[a0], %[we], %[xa0], %[a0]\n\t"
        "smlad %[a0], %[u], %[xa1], %[a0]\n\t"
        "smlad %[b0], %[we], %[xb0], %[b0]\n\t"
        "smlad %[b0], %[u], %[xb1], %[b0]\n\t"
        "ldr %[u], [%[w1]], #4\n\t"
        "sxtb16 %[we], %[u]\n\t"
        "sxtb16 %[u], %[u], ror #8\n\t"
        "smlad %[a1], %[we], %[xa0], %[a1]\n\t"
        "smlad %[a1], %[u], %[xa1], %[a1]\n\t"
        "smlad %[b1], %[we], %[xb0], %[b1]\n\t"
        "smlad %[b1], %[u], %[xb1], %[b1]\n\t"
        "ldrd %[xa0], %[xa1], [%[col]], #8\n\t"
        "ldrd %[xb0], %[xb1], [%[col]], #8\n\t"
        "ldr %[u], [%[w0]], #4\n\t"
        "sxtb16 %[we], %[u]\n\t"
        "sxtb16 %[u], %[u], ror #8\n\t"
        "smlad %[a0], %[we], %[xa0], %[a0]\n\t"
        "smlad %[a0], %[u], %[xa1], %[a0]\n\t"
        "smlad %[b0], %[we], %[xb0], %[b0]\n\t"
        "smlad %[b0], %[u], %[xb1], %[b0]\n\t"
        "ldr %[u], [%[w1]], #4\n\t"
        "sxtb16 %[we], %[u]\n\t"
        "sxtb16 %[u], %[u], ror #8\n\t"
        "smlad %[a1], %[we], %[xa0], %[a1]\n\t"
        "smlad %[a1], %[u], %[xa1], %[a1]\n\t"
        "smlad %[b1], %[we], %[xb0], %[b1]\n\t"
        "smlad %[b1], %[u], %[xb1], %[b1]\n\t"
        "cmp %[col], %[end]\n\t"
        "bne 1b\n\t"
        : [a0] "+r"(a0), [a1] "+r"(a1), [b0] "+r"(b0), [b1] "+r"(b1), [col] "+r"(col), [w0] "+r"(w0),
          [w1] "+r"(w1), [xa0] "=&r"(xa0), [xa1] "=&r"(xa1), [xb0] "=&r"(xb0), [xb1] "=&r"(xb1), [u] "=&r"(u),
          [we] "=&r"(we)
        : [end] "r"(end)
        : "cc", "memory");
  } else {
    __asm volatile(
        "1:\n\t"
        "ldrd %[xa0], %[xa1], [%[col]], #8\n\t"
        "ldrd %[xb0], %[xb1], [%[col]], #8\n\t"
        "ldr %[u], [%[w0]], #4\n\t"
        "sxtb16 %[we], %[u]\n\t"
        "sxtb16 %[u], %[u], ror #8\n\t"
        "smlad %[a0], %[we], %[xa0], %[a0]\n\t"
        "smlad %[a0], %[u], %[xa1], %[a0]\n\t"
        "smlad %[b0], %[we], %[xb0], %[b0]\n\t"
        "smlad %[b0], %[u], %[xb1], %[b0]\n\t"
        "ldr %[u], [%[w1]], #4\n\t"
        "sxtb16 %[we], %[u]\n\t"
        "sxtb16 %[u], %[u], ror #8\n\t"
        "smlad %[a1], %[we], %[xa0], %[a1]\n\t"
        "smlad %[a1], %[u], %[xa1], %[a1]\n\t"
        "smlad %[b1], %[we], %[xb0], %[b1]\n\t"
        "smlad %[b1], %[u], %[xb1], %[b1]\n\t"
        "cmp %[col], %[end]\n\t"
        "bne 1b\n\t"
        : [a0] "+r"(a0), [a1] "+r"(a1), [b0] "+r"(b0), [b1] "+r"(b1), [col] "+r"(col), [w0] "+r"(w0),
          [w1] "+r"(w1), [xa0] "=&r"(xa0), [xa1] "=&r"(xa1), [xb0] "=&r"(xb0), [xb1] "=&r"(xb1), [u] "=&r"(u),
          [we] "=&r"(we)
        : [end] "r"(end)
        : "cc", "memory");
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = b0;
  acc[3] = b1;
}

static inline int8_t rq(int32_t acc, int32_t mult, int32_t shift, int32_t off, int32_t lo, int32_t hi) {
  return (int8_t)ts_clamp(ts_requant(acc, mult, shift) + off, lo, hi);
}

__attribute__((section(".text.ts_hot_conv")))
static void mat_mult_2x2(const int8_t* w, int K, int cout, const int32_t* col, const int8_t* col8_a,
                         const int8_t* col8_b, const int32_t* bias, const int32_t* mult, const int32_t* shift,
                         const ts_quant* q, int8_t* out_a, int8_t* out_b) {
  const int k4 = K >> 2;
  const int ms = q->per_channel ? 1 : 0;
  const int32_t off = q->output_offset, lo = q->act_min, hi = q->act_max;
  for (int oc = 0; oc < cout; oc += 2) {
    const int oc1 = oc + 1 < cout ? oc + 1 : oc; /* odd cout: last channel twice */
    const int8_t* w0 = w + (size_t)oc * K;
    const int8_t* w1 = w + (size_t)oc1 * K;
    int32_t acc[4] = {bias[oc], bias[oc1], bias[oc], bias[oc1]};
    if (k4 > 0) kernel_2x2(w0, w1, col, k4, acc);
    for (int k = k4 * 4; k < K; ++k) {
      const int32_t wv0 = w0[k], wv1 = w1[k];
      acc[0] += wv0 * col8_a[k];
      acc[1] += wv1 * col8_a[k];
      acc[2] += wv0 * col8_b[k];
      acc[3] += wv1 * col8_b[k];
    }
    const int32_t m0 = mult[oc * ms], s0 = shift[oc * ms], m1 = mult[oc1 * ms], s1 = shift[oc1 * ms];
    out_a[oc] = rq(acc[0], m0, s0, off, lo, hi);
    out_a[oc1] = rq(acc[1], m1, s1, off, lo, hi);
    out_b[oc] = rq(acc[2], m0, s0, off, lo, hi);
    out_b[oc1] = rq(acc[3], m1, s1, off, lo, hi);
  }
}

/* 2 pixels x 2 output channels of a pointwise (1x1, stride 1, unpadded)
 * conv over K = 4 * k4 input channels, straight from the int8 input and
 * weights: pixel b's row and channel 1's weights are K bytes after pixel a's
 * and channel 0's, so one register K serves both and the loop needs 14
 * registers (assembly: GCC spills them). Per 4 inputs: two input words and
 * two weight words, eight SXTB16, eight SMLADs. */
__attribute__((always_inline)) static inline void pw_2x2(const int8_t* xa, const int8_t* w0, int K, int k4,
                                                          int32_t* acc) {
  int32_t a00 = acc[0], a01 = acc[1], a10 = acc[2], a11 = acc[3];
  const int8_t* end = xa + 4 * k4;
  int32_t x0, x1, t0, t1, u, v;
  __asm volatile(
      "1:\n\t"
      "ldr %[x1], [%[xa], %[K]]\n\t"
      "ldr %[x0], [%[xa]], #4\n\t"
      "ldr %[u], [%[w], %[K]]\n\t"
      "sxtb16 %[t0], %[x0]\n\t"
      "sxtb16 %[x0], %[x0], ror #8\n\t"
      "sxtb16 %[t1], %[x1]\n\t"
      "sxtb16 %[x1], %[x1], ror #8\n\t"
      "sxtb16 %[v], %[u]\n\t"
      "sxtb16 %[u], %[u], ror #8\n\t"
      "smlad %[a01], %[t0], %[v], %[a01]\n\t"
      "smlad %[a01], %[x0], %[u], %[a01]\n\t"
      "smlad %[a11], %[t1], %[v], %[a11]\n\t"
      "smlad %[a11], %[x1], %[u], %[a11]\n\t"
      "ldr %[u], [%[w]], #4\n\t"
      "sxtb16 %[v], %[u]\n\t"
      "sxtb16 %[u], %[u], ror #8\n\t"
      "smlad %[a00], %[t0], %[v], %[a00]\n\t"
      "smlad %[a00], %[x0], %[u], %[a00]\n\t"
      "smlad %[a10], %[t1], %[v], %[a10]\n\t"
      "smlad %[a10], %[x1], %[u], %[a10]\n\t"
      "cmp %[xa], %[end]\n\t"
      "bne 1b\n\t"
      : [a00] "+r"(a00), [a01] "+r"(a01), [a10] "+r"(a10), [a11] "+r"(a11), [xa] "+r"(xa), [w] "+r"(w0),
        [x0] "=&r"(x0), [x1] "=&r"(x1), [t0] "=&r"(t0), [t1] "=&r"(t1), [u] "=&r"(u), [v] "=&r"(v)
      : [K] "r"(K), [end] "r"(end)
      : "cc", "memory");
  acc[0] = a00;
  acc[1] = a01;
  acc[2] = a10;
  acc[3] = a11;
}

static inline int8_t rq_fused(int32_t acc, const ts_rq* rq, int32_t lo, int32_t hi) {
  return (int8_t)ts_clamp(ts_rq_apply(acc, rq), lo, hi);
}

/* Pointwise conv, output channels in the outer loop: each channel pair's
 * fused requantization constants (ts_requant_fused.h) and biases are made
 * once per layer, its two weight rows (2K bytes) stay in the flash data
 * cache while every pixel pair streams past them, and nothing is expanded
 * or copied per pixel. Needs K % 4 == 0 and the fused form for every channel. */
__attribute__((noinline, section(".text.ts_hot_pw"))) static void pointwise(const ts_op_conv* op, const int8_t* in,
                                                                             const int8_t* w, int8_t* out,
                                                                             const int32_t* bias, const int32_t* mult,
                                                                             const int32_t* shift) {
  const int K = op->input.dims[3], cout = op->output.dims[3];
  const int pixels = op->input.dims[0] * op->output.dims[1] * op->output.dims[2];
  const int ms = op->q.per_channel ? 1 : 0;
  const int32_t lo = op->q.act_min, hi = op->q.act_max;
  for (int oc = 0; oc < cout; oc += 2) {
    const int oc1 = oc + 1 < cout ? oc + 1 : oc; /* odd cout: last channel twice */
    ts_rq r0, r1;
    (void)ts_rq_make(mult[oc * ms], shift[oc * ms], op->q.output_offset, &r0);
    (void)ts_rq_make(mult[oc1 * ms], shift[oc1 * ms], op->q.output_offset, &r1);
    const int32_t b0 = bias[oc], b1 = bias[oc1];
    const int8_t* w0 = w + (size_t)oc * K;
    const int wk = (oc1 - oc) * K; /* channel 1's row: K after channel 0's (0 when it is channel 0 again) */
    for (int p = 0; p < pixels; p += 2) {
      const int pb = p + 1 < pixels ? p + 1 : p; /* odd tail: the last pixel twice */
      const int8_t* xa = in + (size_t)p * K;
      int32_t acc[4] = {b0, b1, b0, b1};
      if (wk == K && pb == p + 1) {
        pw_2x2(xa, w0, K, K >> 2, acc);
      } else { /* a tail pair: the same sums in C */
        const int8_t* xb = in + (size_t)pb * K;
        const int8_t* w1 = w0 + wk;
        for (int k = 0; k < K; ++k) {
          acc[0] += (int32_t)w0[k] * xa[k];
          acc[1] += (int32_t)w1[k] * xa[k];
          acc[2] += (int32_t)w0[k] * xb[k];
          acc[3] += (int32_t)w1[k] * xb[k];
        }
      }
      int8_t* oa = out + (size_t)p * cout;
      int8_t* ob = out + (size_t)pb * cout;
      oa[oc] = rq_fused(acc[0], &r0, lo, hi);
      oa[oc1] = rq_fused(acc[1], &r1, lo, hi);
      ob[oc] = rq_fused(acc[2], &r0, lo, hi);
      ob[oc1] = rq_fused(acc[3], &r1, lo, hi);
    }
  }
}

/* Whether every channel's requantization has the fused form. */
static int all_fused(const ts_op_conv* op, const int32_t* mult, const int32_t* shift) {
  const int n = op->q.per_channel ? op->output.dims[3] : 1;
  for (int i = 0; i < n; ++i) {
    ts_rq rq;
    if (!ts_rq_make(mult[i], shift[i], op->q.output_offset, &rq)) return 0;
  }
  return 1;
}

void ts_conv_dense_s8(const ts_ctx* ctx, const ts_op_conv* op) {
  const int8_t* in = (const int8_t*)ts_tensor_data(ctx, &op->input);
  const int8_t* w = (const int8_t*)ts_tensor_data(ctx, &op->filter);
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  const int32_t* bias = (const int32_t*)ts_plan_data(ctx, op->folded_bias_offset);
  const int32_t* mult = (const int32_t*)ts_plan_data(ctx, op->q.multiplier_offset);
  const int32_t* shift = (const int32_t*)ts_plan_data(ctx, op->q.shift_offset);
  const ts_geometry* g = &op->g;
  const int batches = op->input.dims[0], in_h = op->input.dims[1], in_w = op->input.dims[2];
  const int cin = op->input.dims[3];
  const int out_h = op->output.dims[1], out_w = op->output.dims[2], cout = op->output.dims[3];
  const int K = g->filter_h * g->filter_w * cin;
  const int8_t pad_val = (int8_t)(-op->q.input_offset);
  /* scratch: two int8 columns (K rounded up to 4) + the interleaved int16 pairs */
  const int k_pad = (K + 3) & ~3;
  int8_t* col8_a = (int8_t*)(ctx->arena + op->scratch_offset);
  int8_t* col8_b = col8_a + k_pad;
  int32_t* col = (int32_t*)(col8_b + k_pad);
  const int pixels = out_h * out_w;
  const int direct = g->filter_h == 1 && g->filter_w == 1 && g->stride_h == 1 && g->stride_w == 1 &&
                     g->pad_h == 0 && g->pad_w == 0;
  if (direct && (cin & 3) == 0 && all_fused(op, mult, shift)) {
    pointwise(op, in, w, out, bias, mult, shift);
    return;
  }
  for (int b = 0; b < batches; ++b) {
    const int8_t* in_b = in + (size_t)b * in_h * in_w * cin;
    int8_t* out_b = out + (size_t)b * pixels * cout;
    for (int p = 0; p < pixels; p += 2) {
      const int pb = p + 1 < pixels ? p + 1 : p; /* odd tail: the last pixel twice */
      const int8_t* sa;
      const int8_t* sb;
      if (direct) {
        sa = in_b + (size_t)p * cin;
        sb = in_b + (size_t)pb * cin;
      } else {
        gather(in_b, in_h, in_w, cin, g, p / out_w, p % out_w, pad_val, col8_a);
        gather(in_b, in_h, in_w, cin, g, pb / out_w, pb % out_w, pad_val, col8_b);
        sa = col8_a;
        sb = col8_b;
      }
      expand_pair(sa, sb, K >> 2, col);
      mat_mult_2x2(w, K, cout, col, sa, sb, bias, mult, shift, &op->q, out_b + (size_t)p * cout,
                   out_b + (size_t)pb * cout);
    }
  }
}

#else /* portable: the TFLite reference loop */

void ts_conv_dense_s8(const ts_ctx* ctx, const ts_op_conv* op) {
  const int8_t* in = (const int8_t*)ts_tensor_data(ctx, &op->input);
  const int8_t* w = (const int8_t*)ts_tensor_data(ctx, &op->filter);
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  const int32_t* bias = (const int32_t*)ts_plan_data(ctx, op->bias_offset);
  const int32_t* mult = (const int32_t*)ts_plan_data(ctx, op->q.multiplier_offset);
  const int32_t* shift = (const int32_t*)ts_plan_data(ctx, op->q.shift_offset);
  const ts_geometry* g = &op->g;
  const int batches = op->input.dims[0], in_h = op->input.dims[1], in_w = op->input.dims[2];
  const int cin = op->input.dims[3];
  const int out_h = op->output.dims[1], out_w = op->output.dims[2], cout = op->output.dims[3];
  const int32_t in_off = op->q.input_offset;
  for (int b = 0; b < batches; ++b)
    for (int oy = 0; oy < out_h; ++oy)
      for (int ox = 0; ox < out_w; ++ox) {
        const int iy0 = oy * g->stride_h - g->pad_h, ix0 = ox * g->stride_w - g->pad_w;
        for (int oc = 0; oc < cout; ++oc) {
          int32_t acc = 0;
          for (int fy = 0; fy < g->filter_h; ++fy) {
            const int iy = iy0 + fy * g->dilation_h;
            if (iy < 0 || iy >= in_h) continue;
            for (int fx = 0; fx < g->filter_w; ++fx) {
              const int ix = ix0 + fx * g->dilation_w;
              if (ix < 0 || ix >= in_w) continue;
              const int8_t* ip = in + (((size_t)b * in_h + iy) * in_w + ix) * cin;
              const int8_t* wp = w + (((size_t)oc * g->filter_h + fy) * g->filter_w + fx) * cin;
              for (int ic = 0; ic < cin; ++ic) acc += (int32_t)wp[ic] * ((int32_t)ip[ic] + in_off);
            }
          }
          if (bias) acc += bias[oc];
          const int ch = op->q.per_channel ? oc : 0;
          out[(((size_t)b * out_h + oy) * out_w + ox) * cout + oc] = requant(acc, mult[ch], shift[ch], &op->q);
        }
      }
}

#endif

/* Scratch of the DSP path (the portable path uses none; the plan is the
 * same for every image): the im2col columns of the two output pixels done
 * together, K int8 each, rounded up to a word so the next one starts aligned
 * (unused by a 1x1 stride-1 conv, which reads the input in place), then both
 * pixels' K/4 groups of 4 values as int16 pairs for SMLAD (two words per
 * pixel per group; the K % 4 tail is read from the int8 columns). */
uint32_t ts_conv_s8_get_buffer_size(int32_t K) {
  const uint32_t k_pad = ((uint32_t)K + 3u) & ~3u;
  return 2u * k_pad + 2u * (uint32_t)(K / 4) * 8u;
}
