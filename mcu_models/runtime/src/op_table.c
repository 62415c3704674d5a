/* The op table seen from the host: names and record sizes of the plan kinds,
 * expanded from ts_op_table.h, so a host-side plan reader checks every
 * record against the same list the firmware dispatches on. The firmware
 * links this file too; nothing there calls it, so --gc-sections drops it. */
#include "tinysim_plan.h"

const char* ts_op_kind_name(uint32_t kind) {
  switch (kind) {
#define TS_OP_NAME_(kind, value, record, entry) \
  case value: return #kind;
    TS_OP_TABLE(TS_OP_NAME_)
#undef TS_OP_NAME_
    default: return (const char*)0;
  }
}

uint32_t ts_op_record_bytes(uint32_t kind) {
  switch (kind) {
#define TS_OP_BYTES_(kind, value, record, entry) \
  case value: return (uint32_t)sizeof(record);
    TS_OP_TABLE(TS_OP_BYTES_)
#undef TS_OP_BYTES_
    default: return 0;
  }
}
