/* DEPTHWISE_CONV_2D int8 (per-channel), TFLite reference arithmetic.
 *
 * DSP path: see dw_groups below. The input zero point goes through the
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
#include "ts_requant_fused.h"

/* The DSP path: four output channels at a time, the channel group in the
 * outer loop, so everything per channel is set up once per layer and group,
 * not per output: the group's weights expanded to int16 pairs (c0,c2) and
 * (c1,c3) per tap on the stack (read with immediate offsets, no flash wait
 * after the first pixel), the folded biases and the fused requantization
 * constants (ts_requant_fused.h: one SMLAL per output). A tap costs one
 * input word (four channels; with a depth multiplier d % 4 == 0 the four
 * outputs share one input byte), two SXTB16 and four SMLABB/SMLATT, and the
 * pixel walks no tap table: a 3x3 window fully inside the input is one
 * straight-line block, border pixels and other windows a loop over the
 * valid rows and columns with the input zero point for padding (it adds
 * zero after the folded bias). The four outputs are written as one word. */
#define TS_DW_MAX_TAPS 32

/* Per channel group, in the order dw9 reads it with immediate offsets. */
typedef struct {
  int32_t bias[4];   /* 0: folded biases */
  ts_rq rq[4];       /* 16: fused requantization (mult, shift, lo, hi) */
  uint32_t lo4, hi4; /* 80: activation range in four int8 lanes */
  int32_t next, ostep; /* 88: input step to the next pixel of a run (minus 2 rows), output step */
  int32_t n, reserved; /* 96: pixels left in the run */
  int32_t w[TS_DW_MAX_TAPS][2]; /* 104: per tap the int16 weight pairs (c0,c2), (c1,c3) */
} dw_group;
_Static_assert(sizeof(ts_rq) == 16 && sizeof(dw_group) == 104 + 8 * TS_DW_MAX_TAPS, "dw9 reads fixed offsets");

/* Four channels' input as two int16 pairs: bytes (0,2) and (1,3) of a word
 * (gathered words of a depth multiplier d % 4 == 0 hold one byte four times). */


__attribute__((always_inline)) static inline void load_x(const int8_t* p, int32_t* x02, int32_t* x13) {
  const uint32_t v = ts_read_u32(p);
  *x02 = ts_sxtb16(v);
  *x13 = ts_sxtb16_ror8(v);
}

#define DW_TAP(p, t)                            \
  do {                                          \
    int32_t x02, x13;                           \
    load_x((p), &x02, &x13);                \
    a0 = __smlabb(x02, grp->w[t][0], a0);       \
    a2 = __smlatt(x02, grp->w[t][0], a2);       \
    a1 = __smlabb(x13, grp->w[t][1], a1);       \
    a3 = __smlatt(x13, grp->w[t][1], a3);       \
  } while (0)

/* The four requantized outputs saturated to int8 lanes, packed, clamped to
 * the activation range with byte-lane compares (SSUB8 sets GE, SEL picks)
 * and written as one word. */
__attribute__((always_inline)) static inline void store4(int8_t* o, const dw_group* grp, int32_t a0, int32_t a1,
                                                          int32_t a2, int32_t a3) {
  const uint32_t v0 = (uint8_t)__ssat(ts_rq_apply(a0, &grp->rq[0]), 8);
  const uint32_t v1 = (uint8_t)__ssat(ts_rq_apply(a1, &grp->rq[1]), 8);
  const uint32_t v2 = (uint8_t)__ssat(ts_rq_apply(a2, &grp->rq[2]), 8);
  const uint32_t v3 = (uint8_t)__ssat(ts_rq_apply(a3, &grp->rq[3]), 8);
  uint32_t v = v0 | (v1 << 8) | (v2 << 16) | (v3 << 24);
  (void)__ssub8(v, grp->lo4);
  v = __sel(v, grp->lo4);
  (void)__ssub8(grp->hi4, v);
  v = __sel(v, grp->hi4);
  memcpy(o, &v, 4);
}

/* One tap of dw9_run: the input word at p OFF, its weight pairs at grp + W. */
#define DW9_TAP(OFF, W)                  \
  "ldr %[x], [%[p]" OFF "]\n\t"          \
  "ldrd %[we], %[wo], [%[g], #" #W "]\n\t" \
  "sxtb16 %[t], %[x]\n\t"                \
  "sxtb16 %[x], %[x], ror #8\n\t"        \
  "smlabb %[a0], %[t], %[we], %[a0]\n\t" \
  "smlatt %[a2], %[t], %[we], %[a2]\n\t" \
  "smlabb %[a1], %[x], %[wo], %[a1]\n\t" \
  "smlatt %[a3], %[x], %[wo], %[a3]\n\t"
/* Fused requantization of accumulator A (ts_requant_fused.h), its ts_rq at
 * grp + M (mult, shift) and grp + C (lo, hi), saturated to int8. */
#define DW9_RQ(A, M, C)                            \
  "ldrd %[we], %[wo], [%[g], #" #M "]\n\t"         \
  "ldrd %[x], %[t], [%[g], #" #C "]\n\t"           \
  "asr %[c], %[" A "], #31\n\t"                    \
  "adds %[x], %[x], %[c], lsl #31\n\t"             \
  "adc %[t], %[t], %[c]\n\t"                       \
  "smlal %[x], %[t], %[" A "], %[we]\n\t"          \
  "asr %[t], %[t], %[wo]\n\t"                      \
  "ssat %[" A "], #8, %[t]\n\t"

/* grp->n >= 1 neighbouring pixels of one output row, 3x3 windows of four
 * channels, from bias to the stored word: tap (fy, fx) at
 * p + fy * row + fx * cs, the next pixel at p + grp->next + 2 * row and
 * o + grp->ostep. Per tap one input word, the weight pairs by LDRD at an
 * immediate offset, two SXTB16, four SMLABB/SMLATT; per output two LDRDs of
 * its constants and six instructions of fused requantization
 * (ts_requant_fused.h), then the four int8 lanes packed and clamped to the
 * activation range with SSUB8 + SEL. Assembly because GCC spills this
 * 13-register block; one noinline copy so that interior runs and border
 * pixels share it in the instruction cache. */
__attribute__((noinline, section(".text.ts_hot_dw9"))) static void dw9_run(const int8_t* p, int cs, int row,
                                                                              dw_group* grp, int8_t* o) {
  int32_t a0, a1, a2, a3, x, t, we, wo, c;
  __asm volatile(
      "1:\n\t"
      "ldrd %[a0], %[a1], [%[g]]\n\t"
      "ldrd %[a2], %[a3], [%[g], #8]\n\t"
      DW9_TAP("", 104) DW9_TAP(", %[cs]", 112) DW9_TAP(", %[cs], lsl #1", 120)
      "add %[p], %[p], %[row]\n\t"
      DW9_TAP("", 128) DW9_TAP(", %[cs]", 136) DW9_TAP(", %[cs], lsl #1", 144)
      "add %[p], %[p], %[row]\n\t"
      DW9_TAP("", 152) DW9_TAP(", %[cs]", 160) DW9_TAP(", %[cs], lsl #1", 168)
      DW9_RQ("a0", 16, 24) DW9_RQ("a1", 32, 40) DW9_RQ("a2", 48, 56) DW9_RQ("a3", 64, 72)
      "bfi %[a0], %[a1], #8, #8\n\t"
      "bfi %[a0], %[a2], #16, #8\n\t"
      "bfi %[a0], %[a3], #24, #8\n\t"
      "ldrd %[we], %[wo], [%[g], #80]\n\t"
      "ssub8 %[x], %[a0], %[we]\n\t"
      "sel %[a0], %[a0], %[we]\n\t"
      "ssub8 %[x], %[wo], %[a0]\n\t"
      "sel %[a0], %[a0], %[wo]\n\t"
      "ldrd %[x], %[t], [%[g], #88]\n\t"
      "str %[a0], [%[o]]\n\t"
      "ldr %[we], [%[g], #96]\n\t"
      "add %[p], %[p], %[x]\n\t"
      "add %[o], %[o], %[t]\n\t"
      "subs %[we], %[we], #1\n\t"
      "str %[we], [%[g], #96]\n\t"
      "bne 1b"
      : [a0] "=&r"(a0), [a1] "=&r"(a1), [a2] "=&r"(a2), [a3] "=&r"(a3), [x] "=&r"(x), [t] "=&r"(t), [we] "=&r"(we),
        [wo] "=&r"(wo), [c] "=&r"(c), [p] "+&r"(p), [o] "+&r"(o)
      : [cs] "r"(cs), [row] "r"(row), [g] "r"(grp)
      : "cc", "memory");
}

/* One layer, four channels per group; bcast: depth multiplier % 4 == 0. */
__attribute__((always_inline)) static inline void dw_groups(const ts_ctx* ctx, const ts_op_conv* op, int bcast) {
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
  const int dm = g->depth_multiplier;
  const int fh = g->filter_h, fw = g->filter_w, T = fh * fw;
  const int sh = g->stride_h, sw = g->stride_w, dh = g->dilation_h, dwl = g->dilation_w;
  const int ms = op->q.per_channel ? 1 : 0;
  const uint32_t zp4 = 0x01010101u * (uint8_t)(-op->q.input_offset);
  const int fast3 = fh == 3 && fw == 3 && dh == 1 && dwl == 1;
  const size_t row = (size_t)in_w * cin;
  dw_group group;
  dw_group* const grp = &group;
  grp->lo4 = 0x01010101u * (uint8_t)op->q.act_min;
  grp->hi4 = 0x01010101u * (uint8_t)op->q.act_max;
  const int run = sw * cin - 2 * (int)row; /* dw9_run: next pixel of a row */
  const int ox_lo = (g->pad_w + sw - 1) / sw; /* first and end of the 3x3 windows inside the input */
  const int ox_hi = in_w - 3 + g->pad_w < 0 ? 0 : ts_clamp((in_w - 3 + g->pad_w) / sw + 1, 0, out_w);
  uint32_t patch[TS_DW_MAX_TAPS]; /* a border pixel's taps, padding = input zero point */
  for (int c = 0; c < cout; c += 4) {
    for (int t = 0; t < T; ++t) {
      const uint32_t v = ts_read_u32(w + (size_t)t * cout + c);
      grp->w[t][0] = ts_sxtb16(v);
      grp->w[t][1] = ts_sxtb16_ror8(v);
    }
    int fused = 1;
    for (int j = 0; j < 4; ++j) {
      grp->bias[j] = bias[c + j];
      fused &= ts_rq_make(mult[(c + j) * ms], shift[(c + j) * ms], op->q.output_offset, &grp->rq[j]);
    }
    const int use_run = fast3 && fused;
    const int ic = c / dm; /* bcast: the one input channel of the group; else = c */
    for (int b = 0; b < batches; ++b) {
      const int8_t* in_b = in + (size_t)b * in_h * row + ic;
      int8_t* o = out + (size_t)b * out_h * out_w * cout + c;
      for (int oy = 0; oy < out_h; ++oy) {
        const int iy0 = oy * sh - g->pad_h;
        const int rows_inside = iy0 >= 0 && iy0 + 2 < in_h;
        for (int ox = 0; ox < out_w;) {
          const int ix0 = ox * sw - g->pad_w;
          if (use_run && !bcast && rows_inside && ox >= ox_lo && ox < ox_hi) {
            /* the row's windows inside the input: one run, no gather */
            grp->next = run;
            grp->ostep = cout;
            grp->n = ox_hi - ox;
            dw9_run(in_b + (size_t)iy0 * row + (size_t)ix0 * cin, cin, (int)row, grp, o);
            o += (size_t)(ox_hi - ox) * cout;
            ox = ox_hi;
            continue;
          }
          /* border, depth multiplier > 1 or general window: gather the taps
           * (the input zero point for padding: x + input_offset = 0), then
           * the same multiply */
          if (fast3 && !bcast) {
            const int vx0 = ix0 >= 0, vx1 = ix0 + 1 >= 0 && ix0 + 1 < in_w, vx2 = ix0 + 2 < in_w;
            for (int fy = 0; fy < 3; ++fy) {
              const int iy = iy0 + fy;
              uint32_t* pt = patch + 3 * fy;
              if (iy < 0 || iy >= in_h) {
                pt[0] = pt[1] = pt[2] = zp4;
                continue;
              }
              const int8_t* src = in_b + (size_t)iy * row + (ptrdiff_t)ix0 * cin;
              pt[0] = vx0 ? ts_read_u32(src) : zp4;
              pt[1] = vx1 ? ts_read_u32(src + cin) : zp4;
              pt[2] = vx2 ? ts_read_u32(src + 2 * cin) : zp4;
            }
          } else {
            for (int fy = 0, t = 0; fy < fh; ++fy) {
              const int iy = iy0 + fy * dh;
              const int y_in = iy >= 0 && iy < in_h;
              for (int fx = 0; fx < fw; ++fx, ++t) {
                const int ix = ix0 + fx * dwl;
                const int8_t* src = in_b + (size_t)iy * row + (size_t)ix * cin;
                patch[t] = !(y_in && ix >= 0 && ix < in_w) ? zp4
                           : bcast                         ? 0x01010101u * (uint8_t)*src
                                                           : ts_read_u32(src);
              }
            }
          }
          if (use_run) {
            grp->n = 1;
            dw9_run((const int8_t*)patch, 4, 12, grp, o);
          } else {
            int32_t a0 = grp->bias[0], a1 = grp->bias[1], a2 = grp->bias[2], a3 = grp->bias[3];
            for (int t = 0; t < T; ++t) DW_TAP((const int8_t*)&patch[t], t);
            if (fused) {
              store4(o, grp, a0, a1, a2, a3);
            } else {
              const int32_t acc[4] = {a0, a1, a2, a3};
              for (int j = 0; j < 4; ++j)
                o[j] = requant(acc[j], mult[(c + j) * ms], shift[(c + j) * ms], &op->q);
            }
          }
          o += cout;
          ++ox;
        }
      }
    }
  }
}

__attribute__((section(".text.ts_hot_dw"))) static void dsp_mult1(const ts_ctx* ctx, const ts_op_conv* op) {
  dw_groups(ctx, op, 0);
}
__attribute__((section(".text.ts_hot_dw_bcast"))) static void dsp_bcast(const ts_ctx* ctx, const ts_op_conv* op) {
  dw_groups(ctx, op, 1);
}

#endif

void ts_depthwise_conv_s8(const ts_ctx* ctx, const ts_op_conv* op) {
#if TS_USE_DSP
  const int dm = op->g.depth_multiplier;
  if ((op->output.dims[3] & 3) == 0 && op->folded_bias_offset != TS_NO_DATA &&
      op->g.filter_h * op->g.filter_w <= TS_DW_MAX_TAPS) {
    if (dm == 1) {
      dsp_mult1(ctx, op);
      return;
    }
    if ((dm & 3) == 0) {
      dsp_bcast(ctx, op);
      return;
    }
  }
#endif
  reference(ctx, op);
}

/* No arena scratch: the DSP path keeps its per-group data (26 + 2 x 32
 * words) and a border pixel's gathered taps (32 words) on the stack. */
