/* Kernel entry points: one op family a file under kernels/, named like
 * CMSIS-NN's. Each takes the plan record in flash and the run context. The
 * list of entries is the op table (ts_op_table.h). */
#ifndef TS_KERNELS_H
#define TS_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "tinysim_plan.h"

/* The DSP path (SMLAD on SXTB16-packed operands) is the default wherever the
 * core has the DSP extension; -DTS_PORTABLE forces the plain C path. */
#if defined(__ARM_FEATURE_DSP) && !defined(TS_PORTABLE)
#define TS_USE_DSP 1
#include <arm_acle.h>
#else
#define TS_USE_DSP 0
#endif

typedef struct {
  uint8_t* arena;
  const uint8_t* consts; /* the plan's constant data */
  uint8_t* state;        /* the plan's state area (ts_plan_header state_offset), or 0 */
} ts_ctx;

static inline void* ts_tensor_data(const ts_ctx* ctx, const ts_tensor* t) {
  return t->location == TS_IN_PLAN ? (void*)(ctx->consts + t->offset) : (void*)(ctx->arena + t->offset);
}
static inline const void* ts_plan_data(const ts_ctx* ctx, uint32_t offset) {
  return offset == TS_NO_DATA ? (const void*)0 : (const void*)(ctx->consts + offset);
}
static inline int32_t ts_elements(const ts_tensor* t) {
  return t->dims[0] * t->dims[1] * t->dims[2] * t->dims[3];
}

#ifdef __cplusplus
extern "C" {
#endif

/* A kernel found input TFLM's Invoke fails on (a GATHER index outside its
 * axis): it writes something defined instead, and ts_invoke returns
 * TS_ERR_BAD_INPUT after the last op (src/interpreter.c). */
void ts_report_bad_input(uint32_t op_index);

/* One entry per plan kind, from the op table (ts_op_table.h). */
#define TS_OP_PROTOTYPE_(kind, value, record, entry) void entry(const ts_ctx* ctx, const record* op);
TS_OP_TABLE(TS_OP_PROTOTYPE_)
#undef TS_OP_PROTOTYPE_

/* The dense and sparse (sparse_s8.c) kernels the TS_OP_CONV_S8 /
 * TS_OP_FC_S8 entries choose between by the record's sparse_offset. The
 * entries themselves are in src/interpreter.c, where gcc inlines the choice into
 * the dispatch: one call per layer, as before the op table. */
void ts_conv_dense_s8(const ts_ctx* ctx, const ts_op_conv* op);
void ts_conv_sparse_s8(const ts_ctx* ctx, const ts_op_conv* op);
void ts_fully_connected_dense_s8(const ts_ctx* ctx, const ts_op_fc* op);
void ts_fully_connected_sparse_s8(const ts_ctx* ctx, const ts_op_fc* op);

/* Scratch-size companions (as CMSIS-NN's arm_convolve_s8_get_buffer_size):
 * the bytes of arena scratch the kernel uses through the record's
 * scratch_offset, next to the kernel that uses them, compiled into the host
 * (tinysim_runtime_host) so the plan writer reserves exactly that. Each
 * file's definition says what the kernel keeps there. */
uint32_t ts_conv_s8_get_buffer_size(int32_t K);        /* K = filter_h * filter_w * in_channels */
uint32_t ts_conv_sparse_s8_get_buffer_size(int32_t K); /* the same K */
uint32_t ts_fully_connected_s8_get_buffer_size(int32_t depth);
/* LSTM: elem_bytes = 2 (int8 / int16 kinds: int16 cell state) or 4 (float) */
uint32_t ts_lstm_get_buffer_size(int32_t input_size, int32_t state_size, int32_t elem_bytes);
uint32_t ts_signal_rfft_s16_get_buffer_size(int32_t fft_len);
/* CAST's element conversion (cast.c), also the host kernel's: n elements
 * from src (ts_dtype src_type) to dst. */
void ts_cast_elements(const void* src, uint8_t src_type, void* dst, uint8_t dst_type, int32_t n);
uint32_t ts_signal_filter_bank_get_buffer_size(int32_t num_channels);

#ifdef __cplusplus
}
#endif

#endif
