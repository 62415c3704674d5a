/* AVERAGE_POOL_2D / MAX_POOL_2D int8 and int16, TFLite reference arithmetic
 * (reference_integer_ops::AveragePool / MaxPool: the average rounds half away
 * from zero over the in-bounds window; one loop, instantiated per type). */
#include "ts_kernels.h"

#define POOL_LOOP(T, BODY_INIT, BODY_ACC, BODY_OUT)                                      \
  const T* in = (const T*)ts_tensor_data(ctx, &op->input);                              \
  T* out = (T*)ts_tensor_data(ctx, &op->output);                                        \
  const ts_geometry* g = &op->g;                                                        \
  const int batches = op->input.dims[0], in_h = op->input.dims[1], in_w = op->input.dims[2]; \
  const int C = op->input.dims[3];                                                      \
  const int out_h = op->output.dims[1], out_w = op->output.dims[2];                     \
  for (int b = 0; b < batches; ++b)                                                     \
    for (int oy = 0; oy < out_h; ++oy)                                                  \
      for (int ox = 0; ox < out_w; ++ox) {                                              \
        const int iy0 = oy * g->stride_h - g->pad_h, ix0 = ox * g->stride_w - g->pad_w; \
        const int fy0 = iy0 < 0 ? -iy0 : 0, fx0 = ix0 < 0 ? -ix0 : 0;                   \
        const int fy1 = in_h - iy0 < g->filter_h ? in_h - iy0 : g->filter_h;            \
        const int fx1 = in_w - ix0 < g->filter_w ? in_w - ix0 : g->filter_w;            \
        T* o = out + (((size_t)b * out_h + oy) * out_w + ox) * C;                       \
        for (int c = 0; c < C; ++c) {                                                   \
          BODY_INIT;                                                                    \
          for (int fy = fy0; fy < fy1; ++fy)                                            \
            for (int fx = fx0; fx < fx1; ++fx) {                                        \
              const int32_t v = in[(((size_t)b * in_h + iy0 + fy) * in_w + ix0 + fx) * C + c]; \
              BODY_ACC;                                                                 \
            }                                                                           \
          BODY_OUT;                                                                     \
        }                                                                               \
      }

#define AVGPOOL(T)                                                                      \
  POOL_LOOP(T, int32_t sum = 0; int32_t count = 0, sum += v; ++count, {                 \
    if (count == 0) count = 1;                                                          \
    int32_t avg = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;      \
    avg = avg < op->act_min ? op->act_min : (avg > op->act_max ? op->act_max : avg);    \
    o[c] = (T)avg;                                                                      \
  })

#define MAXPOOL(T, LOWEST)                                                              \
  POOL_LOOP(T, int32_t m = LOWEST, if (v > m) m = v, {                                  \
    m = m < op->act_min ? op->act_min : (m > op->act_max ? op->act_max : m);            \
    o[c] = (T)m;                                                                        \
  })

void ts_avgpool_s8(const ts_ctx* ctx, const ts_op_pool* op) { AVGPOOL(int8_t) }
void ts_maxpool_s8(const ts_ctx* ctx, const ts_op_pool* op) { MAXPOOL(int8_t, -128) }
void ts_avgpool_s16(const ts_ctx* ctx, const ts_op_pool* op) { AVGPOOL(int16_t) }
void ts_maxpool_s16(const ts_ctx* ctx, const ts_op_pool* op) { MAXPOOL(int16_t, -32768) }
