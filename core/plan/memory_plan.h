// Where each activation tensor lives in the tensor arena. Weights stay in
// flash (constant buffers) and are not planned. Lifetimes run from the first
// op that produces or reads a tensor to the last op that reads it; model
// inputs are live from the start, model outputs and variable (state) tensors
// until the end. Placement is greedy like TFLite Micro's planner: largest
// tensor first, each at the lowest aligned offset that does not overlap any
// already placed tensor whose lifetime overlaps its own.
//
// No aliasing: RESHAPE's output gets its own slot even though it could share
// its input's bytes. That costs some arena on models with big reshapes but
// keeps every kernel free to write its output while reading its input.
#pragma once

#include <cstdint>
#include <vector>

#include "core/model/ir.h"

namespace tinysim {

struct MemoryPlan {
  int alignment = 16;
  // Per tensor (indexed like Model::tensors). offset is -1 for constants and
  // tensors no op or graph boundary uses; first_op/last_op are -1 then too.
  std::vector<int64_t> offsets;
  std::vector<int64_t> sizes;  // bytes the tensor needs (0 if not in the arena)
  std::vector<int> first_op;
  std::vector<int> last_op;
  int64_t arena_bytes = 0;  // end of the highest placed tensor, aligned
  // Per op (indexed like Model::ops): tensors in the arena while it runs
  // (ascending index) and the sum of their aligned sizes.
  std::vector<std::vector<int>> live_tensors;
  std::vector<int64_t> live_bytes;

  bool in_arena(int tensor) const { return offsets[static_cast<size_t>(tensor)] >= 0; }
};

// alignment must be a power of two (throws tinysim::Error otherwise).
MemoryPlan plan_memory(const Model& model, int alignment = 16);

}  // namespace tinysim
