/* The plan interpreter: validates the plan the host put after the image,
 * then runs its ops in order, each bracketed by a layer marker. */
#include "tinysim_plan.h"
#include "ts_kernels.h"
#include "ts_runtime.h"

extern const uint8_t __tinysim_plan_start[];
extern uint8_t __tinysim_arena_start[];

static int run_op(const ts_ctx* ctx, const ts_op_common* op) {
  switch (op->kind) {
    case TS_OP_CONV_S8:
      if (((const ts_op_conv*)op)->sparse_offset != TS_NO_DATA)
        ts_conv_sparse_s8(ctx, (const ts_op_conv*)op);
      else
        ts_conv_s8(ctx, (const ts_op_conv*)op);
      break;
    case TS_OP_DWCONV_S8: ts_depthwise_conv_s8(ctx, (const ts_op_conv*)op); break;
    case TS_OP_FC_S8:
      if (((const ts_op_fc*)op)->sparse_offset != TS_NO_DATA)
        ts_fully_connected_sparse_s8(ctx, (const ts_op_fc*)op);
      else
        ts_fully_connected_s8(ctx, (const ts_op_fc*)op);
      break;
    case TS_OP_AVGPOOL_S8: ts_avgpool_s8(ctx, (const ts_op_pool*)op); break;
    case TS_OP_MAXPOOL_S8: ts_maxpool_s8(ctx, (const ts_op_pool*)op); break;
    case TS_OP_ADD_S8: ts_add_s8(ctx, (const ts_op_binary*)op); break;
    case TS_OP_MUL_S8: ts_mul_s8(ctx, (const ts_op_binary*)op); break;
    case TS_OP_SOFTMAX_S8: ts_softmax_s8(ctx, (const ts_op_softmax*)op); break;
    case TS_OP_MEAN_S8: ts_mean_s8(ctx, (const ts_op_mean*)op); break;
    case TS_OP_LUT_S8: ts_lut_s8(ctx, (const ts_op_lut*)op); break;
    case TS_OP_QUANTIZE_F32_S8: ts_quantize_f32_s8(ctx, (const ts_op_quant*)op); break;
    case TS_OP_DEQUANTIZE_S8_F32: ts_dequantize_s8_f32(ctx, (const ts_op_quant*)op); break;
    case TS_OP_REQUANTIZE_S8: ts_requantize_s8(ctx, (const ts_op_quant*)op); break;
    case TS_OP_COPY: ts_copy(ctx, (const ts_op_copy*)op); break;
    case TS_OP_PAD: ts_pad(ctx, (const ts_op_pad*)op); break;
    case TS_OP_CONCAT: ts_concat(ctx, (const ts_op_concat*)op); break;
    case TS_OP_CONV_S16: ts_conv_s16(ctx, (const ts_op_conv*)op); break;
    case TS_OP_ADD_S16: ts_add_s16(ctx, (const ts_op_binary*)op); break;
    case TS_OP_CONV_F32: ts_conv_f32(ctx, (const ts_op_conv*)op); break;
    case TS_OP_DWCONV_F32: ts_depthwise_conv_f32(ctx, (const ts_op_conv*)op); break;
    case TS_OP_FC_F32: ts_fully_connected_f32(ctx, (const ts_op_fc*)op); break;
    case TS_OP_AVGPOOL_F32: ts_avgpool_f32(ctx, (const ts_op_pool*)op); break;
    case TS_OP_MAXPOOL_F32: ts_maxpool_f32(ctx, (const ts_op_pool*)op); break;
    case TS_OP_ADD_F32: ts_add_f32(ctx, (const ts_op_binary*)op); break;
    case TS_OP_MUL_F32: ts_mul_f32(ctx, (const ts_op_binary*)op); break;
    case TS_OP_SOFTMAX_F32: ts_softmax_f32(ctx, (const ts_op_softmax*)op); break;
    case TS_OP_MEAN_F32: ts_mean_f32(ctx, (const ts_op_mean*)op); break;
    case TS_OP_UNARY_F32: ts_unary_f32(ctx, (const ts_op_unary*)op); break;
    default: return 0;
  }
  return 1;
}

static void print_outputs(const ts_ctx* ctx, const ts_plan_header* h) {
  const ts_io* io = (const ts_io*)(__tinysim_plan_start + h->io_offset) + h->num_inputs;
  for (uint32_t i = 0; i < h->num_outputs; ++i) {
    ts_puts("TSOUT ");
    ts_put_u32(i);
    ts_putc(' ');
    const uint8_t* p = ctx->arena + io[i].offset;
    for (uint32_t b = 0; b < io[i].bytes; ++b) ts_put_hex8(p[b]);
    ts_putc('\n');
  }
}

int main(void) {
  const ts_plan_header* h = (const ts_plan_header*)__tinysim_plan_start;
  if (h->magic != TS_PLAN_MAGIC) {
    ts_puts("tinysim firmware: no plan at __tinysim_plan_start\n");
    return TS_EXIT_BAD_MAGIC;
  }
  ts_flags = h->flags;
  if (h->version != TS_PLAN_VERSION || h->header_bytes != sizeof(ts_plan_header)) {
    ts_puts("tinysim firmware: plan version mismatch\n");
    return TS_EXIT_BAD_VERSION;
  }
  const ts_ctx ctx = {__tinysim_arena_start, __tinysim_plan_start + h->consts_offset};
  const uint32_t* op_offsets = (const uint32_t*)(__tinysim_plan_start + h->ops_offset);
  for (uint32_t i = 0; i < h->num_ops; ++i) {
    const ts_op_common* op = (const ts_op_common*)(__tinysim_plan_start + op_offsets[i]);
    ts_mark_layer(op->op_index);
    if (!run_op(&ctx, op)) {
      ts_puts("tinysim firmware: unknown op kind ");
      ts_put_u32(op->kind);
      ts_puts("\n");
      return TS_EXIT_BAD_OP;
    }
  }
  ts_mark_layer(TS_MARK_END);
  if (h->flags & TS_FLAG_PRINT_OUTPUTS) print_outputs(&ctx, h);
  return TS_EXIT_OK;
}
