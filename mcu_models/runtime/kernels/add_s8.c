/* ADD int8, TFLite reference arithmetic (inputs rescaled with left_shift 20,
 * summed, then requantized to the output).
 *
 * When the two input rescalings have a shift <= 0 and the output
 * requantization a right shift (ts_requant_fused.h; TFLite's input
 * multipliers are below one, so this is the usual case), each of the three
 * is one SMLAL in the fused
 * form, made once per call, and the output offset rides in the output's
 * constant: no per-element shift-and-round sequences. Otherwise the
 * reference functions. */
#include "ts_broadcast.h"
#include "ts_fixed_point.h"
#include "ts_kernels.h"
#include "ts_requant_fused.h"

static inline int8_t add_one(const ts_op_binary* op, int32_t x1, int32_t x2) {
  const int32_t s1 = ts_multiply_by_quantized_multiplier_smaller_than_one_exp(
      ts_shl_wrap(x1 + op->input1_offset, op->left_shift), op->input1_multiplier, op->input1_shift);
  const int32_t s2 = ts_multiply_by_quantized_multiplier_smaller_than_one_exp(
      ts_shl_wrap(x2 + op->input2_offset, op->left_shift), op->input2_multiplier, op->input2_shift);
  const int32_t raw = ts_mbqm(ts_add_wrap(s1, s2), op->output_multiplier, op->output_shift) + op->output_offset;
  return (int8_t)ts_clamp(raw, op->act_min, op->act_max);
}

/* The per-call constants in one local struct: the int8 output stores may
 * alias anything, so fields read through op would be reloaded per element. */
typedef struct {
  ts_rq in1, in2, out;
  int32_t off1, off2, left_shift, lo, hi;
  int32_t out_off; /* the output offset when it could not ride in out's constant */
} add_fused;

static inline int8_t add_one_fused(const add_fused* f, int32_t x1, int32_t x2) {
  const int32_t s1 = ts_rq_apply_any(ts_shl_wrap(x1 + f->off1, f->left_shift), &f->in1);
  const int32_t s2 = ts_rq_apply_any(ts_shl_wrap(x2 + f->off2, f->left_shift), &f->in2);
  return (int8_t)ts_clamp(ts_rq_apply(ts_add_wrap(s1, s2), &f->out) + f->out_off, f->lo, f->hi);
}

/* Same shapes: a flat loop with the constants in registers. */
static void add_flat_fused(const add_fused* fp, const int8_t* a, const int8_t* b, int8_t* out, int32_t n) {
  const add_fused f = *fp;
  for (int32_t i = 0; i < n; ++i) out[i] = add_one_fused(&f, a[i], b[i]);
}

void ts_add_s8(const ts_ctx* ctx, const ts_op_binary* op) {
  const int8_t* a = (const int8_t*)ts_tensor_data(ctx, &op->in1);
  const int8_t* b = (const int8_t*)ts_tensor_data(ctx, &op->in2);
  int8_t* out = (int8_t*)ts_tensor_data(ctx, &op->output);
  add_fused f;
  /* the output's shift is large (the inputs were scaled up by 2^20), so its
   * offset may have to be added after the shift instead of in the constant */
  f.out_off = 0;
  int out_ok = ts_rq_make(op->output_multiplier, op->output_shift, op->output_offset, &f.out);
  if (!out_ok) {
    out_ok = ts_rq_make(op->output_multiplier, op->output_shift, 0, &f.out);
    f.out_off = op->output_offset;
  }
  const int fused = ts_rq_make_any(op->input1_multiplier, op->input1_shift, 0, &f.in1) &&
                    ts_rq_make_any(op->input2_multiplier, op->input2_shift, 0, &f.in2) && out_ok;
  f.off1 = op->input1_offset;
  f.off2 = op->input2_offset;
  f.left_shift = op->left_shift;
  f.lo = op->act_min;
  f.hi = op->act_max;
  if (!op->broadcast) {
    const int32_t n = ts_elements(&op->output);
    if (fused)
      add_flat_fused(&f, a, b, out, n);
    else
      for (int32_t i = 0; i < n; ++i) out[i] = add_one(op, a[i], b[i]);
    return;
  }
  if (fused)
    TS_BROADCAST_4D(&op->in1, &op->in2, &op->output, out[io] = add_one_fused(&f, a[i1], b[i2]));
  else
    TS_BROADCAST_4D(&op->in1, &op->in2, &op->output, out[io] = add_one(op, a[i1], b[i2]));
}
