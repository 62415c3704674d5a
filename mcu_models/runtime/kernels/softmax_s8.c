/* SOFTMAX int8 -> int8 and int8 -> int16, TFLite reference arithmetic
 * (Softmax<int8_t, OutputT>; gemmlowp fixed point from the shared
 * core/common/fixed_point.h). exp() of every possible difference to the row
 * maximum (0..255) is precomputed by the host with the same functions and
 * stored in the plan, so the target only sums, takes the reciprocal and
 * scales: same integers, fewer cycles. */
#include "ts_fixed_point.h"
#include "ts_kernels.h"

/* out_bits 8 or 16: the output type's width (constant at each call site). */
static inline __attribute__((always_inline)) void softmax_rows(const ts_ctx* ctx, const ts_op_softmax* op,
                                                               int out_bits) {
  const int8_t* in = (const int8_t*)ts_tensor_data(ctx, &op->input);
  void* out = ts_tensor_data(ctx, &op->output);
  const int32_t* exp_table = (const int32_t*)ts_plan_data(ctx, op->exp_table_offset);
  const int32_t lo = out_bits == 16 ? -32768 : -128, hi = out_bits == 16 ? 32767 : 127;
  const int depth = op->input.dims[3];
  const int rows = ts_elements(&op->input) / depth;
  for (int r = 0; r < rows; ++r) {
    const int8_t* x = in + (size_t)r * depth;
    int32_t max_in_row = -128;
    for (int c = 0; c < depth; ++c)
      if (x[c] > max_in_row) max_in_row = x[c];
    int32_t sum_of_exps = 0; /* 12 integer bits */
    for (int c = 0; c < depth; ++c) {
      const int32_t diff = x[c] - max_in_row;
      if (diff >= op->diff_min) sum_of_exps = ts_add_wrap(sum_of_exps, ts_rounding_divide_by_pot(exp_table[-diff], 12));
    }
    int num_bits_over_unit;
    const int32_t shifted_scale = ts_get_reciprocal(sum_of_exps, 12, &num_bits_over_unit);
    for (int c = 0; c < depth; ++c) {
      const int32_t diff = x[c] - max_in_row;
      int32_t v = lo;
      if (diff >= op->diff_min) {
        const int32_t unsat = ts_rounding_divide_by_pot(
            ts_sat_rounding_doubling_high_mul(shifted_scale, exp_table[-diff]), num_bits_over_unit + 31 - out_bits);
        v = ts_clamp(unsat + op->output_offset, lo, hi);
      }
      if (out_bits == 16) ((int16_t*)out)[(size_t)r * depth + c] = (int16_t)v;
      else ((int8_t*)out)[(size_t)r * depth + c] = (int8_t)v;
    }
  }
}

void ts_softmax_s8(const ts_ctx* ctx, const ts_op_softmax* op) { softmax_rows(ctx, op, 8); }

void ts_softmax_s8_s16(const ts_ctx* ctx, const ts_op_softmax* op) { softmax_rows(ctx, op, 16); }
