/* DEPTHWISE_CONV_2D int16x8 (int16 activations, int8 weights 1HWO, int64
 * bias): TFLite reference_integer_ops::DepthwiseConvPerChannel for int16,
 * an int64 accumulator per output and the 64-bit
 * MultiplyByQuantizedMultiplier. Plain C: the taps of one output sit a whole
 * pixel apart in both tensors, so a 16-bit pair load finds no partner. */
#include "ts_fixed_point.h"
#include "ts_kernels.h"

void ts_depthwise_conv_s16(const ts_ctx* ctx, const ts_op_conv* op) {
  const int16_t* in = (const int16_t*)ts_tensor_data(ctx, &op->input);
  const int8_t* w = (const int8_t*)ts_tensor_data(ctx, &op->filter);
  int16_t* out = (int16_t*)ts_tensor_data(ctx, &op->output);
  const int64_t* bias = (const int64_t*)ts_plan_data(ctx, op->bias_offset);
  const int32_t* mult = (const int32_t*)ts_plan_data(ctx, op->q.multiplier_offset);
  const int32_t* shift = (const int32_t*)ts_plan_data(ctx, op->q.shift_offset);
  const ts_geometry* g = &op->g;
  const int batches = op->input.dims[0], in_h = op->input.dims[1], in_w = op->input.dims[2];
  const int cin = op->input.dims[3];
  const int out_h = op->output.dims[1], out_w = op->output.dims[2], cout = op->output.dims[3];
  const int dm = g->depth_multiplier, ms = op->q.per_channel ? 1 : 0;
  for (int b = 0; b < batches; ++b)
    for (int oy = 0; oy < out_h; ++oy)
      for (int ox = 0; ox < out_w; ++ox) {
        const int iy0 = oy * g->stride_h - g->pad_h, ix0 = ox * g->stride_w - g->pad_w;
        int16_t* o = out + (((size_t)b * out_h + oy) * out_w + ox) * cout;
        for (int oc = 0; oc < cout; ++oc) {
          const int ic = oc / dm;
          int64_t acc = 0;
          for (int fy = 0; fy < g->filter_h; ++fy) {
            const int iy = iy0 + fy * g->dilation_h;
            if (iy < 0 || iy >= in_h) continue;
            for (int fx = 0; fx < g->filter_w; ++fx) {
              const int ix = ix0 + fx * g->dilation_w;
              if (ix < 0 || ix >= in_w) continue;
              const int32_t x = in[(((size_t)b * in_h + iy) * in_w + ix) * cin + ic];
              acc += (int64_t)((int32_t)w[((size_t)fy * g->filter_w + fx) * cout + oc] * x);
            }
          }
          if (bias) acc += bias[oc];
          const int32_t scaled = ts_multiply_by_quantized_multiplier_64(acc, mult[oc * ms], shift[oc * ms]);
          o[oc] = (int16_t)ts_clamp(scaled, op->q.act_min, op->q.act_max);
        }
      }
}
