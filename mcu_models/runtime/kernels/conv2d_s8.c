/* CONV_2D int8 (per-channel weights), TFLite reference arithmetic.
 *
 * DSP path: im2col of two output pixels into int16 (SXTB16 order), then a
 * 2x2 (pixels x output channels) SMLAD micro-kernel over raw int8 weights.
 * The input zero point is handled exactly through the plan's folded bias
 * (bias + input_offset * sum(w)); padded taps are filled with the input zero
 * point so that they contribute zero, as in TFLite. */
#include <string.h>

#include "ts_fixed_point.h"
#include "ts_kernels.h"

static inline int8_t requant(int32_t acc, int32_t mult, int32_t shift, const ts_quant* q) {
  acc = ts_mbqm(acc, mult, shift) + q->output_offset;
  return (int8_t)ts_clamp(acc, q->act_min, q->act_max);
}

#if TS_USE_DSP
/* Packs 4 int8 into two words of int16 pairs in SXTB16 order: (b0,b2),(b1,b3). */
static inline void expand4(uint32_t v, int32_t* dst) {
  dst[0] = (int32_t)__sxtb16(v);
  dst[1] = (int32_t)__sxtb16((v >> 8) | (v << 24));
}

/* Gathers the K = fh*fw*cin input values of one output pixel (padding =
 * input zero point) into col8 (int8). */
static void gather(const int8_t* in, int in_h, int in_w, int cin, const ts_geometry* g, int oy, int ox,
                   int8_t pad_val, int8_t* col8) {
  const int iy0 = oy * g->stride_h - g->pad_h, ix0 = ox * g->stride_w - g->pad_w;
  for (int fy = 0; fy < g->filter_h; ++fy) {
    const int iy = iy0 + fy * g->dilation_h;
    for (int fx = 0; fx < g->filter_w; ++fx) {
      const int ix = ix0 + fx * g->dilation_w;
      if (iy < 0 || iy >= in_h || ix < 0 || ix >= in_w)
        memset(col8, pad_val, (size_t)cin);
      else
        memcpy(col8, in + ((size_t)iy * in_w + ix) * cin, (size_t)cin);
      col8 += cin;
    }
  }
}

/* int8 column -> int16 pairs; K4 = K/4 groups, the tail (K%4) stays int8 */
static void expand_col(const int8_t* col8, int K, int32_t* col16) {
  const int k4 = K >> 2;
  for (int i = 0; i < k4; ++i) {
    uint32_t v;
    memcpy(&v, col8 + 4 * i, 4);
    expand4(v, col16 + 2 * i);
  }
}

__attribute__((section(".text.ts_hot_conv")))
static void mat_mult_2x2(const int8_t* w, int K, int cout, const int32_t* col_a, const int8_t* col8_a,
                         const int32_t* col_b, const int8_t* col8_b, const int32_t* bias, const int32_t* mult,
                         const int32_t* shift, const ts_quant* q, int8_t* out_a, int8_t* out_b) {
  const int k4 = K >> 2;
  int oc = 0;
  for (; oc + 1 < cout; oc += 2) {
    const int8_t* w0 = w + (size_t)oc * K;
    const int8_t* w1 = w0 + K;
    int32_t a0 = bias[oc], a1 = bias[oc + 1];
    int32_t b0 = a0, b1 = a1;
    const int32_t* pa = col_a;
    const int32_t* pb = col_b;
    for (int i = 0; i < k4; ++i) {
      uint32_t u0, u1;
      memcpy(&u0, w0, 4);
      memcpy(&u1, w1, 4);
      w0 += 4;
      w1 += 4;
      const int32_t w0e = (int32_t)__sxtb16(u0), w0o = (int32_t)__sxtb16((u0 >> 8) | (u0 << 24));
      const int32_t w1e = (int32_t)__sxtb16(u1), w1o = (int32_t)__sxtb16((u1 >> 8) | (u1 << 24));
      const int32_t xa0 = pa[0], xa1 = pa[1], xb0 = pb[0], xb1 = pb[1];
      pa += 2;
      pb += 2;
      a0 = __smlad(w0e, xa0, a0);
      a0 = __smlad(w0o, xa1, a0);
      a1 = __smlad(w1e, xa0, a1);
      a1 = __smlad(w1o, xa1, a1);
      b0 = __smlad(w0e, xb0, b0);
      b0 = __smlad(w0o, xb1, b0);
      b1 = __smlad(w1e, xb0, b1);
      b1 = __smlad(w1o, xb1, b1);
    }
    for (int k = k4 * 4; k < K; ++k) {
      const int32_t wv0 = *w0++, wv1 = *w1++;
      a0 += wv0 * col8_a[k];
      a1 += wv1 * col8_a[k];
      b0 += wv0 * col8_b[k];
      b1 += wv1 * col8_b[k];
    }
    const int pc = q->per_channel;
    out_a[oc] = requant(a0, mult[pc ? oc : 0], shift[pc ? oc : 0], q);
    out_a[oc + 1] = requant(a1, mult[pc ? oc + 1 : 0], shift[pc ? oc + 1 : 0], q);
    out_b[oc] = requant(b0, mult[pc ? oc : 0], shift[pc ? oc : 0], q);
    out_b[oc + 1] = requant(b1, mult[pc ? oc + 1 : 0], shift[pc ? oc + 1 : 0], q);
  }
  for (; oc < cout; ++oc) {
    const int8_t* w0 = w + (size_t)oc * K;
    int32_t a0 = bias[oc], b0 = bias[oc];
    for (int i = 0; i < k4; ++i) {
      uint32_t u0;
      memcpy(&u0, w0, 4);
      w0 += 4;
      const int32_t w0e = (int32_t)__sxtb16(u0), w0o = (int32_t)__sxtb16((u0 >> 8) | (u0 << 24));
      a0 = __smlad(w0e, col_a[2 * i], a0);
      a0 = __smlad(w0o, col_a[2 * i + 1], a0);
      b0 = __smlad(w0e, col_b[2 * i], b0);
      b0 = __smlad(w0o, col_b[2 * i + 1], b0);
    }
    for (int k = k4 * 4; k < K; ++k) {
      const int32_t wv0 = *w0++;
      a0 += wv0 * col8_a[k];
      b0 += wv0 * col8_b[k];
    }
    const int pc = q->per_channel;
    out_a[oc] = requant(a0, mult[pc ? oc : 0], shift[pc ? oc : 0], q);
    out_b[oc] = requant(b0, mult[pc ? oc : 0], shift[pc ? oc : 0], q);
  }
}

void ts_conv_s8(const ts_ctx* ctx, const ts_op_conv* op) {
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
  /* scratch: col8 x2 (K rounded to 4) + col16 x2 (K/4 * 2 words) */
  const int k_pad = (K + 3) & ~3;
  int8_t* col8_a = (int8_t*)(ctx->arena + op->scratch_offset);
  int8_t* col8_b = col8_a + k_pad;
  int32_t* col_a = (int32_t*)(col8_b + k_pad);
  int32_t* col_b = col_a + (K >> 2) * 2;
  const int pixels = out_h * out_w;
  const int direct = g->filter_h == 1 && g->filter_w == 1 && g->stride_h == 1 && g->stride_w == 1 &&
                     g->pad_h == 0 && g->pad_w == 0;
  for (int b = 0; b < batches; ++b) {
    const int8_t* in_b = in + (size_t)b * in_h * in_w * cin;
    int8_t* out_b = out + (size_t)b * pixels * cout;
    int p = 0;
    for (; p < pixels; p += 2) {
      const int pb = p + 1 < pixels ? p + 1 : p; /* odd tail: compute the last pixel twice */
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
      expand_col(sa, K, col_a);
      expand_col(sb, K, col_b);
      mat_mult_2x2(w, K, cout, col_a, sa, col_b, sb, bias, mult, shift, &op->q, out_b + (size_t)p * cout,
                   out_b + (size_t)pb * cout);
    }
  }
}

#else /* portable: the TFLite reference loop */

void ts_conv_s8(const ts_ctx* ctx, const ts_op_conv* op) {
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
