// Reads a plan blob back on the host: checks the header, the op offset
// table and that every record is a kind the runtime's op table knows
// (mcu_models/runtime/include/ts_op_table.h), of that kind's size, inside
// the blob. The registry test uses it to round-trip every op's record; it
// is also how a tool can list what a plan holds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/error.h"

namespace tinysim::target {

struct PlanRecord {
  uint32_t offset = 0;  // from the start of the blob
  uint16_t kind = 0, variant = 0;
  uint32_t op_index = 0;
  std::string kind_name;  // "TS_OP_CONV_S8"
};

Result<std::vector<PlanRecord>> read_plan(const std::vector<uint8_t>& blob);

}  // namespace tinysim::target
