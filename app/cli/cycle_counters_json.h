// The per-run cycle counters (emu::CycleCounters) as the JSON object that
// `run --json` and `run-elf --json` print under "counters".
#pragma once

#include <nlohmann/json.hpp>

#include "core/emu/emulator.h"

namespace tinysim::cli {

inline nlohmann::json counters_json(const emu::CycleCounters& c) {
  return {{"fetch_stall_cycles", c.fetch_stall_cycles},
          {"data_stall_cycles", c.data_stall_cycles},
          {"flash_data_reads", c.flash_data_reads},
          {"taken_branches", c.taken_branches},
          {"taken_conditional", c.taken_conditional},
          {"misaligned_targets", c.misaligned_targets},
          {"refill_cycles", c.refill_cycles},
          {"dependency_stall_cycles", c.dependency_stall_cycles},
          {"store_buffer_stall_cycles", c.store_buffer_stall_cycles},
          {"literal_contention_cycles", c.literal_contention_cycles},
          {"fetch_alignment_cycles", c.fetch_alignment_cycles},
          {"divide_cycles", c.divide_cycles}};
}

}  // namespace tinysim::cli
