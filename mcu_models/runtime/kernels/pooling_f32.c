/* AVERAGE_POOL_2D / MAX_POOL_2D float32, TFLite reference order of sums. */
#include <float.h>

#include "ts_kernels.h"

static void pool(const ts_ctx* ctx, const ts_op_pool* op, int is_max) {
  const float* in = (const float*)ts_tensor_data(ctx, &op->input);
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  const ts_geometry* g = &op->g;
  const int batches = op->input.dims[0], in_h = op->input.dims[1], in_w = op->input.dims[2];
  const int C = op->input.dims[3];
  const int out_h = op->output.dims[1], out_w = op->output.dims[2];
  for (int b = 0; b < batches; ++b)
    for (int oy = 0; oy < out_h; ++oy)
      for (int ox = 0; ox < out_w; ++ox) {
        const int iy0 = oy * g->stride_h - g->pad_h, ix0 = ox * g->stride_w - g->pad_w;
        const int fy0 = iy0 < 0 ? -iy0 : 0, fx0 = ix0 < 0 ? -ix0 : 0;
        const int fy1 = in_h - iy0 < g->filter_h ? in_h - iy0 : g->filter_h;
        const int fx1 = in_w - ix0 < g->filter_w ? in_w - ix0 : g->filter_w;
        float* o = out + (((size_t)b * out_h + oy) * out_w + ox) * C;
        for (int c = 0; c < C; ++c) {
          float acc = is_max ? -FLT_MAX : 0.f;
          int count = 0;
          for (int fy = fy0; fy < fy1; ++fy)
            for (int fx = fx0; fx < fx1; ++fx) {
              const float v = in[(((size_t)b * in_h + iy0 + fy) * in_w + ix0 + fx) * C + c];
              if (is_max) {
                if (v > acc) acc = v;
              } else {
                acc += v;
              }
              ++count;
            }
          if (!is_max) acc = count ? acc / (float)count : 0.f;
          acc = acc < op->f_act_min ? op->f_act_min : (acc > op->f_act_max ? op->f_act_max : acc);
          o[c] = acc;
        }
      }
}

void ts_avgpool_f32(const ts_ctx* ctx, const ts_op_pool* op) { pool(ctx, op, 0); }
void ts_maxpool_f32(const ts_ctx* ctx, const ts_op_pool* op) { pool(ctx, op, 1); }
