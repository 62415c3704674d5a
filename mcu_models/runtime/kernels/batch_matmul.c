/* BATCH_MATMUL float32, int8, int16 (core/ops/batch_matmul.cpp resolved
 * broadcasting and adj_x / adj_y to batch strides and per-matrix strides):
 * out[b][a][c] = sum over k ascending of (L[a][k] - zl) * (R[k][c] - zr),
 * TFLM's reference_ops::BatchMatMul result read in place instead of from
 * transposed copies. int8 sums in int32, int16 in int64 with the 64-bit
 * MultiplyByQuantizedMultiplier; float sums keep TFLM's order. */
#include "ts_fixed_point.h"
#include "ts_kernels.h"

/* Calls BODY once per output with o (output index), li (LHS offset of the
 * row), ri (RHS offset of the column). */
#define TS_BMM_FOR_EACH_OUTPUT(op, BODY)                                                      \
  do {                                                                                       \
    int32_t o = 0;                                                                           \
    for (int32_t b0 = 0; b0 < (op)->batch[0]; ++b0)                                          \
      for (int32_t b1 = 0; b1 < (op)->batch[1]; ++b1)                                        \
        for (int32_t b2 = 0; b2 < (op)->batch[2]; ++b2) {                                    \
          const int32_t lb = b0 * (op)->lhs_batch_stride[0] + b1 * (op)->lhs_batch_stride[1] + \
                             b2 * (op)->lhs_batch_stride[2];                                 \
          const int32_t rb = b0 * (op)->rhs_batch_stride[0] + b1 * (op)->rhs_batch_stride[1] + \
                             b2 * (op)->rhs_batch_stride[2];                                 \
          for (int32_t a = 0; a < (op)->rows; ++a)                                           \
            for (int32_t c = 0; c < (op)->cols; ++c, ++o) {                                  \
              const int32_t li = lb + a * (op)->lhs_row_stride;                              \
              const int32_t ri = rb + c * (op)->rhs_col_stride;                              \
              BODY                                                                           \
            }                                                                                \
        }                                                                                    \
  } while (0)

void ts_batch_matmul_f32(const ts_ctx* ctx, const ts_op_batch_matmul* op) {
  const float* l = (const float*)ts_tensor_data(ctx, &op->lhs);
  const float* r = (const float*)ts_tensor_data(ctx, &op->rhs);
  float* out = (float*)ts_tensor_data(ctx, &op->output);
  const int32_t ls = op->lhs_depth_stride, rs = op->rhs_depth_stride, depth = op->depth;
  TS_BMM_FOR_EACH_OUTPUT(op, {
    const float* lp = l + li;
    const float* rp = r + ri;
    float total = 0.f;
    for (int32_t k = 0; k < depth; ++k, lp += ls, rp += rs) total += *rp * *lp;
    out[o] = total;
  });
}

/* The integer kernels: T the element, ACC the sum (int32 for int8, int64
 * for int16), REQUANT TFLite's MultiplyByQuantizedMultiplier of that width,
 * LO / RO the operand offsets (int16: the constant 0, folded away). */
#define TS_BMM_INTEGER(T, ACC, REQUANT, LO, RO)                                                    \
  const T* l = (const T*)ts_tensor_data(ctx, &op->lhs);                                            \
  const T* r = (const T*)ts_tensor_data(ctx, &op->rhs);                                            \
  T* out = (T*)ts_tensor_data(ctx, &op->output);                                                   \
  const int32_t ls = op->lhs_depth_stride, rs = op->rhs_depth_stride, depth = op->depth;           \
  const int32_t lo = (LO), ro = (RO);                                                              \
  TS_BMM_FOR_EACH_OUTPUT(op, {                                                                     \
    const T* lp = l + li;                                                                          \
    const T* rp = r + ri;                                                                          \
    ACC total = 0;                                                                                 \
    for (int32_t k = 0; k < depth; ++k, lp += ls, rp += rs)                                        \
      total += (ACC)(((int32_t)*rp + ro) * ((int32_t)*lp + lo));                                   \
    out[o] = (T)ts_clamp(REQUANT(total, op->multiplier, op->shift) + op->output_offset, op->act_min, \
                         op->act_max);                                                             \
  })

void ts_batch_matmul_s8(const ts_ctx* ctx, const ts_op_batch_matmul* op) {
  TS_BMM_INTEGER(int8_t, int32_t, ts_multiply_by_quantized_multiplier, op->lhs_offset, op->rhs_offset);
}

/* int16: zero points are 0 (checked on the host), each product fits int32. */
void ts_batch_matmul_s16(const ts_ctx* ctx, const ts_op_batch_matmul* op) {
  TS_BMM_INTEGER(int16_t, int64_t, ts_multiply_by_quantized_multiplier_64, 0, 0);
}
