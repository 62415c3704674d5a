/* SUM, REDUCE_MAX, ARG_MAX, ARG_MIN with TFLite Micro's arithmetic (see
 * core/ops/reduce.cpp and arg_min_max.cpp). SUM / REDUCE_MAX: the record's
 * variant is the mask of reduced 4-D dimensions; each output gathers its
 * inputs in row-major order (TFLM's accumulation order), so no scratch sum
 * image is needed. ARG_*: variant is the axis, count its size. */
#include "ts_fixed_point.h"
#include "ts_kernels.h"

/* INIT, then ACC(v) over the output's inputs in row-major order, then
 * FINISH(o) with o the output index. */
#define REDUCE_LOOP(TIN, INIT, ACC, FINISH)                                                       \
  const TIN* x = (const TIN*)ts_tensor_data(ctx, &op->input);                                    \
  const int N = op->input.dims[0], H = op->input.dims[1], W = op->input.dims[2];                 \
  const int C = op->input.dims[3], m = op->c.variant;                                            \
  const int rn = (m & 1) ? N : 1, rh = (m & 2) ? H : 1, rw = (m & 4) ? W : 1, rc = (m & 8) ? C : 1; \
  const int on_ = (m & 1) ? 1 : N, oh_ = (m & 2) ? 1 : H, ow_ = (m & 4) ? 1 : W, oc_ = (m & 8) ? 1 : C; \
  size_t o = 0;                                                                                  \
  for (int on = 0; on < on_; ++on)                                                               \
    for (int oh = 0; oh < oh_; ++oh)                                                             \
      for (int ow = 0; ow < ow_; ++ow)                                                           \
        for (int oc = 0; oc < oc_; ++oc, ++o) {                                                  \
          INIT;                                                                                  \
          for (int n = on; n < on + rn; ++n)                                                     \
            for (int h = oh; h < oh + rh; ++h)                                                   \
              for (int w = ow; w < ow + rw; ++w) {                                               \
                const TIN* row = x + (((size_t)n * H + h) * W + w) * C;                          \
                for (int c = oc; c < oc + rc; ++c) {                                             \
                  const TIN v = row[c];                                                          \
                  ACC;                                                                           \
                }                                                                                \
              }                                                                                  \
          FINISH;                                                                                \
        }

void ts_sum_f32(const ts_ctx* ctx, const ts_op_mean* op) {
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  REDUCE_LOOP(float, float s = 0.f, s += v, out[o] = s)
}

/* (sum - zp * count) requantized, + output zero point, clamped (QuantizedMeanOrSum, compute_sum). */
static inline int32_t sum_out(const ts_op_mean* op, int32_t acc) {
  const int32_t shifted = (int32_t)((int64_t)acc + (int64_t)op->input_offset * op->count);
  const int32_t r = ts_multiply_by_quantized_multiplier(shifted, op->multiplier, op->shift) + op->output_offset;
  return ts_clamp(r, op->act_min, op->act_max);
}

void ts_sum_s8(const ts_ctx* ctx, const ts_op_mean* op) {
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  REDUCE_LOOP(int8_t, int32_t s = 0, s = ts_add_wrap(s, v), out[o] = (int8_t)sum_out(op, s))
}

void ts_sum_s16(const ts_ctx* ctx, const ts_op_mean* op) {
  int16_t* out = (int16_t*)ts_tensor_data(ctx, &op->output);
  REDUCE_LOOP(int16_t, int32_t s = 0, s = ts_add_wrap(s, v), out[o] = (int16_t)sum_out(op, s))
}

void ts_reduce_max_f32(const ts_ctx* ctx, const ts_op_mean* op) {
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  REDUCE_LOOP(float, float mx = -3.402823466e+38f, mx = v > mx ? v : mx, out[o] = mx)
}

void ts_reduce_max_s8(const ts_ctx* ctx, const ts_op_mean* op) {
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  REDUCE_LOOP(int8_t, int8_t mx = -128, mx = v > mx ? v : mx, out[o] = mx)
}

void ts_reduce_max_s16(const ts_ctx* ctx, const ts_op_mean* op) {
  int16_t* out = (int16_t*)ts_tensor_data(ctx, &op->output);
  REDUCE_LOOP(int16_t, int16_t mx = -32768, mx = v > mx ? v : mx, out[o] = mx)
}

/* [outer, axis, inner] walk; BETTER(v, best) is the strict comparison. */
#define ARG_LOOP(TIN, BETTER)                                                                    \
  {                                                                                              \
    const TIN* x = (const TIN*)ts_tensor_data(ctx, &op->input);                                  \
    for (size_t a = 0; a < outer; ++a)                                                           \
      for (size_t i = 0; i < inner; ++i) {                                                       \
        const TIN* p = x + a * axis_size * inner + i;                                            \
        TIN best = p[0];                                                                         \
        int32_t index = 0;                                                                       \
        for (size_t k = 1; k < axis_size; ++k)                                                   \
          if (BETTER(p[k * inner], best)) {                                                      \
            best = p[k * inner];                                                                 \
            index = (int32_t)k;                                                                  \
          }                                                                                      \
        out[a * inner + i] = index;                                                              \
      }                                                                                          \
  }

#define TS_GREATER(a, b) ((a) > (b))
#define TS_LESS(a, b) ((a) < (b))

#define ARG_ENTRY(NAME, BETTER)                                                                  \
  void NAME(const ts_ctx* ctx, const ts_op_mean* op) {                                           \
    int32_t* out = (int32_t*)ts_tensor_data(ctx, &op->output);                                   \
    const int axis = op->c.variant;                                                              \
    size_t outer = 1, inner = 1;                                                                 \
    const size_t axis_size = (size_t)op->count;                                                  \
    for (int d = 0; d < axis; ++d) outer *= (size_t)op->input.dims[d];                           \
    for (int d = axis + 1; d < 4; ++d) inner *= (size_t)op->input.dims[d];                       \
    if (op->input.dtype == TS_F32)                                                               \
      ARG_LOOP(float, BETTER)                                                                    \
    else if (op->input.dtype == TS_S8)                                                           \
      ARG_LOOP(int8_t, BETTER)                                                                   \
    else                                                                                         \
      ARG_LOOP(int32_t, BETTER)                                                                  \
  }

ARG_ENTRY(ts_arg_max, TS_GREATER)
ARG_ENTRY(ts_arg_min, TS_LESS)
