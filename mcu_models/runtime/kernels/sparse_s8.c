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

static inline int8_t rq(int32_t acc, int32_t mult, int32_t shift, const ts_quant* q) {
  return (int8_t)ts_clamp(ts_requant(acc, mult, shift) + q->output_offset, q->act_min, q->act_max);
}

static inline int ctz32(uint32_t v) { return __builtin_ctz(v); /* RBIT + CLZ on the M4 */ }

/* One output channel for two input columns a and b (may be the same). */
__attribute__((section(".text.ts_hot_sparse")))
static inline void row2(const uint32_t* bm, int words, const int8_t** values, const int8_t* a, const int8_t* b,
                        int32_t* acc_a, int32_t* acc_b) {
  const int8_t* v = *values;
  int32_t sa = *acc_a, sb = *acc_b;
  for (int i = 0; i < words; ++i) {
    uint32_t bits = bm[i];
    const int8_t* pa = a + 32 * i;
    const int8_t* pb = b + 32 * i;
    while (bits) {
      const int k = ctz32(bits);
      bits &= bits - 1;
      const int32_t wv = *v++;
      sa += wv * pa[k];
      sb += wv * pb[k];
    }
  }
  *values = v;
  *acc_a = sa;
  *acc_b = sb;
}

static void gather(const int8_t* in, int in_h, int in_w, int cin, const ts_geometry* g, int oy, int ox,
                   int8_t pad_val, int8_t* col) {
  const int iy0 = oy * g->stride_h - g->pad_h, ix0 = ox * g->stride_w - g->pad_w;
  for (int fy = 0; fy < g->filter_h; ++fy) {
    const int iy = iy0 + fy * g->dilation_h;
    for (int fx = 0; fx < g->filter_w; ++fx) {
      const int ix = ix0 + fx * g->dilation_w;
      if (iy < 0 || iy >= in_h || ix < 0 || ix >= in_w)
        memset(col, pad_val, (size_t)cin);
      else
        memcpy(col, in + ((size_t)iy * in_w + ix) * cin, (size_t)cin);
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
  /* scratch: two int8 columns of K bytes (the bitmap's bits stop at K) */
  int8_t* col_a = (int8_t*)(ctx->arena + op->scratch_offset);
  int8_t* col_b = col_a + ((K + 3) & ~3);
  const int pixels = out_h * out_w;
  for (int b = 0; b < batches; ++b) {
    const int8_t* in_b = in + (size_t)b * in_h * in_w * cin;
    int8_t* out_b = out + (size_t)b * pixels * cout;
    for (int p = 0; p < pixels; p += 2) {
      const int pb = p + 1 < pixels ? p + 1 : p;
      const int8_t* sa = col_a;
      const int8_t* sb = col_b;
      if (direct) {
        sa = in_b + (size_t)p * cin;
        sb = in_b + (size_t)pb * cin;
      } else {
        gather(in_b, in_h, in_w, cin, g, p / out_w, p % out_w, pad_val, col_a);
        gather(in_b, in_h, in_w, cin, g, pb / out_w, pb % out_w, pad_val, col_b);
      }
      const int8_t* values = values0;
      for (int oc = 0; oc < cout; ++oc) {
        int32_t acc_a = bias[oc], acc_b = bias[oc];
        row2(bitmap + (size_t)oc * words, words, &values, sa, sb, &acc_a, &acc_b);
        out_b[(size_t)p * cout + oc] = rq(acc_a, mult[oc * ms], shift[oc * ms], &op->q);
        out_b[(size_t)pb * cout + oc] = rq(acc_b, mult[oc * ms], shift[oc * ms], &op->q);
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
  const int words = (int)sh->words_per_row;
  const int ms = op->q.per_channel ? 1 : 0;
  for (int b = 0; b < op->batches; ++b) {
    const int8_t* x = in + (size_t)b * D;
    const int8_t* values = values0;
    for (int u = 0; u < U; ++u) {
      int32_t acc = bias[u], dummy = 0;
      row2(bitmap + (size_t)u * words, words, &values, x, x, &acc, &dummy);
      out[(size_t)b * U + u] = rq(acc, mult[u * ms], shift[u * ms], &op->q);
    }
  }
}
