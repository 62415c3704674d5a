/* MAXIMUM / MINIMUM float32, int8, int16: TFLM compares the stored values
 * (inputs and output share one quantization), with 4-D broadcasting. */
#include "ts_broadcast.h"
#include "ts_kernels.h"

#define TS_MINMAX_LOOP(T, CMP)                                                         \
  const T* a = (const T*)ts_tensor_data(ctx, &op->in1);                                \
  const T* b = (const T*)ts_tensor_data(ctx, &op->in2);                                \
  T* out = (T*)ts_tensor_data(ctx, &op->output);                                       \
  if (!op->broadcast) {                                                                \
    const int32_t n = ts_elements(&op->output);                                        \
    for (int32_t i = 0; i < n; ++i) out[i] = a[i] CMP b[i] ? a[i] : b[i];              \
    return;                                                                            \
  }                                                                                    \
  TS_BROADCAST_4D(&op->in1, &op->in2, &op->output, out[io] = a[i1] CMP b[i2] ? a[i1] : b[i2])

void ts_maximum_s8(const ts_ctx* ctx, const ts_op_binary* op) { TS_MINMAX_LOOP(int8_t, >); }
void ts_minimum_s8(const ts_ctx* ctx, const ts_op_binary* op) { TS_MINMAX_LOOP(int8_t, <); }
void ts_maximum_s16(const ts_ctx* ctx, const ts_op_binary* op) { TS_MINMAX_LOOP(int16_t, >); }
void ts_minimum_s16(const ts_ctx* ctx, const ts_op_binary* op) { TS_MINMAX_LOOP(int16_t, <); }
void ts_maximum_f32(const ts_ctx* ctx, const ts_op_binary* op) { TS_MINMAX_LOOP(float, >); }
void ts_minimum_f32(const ts_ctx* ctx, const ts_op_binary* op) { TS_MINMAX_LOOP(float, <); }
