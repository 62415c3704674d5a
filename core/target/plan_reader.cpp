#include "core/target/plan_reader.h"

#include <cstring>

#include "mcu_models/runtime/include/tinysim_plan.h"
#include "mcu_models/runtime/include/ts_op_table.h"

namespace tinysim::target {

Result<std::vector<PlanRecord>> read_plan(const std::vector<uint8_t>& blob) {
  return capture([&] {
    auto bad = [](const std::string& what) { throw Error("plan", what, "rebuild the plan with this TinySim"); };
    if (blob.size() < sizeof(ts_plan_header)) bad("shorter than its header");
    ts_plan_header h{};
    std::memcpy(&h, blob.data(), sizeof h);
    if (h.magic != TS_PLAN_MAGIC) bad("bad magic");
    if (h.version != TS_PLAN_VERSION || h.header_bytes != sizeof h) bad("other plan version");
    if (h.total_bytes != blob.size()) bad("total_bytes does not match the blob");
    if (uint64_t{h.ops_offset} + 4ull * h.num_ops > blob.size()) bad("op table outside the blob");
    if (h.flags & TS_FLAG_RESETS) {
      const uint64_t at = uint64_t{h.io_offset} + 12ull * (uint64_t{h.num_inputs} + h.num_outputs);
      uint32_t n = 0;
      if (at + 4 > h.ops_offset || at + 4 > blob.size()) bad("variable-tensor table outside the header area");
      std::memcpy(&n, blob.data() + at, 4);
      if (at + 4 + uint64_t{n} * sizeof(ts_reset) > h.ops_offset) bad("variable-tensor table runs into the op table");
      for (uint32_t i = 0; i < n; ++i) {
        ts_reset r{};
        std::memcpy(&r, blob.data() + at + 4 + i * sizeof r, sizeof r);
        if (uint64_t{r.offset} + r.bytes > h.arena_bytes) bad("variable tensor " + std::to_string(i) + " outside the arena");
      }
    }
    std::vector<PlanRecord> out;
    for (uint32_t i = 0; i < h.num_ops; ++i) {
      uint32_t off = 0;
      std::memcpy(&off, blob.data() + h.ops_offset + 4 * i, 4);
      if (off % 4 != 0 || uint64_t{off} + sizeof(ts_op_common) > h.consts_offset)
        bad("record " + std::to_string(i) + " outside the record area");
      ts_op_common c{};
      std::memcpy(&c, blob.data() + off, sizeof c);
      const uint32_t bytes = ts_op_record_bytes(c.kind);
      if (bytes == 0) bad("record " + std::to_string(i) + " has unknown kind " + std::to_string(c.kind));
      if (uint64_t{off} + bytes > h.consts_offset) bad("record " + std::to_string(i) + " runs past the records");
      out.push_back(PlanRecord{off, c.kind, c.variant, c.op_index, ts_op_kind_name(c.kind)});
    }
    return out;
  });
}

}  // namespace tinysim::target
