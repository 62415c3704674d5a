/* The plan interpreter: validates the plan the host put after the image,
 * then runs its ops in order, each bracketed by a layer marker. */
#include "tinysim_plan.h"
#include "ts_kernels.h"
#include "ts_runtime.h"

extern const uint8_t __tinysim_plan_start[];
extern uint8_t __tinysim_arena_start[];

/* Entries that pick a variant: a record with sparse weights has no dense
 * filter in the plan. Defined here, beside the dispatch, so that gcc inlines
 * the check into it (one call per layer, the code the hand-written switch
 * had). */
void ts_conv_s8(const ts_ctx* ctx, const ts_op_conv* op) {
  if (op->sparse_offset != TS_NO_DATA)
    ts_conv_sparse_s8(ctx, op);
  else
    ts_conv_dense_s8(ctx, op);
}

void ts_fully_connected_s8(const ts_ctx* ctx, const ts_op_fc* op) {
  if (op->sparse_offset != TS_NO_DATA)
    ts_fully_connected_sparse_s8(ctx, op);
  else
    ts_fully_connected_dense_s8(ctx, op);
}

/* One case per line of the op table (ts_op_table.h), in its order: a
 * switch, so gcc emits the jump table it did for the hand-written one. */
static int run_op(const ts_ctx* ctx, const ts_op_common* op) {
  switch (op->kind) {
#define TS_OP_CASE_(kind, value, record, entry) \
  case kind: entry(ctx, (const record*)op); break;
    TS_OP_TABLE(TS_OP_CASE_)
#undef TS_OP_CASE_
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
