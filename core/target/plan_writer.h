// Turns a model into the execution plan the Cortex-M4 runtime reads from
// flash (format: mcu_models/runtime/include/tinysim_plan.h). Every integer a
// kernel needs comes from the host's prepare_op() (core/host/op_params.h):
// nothing is recomputed from floats here, which is what keeps the target
// bit-exact with the host kernels. Tables (softmax exp, int8 activations)
// are filled by running the host's own arithmetic on every possible input.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model/ir.h"
#include "core/ops/plan_emitter.h"
#include "core/plan/memory_plan.h"

namespace tinysim::target {

struct PlanOptions {
  uint32_t flags = 0;  // ts_flags (print outputs / semihosting / no markers)
  // Store an int8 CONV_2D / FULLY_CONNECTED weight tensor sparsely (bitmap +
  // non-zero values, ts_sparse_header). ops::kSparseByCost (the default):
  // per layer, when the kernels' cost model predicts the sparse kernel faster
  // (it skips the zeros but costs more per non-zero weight than the SMLAD
  // kernels per weight: it wins at 75 % zeros and mostly loses at 50 %;
  // core/ops/sparse_cost.h). ops::kSparseSmallest: whenever it takes fewer
  // bytes. A fraction in (0, 1]: when at least that fraction is zero. 0: never.
  double sparse_threshold = ops::kSparseByCost;
  // The profile's flash wait states: the cost model's stall term.
  uint32_t flash_wait_states = 0;
  // Read the constant data from a copy in RAM (TS_FLAG_CONSTS_IN_RAM): the
  // arena grows by the constants, rounded to 16 bytes; the plan stays in flash.
  bool constants_in_ram = false;
};

struct PlannedIo {
  uint32_t arena_offset = 0;
  uint32_t bytes = 0;
  int tensor = -1;
};

struct PlannedLayer {
  int op_index = 0;
  std::string op_name;
  int64_t macs = 0;
  bool sparse = false;
};

struct PlanBlob {
  std::vector<uint8_t> bytes;
  uint32_t arena_bytes = 0;      // activations + kernel scratch
  uint32_t activation_bytes = 0; // the memory planner's arena alone
  uint32_t constant_bytes = 0;   // weights, biases, multipliers, tables
  uint32_t ram_constant_bytes = 0;  // the arena's copy of them (constants_in_ram), else 0
  // Stateful ops' state area (kept across invocations): arena offset and
  // size, both 0 without state.
  uint32_t state_offset = 0, state_bytes = 0;
  uint64_t dense_weight_bytes = 0;   // conv/dw/fc weights as stored densely
  uint64_t stored_weight_bytes = 0;  // the same weights as stored in the plan
  std::vector<PlannedIo> inputs, outputs;
  std::vector<PlannedLayer> layers;
};

// Throws tinysim::Error ("MODEL: op N (NAME) ...") for what the target cannot run.
PlanBlob build_plan(const Model& model, const MemoryPlan& memory, const PlanOptions& options = {});

}  // namespace tinysim::target
