/* DEPTHWISE_CONV_2D int8 (per-channel), TFLite reference arithmetic.
 *
 * DSP path: see dsp_mult1 below. The input zero point goes through the
 * folded bias. Other shapes use the reference loop. */
#include <string.h>

#include "ts_fixed_point.h"
#include "ts_requant.h"
#include "ts_kernels.h"

static inline int8_t requant(int32_t acc, int32_t mult, int32_t shift, const ts_quant* q) {
  acc = ts_requant(acc, mult, shift) + q->output_offset;
  return (int8_t)ts_clamp(acc, q->act_min, q->act_max);
}

static void reference(const ts_ctx* ctx, const ts_op_conv* op) {
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
  const int dm = g->depth_multiplier;
  const int32_t in_off = op->q.input_offset;
  for (int b = 0; b < batches; ++b)
    for (int oy = 0; oy < out_h; ++oy)
      for (int ox = 0; ox < out_w; ++ox)
        for (int ic = 0; ic < cin; ++ic)
          for (int m = 0; m < dm; ++m) {
            const int oc = ic * dm + m;
            int32_t acc = 0;
            const int iy0 = oy * g->stride_h - g->pad_h, ix0 = ox * g->stride_w - g->pad_w;
            for (int fy = 0; fy < g->filter_h; ++fy) {
              const int iy = iy0 + fy * g->dilation_h;
              if (iy < 0 || iy >= in_h) continue;
              for (int fx = 0; fx < g->filter_w; ++fx) {
                const int ix = ix0 + fx * g->dilation_w;
                if (ix < 0 || ix >= in_w) continue;
                const int32_t x = in[(((size_t)b * in_h + iy) * in_w + ix) * cin + ic];
                const int32_t wv = w[((size_t)fy * g->filter_w + fx) * cout + oc];
                acc += wv * (x + in_off);
              }
            }
            if (bias) acc += bias[oc];
            const int ch = op->q.per_channel ? oc : 0;
            out[(((size_t)b * out_h + oy) * out_w + ox) * cout + oc] = requant(acc, mult[ch], shift[ch], &op->q);
          }
}

#if TS_USE_DSP
#include "ts_dsp.h"

#define TS_DW_MAX_TAPS 64

static inline int8_t rq(int32_t acc, int32_t mult, int32_t shift, int32_t off, int32_t lo, int32_t hi) {
  return (int8_t)ts_clamp(ts_requant(acc, mult, shift) + off, lo, hi);
}

/* Depth multiplier 1, channels % 4 == 0. Taps are taken in pairs (t, t+1):
 * for each channel, SMLAD multiplies (x_t, x_t+1) by (w_t, w_t+1). The
 * weight pairs are packed once per layer into scratch RAM as int16 halves
 * ([channel group][pair][c0 c2 c1 c3] words, the order the loop reads); the input pairs are built with SXTB16 + PKH.
 * A tap in the padding reads a row of input zero points (it adds exactly
 * zero after the folded bias); an odd last tap pairs with a zero weight. */
__attribute__((section(".text.ts_hot_dw")))
static void dsp_mult1(const ts_ctx* ctx, const ts_op_conv* op) {
  const int8_t* in = (const int8_t*)ts_tensor_data(ctx, &op->input);
  const int8_t* w = (const int8_t*)ts_tensor_data(ctx, &op->filter);
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  const int32_t* bias = (const int32_t*)ts_plan_data(ctx, op->folded_bias_offset);
  const int32_t* mult = (const int32_t*)ts_plan_data(ctx, op->q.multiplier_offset);
  const int32_t* shift = (const int32_t*)ts_plan_data(ctx, op->q.shift_offset);
  const ts_geometry* g = &op->g;
  const int batches = op->input.dims[0], in_h = op->input.dims[1], in_w = op->input.dims[2];
  const int C = op->input.dims[3];
  const int out_h = op->output.dims[1], out_w = op->output.dims[2];
  const int fh = g->filter_h, fw = g->filter_w;
  const int T = fh * fw, pairs = (T + 1) / 2;
  const int ms = op->q.per_channel ? 1 : 0;
  const int32_t off = op->q.output_offset, lo = op->q.act_min, hi = op->q.act_max;

  int32_t* wpk = (int32_t*)(ctx->arena + op->scratch_offset); /* [pairs][C] */
  int8_t* zp_row = (int8_t*)(wpk + pairs * C);                   /* C bytes */
  static const int order[4] = {0, 2, 1, 3}; /* the order the inner loop reads them */
  for (int g4 = 0; g4 < C / 4; ++g4)
    for (int j = 0; j < pairs; ++j)
      for (int k = 0; k < 4; ++k) {
        const int c = 4 * g4 + order[k];
        const int32_t lo = w[(size_t)(2 * j) * C + c];
        const int32_t hi = 2 * j + 1 < T ? w[(size_t)(2 * j + 1) * C + c] : 0;
        wpk[(g4 * pairs + j) * 4 + k] = (int32_t)(((uint32_t)lo & 0xFFFFu) | ((uint32_t)hi << 16));
      }
  memset(zp_row, (int)(uint8_t)(-op->q.input_offset), (size_t)C);

  const int8_t* taps[TS_DW_MAX_TAPS + 1];
  for (int b = 0; b < batches; ++b) {
    const int8_t* in_b = in + (size_t)b * in_h * in_w * C;
    int8_t* o = out + (size_t)b * out_h * out_w * C;
    for (int oy = 0; oy < out_h; ++oy) {
      const int iy0 = oy * g->stride_h - g->pad_h;
      for (int ox = 0; ox < out_w; ++ox, o += C) {
        const int ix0 = ox * g->stride_w - g->pad_w;
        int t = 0;
        for (int fy = 0; fy < fh; ++fy) {
          const int iy = iy0 + fy * g->dilation_h;
          for (int fx = 0; fx < fw; ++fx, ++t) {
            const int ix = ix0 + fx * g->dilation_w;
            taps[t] = (iy >= 0 && iy < in_h && ix >= 0 && ix < in_w) ? in_b + ((size_t)iy * in_w + ix) * C : zp_row;
          }
        }
        taps[T] = zp_row; /* partner of an odd last tap (its weight is 0) */
        for (int c = 0; c < C; c += 4) {
          int32_t a0 = bias[c], a1 = bias[c + 1], a2 = bias[c + 2], a3 = bias[c + 3];
          const int32_t* wp = wpk + c * pairs;
          const int8_t* const* tp = taps;
          int n = pairs;
          int32_t xt, xu, e1, e2, pk;
          /* per tap pair: two input words (4 channels each) -> four (x_t, x_t+1)
           * halfword pairs -> four SMLADs against the packed weight pairs */
          __asm volatile(
              "1:\n\t"
              "ldr %[xt], [%[tp]], #4\n\t"
              "ldr %[xu], [%[tp]], #4\n\t"
              "ldr %[xt], [%[xt], %[c]]\n\t"
              "ldr %[xu], [%[xu], %[c]]\n\t"
              "sxtb16 %[e1], %[xt]\n\t"
              "sxtb16 %[e2], %[xu]\n\t"
              "pkhbt %[pk], %[e1], %[e2], lsl #16\n\t"
              "pkhtb %[e1], %[e2], %[e1], asr #16\n\t"
              "ldr %[e2], [%[wp]], #4\n\t"
              "smlad %[a0], %[pk], %[e2], %[a0]\n\t"
              "ldr %[e2], [%[wp]], #4\n\t"
              "smlad %[a2], %[e1], %[e2], %[a2]\n\t"
              "sxtb16 %[e1], %[xt], ror #8\n\t"
              "sxtb16 %[e2], %[xu], ror #8\n\t"
              "pkhbt %[pk], %[e1], %[e2], lsl #16\n\t"
              "pkhtb %[e1], %[e2], %[e1], asr #16\n\t"
              "ldr %[e2], [%[wp]], #4\n\t"
              "smlad %[a1], %[pk], %[e2], %[a1]\n\t"
              "ldr %[e2], [%[wp]], #4\n\t"
              "smlad %[a3], %[e1], %[e2], %[a3]\n\t"
              "subs %[n], %[n], #1\n\t"
              "bne 1b\n\t"
              : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [tp] "+r"(tp), [wp] "+r"(wp),
                [n] "+r"(n), [xt] "=&r"(xt), [xu] "=&r"(xu), [e1] "=&r"(e1), [e2] "=&r"(e2), [pk] "=&r"(pk)
              : [c] "r"(c)
              : "cc", "memory");
          o[c] = rq(a0, mult[c * ms], shift[c * ms], off, lo, hi);
          o[c + 1] = rq(a1, mult[(c + 1) * ms], shift[(c + 1) * ms], off, lo, hi);
          o[c + 2] = rq(a2, mult[(c + 2) * ms], shift[(c + 2) * ms], off, lo, hi);
          o[c + 3] = rq(a3, mult[(c + 3) * ms], shift[(c + 3) * ms], off, lo, hi);
        }
      }
    }
  }
}
#endif

void ts_depthwise_conv_s8(const ts_ctx* ctx, const ts_op_conv* op) {
#if TS_USE_DSP
  if (op->g.depth_multiplier == 1 && (op->input.dims[3] & 3) == 0 && op->folded_bias_offset != TS_NO_DATA &&
      op->scratch_offset != TS_NO_DATA && op->g.filter_h * op->g.filter_w <= TS_DW_MAX_TAPS) {
    dsp_mult1(ctx, op);
    return;
  }
#endif
  reference(ctx, op);
}

/* Scratch of the DSP path (depth multiplier 1, channels % 4 == 0; the other
 * shapes and the portable image use none, the plan reserves it regardless):
 * the weights packed once per layer as int16 tap pairs, ceil(taps / 2) pairs
 * x channels words (an odd last tap pairs with a zero weight), then one row
 * of `channels` input zero points that padding taps point at. */
uint32_t ts_depthwise_conv_s8_get_buffer_size(int32_t taps, int32_t channels) {
  const uint32_t pairs = (uint32_t)(taps + 1) / 2u;
  return pairs * (uint32_t)channels * 4u + (uint32_t)channels;
}
