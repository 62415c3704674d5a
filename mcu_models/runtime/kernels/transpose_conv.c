/* TRANSPOSE_CONV float32, int8 and int16x8, TFLite Micro's arithmetic
 * (core/ops/transpose_conv.cpp says which): each output element gathers the
 * input elements TFLM scatters into it, in TFLM's order (input row, column,
 * channel ascending), so no int32/int64 scratch image of the output is
 * needed. The loop is written once and instantiated per type. */
#include "ts_fixed_point.h"
#include "ts_kernels.h"

/* Runs BODY for every (input pointer ip, filter pointer fp) pair of output
 * (b, oy, ox, oc); ip[ic] * fp[ic] over ic < cin are the terms. */
#define TC_LOOP(TIN, TW, INIT, BODY, FINISH)                                                     \
  const TIN* in = (const TIN*)ts_tensor_data(ctx, &op->input);                                   \
  const TW* w = (const TW*)ts_tensor_data(ctx, &op->filter);                                     \
  const ts_geometry* g = &op->g;                                                                 \
  const int batches = op->input.dims[0], in_h = op->input.dims[1], in_w = op->input.dims[2];     \
  const int cin = op->input.dims[3];                                                             \
  const int out_h = op->output.dims[1], out_w = op->output.dims[2], cout = op->output.dims[3];  \
  const int fh = g->filter_h, fw = g->filter_w, sh = g->stride_h, sw = g->stride_w;              \
  size_t o = 0;                                                                                  \
  for (int b = 0; b < batches; ++b)                                                              \
    for (int oy = 0; oy < out_h; ++oy) {                                                         \
      const int ny = oy + g->pad_h, ny0 = ny - fh + 1;                                           \
      const int iy_lo = ny0 <= 0 ? 0 : (ny0 + sh - 1) / sh;                                      \
      const int iy_hi = ny / sh < in_h - 1 ? ny / sh : in_h - 1;                                 \
      for (int ox = 0; ox < out_w; ++ox) {                                                       \
        const int nx = ox + g->pad_w, nx0 = nx - fw + 1;                                         \
        const int ix_lo = nx0 <= 0 ? 0 : (nx0 + sw - 1) / sw;                                    \
        const int ix_hi = nx / sw < in_w - 1 ? nx / sw : in_w - 1;                               \
        for (int oc = 0; oc < cout; ++oc, ++o) {                                                 \
          INIT;                                                                                  \
          for (int iy = iy_lo; iy <= iy_hi; ++iy)                                                \
            for (int ix = ix_lo; ix <= ix_hi; ++ix) {                                            \
              const TIN* ip = in + (((size_t)b * in_h + iy) * in_w + ix) * cin;                  \
              const TW* fp = w + (((size_t)oc * fh + (ny - iy * sh)) * fw + (nx - ix * sw)) * cin; \
              BODY;                                                                              \
            }                                                                                    \
          FINISH;                                                                                \
        }                                                                                        \
      }                                                                                          \
    }

void ts_transpose_conv_f32(const ts_ctx* ctx, const ts_op_conv* op) {
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  const float* bias = (const float*)ts_plan_data(ctx, op->bias_offset);
  TC_LOOP(float, float, float acc = 0.f, for (int ic = 0; ic < cin; ++ic) acc += ip[ic] * fp[ic], {
    if (bias) acc += bias[oc];
    out[o] = acc < op->f_act_min ? op->f_act_min : (acc > op->f_act_max ? op->f_act_max : acc);
  })
}

void ts_transpose_conv_s8(const ts_ctx* ctx, const ts_op_conv* op) {
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  const int32_t* bias = (const int32_t*)ts_plan_data(ctx, op->bias_offset);
  const int32_t* mult = (const int32_t*)ts_plan_data(ctx, op->q.multiplier_offset);
  const int32_t* shift = (const int32_t*)ts_plan_data(ctx, op->q.shift_offset);
  const int32_t in_off = op->q.input_offset, ms = op->q.per_channel ? 1 : 0;
  TC_LOOP(int8_t, int8_t, int32_t acc = 0,
          for (int ic = 0; ic < cin; ++ic) acc += ((int32_t)ip[ic] + in_off) * (int32_t)fp[ic], {
            if (bias) acc += bias[oc];
            acc = ts_multiply_by_quantized_multiplier(acc, mult[oc * ms], shift[oc * ms]) + op->q.output_offset;
            out[o] = (int8_t)ts_clamp(acc, op->q.act_min, op->q.act_max);
          })
}

void ts_transpose_conv_s16(const ts_ctx* ctx, const ts_op_conv* op) {
  int16_t* out = (int16_t*)ts_tensor_data(ctx, &op->output);
  const int64_t* bias = (const int64_t*)ts_plan_data(ctx, op->bias_offset);
  const int32_t* mult = (const int32_t*)ts_plan_data(ctx, op->q.multiplier_offset);
  const int32_t* shift = (const int32_t*)ts_plan_data(ctx, op->q.shift_offset);
  const int32_t ms = op->q.per_channel ? 1 : 0;
  TC_LOOP(int16_t, int8_t, int64_t acc = 0,
          for (int ic = 0; ic < cin; ++ic) acc += (int64_t)((int32_t)ip[ic] * (int32_t)fp[ic]), {
            if (bias) acc += bias[oc];
            const int32_t scaled =
                ts_multiply_by_quantized_multiplier_64(acc, mult[oc * ms], shift[oc * ms]) + op->q.output_offset;
            out[o] = (int16_t)ts_clamp(scaled, op->q.act_min, op->q.act_max);
          })
}
