/* CONV_2D int16x8 (int16 activations, int8 weights; TFLite's 16x8 scheme,
 * zero points 0) and ADD int16, with the host's arithmetic: int64
 * accumulators and the reduced 16-bit multiplier for int64 biases
 * (variant 1), int32 accumulators and the standard multiplier for int32
 * biases (variant 0). Plain C: correctness first, no DSP path yet. */
#include "ts_broadcast.h"
#include "ts_fixed_point.h"
#include "ts_kernels.h"

void ts_conv_s16(const ts_ctx* ctx, const ts_op_conv* op) {
  const int16_t* in = (const int16_t*)ts_tensor_data(ctx, &op->input);
  const int8_t* w = (const int8_t*)ts_tensor_data(ctx, &op->filter);
  int16_t* out = (int16_t*)ts_tensor_data(ctx, &op->output);
  const void* bias = ts_plan_data(ctx, op->bias_offset);
  const int32_t* mult = (const int32_t*)ts_plan_data(ctx, op->q.multiplier_offset);
  const int32_t* shift = (const int32_t*)ts_plan_data(ctx, op->q.shift_offset);
  const int bias64 = op->c.variant == 1;
  const ts_geometry* g = &op->g;
  const int batches = op->input.dims[0], in_h = op->input.dims[1], in_w = op->input.dims[2];
  const int cin = op->input.dims[3];
  const int out_h = op->output.dims[1], out_w = op->output.dims[2], cout = op->output.dims[3];
  const int ms = op->q.per_channel ? 1 : 0;
  for (int b = 0; b < batches; ++b)
    for (int oy = 0; oy < out_h; ++oy)
      for (int ox = 0; ox < out_w; ++ox) {
        const int iy0 = oy * g->stride_h - g->pad_h, ix0 = ox * g->stride_w - g->pad_w;
        int16_t* o = out + (((size_t)b * out_h + oy) * out_w + ox) * cout;
        for (int oc = 0; oc < cout; ++oc) {
          int64_t acc64 = 0;
          int32_t acc32 = 0;
          for (int fy = 0; fy < g->filter_h; ++fy) {
            const int iy = iy0 + fy * g->dilation_h;
            if (iy < 0 || iy >= in_h) continue;
            for (int fx = 0; fx < g->filter_w; ++fx) {
              const int ix = ix0 + fx * g->dilation_w;
              if (ix < 0 || ix >= in_w) continue;
              const int16_t* ip = in + (((size_t)b * in_h + iy) * in_w + ix) * cin;
              const int8_t* wp = w + (((size_t)oc * g->filter_h + fy) * g->filter_w + fx) * cin;
              if (bias64)
                for (int ic = 0; ic < cin; ++ic) acc64 += (int32_t)wp[ic] * (int32_t)ip[ic];
              else
                for (int ic = 0; ic < cin; ++ic) acc32 += (int32_t)wp[ic] * (int32_t)ip[ic];
            }
          }
          int32_t scaled;
          if (bias64) {
            if (bias) acc64 += ((const int64_t*)bias)[oc];
            scaled = ts_multiply_by_quantized_multiplier_64(acc64, mult[oc * ms], shift[oc * ms]);
          } else {
            if (bias) acc32 += ((const int32_t*)bias)[oc];
            scaled = ts_multiply_by_quantized_multiplier(acc32, mult[oc * ms], shift[oc * ms]);
          }
          o[oc] = (int16_t)ts_clamp(scaled, op->q.act_min, op->q.act_max);
        }
      }
}

static inline int16_t add_one(const ts_op_binary* op, int32_t x1, int32_t x2) {
  const int32_t s1 = ts_multiply_by_quantized_multiplier_smaller_than_one_exp(
      ts_shl_wrap(x1 + op->input1_offset, op->left_shift), op->input1_multiplier, op->input1_shift);
  const int32_t s2 = ts_multiply_by_quantized_multiplier_smaller_than_one_exp(
      ts_shl_wrap(x2 + op->input2_offset, op->left_shift), op->input2_multiplier, op->input2_shift);
  const int32_t raw = ts_multiply_by_quantized_multiplier(ts_add_wrap(s1, s2), op->output_multiplier, op->output_shift) +
                      op->output_offset;
  return (int16_t)ts_clamp(raw, op->act_min, op->act_max);
}

void ts_add_s16(const ts_ctx* ctx, const ts_op_binary* op) {
  const int16_t* a = (const int16_t*)ts_tensor_data(ctx, &op->in1);
  const int16_t* b = (const int16_t*)ts_tensor_data(ctx, &op->in2);
  int16_t* out = (int16_t*)ts_tensor_data(ctx, &op->output);
  if (!op->broadcast) {
    const int32_t n = ts_elements(&op->output);
    for (int32_t i = 0; i < n; ++i) out[i] = add_one(op, a[i], b[i]);
    return;
  }
  TS_BROADCAST_4D(&op->in1, &op->in2, &op->output, out[io] = add_one(op, a[i1], b[i2]));
}
