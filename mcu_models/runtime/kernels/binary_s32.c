/* ADD / MUL / DIV / MAXIMUM / MINIMUM on plain int32 (no quantization, as
 * TFLM's int32 paths: the fused activation clamps in act_min / act_max) and
 * DIV float32. Sums and products wrap (uint32 arithmetic, the bits TFLM's
 * int32 gets on gcc); x / 0 is 0 and INT32_MIN / -1 is INT32_MIN, what the
 * Cortex-M4's SDIV gives (TFLite refuses a zero divisor at run time). */
#include "ts_broadcast.h"
#include "ts_kernels.h"

static inline int32_t clamp32(int32_t v, const ts_op_binary* op) {
  return v < op->act_min ? op->act_min : (v > op->act_max ? op->act_max : v);
}
static inline int32_t add32(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static inline int32_t mul32(int32_t a, int32_t b) { return (int32_t)((uint32_t)a * (uint32_t)b); }
static inline int32_t div32(int32_t a, int32_t b) {
  if (b == 0) return 0;
  if (b == -1) return (int32_t)(0u - (uint32_t)a);
  return a / b;
}

static inline int32_t add_op(int32_t x, int32_t y, const ts_op_binary* op) { return clamp32(add32(x, y), op); }
static inline int32_t mul_op(int32_t x, int32_t y, const ts_op_binary* op) { return clamp32(mul32(x, y), op); }
static inline int32_t div_op(int32_t x, int32_t y, const ts_op_binary* op) { return clamp32(div32(x, y), op); }
static inline int32_t max_op(int32_t x, int32_t y, const ts_op_binary* op) { (void)op; return x > y ? x : y; }
static inline int32_t min_op(int32_t x, int32_t y, const ts_op_binary* op) { (void)op; return x < y ? x : y; }
static inline float clampf(float v, const ts_op_binary* op) {
  return v < op->f_act_min ? op->f_act_min : (v > op->f_act_max ? op->f_act_max : v);
}
static inline float div_f32(float x, float y, const ts_op_binary* op) { return clampf(x / y, op); }

#define TS_PLAIN_LOOP(T, FN)                                                   \
  const T* a = (const T*)ts_tensor_data(ctx, &op->in1);                        \
  const T* b = (const T*)ts_tensor_data(ctx, &op->in2);                        \
  T* out = (T*)ts_tensor_data(ctx, &op->output);                               \
  if (!op->broadcast) {                                                        \
    const int32_t n = ts_elements(&op->output);                                \
    for (int32_t i = 0; i < n; ++i) out[i] = FN(a[i], b[i], op);               \
    return;                                                                    \
  }                                                                            \
  TS_BROADCAST_4D(&op->in1, &op->in2, &op->output, out[io] = FN(a[i1], b[i2], op))

void ts_add_s32(const ts_ctx* ctx, const ts_op_binary* op) { TS_PLAIN_LOOP(int32_t, add_op); }
void ts_mul_s32(const ts_ctx* ctx, const ts_op_binary* op) { TS_PLAIN_LOOP(int32_t, mul_op); }
void ts_div_s32(const ts_ctx* ctx, const ts_op_binary* op) { TS_PLAIN_LOOP(int32_t, div_op); }
void ts_maximum_s32(const ts_ctx* ctx, const ts_op_binary* op) { TS_PLAIN_LOOP(int32_t, max_op); }
void ts_minimum_s32(const ts_ctx* ctx, const ts_op_binary* op) { TS_PLAIN_LOOP(int32_t, min_op); }
void ts_div_f32(const ts_ctx* ctx, const ts_op_binary* op) { TS_PLAIN_LOOP(float, div_f32); }
