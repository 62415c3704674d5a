/* CONV_2D float32, TFLite reference loop order. */
#include "ts_kernels.h"

static inline float clampf(float v, float lo, float hi) { return v < lo ? lo : (v > hi ? hi : v); }

void ts_conv_f32(const ts_ctx* ctx, const ts_op_conv* op) {
  const float* in = (const float*)ts_tensor_data(ctx, &op->input);
  const float* w = (const float*)ts_tensor_data(ctx, &op->filter);
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  const float* bias = (const float*)ts_plan_data(ctx, op->bias_offset);
  const ts_geometry* g = &op->g;
  const int batches = op->input.dims[0], in_h = op->input.dims[1], in_w = op->input.dims[2];
  const int cin = op->input.dims[3];
  const int out_h = op->output.dims[1], out_w = op->output.dims[2], cout = op->output.dims[3];
  for (int b = 0; b < batches; ++b)
    for (int oy = 0; oy < out_h; ++oy)
      for (int ox = 0; ox < out_w; ++ox) {
        const int iy0 = oy * g->stride_h - g->pad_h, ix0 = ox * g->stride_w - g->pad_w;
        float* o = out + (((size_t)b * out_h + oy) * out_w + ox) * cout;
        for (int oc = 0; oc < cout; ++oc) {
          float acc = 0.f;
          for (int fy = 0; fy < g->filter_h; ++fy) {
            const int iy = iy0 + fy * g->dilation_h;
            if (iy < 0 || iy >= in_h) continue;
            for (int fx = 0; fx < g->filter_w; ++fx) {
              const int ix = ix0 + fx * g->dilation_w;
              if (ix < 0 || ix >= in_w) continue;
              const float* ip = in + (((size_t)b * in_h + iy) * in_w + ix) * cin;
              const float* wp = w + (((size_t)oc * g->filter_h + fy) * g->filter_w + fx) * cin;
              for (int ic = 0; ic < cin; ++ic) acc += ip[ic] * wp[ic];
            }
          }
          if (bias) acc += bias[oc];
          o[oc] = clampf(acc, op->f_act_min, op->f_act_max);
        }
      }
}
