/* The plan interpreter (tinysim.h): ts_init validates a plan and an arena,
 * ts_invoke runs the plan's ops in order, each bracketed by a layer marker.
 * The same code runs in TinySim's emulated firmware (board/main.c) and in a
 * user's firmware built from `tinysim export-runtime`. */
#include <string.h>

#include "tinysim.h"
#include "tinysim_plan.h"
#include "ts_kernels.h"
#include "ts_runtime.h"

uint32_t ts_current_layer = TS_MARK_END;
uint32_t ts_flags = 0;

static struct {
  const uint8_t* plan; /* 0 until ts_init succeeds */
  ts_ctx ctx;
  uint32_t state_bytes;
} ts_state;

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

int ts_init(const void* plan, void* arena, uint32_t arena_bytes) {
  const ts_plan_header* h = (const ts_plan_header*)plan;
  ts_state.plan = 0;
  if (h->magic != TS_PLAN_MAGIC) return TS_ERR_BAD_MAGIC;
  if (h->version != TS_PLAN_VERSION || h->header_bytes != sizeof(ts_plan_header)) return TS_ERR_BAD_VERSION;
  /* The planner aligns every arena tensor and scratch buffer to 16 bytes
   * relative to the arena start. */
  if (((uintptr_t)arena & 15u) != 0 || arena_bytes < h->arena_bytes) return TS_ERR_BAD_ARENA;
  ts_flags = h->flags;
  const uint8_t* consts = (const uint8_t*)plan + h->consts_offset;
  if (h->flags & TS_FLAG_CONSTS_IN_RAM) {
    /* Weights read from RAM have no flash wait states; the copy is made
     * once, here, outside the measured inference. */
    const uint32_t n = h->total_bytes - h->consts_offset;
    uint8_t* ram = (uint8_t*)arena + h->arena_bytes - ((n + 15u) & ~15u);
    memcpy(ram, consts, n);
    consts = ram;
  }
  if (h->flags & TS_FLAG_RESETS) {
    /* variable tensors start at TFLM's reset value; an entry outside the
     * plan's arena is a damaged plan */
    const uint8_t* table = (const uint8_t*)plan + TS_RESETS_OFFSET(h);
    uint32_t n;
    memcpy(&n, table, 4);
    for (uint32_t i = 0; i < n; ++i) {
      ts_reset r;
      memcpy(&r, table + 4 + i * sizeof r, sizeof r);
      if (r.offset > h->arena_bytes || r.bytes > h->arena_bytes - r.offset) return TS_ERR_BAD_ARENA;
      memset((uint8_t*)arena + r.offset, r.value, r.bytes);
    }
  }
  ts_state.ctx.arena = (uint8_t*)arena;
  ts_state.ctx.consts = consts;
  ts_state.ctx.state = 0;
  ts_state.state_bytes = 0;
  if (h->state_offset) {
    /* Stateful ops (TFLM's persistent buffers) start from zero, as TFLM's
     * Prepare / Reset leave them, unless the host loaded a previous state. */
    const uint32_t ram_consts = (h->flags & TS_FLAG_CONSTS_IN_RAM) ? ((h->total_bytes - h->consts_offset + 15u) & ~15u) : 0;
    ts_state.ctx.state = (uint8_t*)arena + h->state_offset;
    ts_state.state_bytes = h->arena_bytes - ram_consts - h->state_offset;
    if (!(h->flags & TS_FLAG_KEEP_STATE)) memset(ts_state.ctx.state, 0, ts_state.state_bytes);
  }
  ts_state.plan = (const uint8_t*)plan;
  return TS_OK;
}

/* The first op that reported bad input in this ts_invoke (none: all ones). */
static uint32_t ts_bad_input = 0xFFFFFFFFu;

void ts_report_bad_input(uint32_t op_index) {
  if (ts_bad_input == 0xFFFFFFFFu) ts_bad_input = op_index;
}

uint32_t ts_bad_input_op(void) { return ts_bad_input; }

int ts_invoke(void) {
  const uint8_t* plan = ts_state.plan;
  if (!plan) return TS_ERR_NO_PLAN;
  ts_bad_input = 0xFFFFFFFFu;
  const ts_plan_header* h = (const ts_plan_header*)plan;
  const ts_ctx ctx = ts_state.ctx;
  const uint32_t* op_offsets = (const uint32_t*)(plan + h->ops_offset);
  for (uint32_t i = 0; i < h->num_ops; ++i) {
    const ts_op_common* op = (const ts_op_common*)(plan + op_offsets[i]);
    ts_mark_layer(op->op_index);
    if (!run_op(&ctx, op)) return TS_ERR_BAD_OP;
  }
  ts_mark_layer(TS_MARK_END);
  return ts_bad_input == 0xFFFFFFFFu ? TS_OK : TS_ERR_BAD_INPUT;
}

static const ts_plan_header* header(void) { return (const ts_plan_header*)ts_state.plan; }

/* The I/O table: inputs first, then outputs. */
static const ts_io* io_entry(uint32_t i, uint32_t count, uint32_t first) {
  if (!ts_state.plan || i >= count) return 0;
  return (const ts_io*)(ts_state.plan + header()->io_offset) + first + i;
}

uint32_t ts_num_inputs(void) { return ts_state.plan ? header()->num_inputs : 0; }
uint32_t ts_num_outputs(void) { return ts_state.plan ? header()->num_outputs : 0; }

static const ts_io* input_entry(uint32_t i) { return io_entry(i, ts_num_inputs(), 0); }
static const ts_io* output_entry(uint32_t i) { return io_entry(i, ts_num_outputs(), ts_num_inputs()); }

void* ts_input(uint32_t i) {
  const ts_io* io = input_entry(i);
  return io ? ts_state.ctx.arena + io->offset : 0;
}

void* ts_output(uint32_t i) {
  const ts_io* io = output_entry(i);
  return io ? ts_state.ctx.arena + io->offset : 0;
}

uint32_t ts_input_bytes(uint32_t i) {
  const ts_io* io = input_entry(i);
  return io ? io->bytes : 0;
}

uint32_t ts_output_bytes(uint32_t i) {
  const ts_io* io = output_entry(i);
  return io ? io->bytes : 0;
}

void* ts_state_area(void) { return ts_state.plan ? ts_state.ctx.state : 0; }
uint32_t ts_state_bytes(void) { return ts_state.plan ? ts_state.state_bytes : 0; }
