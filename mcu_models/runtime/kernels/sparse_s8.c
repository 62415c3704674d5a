/* Sparse int8 CONV_2D and FULLY_CONNECTED (weights stored as a bitmap plus
 * the non-zero values, see ts_sparse_header): only the non-zero weights are
 * read and multiplied. Same integer sums as the dense kernels (zeros add
 * nothing; the input zero point goes through the folded bias), so the
 * outputs are the host's bit for bit. Plain C: both firmware builds carry
 * it, since a sparse plan has no dense copy of the weights. */
#include <string.h>

#include "ts_fixed_point.h"
#include "ts_kernels.h"
#include "ts_requant.h"

/* off/lo/hi are passed by value: int8 output stores may alias the op, so
 * reading them through the ts_quant pointer would reload them every output. */
static inline int8_t rq(int32_t acc, int32_t mult, int32_t shift, int32_t off, int32_t lo, int32_t hi) {
  return (int8_t)ts_clamp(ts_requant(acc, mult, shift) + off, lo, hi);
}

static inline int ctz32(uint32_t v) { return __builtin_ctz(v); /* RBIT + CLZ on the M4 */ }

/* One output channel for four input columns (some may repeat): each
 * non-zero weight is located and loaded once and used for four MACs. */
__attribute__((section(".text.ts_hot_sparse")))
static inline void row4(const uint32_t* bm, int words, const int8_t** values, const int8_t* const* cols,
                        int32_t* acc) {
  const int8_t* v = *values;
  int32_t s0 = acc[0], s1 = acc[1], s2 = acc[2], s3 = acc[3];
  const int8_t* p0 = cols[0];
  const int8_t* p1 = cols[1];
  const int8_t* p2 = cols[2];
  const int8_t* p3 = cols[3];
  for (int i = 0; i < words; ++i) {
    uint32_t bits = bm[i];
    while (bits) {
      const int k = ctz32(bits);
      bits &= bits - 1;
      const int32_t wv = *v++;
      s0 += wv * p0[k];
      s1 += wv * p1[k];
      s2 += wv * p2[k];
      s3 += wv * p3[k];
    }
    p0 += 32;
    p1 += 32;
    p2 += 32;
    p3 += 32;
  }
  *values = v;
  acc[0] = s0;
  acc[1] = s1;
  acc[2] = s2;
  acc[3] = s3;
}

/* One output channel for one input vector (fully connected). */
__attribute__((section(".text.ts_hot_sparse")))
static inline int32_t row1(const uint32_t* bm, int words, const int8_t** values, const int8_t* x, int32_t acc) {
  const int8_t* v = *values;
  for (int i = 0; i < words; ++i) {
    uint32_t bits = bm[i];
    while (bits) {
      const int k = ctz32(bits);
      bits &= bits - 1;
      acc += (int32_t)*v++ * x[k];
    }
    x += 32;
  }
  *values = v;
  return acc;
}

/* The K = fh*fw*cin input values of one output pixel (padding = input zero
 * point), copying contiguous runs of fw*cin bytes where the window is inside. */
static void gather(const int8_t* in, int in_h, int in_w, int cin, const ts_geometry* g, int oy, int ox,
                   int8_t pad_val, int8_t* col) {
  const int iy0 = oy * g->stride_h - g->pad_h, ix0 = ox * g->stride_w - g->pad_w;
  const int row_bytes = g->filter_w * cin;
  const int x_inside = ix0 >= 0 && ix0 + (g->filter_w - 1) * g->dilation_w < in_w;
  for (int fy = 0; fy < g->filter_h; ++fy) {
    const int iy = iy0 + fy * g->dilation_h;
    if (iy < 0 || iy >= in_h) {
      for (int k = 0; k < row_bytes; ++k) col[k] = pad_val;
      col += row_bytes;
      continue;
    }
    const int8_t* row = in + (size_t)iy * in_w * cin;
    if (x_inside && g->dilation_w == 1) {
      const int8_t* src = row + (size_t)ix0 * cin;
      for (int k = 0; k < row_bytes; ++k) col[k] = src[k];
      col += row_bytes;
      continue;
    }
    for (int fx = 0; fx < g->filter_w; ++fx) {
      const int ix = ix0 + fx * g->dilation_w;
      if (ix < 0 || ix >= in_w)
        for (int k = 0; k < cin; ++k) col[k] = pad_val;
      else
        for (int k = 0; k < cin; ++k) col[k] = row[(size_t)ix * cin + k];
      col += cin;
    }
  }
}

void ts_conv_sparse_s8(const ts_ctx* ctx, const ts_op_conv* op) {
  const int8_t* in = (const int8_t*)ts_tensor_data(ctx, &op->input);
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  const ts_sparse_header* sh = (const ts_sparse_header*)ts_plan_data(ctx, op->sparse_offset);
  const uint32_t* bitmap = (const uint32_t*)(sh + 1);
  const int8_t* values0 = (const int8_t*)ts_plan_data(ctx, sh->values_offset);
  const int32_t* bias = (const int32_t*)ts_plan_data(ctx, op->folded_bias_offset);
  const int32_t* mult = (const int32_t*)ts_plan_data(ctx, op->q.multiplier_offset);
  const int32_t* shift = (const int32_t*)ts_plan_data(ctx, op->q.shift_offset);
  const ts_geometry* g = &op->g;
  const int batches = op->input.dims[0], in_h = op->input.dims[1], in_w = op->input.dims[2];
  const int cin = op->input.dims[3];
  const int out_h = op->output.dims[1], out_w = op->output.dims[2], cout = op->output.dims[3];
  const int K = g->filter_h * g->filter_w * cin;
  const int direct = g->filter_h == 1 && g->filter_w == 1 && g->stride_h == 1 && g->stride_w == 1 &&
                     g->pad_h == 0 && g->pad_w == 0;
  const int words = (int)sh->words_per_row;
  const int ms = op->q.per_channel ? 1 : 0;
  const int8_t pad_val = (int8_t)(-op->q.input_offset);
  const int32_t off = op->q.output_offset, lo = op->q.act_min, hi = op->q.act_max;
  /* scratch: four int8 columns of K bytes (the bitmap's bits stop at K) */
  const int k_pad = (K + 3) & ~3;
  int8_t* col0 = (int8_t*)(ctx->arena + op->scratch_offset);
  const int pixels = out_h * out_w;
  for (int b = 0; b < batches; ++b) {
    const int8_t* in_b = in + (size_t)b * in_h * in_w * cin;
    int8_t* out_b = out + (size_t)b * pixels * cout;
    for (int p = 0; p < pixels; p += 4) {
      const int8_t* cols[4];
      int8_t* outs[4];
      for (int j = 0; j < 4; ++j) {
        const int pj = p + j < pixels ? p + j : pixels - 1; /* tail: the last pixel again */
        outs[j] = out_b + (size_t)pj * cout;
        if (direct) {
          cols[j] = in_b + (size_t)pj * cin;
        } else {
          int8_t* c = col0 + (size_t)j * k_pad;
          if (pj != p + j) {
            cols[j] = cols[j - 1];
            continue;
          }
          gather(in_b, in_h, in_w, cin, g, pj / out_w, pj % out_w, pad_val, c);
          cols[j] = c;
        }
      }
      const int8_t* values = values0;
      for (int oc = 0; oc < cout; ++oc) {
        int32_t acc[4] = {bias[oc], bias[oc], bias[oc], bias[oc]};
        row4(bitmap + (size_t)oc * words, words, &values, cols, acc);
        const int32_t m = mult[oc * ms], sh = shift[oc * ms];
        outs[3][oc] = rq(acc[3], m, sh, off, lo, hi);
        outs[2][oc] = rq(acc[2], m, sh, off, lo, hi);
        outs[1][oc] = rq(acc[1], m, sh, off, lo, hi);
        outs[0][oc] = rq(acc[0], m, sh, off, lo, hi);
      }
    }
  }
}

void ts_fully_connected_sparse_s8(const ts_ctx* ctx, const ts_op_fc* op) {
  const int8_t* in = (const int8_t*)ts_tensor_data(ctx, &op->input);
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  const ts_sparse_header* sh = (const ts_sparse_header*)ts_plan_data(ctx, op->sparse_offset);
  const uint32_t* bitmap = (const uint32_t*)(sh + 1);
  const int8_t* values0 = (const int8_t*)ts_plan_data(ctx, sh->values_offset);
  const int32_t* bias = (const int32_t*)ts_plan_data(ctx, op->folded_bias_offset);
  const int32_t* mult = (const int32_t*)ts_plan_data(ctx, op->q.multiplier_offset);
  const int32_t* shift = (const int32_t*)ts_plan_data(ctx, op->q.shift_offset);
  const int D = op->depth, U = op->units;
  const int32_t off = op->q.output_offset, lo = op->q.act_min, hi = op->q.act_max;
  const int words = (int)sh->words_per_row;
  const int ms = op->q.per_channel ? 1 : 0;
  for (int b = 0; b < op->batches; ++b) {
    const int8_t* x = in + (size_t)b * D;
    const int8_t* values = values0;
    for (int u = 0; u < U; ++u) {
      const int32_t acc = row1(bitmap + (size_t)u * words, words, &values, x, bias[u]);
      out[(size_t)b * U + u] = rq(acc, mult[u * ms], shift[u * ms], off, lo, hi);
    }
  }
}

/* Scratch of the sparse conv: the im2col columns of the four output pixels
 * done together, K int8 each rounded up to a word (the bitmap's bits stop at
 * K; unused by a 1x1 stride-1 conv, which reads the input in place). The
 * sparse fully connected kernel reads its input row in place: no scratch. */
uint32_t ts_conv_sparse_s8_get_buffer_size(int32_t K) { return 4u * (((uint32_t)K + 3u) & ~3u); }
