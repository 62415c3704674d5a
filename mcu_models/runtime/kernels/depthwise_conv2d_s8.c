/* DEPTHWISE_CONV_2D int8 (per-channel), TFLite reference arithmetic.
 *
 * DSP path (depth multiplier 1, channels a multiple of 4): four channels per
 * word, SXTB16 splits even/odd channels, SMLABB/SMLATT accumulate each
 * channel in its own register. The input zero point goes through the folded
 * bias; taps in the padding read a word of zero points (contributing
 * exactly zero, as in TFLite). Other shapes use the reference loop. */
#include <string.h>

#include "ts_fixed_point.h"
#include "ts_kernels.h"

static inline int8_t requant(int32_t acc, int32_t mult, int32_t shift, const ts_quant* q) {
  acc = ts_mbqm(acc, mult, shift) + q->output_offset;
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
  const uint8_t zp = (uint8_t)(-op->q.input_offset);
  const uint32_t zp_word = zp * 0x01010101u;
  const int pc = op->q.per_channel;
  for (int b = 0; b < batches; ++b) {
    const int8_t* in_b = in + (size_t)b * in_h * in_w * C;
    for (int oy = 0; oy < out_h; ++oy) {
      const int iy0 = oy * g->stride_h - g->pad_h;
      for (int ox = 0; ox < out_w; ++ox) {
        const int ix0 = ox * g->stride_w - g->pad_w;
        int8_t* o = out + (((size_t)b * out_h + oy) * out_w + ox) * C;
        for (int c = 0; c < C; c += 4) {
          int32_t a0 = bias[c], a1 = bias[c + 1], a2 = bias[c + 2], a3 = bias[c + 3];
          const int8_t* wp = w + c;
          for (int fy = 0; fy < fh; ++fy) {
            const int iy = iy0 + fy * g->dilation_h;
            const int row_ok = iy >= 0 && iy < in_h;
            const int8_t* ip = in_b + ((size_t)iy * in_w) * C + c;
            for (int fx = 0; fx < fw; ++fx) {
              const int ix = ix0 + fx * g->dilation_w;
              uint32_t xv, wv;
              if (row_ok && ix >= 0 && ix < in_w)
                memcpy(&xv, ip + (size_t)ix * C, 4);
              else
                xv = zp_word;
              memcpy(&wv, wp, 4);
              wp += C;
              const int32_t x02 = (int32_t)__sxtb16(xv), x13 = (int32_t)__sxtb16((xv >> 8) | (xv << 24));
              const int32_t w02 = (int32_t)__sxtb16(wv), w13 = (int32_t)__sxtb16((wv >> 8) | (wv << 24));
              a0 = __smlabb(x02, w02, a0);
              a2 = __smlatt(x02, w02, a2);
              a1 = __smlabb(x13, w13, a1);
              a3 = __smlatt(x13, w13, a3);
            }
          }
          o[c] = requant(a0, mult[pc ? c : 0], shift[pc ? c : 0], &op->q);
          o[c + 1] = requant(a1, mult[pc ? c + 1 : 0], shift[pc ? c + 1 : 0], &op->q);
          o[c + 2] = requant(a2, mult[pc ? c + 2 : 0], shift[pc ? c + 2 : 0], &op->q);
          o[c + 3] = requant(a3, mult[pc ? c + 3 : 0], shift[pc ? c + 3 : 0], &op->q);
        }
      }
    }
  }
}
#endif

void ts_depthwise_conv_s8(const ts_ctx* ctx, const ts_op_conv* op) {
#if TS_USE_DSP
  if (op->g.depth_multiplier == 1 && (op->input.dims[3] & 3) == 0 && op->folded_bias_offset != TS_NO_DATA) {
    dsp_mult1(ctx, op);
    return;
  }
#endif
  reference(ctx, op);
}
