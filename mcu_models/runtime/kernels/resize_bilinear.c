/* RESIZE_BILINEAR, 4-D NHWC (core/ops/resize_bilinear.cpp): the host
 * resolved every output row and column to a ts_resize_tap (two source
 * indices and the fraction), so this is only TFLite's per-pixel blend.
 * float32: reference_ops::ResizeBilinear's four products in its order;
 * int8 / int16: ResizeBilinearInteger (weights in 1/1024, int64 sum,
 * rounded away from zero, divided by 2^20). */
#include "ts_kernels.h"

#define TS_RESIZE_PIXEL(base, b, y, x) ((base) + (((b) * ih + (y)) * iw + (x)) * ch)

void ts_resize_bilinear_f32(const ts_ctx* ctx, const ts_op_resize_bilinear* op) {
  const float* in = (const float*)ts_tensor_data(ctx, &op->input);
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  const ts_resize_tap* rows = (const ts_resize_tap*)ts_plan_data(ctx, op->rows_offset);
  const ts_resize_tap* cols = (const ts_resize_tap*)ts_plan_data(ctx, op->cols_offset);
  const int32_t ih = op->input.dims[1], iw = op->input.dims[2], ch = op->input.dims[3];
  for (int32_t b = 0; b < op->output.dims[0]; ++b)
    for (int32_t y = 0; y < op->output.dims[1]; ++y) {
      const ts_resize_tap r = rows[y];
      float fy;
      __builtin_memcpy(&fy, &r.frac, 4);
      for (int32_t x = 0; x < op->output.dims[2]; ++x) {
        const ts_resize_tap c = cols[x];
        float fx;
        __builtin_memcpy(&fx, &c.frac, 4);
        const float* p00 = TS_RESIZE_PIXEL(in, b, r.lo, c.lo);
        const float* p10 = TS_RESIZE_PIXEL(in, b, r.hi, c.lo);
        const float* p01 = TS_RESIZE_PIXEL(in, b, r.lo, c.hi);
        const float* p11 = TS_RESIZE_PIXEL(in, b, r.hi, c.hi);
        for (int32_t k = 0; k < ch; ++k)
          *out++ = p00[k] * (1 - fy) * (1 - fx) + p10[k] * fy * (1 - fx) + p01[k] * (1 - fy) * fx + p11[k] * fy * fx;
      }
    }
}

/* The integer blend for element type T (int8_t or int16_t). */
#define TS_RESIZE_INTEGER(T)                                                                             \
  const T* in = (const T*)ts_tensor_data(ctx, &op->input);                                               \
  T* out = (T*)ts_tensor_data(ctx, &op->output);                                                         \
  const ts_resize_tap* rows = (const ts_resize_tap*)ts_plan_data(ctx, op->rows_offset);                  \
  const ts_resize_tap* cols = (const ts_resize_tap*)ts_plan_data(ctx, op->cols_offset);                  \
  const int32_t ih = op->input.dims[1], iw = op->input.dims[2], ch = op->input.dims[3];                  \
  for (int32_t b = 0; b < op->output.dims[0]; ++b)                                                       \
    for (int32_t y = 0; y < op->output.dims[1]; ++y) {                                                   \
      const ts_resize_tap r = rows[y];                                                                   \
      const int32_t wy = r.frac, vy = 1024 - r.frac;                                                     \
      for (int32_t x = 0; x < op->output.dims[2]; ++x) {                                                 \
        const ts_resize_tap c = cols[x];                                                                 \
        const int32_t wx = c.frac, vx = 1024 - c.frac;                                                   \
        /* the four weights in 1/2^20 (each product fits int32: |w| <= 2^11) */                          \
        const int32_t w00 = vy * vx, w10 = wy * vx, w01 = vy * wx, w11 = wy * wx;                        \
        const T* p00 = TS_RESIZE_PIXEL(in, b, r.lo, c.lo);                                               \
        const T* p10 = TS_RESIZE_PIXEL(in, b, r.hi, c.lo);                                               \
        const T* p01 = TS_RESIZE_PIXEL(in, b, r.lo, c.hi);                                               \
        const T* p11 = TS_RESIZE_PIXEL(in, b, r.hi, c.hi);                                               \
        for (int32_t k = 0; k < ch; ++k) {                                                               \
          const int64_t sum = (int64_t)p00[k] * w00 + (int64_t)p10[k] * w10 + (int64_t)p01[k] * w01 +    \
                              (int64_t)p11[k] * w11;                                                     \
          const int64_t round = sum > 0 ? (1 << 19) : -(1 << 19);                                        \
          *out++ = (T)((sum + round) / (1 << 20));                                                       \
        }                                                                                                \
      }                                                                                                  \
    }

void ts_resize_bilinear_s8(const ts_ctx* ctx, const ts_op_resize_bilinear* op) { TS_RESIZE_INTEGER(int8_t) }

void ts_resize_bilinear_s16(const ts_ctx* ctx, const ts_op_resize_bilinear* op) { TS_RESIZE_INTEGER(int16_t) }
