/* Kernel entry points: one op family a file under kernels/, named like
 * CMSIS-NN's. Each takes the plan record in flash and the run context. */
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

void ts_conv_s8(const ts_ctx* ctx, const ts_op_conv* op);
void ts_depthwise_conv_s8(const ts_ctx* ctx, const ts_op_conv* op);
void ts_fully_connected_s8(const ts_ctx* ctx, const ts_op_fc* op);
void ts_avgpool_s8(const ts_ctx* ctx, const ts_op_pool* op);
void ts_maxpool_s8(const ts_ctx* ctx, const ts_op_pool* op);
void ts_add_s8(const ts_ctx* ctx, const ts_op_binary* op);
void ts_mul_s8(const ts_ctx* ctx, const ts_op_binary* op);
void ts_softmax_s8(const ts_ctx* ctx, const ts_op_softmax* op);
void ts_mean_s8(const ts_ctx* ctx, const ts_op_mean* op);
void ts_conv_sparse_s8(const ts_ctx* ctx, const ts_op_conv* op);
void ts_fully_connected_sparse_s8(const ts_ctx* ctx, const ts_op_fc* op);
void ts_lut_s8(const ts_ctx* ctx, const ts_op_lut* op);
void ts_quantize_f32_s8(const ts_ctx* ctx, const ts_op_quant* op);
void ts_dequantize_s8_f32(const ts_ctx* ctx, const ts_op_quant* op);
void ts_requantize_s8(const ts_ctx* ctx, const ts_op_quant* op);
void ts_copy(const ts_ctx* ctx, const ts_op_copy* op);
void ts_pad(const ts_ctx* ctx, const ts_op_pad* op);
void ts_concat(const ts_ctx* ctx, const ts_op_concat* op);

void ts_conv_s16(const ts_ctx* ctx, const ts_op_conv* op);
void ts_add_s16(const ts_ctx* ctx, const ts_op_binary* op);

void ts_conv_f32(const ts_ctx* ctx, const ts_op_conv* op);
void ts_depthwise_conv_f32(const ts_ctx* ctx, const ts_op_conv* op);
void ts_fully_connected_f32(const ts_ctx* ctx, const ts_op_fc* op);
void ts_avgpool_f32(const ts_ctx* ctx, const ts_op_pool* op);
void ts_maxpool_f32(const ts_ctx* ctx, const ts_op_pool* op);
void ts_add_f32(const ts_ctx* ctx, const ts_op_binary* op);
void ts_mul_f32(const ts_ctx* ctx, const ts_op_binary* op);
void ts_softmax_f32(const ts_ctx* ctx, const ts_op_softmax* op);
void ts_mean_f32(const ts_ctx* ctx, const ts_op_mean* op);
void ts_unary_f32(const ts_ctx* ctx, const ts_op_unary* op);

#endif
